using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Npgsql;
using Nimo.Platform.Identity;

namespace Nimo.Bench;

/// <summary>
/// `Nimo.Bench multi …`, the checker of scripts/multi-instance.sh: two published instances (named a and b, with
/// Nimo:InstanceHeader on) on one PostgreSQL database behind nginx with TLS on loopback. It drives them through the real
/// forms and prints PASS or FAIL per property; the exit code is the number of failures.
/// </summary>
internal static partial class MultiInstance
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : throw new ArgumentException("missing " + name);
        var proxy = Get("--proxy").TrimEnd('/');
        var direct = new Dictionary<string, string> { ["a"] = Get("--a").TrimEnd('/'), ["b"] = Get("--b").TrimEnd('/') };
        var pids = new Dictionary<string, int> { ["a"] = Int(Get("--pid-a")), ["b"] = Int(Get("--pid-b")) };
        var logs = new Dictionary<string, string> { ["a"] = Get("--log-a"), ["b"] = Get("--log-b") };
        var db = Get("--db");
        var interval = TimeSpan.FromSeconds(Int(Get("--interval-seconds")));
        var admin = (Name: Get("--admin"), Password: Get("--admin-password"));
        var locked = (Name: Get("--lock-user"), Password: Get("--lock-password"));
        using var http = Client(new Uri(proxy).Port, X509CertificateLoader.LoadCertificateFromFile(Get("--cert")));
        var check = new Checks();

        // 1. nginx spreads requests over both instances, with TLS and the forwarded scheme the app believes.
        var visitor = new Browser(http);
        var login = await visitor.GetAsync(proxy + "/Account/Login");
        for (var i = 0; i < 5; i++)
        {
            await visitor.GetAsync(proxy + "/Account/Login");
        }

        check.That("nginx round-robins over both instances", visitor.Seen.SetEquals(["a", "b"]), $"served by {string.Join(", ", visitor.Seen.Order())}");
        // The challenge redirect is absolute: it shows the scheme and host the app believes it is served at.
        var challenge = await visitor.GetAsync(proxy + "/Admin/Audit");
        check.That("the scheme and host from nginx are honoured (X-Forwarded-Proto, Host)",
            challenge.Location?.StartsWith(proxy + "/Account/Login", StringComparison.Ordinal) == true
            && login.SetCookies.Any(c => c.StartsWith("__Host-Nimo.Af=", StringComparison.Ordinal)),
            $"an anonymous request is sent to {challenge.Location}");
        check.That("one data-protection key, shared through the database", await ScalarAsync<long>(db, "SELECT count(*) FROM \"DataProtectionKeys\"") == 1,
            $"{await ScalarAsync<long>(db, "SELECT count(*) FROM \"DataProtectionKeys\"")} key(s)");

        // 2. The administrator enrols an authenticator through nginx: every step may land on the other instance.
        var user = new Browser(http);
        var first = await user.PostFormAsync(proxy + "/Account/Login", proxy + "/Account/Login",
            new() { ["Input.UserName"] = admin.Name, ["Input.Password"] = admin.Password }, spoofedFor: "203.0.113.9");
        var enrol = await user.GetAsync(proxy + "/Account/Manage/TwoFactor");
        var key = SecretKey().Match(enrol.Body).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        var enrolStep = Totp.TimeStep(DateTimeOffset.UtcNow);
        var enabled = await user.PostFormAsync(proxy + "/Account/Manage/TwoFactor", proxy + "/Account/Manage/TwoFactor?handler=Enable",
            new() { ["Code"] = Totp.Code(Totp.FromBase32(key), enrolStep) });
        check.That("password sign-in and TOTP enrolment through nginx",
            first.Status == HttpStatusCode.Redirect && key.Length > 0 && enabled.Status == HttpStatusCode.OK && enabled.Body.Contains("回復コード", StringComparison.Ordinal),
            $"{user.Requests} requests served by {string.Join(", ", user.Seen.Order())}");
        var address = await ScalarAsync<string>(db,
            "SELECT \"ClientAddress\" FROM \"AuditEntries\" WHERE \"Action\" = 'SignIn' AND \"UserName\" = @name ORDER BY \"Sequence\" DESC LIMIT 1", admin.Name);
        check.That("the audit log has the client's address from nginx, not a forged X-Forwarded-For", address == "127.0.0.2",
            $"recorded {address} (the checker connects from 127.0.0.2 and claimed 203.0.113.9)");
        var logout = await user.PostFormAsync(proxy + "/", proxy + "/Account/Logout", []);

        // 3. Signing in again with password and code through nginx; the next step's code is within the allowed drift.
        var signedIn = new Browser(http);
        await signedIn.PostFormAsync(proxy + "/Account/Login", proxy + "/Account/Login", new() { ["Input.UserName"] = admin.Name, ["Input.Password"] = admin.Password });
        var code = Totp.Code(Totp.FromBase32(key), enrolStep + 1);
        var second = await signedIn.PostFormAsync(proxy + "/Account/LoginWith2fa", proxy + "/Account/LoginWith2fa", new() { ["Code"] = code });
        check.That("sign-in with password + TOTP through nginx",
            logout.Status == HttpStatusCode.Redirect && second.Status == HttpStatusCode.Redirect && second.Location == "/",
            $"code accepted by {second.Instance}; requests served by {string.Join(", ", signedIn.Seen.Order())}");

        // 4. The same code, at once, on the other instance directly: the used time-step is in the database.
        var other = second.Instance == "a" ? "b" : "a";
        var attacker = new Browser(http);
        await attacker.PostFormAsync(direct[other] + "/Account/Login", direct[other] + "/Account/Login", new() { ["Input.UserName"] = admin.Name, ["Input.Password"] = admin.Password });
        var replay = await attacker.PostFormAsync(direct[other] + "/Account/LoginWith2fa", direct[other] + "/Account/LoginWith2fa", new() { ["Code"] = code });
        check.That("a TOTP code used on one instance is refused on the other",
            replay.Status == HttpStatusCode.OK && WebUtility.HtmlDecode(replay.Body).Contains("既に使われています", StringComparison.Ordinal),
            $"used on {second.Instance}, replayed on {other}: {(int)replay.Status}");

        // 5. The session cookie is good on both; a form from a is accepted by b; a forged token is not.
        var onA = await signedIn.GetAsync(direct["a"] + "/Admin/Audit");
        var onB = await signedIn.GetAsync(direct["b"] + "/Admin/Audit");
        check.That("the session cookie is valid on both instances", onA.Status == HttpStatusCode.OK && onB.Status == HttpStatusCode.OK,
            $"a {(int)onA.Status}, b {(int)onB.Status}");
        var verify = await signedIn.PostFormAsync(direct["a"] + "/Admin/Audit", direct["b"] + "/Admin/Audit?handler=Verify", []);
        var forged = await signedIn.PostAsync(direct["b"] + "/Admin/Audit?handler=Verify", new() { ["__RequestVerificationToken"] = "CfDJ8forged" });
        check.That("a form from instance a is accepted by instance b (antiforgery, shared keys)",
            verify.Status == HttpStatusCode.OK && WebUtility.HtmlDecode(verify.Body).Contains("正常に連結しています", StringComparison.Ordinal) && forged.Status == HttpStatusCode.BadRequest,
            $"token from a posted to b: {(int)verify.Status}; a forged token: {(int)forged.Status}");

        // 6. Failed passwords alternating between the instances add up to one throttle (state in the database), which slows that
        //    address only: a colleague at another address signs in at once, and a name that does not exist gets the same words.
        //    Direct requests come from loopback, a trusted proxy, so X-Forwarded-For stands for the client's address here.
        async Task<Response> GuessAsync(string instance, string name, string password, string from) =>
            await new Browser(http).PostFormAsync(direct[instance] + "/Account/Login", direct[instance] + "/Account/Login",
                new() { ["Input.UserName"] = name, ["Input.Password"] = password }, spoofedFor: from);
        var nobody = "nobody-" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
        {
            var instance = i % 2 == 0 ? "a" : "b";
            await GuessAsync(instance, locked.Name, "wrong password " + i, "192.0.2.77");
            await GuessAsync(instance, nobody, "wrong password " + i, "192.0.2.78");
        }

        var afterGuesses = await GuessAsync("b", locked.Name, locked.Password, "192.0.2.77");
        var unknownAfter = await GuessAsync("b", nobody, locked.Password, "192.0.2.78");
        string Said(Response r) => WebUtility.HtmlDecode(ErrorLine().Match(r.Body).Groups[1].Value);
        check.That("failed sign-ins on both instances count towards one throttle",
            afterGuesses.Status == HttpStatusCode.OK && Said(afterGuesses).Contains("後にもう一度お試しください", StringComparison.Ordinal),
            $"5 wrong passwords alternating a, b, a, b, a from 192.0.2.77; then the right one on b: 「{Said(afterGuesses)}」");
        // The same sentence; the seconds left may differ by one, since the two throttles started a moment apart.
        static string Shape(string said) => Regex.Replace(said, "[0-9]+", "N");
        check.That("a name that does not exist gets the same answer", Shape(Said(unknownAfter)) == Shape(Said(afterGuesses)) && Said(unknownAfter).Length > 0,
            $"「{Said(unknownAfter)}」");
        var colleague = await GuessAsync("a", locked.Name, locked.Password, "192.0.2.88");
        check.That("the throttle slows that address only: a colleague elsewhere signs in at once",
            colleague.Status == HttpStatusCode.Redirect && colleague.Location == "/", $"from 192.0.2.88 on a: {(int)colleague.Status} → {colleague.Location}");

        // 7. Signing out through a ends the session on b within a second. A second browser holds a copy of the cookie (a
        // tab the user forgot, or a stolen cookie): the one that logged out drops its own, which proves nothing. b has just
        // served that copy, so what b remembers of the session (SessionCache, at most 750 ms) is what is measured.
        var copy = signedIn.Copy();
        var warm = await copy.GetAsync(direct["b"] + "/Admin/Audit");
        var bye = await signedIn.PostFormAsync(direct["a"] + "/", direct["a"] + "/Account/Logout", []);
        var since = System.Diagnostics.Stopwatch.StartNew();
        Response afterLogout;
        while (true)
        {
            afterLogout = await copy.GetAsync(direct["b"] + "/Admin/Audit");
            if (afterLogout.Status != HttpStatusCode.OK || since.Elapsed > TimeSpan.FromSeconds(3))
            {
                break;
            }

            await Task.Delay(50);
        }

        var took = since.Elapsed;
        check.That("logout on instance a ends the session on instance b within 1 s",
            warm.Status == HttpStatusCode.OK && bye.Status == HttpStatusCode.Redirect && afterLogout.Status == HttpStatusCode.Redirect
            && afterLogout.Location?.Contains("/Account/Login", StringComparison.Ordinal) == true && took <= TimeSpan.FromSeconds(1),
            $"b served the copied cookie ({(int)warm.Status}) before; after the logout on a it answered {(int)afterLogout.Status} → {afterLogout.Location} within {took.TotalMilliseconds:0} ms");

        // 8. Scheduled work: one leader, every tick recorded once, by it alone.
        await Task.Delay(interval * 2);
        var before = await TicksAsync(db);
        var leader = before.Count > 0 ? before[^1].Instance : "?";
        var holder = await ScalarAsync<string>(db,
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objid = 7316002");
        check.That("exactly one instance holds the scheduler's advisory lock", holder == "nimo-scheduler " + leader, $"held by '{holder}'");
        var standBy = leader is "a" or "b" && File.ReadAllText(logs[leader == "a" ? "b" : "a"]).Contains("stands by", StringComparison.Ordinal);
        check.That("the scheduled work ran exactly once per tick, all by the leader",
            before.Count >= 3 && Consecutive(before, interval) && before.All(t => t.Instance == leader) && standBy,
            $"{before.Count} ticks {Span(before)}, {before.Count} entries, all by {leader}; the other's log says it stands by");

        // 9. The leader dies without a word (SIGKILL); the survivor leads from its next tick, nginx routes around the corpse.
        var survivor = leader == "a" ? "b" : "a";
        using (var victim = Process.GetProcessById(pids[leader]))
        {
            victim.Kill();
            await victim.WaitForExitAsync();
        }

        var killedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        List<Tick> after;
        do
        {
            await Task.Delay(500);
            after = [.. (await TicksAsync(db)).Where(t => t.At > killedAt)];
        }
        while (after.Count(t => t.Instance == survivor) < 3 && watch.Elapsed < interval * 10);

        var all = await TicksAsync(db);
        var takeover = after.FirstOrDefault(t => t.Instance == survivor);
        check.That($"after killing the leader ({leader}), {survivor} takes over",
            after.Count >= 3 && after.All(t => t.Instance == survivor) && all.Select(t => t.At).Distinct().Count() == all.Count,
            takeover is null ? "no tick after the kill" : $"first tick by {survivor} {(takeover.At - killedAt).TotalSeconds:0.0} s after the kill; {after.Count} ticks since, none twice");
        var through = new Browser(http);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await through.GetAsync(proxy + "/healthz")).Status);
        }

        check.That("nginx keeps serving from the survivor", answers.All(s => s == HttpStatusCode.OK) && through.Seen.SetEquals([survivor]),
            $"{answers.Count} × /healthz: {string.Join(" ", answers.Select(s => (int)s))}, served by {string.Join(", ", through.Seen)}");
        var chain = await ScalarAsync<long>(db, "SELECT count(*) FROM \"AuditEntries\"");
        Console.WriteLine($"    ({chain} audit entries in the chain)");
        return check.Failures;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private sealed record Tick(DateTimeOffset At, string Instance);

    private static async Task<List<Tick>> TicksAsync(string db)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"RecordId\", \"Detail\" FROM \"AuditEntries\" WHERE \"Action\" = 'SessionsPurged' AND \"RecordType\" = 'ScheduledWork' ORDER BY \"Sequence\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ticks = new List<Tick>();
        while (await reader.ReadAsync())
        {
            ticks.Add(new Tick(DateTimeOffset.Parse(reader.GetString(0), CultureInfo.InvariantCulture), InstanceOf().Match(reader.GetString(1)).Groups[1].Value));
        }

        return ticks;
    }

    private static bool Consecutive(List<Tick> ticks, TimeSpan interval) =>
        ticks.Zip(ticks.Skip(1)).All(p => p.Second.At - p.First.At == interval);

    private static string Span(List<Tick> ticks) => ticks.Count == 0 ? "" :
        $"{ticks[0].At.ToLocalTime():HH:mm:ss}–{ticks[^1].At.ToLocalTime():HH:mm:ss}";

    private static async Task<T?> ScalarAsync<T>(string db, string sql, string? name = null)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (name is not null)
        {
            command.Parameters.AddWithValue("name", name);
        }

        return await command.ExecuteScalarAsync() is T value ? value : default;
    }

    /// <summary>
    /// One client for nginx and the instances: trusts only the throwaway certificate the script made, and connects to nginx from
    /// 127.0.0.2 so that the address nginx forwards differs from every other on the machine.
    /// </summary>
    private static HttpClient Client(int proxyPort, X509Certificate2 certificate)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
            },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (context.DnsEndPoint.Port == proxyPort)
                    {
                        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                    }

                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    [GeneratedRegex("<code class=\"secret\">([^<]+)</code>")]
    private static partial Regex SecretKey();

    [GeneratedRegex("<p class=\"error-summary\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"\(([^()]+)\)$")]
    private static partial Regex InstanceOf();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    internal static partial Regex AntiforgeryToken();

    private sealed class Checks
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        public int Failures { get; private set; }

        public void That(string what, bool ok, string detail)
        {
            Failures += ok ? 0 : 1;
            Console.WriteLine($"{(ok ? "PASS" : "FAIL")}  {what}  [{detail}] ({_watch.Elapsed.TotalSeconds:0.0} s)");
        }
    }
}

