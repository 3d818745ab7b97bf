using System.Diagnostics;
using System.Net;
using CsCheck;
using Nimo.Features.Organizations;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nimo.Tests.Robustness;

/// <summary>The demo installation with an administrator and a prefecture's staff signed in, for uploads.</summary>
public sealed class ImportFixture : IAsyncLifetime
{
    public FuzzAppFactory App { get; } = new();
    public Dictionary<string, HttpClient> Clients { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        foreach (var user in new[] { "admin", "saitama" })
        {
            var client = App.CreateClient();
            await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(client, user, DemoData.DemoPassword));
            Clients[user] = client;
        }
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every import (regions, organisations, 基礎情報) fed broken CSV and workbooks, and zip bombs: never a 5xx, always a
/// Japanese message, and a refused file changes nothing at all.
/// </summary>
public sealed class ImportFuzzTests(ImportFixture fixture, ITestOutputHelper output) : IClassFixture<ImportFixture>
{
    private static readonly (string Page, IReadOnlyList<string> Columns)[] Imports =
    [
        ("/Regions/Import", RegionImport.Columns),
        ("/Organizations/Import", OrganizationImport.Columns),
        ("/Profiles/Import", ProfileFile.Columns),
    ];

    private static readonly string[] Users = ["admin", "saitama"];

    [Fact]
    public async Task Broken_csv_and_workbooks_get_a_japanese_message_and_a_refused_file_writes_nothing()
    {
        var gen = Gen.Int[0, Imports.Length - 1].SelectMany(i => Gen.Frequency(
                (5, BadFiles.Csv(Imports[i].Columns)),
                (3, BadFiles.Xlsx(Imports[i].Columns)),
                (2, BadFiles.Junk))
            .Select(Gen.Int[0, 1], Gen.OneOf("auto", "utf8", "sjis", "", "utf-16", "\u00ff"), (file, user, encoding) => (Import: i, File: file, User: user, Encoding: encoding)));
        var loop = new FuzzLoop<(int Import, BadFile File, int User, string Encoding)>(output, "imports",
            x => $"{Users[x.User]} {Imports[x.Import].Page} encoding={x.Encoding} {x.File}");
        await loop.RunAsync(gen, FuzzRun.Iterations(150, 0.05), async x =>
            (Imports[x.Import].Page + " " + x.File.Kind, await UploadAsync(Users[x.User], Imports[x.Import].Page, x.File, x.Encoding)));
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_quickly_with_a_japanese_message_without_being_read_into_memory()
    {
        var clock = Stopwatch.StartNew();
        var inputs = 0;
        var failures = new List<string>();
        foreach (var (size, lie) in new[] { (1L << 30, false), (200L << 20, true) })
        {
            var bomb = BadFiles.ZipBomb(ProfileFile.Columns, size, lie);
            output.WriteLine($"zip bomb: {size >> 20} MB of sheet XML in {bomb.Length:N0} bytes, declared {(lie ? "400 bytes" : "truthfully")}");
            foreach (var page in new[] { "/Profiles/Import", "/Regions/Import" })
            {
                inputs++;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var started = Stopwatch.StartNew();
                var problem = await UploadAsync("admin", page, new BadFile("zip bomb", "bomb.xlsx", bomb), "auto");
                var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) >> 20;
                output.WriteLine($"  {page}: {started.Elapsed.TotalSeconds:N1}s, {megabytes} MB allocated, {problem ?? "refused"}");
                if (problem is not null || started.Elapsed > TimeSpan.FromSeconds(20) || megabytes > 300)
                {
                    failures.Add($"{page} ({size >> 20} MB, lie={lie}): {problem} {started.Elapsed.TotalSeconds:N1}s {megabytes} MB");
                }
            }
        }

        FuzzRun.Report(output, "zip bombs", inputs, failures.Count, clock.Elapsed);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Uploads the file and judges the answer; a refusal must leave every table as it was.</summary>
    private async Task<string?> UploadAsync(string user, string page, BadFile file, string encoding)
    {
        var client = fixture.Clients[user];
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        var before = await fixture.App.CountsAsync();
        var mark = fixture.App.Probe.Mark;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(encoding), "encoding" },
            { new ByteArrayContent(file.Bytes), "file", file.Name },
        };
        using var response = await client.PostAsync(page, form);
        var body = await response.Content.ReadAsStringAsync();
        var writes = fixture.App.Probe.Since(mark);
        if (Verdict.Judge(response, body, writes) is { } problem)
        {
            return problem;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"{(int)response.StatusCode} instead of the import page";
        }

        var text = WebUtility.HtmlDecode(body);
        var refused = text.Contains("取り込みませんでした", StringComparison.Ordinal);
        if (!refused && !text.Contains("取り込みました", StringComparison.Ordinal))
        {
            return "neither imported nor refused with a message";
        }

        if (refused)
        {
            var after = await fixture.App.CountsAsync();
            var changed = before.Where(b => after.GetValueOrDefault(b.Key) != b.Value).Select(b => $"{b.Key} {b.Value}→{after.GetValueOrDefault(b.Key)}").ToList();
            if (changed.Count > 0 || writes.Count > 0)
            {
                return $"refused but wrote {string.Join(", ", changed.Concat(writes))}";
            }
        }

        return null;
    }
}
