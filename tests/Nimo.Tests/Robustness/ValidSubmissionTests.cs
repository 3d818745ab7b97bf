using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Nimo.Platform.Japanese;
using Xunit.Abstractions;

namespace Nimo.Tests.Robustness;

/// <summary>
/// The valid-submission crawler (issue 13), beside the bad-input suite: every form the crawl finds, as each demo user who
/// can reach it, filled as a person would fill it (<see cref="ValidValues"/>) and submitted with its antiforgery token.
/// Required of each: no 5xx, no refusal of valid input, no Razor source on any page it leads to, and every distinctive
/// text typed reads back on the page the post answers with, the pages its redirect leads to, or the form's own page
/// opened again. Forms are discovered, not listed, so a capability added later is covered without edits here.
/// </summary>
public sealed partial class ValidSubmissionTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    /// <summary>Forms the crawler does not submit, with the reason. Everything else it finds is submitted.</summary>
    public static readonly Dictionary<string, string> NotSubmitted = new(StringComparer.Ordinal)
    {
        ["Account/LoginWith2fa "] = "the code comes from the user's phone for an account half signed in; TwoFactorTests and the 2FA browser walk enter it",
        ["Account/LoginWithRecoveryCode "] = "the code is one of the user's printed recovery codes; TwoFactorTests use one",
    };

    /// <summary>
    /// Forms (by route and handler) or fields ("route handler|field") whose typed text legitimately does not show on the
    /// next page or the record's page, with the reason. Passwords and one-time codes never count as text to read back.
    /// </summary>
    public static readonly Dictionary<string, string> NoEcho = new(StringComparer.Ordinal)
    {
        ["Account/Login "] = "signs in; the home page does not repeat the user name",
        ["Clients Export|reason"] = "the reason for an export goes to the audit log with it; the answer is the file",
        ["Profiles/Import |reason"] = "the reason for changing figures goes to the audit log with the import; the page reports what was imported",
        ["Events/Edit/{id:int?} |Input.SupporterProgramme"] = "kept only for a サポーター養成 event; the crawler registers a 研修 (Event.cs drops it for other kinds)",
        ["Clients/Consent/{id:int} |Filter"] = "narrows the list of 共有先 while choosing; it is not part of the consent",
        ["Clients/Consent/{id:int} |NewOrganization.Name"] = "the quick add of an organisation has its own button (AddOrganization); saving the consent does not add it",
        ["Clients/Consent/{id:int} |NewOrganization.Kana"] = "the quick add of an organisation has its own button (AddOrganization); saving the consent does not add it",
    };

    /// <summary>A public page does not show a resident's personal data back: its forms answer with a receipt, not an echo.</summary>
    private static bool Public(FormTarget t) => t.Route.StartsWith("public", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Defects the crawler found that are outside this change's scope, reported to the lead, with what shows them. They
    /// are printed, not failed, and only for that form and that symptom; remove an entry with its fix.
    /// </summary>
    public static readonly Dictionary<string, (string Shows, string Report)> KnownDefects = new(StringComparer.Ordinal)
    {
        // The five found by the first runs are fixed, each with its test (issue 13's last pass): the password change
        // after enrolment (TwoFactorEnrolmentTests), the roster of an ended or cancelled event and the organiser as 共催
        // (RosterTests, EventAccessTests), free-text answers read back (RosterTests), a 保健所圏域's supporter import (EventCountTests).
        ["Forums/Edit/{id:int?} "] = ("上位の協議の場を選び直してください",
            "a new forum's 上位の協議の場 list is drawn for the region the form opens with; choosing another 地域 (admin: region 90) and one of the offered "
            + "parents (forum 4) is refused with 「上位の協議の場を選び直してください。」 (Edit.cshtml.cs LoadChoicesAsync filters parents by the posted region); "
            + "met when the directory's forms shifted the crawler's random choices"),
        // Seen since _Layout shows every refusal carried across a redirect (issue 15 item 3): Events' pages drew TempData["Error"]
        // as an error summary of their own, which the crawler does not read after a redirect, so these refusals went unseen.
        ["Events/Details/{id:int} Held"] = ("開始日時より前には開催済みにできません",
            "an event's page offers 開催済みにする before the event has started (bunkyo /Events/Details/16, kawaguchi 17), and the post is refused with "
            + "「開始日時より前には開催済みにできません。」: the button should wait for the start"),
        ["Events/Roster/{id:int} CheckIn"] = ("受付",
            "the roster offers 受付 before the day of the event (bunkyo 16, kawaguchi 17: 「受付は開催当日から記録できます。」) and on a cancelled event "
            + "(saitama 17: 「中止した催しでは受付できません。」); the buttons should appear only when a check-in can be recorded"),
    };

    private static readonly string[] RazorSource = ["@if", "@Model", "@{", "@foreach", "@(", "@Html", "@await", "@item", "@ViewData"];

    /// <summary>The order a person would go in: ordinary saves first, then what removes or closes records, then the account itself.</summary>
    private static int Rank(FormTarget f)
    {
        if (f.Route.StartsWith("Account/", StringComparison.Ordinal))
        {
            return f.Route.Contains("ChangePassword", StringComparison.Ordinal) ? 4 : 3;
        }

        return Regex.IsMatch(f.Handler, "Delete|Remove|End|Disable|Withdraw|Reset|Move|Merge|Resolve|Discharge|Decline|ConsultationOnly|Cancel|Close|Finish")
            || f.Route.StartsWith("Clients/Merge", StringComparison.Ordinal) ? 2 : 1;
    }

    private sealed record Tally(string User)
    {
        public int Forms { get; set; }
        public int Fields { get; set; }
        public int Failures { get; set; }
    }

    [Fact]
    public async Task Every_form_filled_with_plausible_valid_values_saves_reads_back_and_shows_no_template_code()
    {
        var clock = Stopwatch.StartNew();
        var seed = FuzzRun.Seed is { } s && int.TryParse(s, CultureInfo.InvariantCulture, out var parsed) ? parsed : 20261120;
        var values = new ValidValues(seed, JapanTime.Today(site.App.Clock)) { Clock = site.App.Clock.GetUtcNow };
        var targets = site.Map.Forms.Where(f => !NotSubmitted.ContainsKey(f.Key))
            .GroupBy(f => (f.User, f.Key)).Select(g => g.First())
            .OrderBy(f => f.User.Length == 0 ? 0 : 1).ThenBy(f => f.User, StringComparer.Ordinal).ThenBy(Rank).ThenBy(f => f.Key, StringComparer.Ordinal).ToList();
        Assert.True(targets.Count >= 150, $"the crawl found only {targets.Count} forms");
        var homes = await HomesAsync();
        var cities = await HomeMunicipalitiesAsync();
        var failures = new List<string>();
        var gone = new List<string>();
        var seenKnown = new HashSet<string>(StringComparer.Ordinal);
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var tally = tallies.TryGetValue(target.User, out var t) ? t : tallies[target.User] = new Tally(target.User);
            try
            {
                values.CurrentPassword = target.User == SiteFixture.CityStaff ? Infrastructure.AppFactory.Password : Nimo.Platform.Demo.DemoData.DemoPassword;
                values.ExportedCsv = null;
                if (target.Route.EndsWith("Import", StringComparison.Ordinal))
                {
                    values.HomeRegion = homes.GetValueOrDefault(target.User);
                    values.HomeMunicipality = cities.GetValueOrDefault(target.User);
                    values.ExportedCsv = await OwnRowsAsync(target, values.HomeRegion);
                }

                var (fields, problems) = await SubmitAsync(target, values);
                if (fields < 0)
                {
                    gone.Add($"{Who(target)} {target.Key} on {target.PageUrl}");
                    continue;
                }

                tally.Forms++;
                tally.Fields += fields;
                foreach (var problem in problems)
                {
                    if (KnownDefects.TryGetValue(target.Key, out var known) && problem.Contains(known.Shows, StringComparison.Ordinal))
                    {
                        seenKnown.Add(target.Key);
                        output.WriteLine($"  KNOWN {Who(target)} {target.Key}: {problem}");
                        continue;
                    }

                    tally.Failures++;
                    failures.Add($"{Who(target)} {target.Key} ({target.Action} from {target.PageUrl}): {problem}");
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                tally.Failures++;
                failures.Add($"{Who(target)} {target.Key} ({target.Action} from {target.PageUrl}): {e.GetType().Name}: {e.Message}");
            }
        }

        var elapsed = clock.Elapsed;
        output.WriteLine($"valid submissions: {tallies.Values.Sum(x => x.Forms)} forms, {tallies.Values.Sum(x => x.Fields)} fields, {failures.Count} failures, {elapsed.TotalSeconds:N1}s (crawl {site.CrawlTime.TotalSeconds:N1}s), seed {seed}");
        foreach (var tally in tallies.Values)
        {
            output.WriteLine($"  {(tally.User.Length == 0 ? "(anonymous)" : tally.User),-18} {tally.Forms,4} forms {tally.Fields,5} fields {tally.Failures,3} failures");
            Report(tally, elapsed);
        }

        foreach (var g in gone)
        {
            output.WriteLine("  no longer drawn when its turn came (an earlier form changed the record): " + g);
        }

        foreach (var f in failures)
        {
            output.WriteLine("  FAIL " + f);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} valid submissions failed:\n" + string.Join("\n", failures));
        // A known defect the run did not meet is said, not failed: the choices of one seed may not reach it.
        foreach (var unseen in KnownDefects.Keys.Where(k => !seenKnown.Contains(k)))
        {
            output.WriteLine($"  known defect not met in this run (remove it from KnownDefects once fixed): {unseen}");
        }
    }

    /// <summary>Each user's own region (code and name): the rows of an export that are theirs to import again.</summary>
    private Task<Dictionary<string, (string? Code, string Name)>> HomesAsync() => site.App.WithDbAsync(async (db, _) =>
        (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Users.Join(db.Organizations, u => u.OrganizationId, o => o.Id, (u, o) => new { u.UserName, o.RegionId })
                .Join(db.Regions, x => x.RegionId, r => r.Id, (x, r) => new { x.UserName, r.Code, r.Name })))
        .Where(x => x.UserName is not null).ToDictionary(x => x.UserName!, x => (x.Code, x.Name), StringComparer.Ordinal));

    /// <summary>
    /// Each user's municipality: their region when it is one, the municipality it lies in (a 日常生活圏域), or the first
    /// municipality inside it (a prefecture, a 保健所圏域). An address there is one the user may import.
    /// </summary>
    private Task<Dictionary<string, string>> HomeMunicipalitiesAsync() => site.App.WithDbAsync(async (db, _) =>
    {
        var regions = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Regions);
        var users = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Users.Join(db.Organizations, u => u.OrganizationId, o => o.Id, (u, o) => new { u.UserName, o.RegionId }));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in users.Where(u => u.UserName is not null))
        {
            var home = regions.FirstOrDefault(r => r.Id == user.RegionId);
            if (home is null)
            {
                continue;
            }

            var municipalities = regions.Where(r => r.Kind == Nimo.Features.Regions.RegionKind.Municipality).OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
            var city = municipalities.Where(r => home.Path.StartsWith(r.Path, StringComparison.Ordinal)).OrderByDescending(r => r.Path.Length).FirstOrDefault()
                ?? municipalities.FirstOrDefault(r => r.Path.StartsWith(home.Path, StringComparison.Ordinal));
            if (city is not null)
            {
                result[user.UserName!] = city.Name;
            }
        }

        return result;
    });

    /// <summary>
    /// The file a person imports: the section's own CSV export, cut to the rows of their own region (what they edit in
    /// Excel and bring back). Null when the export has none of theirs; the page's example row is used then.
    /// </summary>
    private async Task<string?> OwnRowsAsync(FormTarget target, (string? Code, string Name) home)
    {
        var section = "/" + target.Route[..target.Route.LastIndexOf('/')];
        using var response = await site.ClientOf(target.User).GetAsync(section + "?handler=Export&format=csv");
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            return null;
        }

        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return null;
        }

        // The column that names the region a row belongs to: its code, or (an area has none) its name.
        var header = lines[0].Split(',');
        var column = Array.FindIndex(header, h => home.Code is null ? h is "地域名" or "名称" or "地域" : h is "団体コード" or "地域");
        var own = column < 0 ? [] : lines.Skip(1).Where(l => l.Split(',') is var f && f.Length > column && f[column].Trim('"') == (home.Code ?? home.Name)).Take(30).ToList();
        return own.Count == 0 ? null : string.Join("\r\n", [lines[0], .. own]) + "\r\n";
    }

    /// <summary>
    /// The anonymous surface: every page under /public/ reached from the route table's public pages, in a browser with no
    /// cookie jar. No page sets a cookie before a form is submitted (a GET form, a search, sets none at all); every form
    /// filled with valid values answers without a 5xx, a refusal or Razor source. The answer need not repeat what was
    /// typed: a resident's personal data is not shown back on a public page.
    /// </summary>
    [Fact]
    public async Task Every_public_form_sets_no_cookie_before_it_is_posted_and_accepts_a_valid_submission()
    {
        var starts = site.Map.Routes.Where(r => r.Template.StartsWith("public", StringComparison.OrdinalIgnoreCase) && !r.Template.Contains('{', StringComparison.Ordinal))
            .Select(r => "/" + r.Template).ToList();
        var values = new ValidValues(20261120, JapanTime.Today(site.App.Clock)) { Clock = site.App.Clock.GetUtcNow };
        var problems = new List<string>();
        var forms = new Dictionary<string, (string Page, PageForm Form)>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>(starts);
        using var browser = Anonymous();
        while (queue.Count > 0 && seen.Count < 80)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }

            using var response = await browser.GetAsync(url);
            if (response.Headers.Contains("Set-Cookie"))
            {
                problems.Add($"GET {url} set a cookie: {string.Join("; ", response.Headers.GetValues("Set-Cookie"))}");
            }

            if ((int)response.StatusCode >= 500)
            {
                problems.Add($"GET {url} answered {(int)response.StatusCode}");
            }

            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var html = await response.Content.ReadAsStringAsync();
            CheckPage(problems, url, html);
            foreach (var form in FormReader.Read(url, html))
            {
                forms.TryAdd(form.Method + " " + form.Action.Split('?')[0] + " " + Handler(form.Action), (url, form));
            }

            foreach (Match link in Regex.Matches(html, "href=\"(/public[^\"#]*)\"", RegexOptions.IgnoreCase))
            {
                queue.Enqueue(WebUtility.HtmlDecode(link.Groups[1].Value));
            }
        }

        var fields = 0;
        foreach (var (page, form) in forms.Values)
        {
            using var visitor = Anonymous();
            using var opened = await visitor.GetAsync(page);
            var html = await opened.Content.ReadAsStringAsync();
            var fresh = FormReader.Read(page, html).FirstOrDefault(f => f.Method == form.Method && f.Action == form.Action) ?? form;
            var filled = values.Fill(site.Map.Match(fresh.Action)?.Template ?? "public", fresh, html);
            fields += filled.Count;
            var pairs = filled.SelectMany(f => f.Values.Select(v => KeyValuePair.Create(f.Name, v))).ToList();
            var button = fresh.Buttons[0];
            if (button.Name is not null)
            {
                pairs.Add(KeyValuePair.Create(button.Name, button.Value ?? ""));
            }

            HttpResponseMessage answer;
            if (fresh.Method == "get")
            {
                var query = string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
                answer = await visitor.GetAsync(button.Action.Split('?')[0] + "?" + query);
                if (answer.Headers.Contains("Set-Cookie"))
                {
                    problems.Add($"the search {button.Action} set a cookie");
                }
            }
            else
            {
                using HttpContent content = fresh.Multipart ? Multipart([.. pairs.Select(p => (p.Key, p.Value))], filled) : new FormUrlEncodedContent(pairs);
                answer = await visitor.PostAsync(button.Action, content);
            }

            using (answer)
            {
                var body = await answer.Content.ReadAsStringAsync();
                if ((int)answer.StatusCode >= 400)
                {
                    problems.Add($"{fresh.Method.ToUpperInvariant()} {button.Action} from {page} answered {(int)answer.StatusCode}");
                }
                else if (answer.Content.Headers.ContentType?.MediaType == "text/html")
                {
                    CheckPage(problems, button.Action, body);
                    if (Refusal(body) is { } refusal)
                    {
                        problems.Add($"{fresh.Method.ToUpperInvariant()} {button.Action} from {page} refused valid input: {refusal}");
                    }
                }
            }
        }

        output.WriteLine($"public surface: {seen.Count} pages from {starts.Count} public routes, {forms.Count} forms, {fields} fields; {problems.Count} problems");
        Report(new Tally("(public)") { Forms = forms.Count, Fields = fields, Failures = problems.Count }, TimeSpan.Zero);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A visitor's browser without a cookie jar: every Set-Cookie the app sends stays visible on the response.</summary>
    private HttpClient Anonymous()
    {
        var client = site.App.Server.CreateClient();
        client.BaseAddress = new Uri("https://nimo.test/");
        return client;
    }

    private static string Who(FormTarget t) => t.User.Length == 0 ? "(anonymous)" : t.User;

    private static void Report(Tally tally, TimeSpan elapsed)
    {
        if (Environment.GetEnvironmentVariable("NIMO_VALID_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllText(file, string.Create(CultureInfo.InvariantCulture,
                $"{(tally.User.Length == 0 ? "(anonymous)" : tally.User)}\t{tally.Forms}\t{tally.Fields}\t{tally.Failures}\t{elapsed.TotalSeconds:0.0}\t{Infrastructure.TestDatabase.ProviderName}\n"));
        }
    }

    /// <summary>Opens the form's page afresh, fills the form, posts it, and judges what comes back. Fields filled, or -1 when the page no longer draws the form.</summary>
    private async Task<(int Fields, List<string> Problems)> SubmitAsync(FormTarget target, ValidValues values)
    {
        var problems = new List<string>();
        // The anonymous forms are filled in a browser of their own, as a visitor would.
        var client = target.User.Length == 0 ? site.App.CreateClient() : site.ClientOf(target.User);
        var (pageStatus, page) = await GetAsync(client, target.PageUrl);
        if (pageStatus != HttpStatusCode.OK)
        {
            return (-1, problems);
        }

        CheckPage(problems, target.PageUrl, page);
        var match = FormReader.Read(target.PageUrl, page).Where(f => f.Method == "post")
            .SelectMany(f => f.Buttons.Select(b => (Form: f, Button: b)))
            .Where(x => site.Map.Match(x.Button.Action) is { } route && route.Template == target.Route && Handler(x.Button.Action) == target.Handler)
            .ToList();
        if (match.Count == 0)
        {
            return (-1, problems);
        }

        var (form, button) = match[0];
        var filled = values.Fill(target.Route + " " + target.Handler, form, page);
        var fields = new List<(string Name, string Value)>();
        if (form.Token is { } token)
        {
            fields.Add(("__RequestVerificationToken", token));
        }

        fields.AddRange(filled.SelectMany(f => f.Values.Select(v => (f.Name, v))));
        if (button.Name is not null)
        {
            fields.Add((button.Name, button.Value ?? ""));
        }

        using HttpContent content = form.Multipart ? Multipart(fields, filled) : new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using var response = await client.PostAsync(button.Action, content);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var typed = string.Join(", ", filled.Where(f => f.Values.Count > 0 && f.File is null && !f.Name.StartsWith("__", StringComparison.Ordinal))
            .Select(f => $"{f.Name}={string.Join("|", f.Values)}").Take(40));
        var pages = new List<string>();
        if (status >= 500)
        {
            problems.Add($"{status} on the post; typed: {typed}");
            return (Count(filled), problems);
        }

        if (status >= 400)
        {
            problems.Add($"{status} refused a valid submission: {FormReader.Text(body)[..Math.Min(200, FormReader.Text(body).Length)]}; typed: {typed}");
            return (Count(filled), problems);
        }

        if (status == 200 && response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            CheckPage(problems, button.Action, body);
            if (Refusal(body) is { } refusal)
            {
                problems.Add($"refused a valid submission: {refusal}; typed: {typed}");
                return (Count(filled), problems);
            }

            pages.Add(body);
        }

        var location = response.Headers.Location?.OriginalString;
        for (var hop = 0; location is not null && hop < 4; hop++)
        {
            if (location.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) && target.User.Length > 0)
            {
                problems.Add($"signed the user out (redirect to {location} {(hop == 0 ? "from the post" : "from the page the post led to")})");
                // After a password change the demo password no longer signs in; it is the user's last form anyway.
                if (!target.Route.Contains("ChangePassword", StringComparison.Ordinal))
                {
                    await site.RenewAsync(target.User);
                }

                return (Count(filled), problems);
            }

            if (location.StartsWith("/Error", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"redirected to {location}");
                return (Count(filled), problems);
            }

            using var next = await client.GetAsync(location);
            if ((int)next.StatusCode >= 400)
            {
                problems.Add($"the redirect to {location} answered {(int)next.StatusCode}");
                return (Count(filled), problems);
            }

            if (next.Content.Headers.ContentType?.MediaType == "text/html")
            {
                var html = await next.Content.ReadAsStringAsync();
                CheckPage(problems, location, html);
                // A refusal carried across the redirect (TempData["Error"]) shows as the alert at the top of the page.
                if (Regex.Match(html, """<p class="warning" role="alert">(.*?)</p>""", RegexOptions.Singleline) is { Success: true } alert && hop == 0)
                {
                    problems.Add($"refused a valid submission: {FormReader.Text(alert.Groups[1].Value)}; typed: {typed}");
                    return (Count(filled), problems);
                }

                pages.Add(html);
            }

            location = next.Headers.Location?.OriginalString;
        }

        // The form's own page opened again shows what was saved on it (an edit page, a record with its rows).
        if (target.User.Length == 0 || !target.Route.StartsWith("Account/", StringComparison.Ordinal))
        {
            var (againStatus, again) = await GetAsync(client, target.PageUrl);
            if (againStatus == HttpStatusCode.OK)
            {
                CheckPage(problems, target.PageUrl, again);
                pages.Add(again);
            }
        }

        if (!NoEcho.ContainsKey(target.Key) && !Public(target))
        {
            // A row removed by the button pressed is meant to be gone.
            var removed = target.Handler.StartsWith("Remove", StringComparison.Ordinal)
                && (int.TryParse(button.Value, CultureInfo.InvariantCulture, out var r) || int.TryParse(Regex.Match(button.Action, @"remove\w*=(\d+)", RegexOptions.IgnoreCase).Groups[1].Value, CultureInfo.InvariantCulture, out r))
                ? $"[{r}]." : null;
            var haystack = string.Join("\n", pages.Select(Normalise));
            var parentRead = false;
            foreach (var f in filled.Where(f => f.Distinctive && !NoEcho.ContainsKey($"{target.Key}|{f.Name}") && (removed is null || !f.Name.Contains(removed, StringComparison.Ordinal))))
            {
                var value = Normalise(f.Values[0]);
                // The record's page: where the form's breadcrumb leads back to (a hearing is shown on its forum's page).
                if (!haystack.Contains(value, StringComparison.Ordinal) && !parentRead && Parent(page) is { } parent)
                {
                    parentRead = true;
                    var (parentStatus, parentPage) = await GetAsync(client, parent);
                    if (parentStatus == HttpStatusCode.OK)
                    {
                        CheckPage(problems, parent, parentPage);
                        haystack += "\n" + Normalise(parentPage);
                    }
                }

                if (!haystack.Contains(value, StringComparison.Ordinal))
                {
                    problems.Add($"{f.Name}「{f.Values[0]}」 does not read back on the answer ({status}{(response.Headers.Location is { } l ? " → " + l : "")}) or on {target.PageUrl}");
                }
            }
        }

        return (Count(filled), problems);
    }

    /// <summary>The last link of the page's breadcrumb: the record or list the page belongs to.</summary>
    private static string? Parent(string page)
    {
        var crumb = Regex.Match(page, """<nav[^>]*class="breadcrumb"[^>]*>(.*?)</nav>""", RegexOptions.Singleline);
        var links = Regex.Matches(crumb.Groups[1].Value, """href="([^"]+)""");
        return links.Count > 0 ? WebUtility.HtmlDecode(links[^1].Groups[1].Value) : null;
    }

    /// <summary>Controls a person fills: everything but the hidden ones.</summary>
    private static int Count(List<Filled> filled) => filled.Count(f => !f.Name.StartsWith("__", StringComparison.Ordinal) && (f.File is not null || f.Values.Count > 0)) - 0;

    private static string Handler(string url)
    {
        var m = Regex.Match(url, @"[?&]handler=([^&#]*)", RegexOptions.IgnoreCase);
        return m.Success ? Uri.UnescapeDataString(m.Groups[1].Value) : "";
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType == "text/html" ? await response.Content.ReadAsStringAsync() : "");
    }

    /// <summary>Razor that reached the page as text: a template where text ran into <c>@</c>.</summary>
    private static void CheckPage(List<string> problems, string url, string html)
    {
        var text = WebUtility.HtmlDecode(ScriptOrStyle().Replace(html, ""));
        foreach (var token in RazorSource)
        {
            var i = text.IndexOf(token, StringComparison.Ordinal);
            if (i >= 0)
            {
                problems.Add($"Razor source「{token}」on {url}: …{text.Substring(Math.Max(0, i - 60), Math.Min(120, text.Length - Math.Max(0, i - 60))).ReplaceLineEndings(" ")}…");
            }
        }
    }

    /// <summary>The messages of a page that refused its input, or null.</summary>
    private static string? Refusal(string html)
    {
        var summary = Regex.Match(html, """<(div|p) class="error-summary"[^>]*>(.*?)</\1>""", RegexOptions.Singleline);
        if (summary.Success)
        {
            return FormReader.Text(summary.Groups[2].Value);
        }

        var field = Regex.Matches(html, """<span class="error[^"]*"[^>]*>([^<]+)</span>""").Select(m => FormReader.Text(m.Groups[1].Value)).Where(m => m.Length > 0).ToList();
        return field.Count > 0 ? string.Join(" / ", field) : null;
    }

    /// <summary>Decoded, NFKC, white space collapsed: how a value is compared with the page that shows it.</summary>
    private static string Normalise(string html) =>
        Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<br ?/?>", " ")).Normalize(NormalizationForm.FormKC), @"\s+", " ");

    private static MultipartFormDataContent Multipart(List<(string Name, string Value)> fields, List<Filled> filled)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var f in filled.Where(f => f.File is not null))
        {
            var part = new ByteArrayContent(f.File!.Value.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(f.File.Value.FileName.EndsWith(".pdf", StringComparison.Ordinal) ? "application/pdf" : "text/csv");
            content.Add(part, f.Name, f.File.Value.FileName);
        }

        return content;
    }

    [GeneratedRegex("""<(script|style)\b.*?</\1>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrStyle();
}
