using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;

namespace Nimo.Bench;

/// <summary>
/// `Nimo.Bench faults`: the app is killed with SIGKILL while staff are writing, again and again. After each kill the
/// database must be intact (SQLite's integrity_check), every write the app acknowledged (a 302 after a case note) must
/// be there with its audit entry, and the audit hash chain must still verify. Writes cut off before their answer may
/// or may not be there; either is correct, and they are counted.
/// </summary>
public static class Faults
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var app = Get("--app") ?? throw new ArgumentException("--app DIR (the built or published Nimo.Web)");
        var work = Path.GetFullPath(Get("--work") ?? "bench/out/faults");
        var cycles = int.Parse(Get("--cycles") ?? "50", CultureInfo.InvariantCulture);
        var writers = int.Parse(Get("--writers") ?? "8", CultureInfo.InvariantCulture);
        var providers = (Get("--providers") ?? "sqlite").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var pg = Get("--pg");
        Directory.CreateDirectory(work);
        var failed = false;
        var summary = new List<string>();
        foreach (var name in providers)
        {
            var provider = name.Trim().Equals("postgres", StringComparison.OrdinalIgnoreCase) ? "Postgres" : "Sqlite";
            if (provider == "Postgres" && pg is null)
            {
                throw new ArgumentException("--pg CONNECTION (without Database) is needed for postgres");
            }

            var result = await CycleAsync(app, work, provider, pg, cycles, writers);
            summary.Add(result.Line);
            failed |= !result.Passed;
        }

        Console.WriteLine();
        Console.WriteLine("| provider | cycles | writes acknowledged | present after the kills | lost | in flight, kept | integrity failures | chain failures | result |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        summary.ForEach(Console.WriteLine);
        return failed ? 1 : 0;
    }

    private sealed record CycleResult(bool Passed, string Line);

    private static async Task<CycleResult> CycleAsync(string app, string work, string provider, string? pg, int cycles, int writers)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var connection = provider == "Postgres" ? $"{pg};Database=nimo_faults_{suffix}" : $"Data Source={Path.Combine(work, $"faults-{suffix}.db")}";
        Console.WriteLine($"==> {provider}: a small world for the kill cycles");
        var world = await Generator.GenerateAsync(provider, connection, 200, 1, 7);
        var baseUrl = $"http://127.0.0.1:{5190 + (provider == "Postgres" ? 1 : 0)}";
        var acknowledged = new ConcurrentBag<string>();
        var random = new Random(11);
        string? cookie = null, token = null;
        int integrityFailures = 0, chainFailures = 0, lost = 0, present = 0, inFlight = 0;
        var watch = Stopwatch.StartNew();
        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            var process = await Runner.StartAppAsync(app, provider, connection, baseUrl);
            // Sessions and Data Protection keys live in the database: the same sign-in survives every restart.
            (cookie, token) = cookie is null ? await Runner.SignInAsync(baseUrl, world) : (cookie, token);
            // One page first, so the kill lands among writes and not in the first request's start-up work.
            using (var warm = new HttpClient { BaseAddress = new Uri(baseUrl) })
            {
                warm.DefaultRequestHeaders.Add("Cookie", cookie);
                (await warm.GetAsync($"/Cases/Details/{world.CaseId}")).EnsureSuccessStatusCode();
            }

            using var stop = new CancellationTokenSource();
            var attempted = 0;
            var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
                http.DefaultRequestHeaders.Add("Cookie", cookie);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var marker = $"fault-{cycle}-{w}-{n}";
                    Interlocked.Increment(ref attempted);
                    try
                    {
                        var response = await http.PostAsync($"/Cases/Details/{world.CaseId}?handler=Note", new FormUrlEncodedContent(new Dictionary<string, string>
                        {
                            ["__RequestVerificationToken"] = token!, ["date"] = "2026-11-01", ["time"] = "10:00", ["kind"] = "Visit", ["content"] = marker,
                        }));
                        if (response.StatusCode == HttpStatusCode.Redirect)
                        {
                            acknowledged.Add(marker);
                        }
                        else
                        {
                            throw new InvalidOperationException($"a note answered {(int)response.StatusCode} before the kill");
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the server is gone
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            await Task.Delay(random.Next(500, 2000));
            process.Kill(); // SIGKILL on Linux: no shutdown hooks, no flush
            await process.WaitForExitAsync();
            process.Dispose();
            await stop.CancelAsync();
            await Task.WhenAll(tasks);

            var check = await CheckAsync(provider, connection, acknowledged);
            integrityFailures += check.IntegrityOk ? 0 : 1;
            chainFailures += check.ChainOk ? 0 : 1;
            lost = check.Lost;
            present = check.Present;
            inFlight = check.Extra;
            Console.WriteLine($"    cycle {cycle,3}: {attempted,4} writes tried, {acknowledged.Count,6} acknowledged so far, lost {check.Lost}, integrity {(check.IntegrityOk ? "ok" : "FAILED")}, chain {(check.ChainOk ? "ok" : "FAILED")}");
        }

        if (provider == "Postgres")
        {
            await using var admin = new Npgsql.NpgsqlConnection($"{pg};Database=postgres");
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS nimo_faults_{suffix} WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
        else
        {
            foreach (var file in Directory.GetFiles(work, $"faults-{suffix}.db*"))
            {
                File.Delete(file);
            }
        }

        var passed = lost == 0 && integrityFailures == 0 && chainFailures == 0 && !acknowledged.IsEmpty;
        Console.WriteLine($"    {provider}: {cycles} kills in {watch.Elapsed.TotalSeconds:0} s");
        return new CycleResult(passed, $"| {provider} | {cycles} | {acknowledged.Count:N0} | {present:N0} | {lost} | {inFlight} | {integrityFailures} | {chainFailures} | {(passed ? "passed" : "FAILED")} |");
    }

    private sealed record Check(bool IntegrityOk, bool ChainOk, int Present, int Lost, int Extra);

    private static async Task<Check> CheckAsync(string provider, string connection, ConcurrentBag<string> acknowledged)
    {
        var integrity = true;
        if (provider == "Sqlite")
        {
            await using var sqlite = new SqliteConnection(connection);
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            integrity = (string?)await command.ExecuteScalarAsync() == "ok";
        }

        await using var host = Generator.Build(provider, connection);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var stored = (await db.CaseNotes.Where(n => n.Content.StartsWith("fault-")).Select(n => n.Content).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var created = await db.AuditEntries.CountAsync(a => a.Action == AuditActions.Create && a.RecordType == "CaseNote");
        var chain = await AuditLog.VerifyAsync(db);
        var lost = acknowledged.Count(a => !stored.Contains(a));
        // Each stored note came with its audit entry in the same transaction, so the counts agree.
        var chainOk = chain.Intact && created >= stored.Count;
        return new Check(integrity, chainOk, stored.Count, lost, stored.Count - (acknowledged.Count - lost));
    }
}
