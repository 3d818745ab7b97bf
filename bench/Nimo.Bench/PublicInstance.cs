using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Nimo.Bench;

/// <summary>
/// `Nimo.Bench public …`, the checker of scripts/public-instance.sh: a Staff instance (demo data) and a Public instance on one
/// PostgreSQL database, the Public one connected as the restricted role of `public-role`. Every staff route (the page routes
/// read from the repository's .cshtml files, the API routes from the Staff instance's OpenAPI document) must answer 404 on the
/// Public instance, with or without a staff session; the residents' pages must answer there without a cookie and reach the
/// staff side; the role must read nothing else. Prints PASS or FAIL per check; the exit code is the number of failures.
/// </summary>
internal static partial class PublicInstance
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException("missing " + name);
        var pub = Get("--public").TrimEnd('/');
        var staff = Get("--staff").TrimEnd('/');
        var repo = Get("--repo");
        var role = Get("--role-db");
        var failures = 0;
        var watch = Stopwatch.StartNew();
        void Check(string what, bool ok, string detail)
        {
            failures += ok ? 0 : 1;
            Console.WriteLine($"{(ok ? "PASS" : "FAIL")}  {what}  [{detail}] ({watch.Elapsed.TotalSeconds:0.0} s)");
        }

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };

        // A staff session on the Staff instance (a demo account: demo mode needs no second factor).
        var staffBrowser = new Browser(http);
        var login = await staffBrowser.PostFormAsync(staff + "/Account/Login", staff + "/Account/Login", new() { ["Input.UserName"] = "kawaguchi", ["Input.Password"] = "demo-nimo-2026-sakura" });
        var cookie = string.Join("; ", login.SetCookies.Select(c => c.Split(';')[0]));
        Check("a staff session on the Staff instance", login.Status == HttpStatusCode.Redirect && cookie.Contains("Nimo=", StringComparison.Ordinal), $"{(int)login.Status}");

        // 1. Every page route of the repository and every API route of the OpenAPI document: 404 on the Public instance.
        var pages = PageRoutes(repo).ToList();
        using var openapi = JsonDocument.Parse(await http.GetStringAsync(staff + "/openapi/v1.json"));
        var api = openapi.RootElement.GetProperty("paths").EnumerateObject().Select(p => Braces().Replace(p.Name, "1")).ToList();
        var answered = new List<string>();
        foreach (var url in pages.Concat(api).Append("/openapi/v1.json").Distinct(StringComparer.Ordinal))
        {
            foreach (var withSession in new[] { false, true })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, pub + url);
                if (withSession)
                {
                    request.Headers.Add("Cookie", cookie);
                    request.Headers.Add("Authorization", "Bearer nimo_not_a_token");
                }

                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    answered.Add($"{url}{(withSession ? " (session)" : "")}: {(int)response.StatusCode}");
                }
            }
        }

        Check("the Public instance answers 404 to every staff page and API route, with or without a staff session", answered.Count == 0,
            answered.Count == 0 ? $"{pages.Count} page routes, {api.Count} API routes" : string.Join(", ", answered.Take(10)));

        // 2. The residents' pages answer there, without a cookie.
        var list = await http.GetAsync(pub + "/public/events");
        var listHtml = WebUtility.HtmlDecode(await list.Content.ReadAsStringAsync());
        Check("the Public instance serves the residents' list without a cookie", list.StatusCode == HttpStatusCode.OK && !list.Headers.Contains("Set-Cookie"),
            $"{(int)list.StatusCode}");
        var staffPublic = await http.GetAsync(staff + "/public/events");
        Check("the Staff instance answers 404 to the residents' pages", staffPublic.StatusCode == HttpStatusCode.NotFound, $"{(int)staffPublic.StatusCode}");

        // 3. A registration made on the Public instance is on the organiser's list on the staff side.
        var eventId = EventLink().Match(listHtml) is { Success: true } m ? m.Groups[1].Value : null;
        var name = "見本 公開確認" + Guid.NewGuid().ToString("N")[..4];
        var registered = eventId is null ? null : await http.PostAsync($"{pub}/public/events/{eventId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Name"] = name, ["Form.Contact"] = "090-0000-9999", ["Form.Agree"] = "true",
        }));
        var registeredHtml = registered is null ? "" : await registered.Content.ReadAsStringAsync();
        var roster = eventId is null ? null : await staffBrowser.GetAsync($"{staff}/Events/Roster/{eventId}");
        Check("a registration taken by the Public instance reaches the staff side's reception list",
            registeredHtml.Contains("confirmation-number", StringComparison.Ordinal) && roster?.Body.Contains(name, StringComparison.Ordinal) == true,
            $"event {eventId}, roster {(int?)roster?.Status}");

        // 4. The role reads only what the residents' pages need.
        await using var connection = new NpgsqlConnection(role);
        await connection.OpenAsync();
        var readable = new List<string>();
        foreach (var table in new[] { "AspNetUsers", "UserSessions", "ApiTokens", "DataProtectionKeys", "AuditEntries", "Clients", "SupportCases", "Plans" })
        {
            try
            {
                await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"", connection);
                await command.ExecuteScalarAsync();
                readable.Add(table);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
            }
        }

        await using (var hidden = new NpgsqlCommand("SELECT count(*) FROM \"Events\" WHERE NOT \"IsPublished\" OR \"IsSensitive\"", connection))
        {
            var unpublished = (long)(await hidden.ExecuteScalarAsync())!;
            Check("the public role can read no staff secret and no unpublished or sensitive event", readable.Count == 0 && unpublished == 0,
                readable.Count == 0 ? $"{unpublished} unpublished events visible" : "readable: " + string.Join(", ", readable));
        }

        return failures;
    }

    /// <summary>Every Razor page's URL from its file and its @page directive, ids as 1, the public surface and the error page left out.</summary>
    private static IEnumerable<string> PageRoutes(string repo)
    {
        var root = Path.Combine(repo, "src", "Nimo.Web", "Features");
        foreach (var file in Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories))
        {
            var directive = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("@page", StringComparison.Ordinal));
            if (directive is null)
            {
                continue;
            }

            var template = PageTemplate().Match(directive) is { Success: true } t ? t.Groups[1].Value : "";
            var relative = "/" + Path.GetRelativePath(root, file)[..^".cshtml".Length].Replace('\\', '/');
            var url = template.StartsWith('/') ? template : relative + (template.Length > 0 ? "/" + template : "");
            url = Braces().Replace(url, "1");
            if (url.StartsWith("/public", StringComparison.Ordinal) || relative == "/Error")
            {
                continue;
            }

            yield return url.EndsWith("/Index", StringComparison.Ordinal) ? url[..^"/Index".Length] + "/" : url;
        }
    }

    [GeneratedRegex("\\{[^}]+\\}")]
    private static partial Regex Braces();

    [GeneratedRegex("@page\\s+\"([^\"]*)\"")]
    private static partial Regex PageTemplate();

    [GeneratedRegex("href=\"/public/events/(\\d+)\"")]
    private static partial Regex EventLink();
}
