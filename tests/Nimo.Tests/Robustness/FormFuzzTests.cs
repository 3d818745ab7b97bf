using System.Net;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace Nimo.Tests.Robustness;

/// <summary>
/// Every form of the app, as each demo user sees it, posted with junk; every route id replaced with junk; every page
/// asked with junk query parameters. Never a 5xx, always a Japanese refusal, and a refusal writes nothing.
/// </summary>
public sealed class FormFuzzTests(SiteFixture site, ITestOutputHelper output) : IClassFixture<SiteFixture>
{
    /// <summary>POST handlers the crawl may legitimately not reach, with the reason; any other unreached handler fails the coverage test.</summary>
    private static readonly Dictionary<string, string> Unreached = new(StringComparer.Ordinal)
    {
        ["/Account/Logout"] = "ends the session the fuzzer works in; posted once in the coverage test",
        ["/Error"] = "the error page itself",
        ["/Account/Manage/TwoFactor Reset"] = "shown only to an account with an authenticator, which no demo account has",
        ["/Forums/Issue Escalate"] = "shown only to the secretariat of a forum with a parent; the demo issues' forums do not offer it to the demo accounts",
        ["/Forums/Issue Answer"] = "shown only to the forum an issue was escalated to; the demo data escalates none",
        ["/Forums/Meeting ActionStatus"] = "shown only on a meeting with action items; the demo meetings have none",
        ["/Forums/Details AcceptJoin"] = "shown only to the secretariat of a forum another forum asked to join; the demo data has no such request",
        ["/Forums/Details DeclineJoin"] = "shown only to the secretariat of a forum another forum asked to join; the demo data has no such request",
        ["/Forums/Details WithdrawJoin"] = "shown only to the secretariat of a forum with a pending request to join a parent; the demo data has none",
        ["/Events/Details Held"] = "offered only once an event has started and before it is recorded; the demo's planned events are all ahead of the crawl's clock (EventPageOffersTests posts it with the clock moved)",
        ["/Events/Roster CheckIn"] = "offered only from the day of an event that is not cancelled; the demo has no event on the crawl's day (EventPageOffersTests and RosterTests post it with the clock moved)",
        ["/Peer/Desk/Request Offer"] = "offered on an open request's candidate list; the crawl visits one request per route and the demo's first is settled (DispatchTests posts it)",
        ["/Peer/Desk/Request Answer"] = "shown only on a request with an offer waiting; the crawl visits one request per route (DispatchTests records phone answers)",
        ["/Peer/Desk/Request Withdraw"] = "shown only on a request with an offer waiting; the crawl visits one request per route (DispatchTests)",
        ["/Peer/Desk/Request CancelDispatch"] = "shown only on a request with a confirmed dispatch; the crawl visits one request per route (DispatchTests)",
        ["/Peer/Desk/Request NoShow"] = "shown only on a confirmed request whose start has passed; the crawl visits one request per route (DispatchTests)",
        ["/Peer/Desk/Request Close"] = "shown only on an open request; the crawl visits one request per route (DispatchTests closes one as 対応できず)",
        ["/Peer/Desk/Supporter DeleteExperience"] = "shown only on a supporter with a lived-experience record, which the crawl's first supporter has not (PeerAccessTests)",
        ["/Peer/My/Index Answer"] = "the supporter's own page; the PeerSupporter account (kurashiki-peer) is not crawled (DispatchTests and PeerBrowserTests answer as the supporter)",
        ["/Peer/My/Index Feed"] = "the supporter's own page; the PeerSupporter account is not crawled (PeerAccessTests issues and revokes the feed)",
        ["/Surveys/Recipients Add"] = "the organisations to add are listed only after a search on the recipients page (a GET form the crawl does not submit); SurveyLoopTests adds by forum and by name",
        ["/Surveys/Public/Index"] = "the answer page is reached with the one-time code printed on a letter, never by a link (SurveyLoopTests and SurveyBrowserTests post it)",
        ["/Plans/Schedule Delete"] = "shown only when editing an existing schedule item, linked from the plan's schedule table only",
        ["/Events/Public/Questionnaire"] = "reached from the questionnaire's own address (printed on the paper, shown after the event), never linked from a page the crawl walks; PublicRegistrationTests and the questionnaire tests post it",
        ["/Events/Public/Registration Cancel"] = "needs the confirmation number, shown once to the person who registered; PublicRegistrationTests cancels with it",
        ["/Account/Manage/Index RevokeToken"] = "shown only to an account with an API token; no demo account has one (revoking is tested in ApiTokenTests)",
        ["/Admin/Approvals/Index Approve"] = "shown only for a change another administrator asked for; the demo data has none pending (four eyes is tested in FourEyesTests)",
        ["/Admin/Approvals/Index Reject"] = "shown only for a pending change; the demo data has none pending (four eyes is tested in FourEyesTests)",
        ["/Admin/Users/Edit ClearThrottle"] = "shown only for an account whose sign-ins are being slowed down; the target account has no failures (tested in SignInThrottleTests)",
        ["/Admin/Users/Edit RevokeToken"] = "shown only for an account with an API token; the target account has none (tested in ApiTokenTests)",
        ["/Admin/Users/Edit Enable"] = "shown only for a disabled account; the target account stays enabled so that Disable is fuzzed",
    };