internal sealed record Response(HttpStatusCode Status, string? Location, string Body, string? Instance, HashSet<string> Headers, List<string> SetCookies);

/// <summary>
/// A browser without one: its own cookie jar, sent to nginx and to both instances alike (the instances share one site), and
/// X-Forwarded-Proto on direct requests as nginx would add it, since the app runs with Secure cookies as in production.
/// </summary>
internal sealed class Browser(HttpClient http)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    public HashSet<string> Seen { get; } = [];
    public int Requests { get; private set; }

    public Task<Response> GetAsync(string url) => SendAsync(HttpMethod.Get, url, null, null);

    /// <summary>Another browser holding the same cookies (a second tab on another machine, or a copied cookie).</summary>
    public Browser Copy()
    {
        var copy = new Browser(http);
        foreach (var (name, value) in _cookies)
        {
            copy._cookies[name] = value;
        }

        return copy;
    }

    public Task<Response> PostAsync(string url, Dictionary<string, string> form) => SendAsync(HttpMethod.Post, url, form, null);

    /// <summary>GETs <paramref name="page"/> for its antiforgery token, then POSTs the form to <paramref name="action"/>.</summary>
    public async Task<Response> PostFormAsync(string page, string action, Dictionary<string, string> fields, string? spoofedFor = null)
    {
        var html = (await GetAsync(page)).Body;
        var token = MultiInstance.AntiforgeryToken().Match(html).Groups[1].Value;
        return await SendAsync(HttpMethod.Post, action, new(fields) { ["__RequestVerificationToken"] = token }, spoofedFor);
    }

    private async Task<Response> SendAsync(HttpMethod method, string url, Dictionary<string, string>? form, string? spoofedFor)
    {
        using var request = new HttpRequestMessage(method, url);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
        }

        if (url.StartsWith("http://", StringComparison.Ordinal))
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
        }

        if (spoofedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", spoofedFor);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        using var response = await http.SendAsync(request);
        Requests++;
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        foreach (var cookie in setCookies)
        {
            var pair = cookie.Split(';')[0];
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..eq], pair[(eq + 1)..]);
            if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        var instance = response.Headers.TryGetValues("X-Nimo-Instance", out var names) ? names.First() : null;
        if (instance is not null)
        {
            Seen.Add(instance);
        }

        return new Response(response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync(), instance,
            new HashSet<string>(response.Headers.Select(h => h.Key), StringComparer.OrdinalIgnoreCase), setCookies);
    }
}