    [Fact]
    public void The_crawl_reaches_a_form_for_every_post_handler_of_the_app()
    {
        var handlers = site.Map.Routes.Where(r => r.Model is not null).SelectMany(r => r.PostHandlers.Select(h => (Page: r.PagePath, Route: r.Template, Handler: h)))
            .DistinctBy(h => (h.Page, h.Handler)).ToList();
        var reached = site.Map.Forms.Select(f => (site.Map.Match(f.Action)?.PagePath, f.Handler)).ToHashSet();
        var missing = handlers.Where(h => !reached.Contains((h.Page, h.Handler)) && !Unreached.ContainsKey(h.Page) && !Unreached.ContainsKey($"{h.Page} {h.Handler}")).Select(h => $"{h.Page} {h.Handler}").ToList();
        output.WriteLine($"crawl: {site.Map.Pages.Count} pages, {site.Map.Forms.Count} forms, {handlers.Count} POST handlers in {site.Map.Routes.Count} routes, {site.CrawlTime.TotalSeconds:N1}s");
        foreach (var m in missing)
        {
            output.WriteLine("  not reached: " + m);
        }

        Assert.True(handlers.Count >= 60, $"only {handlers.Count} POST handlers found in the route table");
        Assert.True(missing.Count == 0, "POST handlers the crawl did not reach (give the crawl a way there, or list them with a reason):\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task Every_form_answers_junk_with_a_japanese_refusal_and_writes_nothing_when_it_refuses()
    {
        var targets = site.Map.Forms.Where(f => f.Action.Length > 0).ToList();
        Assert.NotEmpty(targets);
        var gen = Gen.Int[0, targets.Count - 1].SelectMany(i => Fields(targets[i]).Select(fields => (Target: targets[i], Fields: fields)));
        var loop = new FuzzLoop<(FormTarget Target, List<(string Name, FuzzValue Value)> Fields)>(output, "forms", Print);
        await loop.RunAsync(gen, FuzzRun.Iterations(600), async x => (x.Target.Key, await PostAsync(x.Target.User, x.Target.Action, x.Target.Multipart, x.Fields)));
    }

    [Fact]
    public async Task Junk_route_ids_answer_404_400_or_403_with_the_japanese_error_page()
    {
        var targets = site.Map.Pages.Where(p => p.Route.Contains('{', StringComparison.Ordinal)).Select(p => (p.User, p.Url, p.Route, Form: (FormTarget?)null))
            .Concat(site.Map.Forms.Where(f => f.Route.Contains('{', StringComparison.Ordinal)).Select(f => (f.User, Url: f.Action, f.Route, Form: (FormTarget?)f)))
            .ToList();
        Assert.NotEmpty(targets);
        var gen = Gen.Select(Gen.Int[0, targets.Count - 1], Junk.RouteId);
        var loop = new FuzzLoop<(int Index, string Id)>(output, "route ids", x => $"{targets[x.Index].User} {(targets[x.Index].Form is null ? "GET" : "POST")} {WithId(targets[x.Index].Url, targets[x.Index].Route, x.Id)}");
        await loop.RunAsync(gen, FuzzRun.Iterations(300, 0.5), async x =>
        {
            var (user, url, route, form) = targets[x.Index];
            var target = WithId(url, route, x.Id);
            if (form is not null)
            {
                return (route + " POST", await PostAsync(user, target, form.Multipart, [.. form.Fields.Select(f => (f.Name, new FuzzValue(f.Value)))]));
            }

            return (route + " GET", await GetAsync(user, target));
        });
    }

    [Fact]
    public async Task Junk_query_strings_never_fail_a_page()
    {
        var pages = site.Map.Pages;
        var pairs = Gen.Select(Junk.QueryName, Junk.Any).Array[1, 5];
        var gen = Gen.Select(Gen.Int[0, pages.Count - 1], pairs, Gen.Bool);
        var loop = new FuzzLoop<(int Index, (string, FuzzValue)[] Pairs, bool Replace)>(output, "query strings", x => $"{pages[x.Index].User} GET {WithQuery(pages[x.Index].Url, x.Pairs, x.Replace)}");
        await loop.RunAsync(gen, FuzzRun.Iterations(400, 0.5), async x =>
            (pages[x.Index].Route, await GetAsync(pages[x.Index].User, WithQuery(pages[x.Index].Url, x.Pairs, x.Replace))));
    }

    /// <summary>Per field: kept, junk, left out or sent twice; and now and then a field the form does not have.</summary>
    private static Gen<List<(string Name, FuzzValue Value)>> Fields(FormTarget target)
    {
        var fields = target.Fields;
        // Half the time one field carries the junk and the others keep their values, so the junk gets past validation of the rest.
        return Gen.Select(Gen.Int[-1, Math.Max(0, fields.Count - 1)], Gen.Int[0, 3]).SelectMany(choice =>
        {
            var (focus, extra) = choice;
            Gen<List<(string Name, FuzzValue Value)>> gen = Gen.Const(new List<(string, FuzzValue)>());
            for (var i = 0; i < fields.Count; i++)
            {
                var field = fields[i];
                if (focus >= 0 && i != focus)
                {
                    gen = gen.Select(list => (List<(string, FuzzValue)>)[.. list, (field.Name, new FuzzValue(field.Value))]);
                    continue;
                }

                gen = Gen.Select(gen, Gen.Int[0, 19], Junk.For(field.Value, field.Options), Junk.For(field.Value, field.Options), (list, mode, a, b) => mode switch
                {
                    0 => list,
                    1 => [.. list, (field.Name, a), (field.Name, b)],
                    _ => (List<(string, FuzzValue)>)[.. list, (field.Name, a)],
                });
            }

            return extra == 0 ? Gen.Select(gen, Junk.QueryName, Junk.Any, (list, name, value) => (List<(string, FuzzValue)>)[.. list, (name, value)]) : gen;
        });
    }

    // A session can end between two requests for a reason the fuzzer itself caused: the administrator's junk posts to a
    // demo account's forms (an approved change of role or organisation, a password reset) end that account's sessions by
    // design (Admin/Users/AccountChanges). So a request answered with
    // the sign-in page is sent again once from a fresh sign-in, and only a second sign-out is judged a defect: a handler
    // that signs its own user out fails both times.
    private async Task<string?> PostAsync(string user, string action, bool multipart, List<(string Name, FuzzValue Value)> fields)
    {
        var (problem, signedOut) = await PostOnceAsync(user, action, multipart, fields);
        return signedOut ? (await PostOnceAsync(user, action, multipart, fields)).Problem : problem;
    }

    private async Task<(string? Problem, bool SignedOut)> PostOnceAsync(string user, string action, bool multipart, List<(string Name, FuzzValue Value)> fields)
    {
        var client = site.ClientOf(user);
        var mark = site.App.Probe.Mark;
        using HttpContent content = multipart ? Multipart(site.Tokens[user], fields) : Verdict.FormBody([("__RequestVerificationToken", site.Tokens[user]), .. fields]);
        using var response = await client.PostAsync(action, content);
        var body = await response.Content.ReadAsStringAsync();
        var problem = Verdict.Judge(response, body, site.App.Probe.Since(mark), signedIn: user.Length > 0);
        return (problem, await RenewIfSignedOutAsync(user, response));
    }

    private async Task<string?> GetAsync(string user, string url)
    {
        var (problem, signedOut) = await GetOnceAsync(user, url);
        return signedOut ? (await GetOnceAsync(user, url)).Problem : problem;
    }

    private async Task<(string? Problem, bool SignedOut)> GetOnceAsync(string user, string url)
    {
        var mark = site.App.Probe.Mark;
        using var response = await site.ClientOf(user).GetAsync(url);
        var body = response.Content.Headers.ContentType?.MediaType is "text/html" or "text/plain" ? await response.Content.ReadAsStringAsync() : "";
        var writes = site.App.Probe.Since(mark);
        var problem = Verdict.Judge(response, body, writes, signedIn: user.Length > 0)
            ?? (writes.Count > 0 ? $"GET wrote {string.Join(",", writes)}" : null);
        return (problem, await RenewIfSignedOutAsync(user, response));
    }

    private async Task<bool> RenewIfSignedOutAsync(string user, HttpResponseMessage response)
    {
        if (user.Length > 0 && response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) == true)
        {
            await site.RenewAsync(user);
            return true;
        }

        return false;
    }

    private static MultipartFormDataContent Multipart(string token, List<(string Name, FuzzValue Value)> fields)
    {
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var n = 0;
        foreach (var (name, value) in fields)
        {
            // A part name that HttpClient cannot put in a Content-Disposition header (blank, or with quotes and line
            // breaks) cannot be sent by this client at all; the url-encoded forms still carry such names to the app.
            if (string.IsNullOrWhiteSpace(name) || name.Any(ch => ch is '"' or '\\' || char.IsControl(ch) || char.IsSurrogate(ch) || ch > '\u007e' && !char.IsLetterOrDigit(ch)))
            {
                continue;
            }

            var bytes = value.Bytes ?? Encoding.UTF8.GetBytes(value.Text!);
            if (name == "file")
            {
                var extension = new[] { ".pdf", ".xlsx", ".docx", ".csv", ".exe", "", ".PDF" }[n++ % 7];
                content.Add(new ByteArrayContent(bytes), name, "資料" + extension);
            }
            else
            {
                content.Add(new ByteArrayContent(bytes), name);
            }
        }

        return content;
    }

    /// <summary>The URL with each route parameter's segment replaced by <paramref name="id"/> (an optional one left out is added).</summary>
    private static string WithId(string url, string route, string id)
    {
        var split = url.IndexOf('?', StringComparison.Ordinal);
        var (path, query) = split < 0 ? (url, "") : (url[..split], url[split..]);
        var segments = path.Trim('/').Split('/').ToList();
        var template = route.Split('/');
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith('{'))
            {
                if (i < segments.Count)
                {
                    segments[i] = id;
                }
                else
                {
                    segments.Add(id);
                }
            }
        }

        return "/" + string.Join("/", segments) + query;
    }

    private static string WithQuery(string url, (string Name, FuzzValue Value)[] pairs, bool replace)
    {
        var path = replace && url.Contains('?', StringComparison.Ordinal) ? url[..url.IndexOf('?', StringComparison.Ordinal)] : url;
        var joined = string.Join("&", pairs.Select(p => new FuzzValue(p.Name).Encoded() + "=" + p.Value.Encoded()));
        return path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + joined;
    }

    private static string Print((FormTarget Target, List<(string Name, FuzzValue Value)> Fields) x) =>
        $"{x.Target}: " + string.Join(" & ", x.Fields.Select(f => $"{f.Name}={f.Value}"));
}
