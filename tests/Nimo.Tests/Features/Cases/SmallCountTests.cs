using Nimo.Features.Cases;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Plans;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// Counts of personal records leave the owning organisation only protected (ADR 0005): under 10 as 「10未満」, and no
/// hidden count can be worked out by subtracting shown ones. Data of the tests' own: 東京都 with 目黒区 (12 outreach
/// clients, 1 退院後支援計画, 9 連携票 sent, all of 目黒区's 保健予防課) and 文京区 (3 outreach clients), in 令和7年度.
/// </summary>
public sealed class SmallCountTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const int Year = SmallCountWorld.Year;

    /// <summary>The readers outside the owning organisation the review named, each signed in.</summary>
    private async Task<List<(string Who, HttpClient Client, TestUser User)>> OutsidersAsync(SmallCountWorld.Town town)
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var list = new List<(string, HttpClient, TestUser)>();
        foreach (var (who, role, org) in new[]
                 {
                     ("閲覧のみ(目黒区)", Roles.ReadOnly, town.MeguroOrg), ("ピアサポーター", Roles.PeerSupporter, town.MeguroOrg),
                     ("協議の場事務局", Roles.ForumSecretariat, town.TokyoOrg), ("別の保健所(文京区)", Roles.MunicipalStaff, town.BunkyoOrg),
                     ("都の担当", Roles.PrefectureStaff, town.TokyoOrg),
                 })
        {
            var user = await app.CreateUserAsync($"sc-{list.Count}-{tag}", role, org, twoFactor: Roles.RequiresTwoFactor(role));
            list.Add((who, await app.SignInAsync(user), user));
        }

        return list;
    }

    [Fact]
    public async Task Live_counts_of_personal_records_are_exact_for_the_owning_organisation_and_protected_for_everyone_else()
    {
        var town = await SmallCountWorld.SeedAsync(app);
        var owner = await app.CreateUserAsync("sc-owner-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, town.MeguroOrg, twoFactor: true);
        var ownerClient = await app.SignInAsync(owner);

        // The owner: its own figures, exactly, on the plan, behind each count and on the sheet.
        var plan = WebUtility.HtmlDecode(await ownerClient.GetStringAsync($"/Plans/Details/{town.Meguro}?year={Year}"));
        Assert.Contains("数えたもの(1件)", plan, StringComparison.Ordinal);
        Assert.Contains("数えたもの(9件)", plan, StringComparison.Ordinal);
        Assert.Contains("数えたもの(12件)", plan, StringComparison.Ordinal);
        Assert.Contains("<strong>1件</strong>", WebUtility.HtmlDecode(await ownerClient.GetStringAsync($"/Plans/Count/{town.DischargeIndicator}")), StringComparison.Ordinal);
        var ownSheet = WebUtility.HtmlDecode(await ownerClient.GetStringAsync($"/Plans/Sheet/{town.Meguro}?year={Year + 1}"));
        Assert.Contains("実績1 ÷ 目標5", ownSheet, StringComparison.Ordinal);
        Assert.Contains("実績9 ÷ 目標20", ownSheet, StringComparison.Ordinal);
        Assert.Contains("1件", Cells(await ownerClient.GetByteArrayAsync($"/Plans/Sheet/{town.Meguro}?year={Year + 1}&handler=Xlsx")));

        var leaks = new List<string>();
        foreach (var (who, client, user) in await OutsidersAsync(town))
        {
            var details = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town.Meguro}?year={Year}"));
            Check(who, "計画", details, "数えたもの(1件)", "数えたもの(9件)", "実績1 ÷", "実績9 ÷", "20.0%", "45.0%");
            if (!details.Contains("10件未満", StringComparison.Ordinal))
            {
                leaks.Add($"{who}: 計画に「10件未満」がない");
            }

            foreach (var indicator in new[] { town.DischargeIndicator, town.LiaisonIndicator })
            {
                var count = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Count/{indicator}"));
                Check(who, "集計内容", count, "<strong>1件</strong>", "<strong>9件</strong>", "ほかに1件", "ほかに9件");
            }

            var sheet = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{town.Meguro}?year={Year + 1}"));
            Check(who, "報告シート", sheet, "実績1 ÷", "実績9 ÷", "現在 1件", "現在 9件");
            var cells = Cells(await client.GetByteArrayAsync($"/Plans/Sheet/{town.Meguro}?year={Year + 1}&handler=Xlsx"));
            if (cells.Contains("1件") || cells.Contains("9件"))
            {
                leaks.Add($"{who}: 報告シート(xlsx)に1件・9件");
            }

            var bundle = Cells(await client.GetByteArrayAsync($"/Plans?year={Year + 1}&regionId={town.Tokyo}&handler=Bundle"));
            if (bundle.Contains("1件") || bundle.Contains("9件"))
            {
                leaks.Add($"{who}: 管内の報告シート(xlsx)に1件・9件");
            }

            using var json = JsonDocument.Parse(await ApiAsync(user, $"/api/v1/regions/131105/plans/{Year}"));
            foreach (var indicator in json.RootElement.GetProperty("indicators").EnumerateArray())
            {
                var source = indicator.GetProperty("source");
                var live = source.GetProperty("liveCount");
                var actual = indicator.GetProperty("actual").GetString();
                if (live.ValueKind == JsonValueKind.Number && live.GetInt32() < 10 || actual is "1件" or "9件")
                {
                    leaks.Add($"{who}: API {source.GetProperty("kind").GetString()} = {live} / {actual}");
                }
            }
        }

        Assert.True(leaks.Count == 0, string.Join("\n", leaks));

        void Check(string who, string where, string body, params string[] forbidden)
        {
            foreach (var f in forbidden.Where(f => body.Contains(f, StringComparison.Ordinal)))
            {
                leaks.Add($"{who}: {where}に「{f}」");
            }
        }
    }

    [Fact]
    public async Task A_small_count_on_the_stats_page_cannot_be_worked_out_from_its_parent_and_its_sibling()
    {
        var town = await SmallCountWorld.SeedAsync(app);
        var owner = await app.CreateUserAsync("sc-stat-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, town.MeguroOrg, twoFactor: true);
        var readers = (await OutsidersAsync(town)).Select(o => (o.Who, o.Client)).Append(("目黒区の職員", await app.SignInAsync(owner))).ToList();
        var problems = new List<string>();
        foreach (var (who, client) in readers)
        {
            var tokyo = await OutreachCellsAsync(client, town.Tokyo);
            var meguro = await OutreachCellsAsync(client, town.Meguro);
            var bunkyo = await OutreachCellsAsync(client, town.Bunkyo);
            for (var column = 0; column < 2; column++)
            {
                // 文京区's 3 is small (its own staff see it); 東京都 15 − 目黒区 12 would give it back, so one of the two must be hidden too.
                if (bunkyo[column] != (who == "別の保健所(文京区)" ? "3" : "10未満"))
                {
                    problems.Add($"{who}: 文京区 {bunkyo[column]}");
                }

                if (IsNumber(tokyo[column]) && IsNumber(meguro[column]))
                {
                    problems.Add($"{who}: 東京都 {tokyo[column]} − 目黒区 {meguro[column]}");
                }
            }

            if (who == "目黒区の職員")
            {
                // The owner sees its own 12 exactly, so the total is what must be hidden from it.
                Assert.Equal("12", meguro[0]);
                Assert.False(IsNumber(tokyo[0]), $"東京都 {tokyo[0]}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_count_frozen_at_evaluation_stays_protected_and_next_year_starts_from_the_protected_figure()
    {
        var town = await SmallCountWorld.SeedAsync(app);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var owner = await app.CreateUserAsync("sc-bk-" + tag, Roles.MunicipalStaff, town.BunkyoOrg, twoFactor: true);
        var neighbour = await app.CreateUserAsync("sc-mg-" + tag, Roles.MunicipalStaff, town.MeguroOrg, twoFactor: true);
        var planId = await app.WithDbAsync(async (db, _) =>
        {
            var bunkyo = await db.Regions.SingleAsync(r => r.Id == town.Bunkyo);
            var plan = Plan.Create(bunkyo, Year);
            plan.AddIndicator(new IndicatorInput("アウトリーチ支援の対象者数", "人", PeriodBasis.PerYear, Direction.MoreIsBetter, "1人", "5人", null, null, null, null,
                new OutreachClientsSource(), null, null));
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return plan.Id;
        });
        var ownerClient = await app.SignInAsync(owner);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(ownerClient, $"/Plans/Evaluate/{planId}", new() { ["confirm"] = "true" }));
        Assert.Equal("3人", await app.WithDbAsync((db, _) => db.PlanIndicators.Where(i => i.PlanId == planId).Select(i => i.Actual).SingleAsync()));

        // The owner reads its frozen 3; the 保健所 next door does not, nor the achievement that would give it back.
        Assert.Contains("60.0%", WebUtility.HtmlDecode(await ownerClient.GetStringAsync($"/Plans/Details/{town.Bunkyo}?year={Year}")), StringComparison.Ordinal);
        var seen = WebUtility.HtmlDecode(await (await app.SignInAsync(neighbour)).GetStringAsync($"/Plans/Details/{town.Bunkyo}?year={Year}"));
        Assert.Contains("10人未満", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("3人", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("60.0%", seen, StringComparison.Ordinal);
        // Nor the audit log, which administrators read.
        Assert.False(await app.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.RecordType == "Plan" && a.Detail!.Contains("3人"))));

        // Next year's plan is read by everyone: it starts from the protected figure, not from the 3.
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(ownerClient, $"/Plans/Details/{town.Bunkyo}?year={Year}", new() { ["year"] = $"{Year}" },
            $"/Plans/Details/{town.Bunkyo}?handler=Copy"));
        Assert.Equal("10人未満", await app.WithDbAsync((db, _) => db.PlanIndicators.Where(i => i.Plan.RegionId == town.Bunkyo && i.Plan.FiscalYear == Year + 1)
            .Select(i => i.Baseline).SingleAsync()));
    }

    /// <summary>The アウトリーチ row of the stats page: 年度内に開始, 現在支援中, 年度内に終了.</summary>
    private static async Task<string[]> OutreachCellsAsync(HttpClient client, int regionId)
    {
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Cases/Stats?regionId={regionId}&year={Year}"));
        var row = Regex.Match(html, "<tr><th scope=\"row\">アウトリーチ[^<]*</th>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, "no outreach row");
        return [.. Regex.Matches(row.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(m => m.Groups[1].Value.Trim())];
    }

    private static bool IsNumber(string text) => int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out _);

    private static HashSet<string> Cells(byte[] xlsx) => [.. Nimo.Tests.Features.Plans.PlanTests.XlsxText(xlsx).Split('\n')];

    private async Task<string> ApiAsync(TestUser user, string url)
    {
        var response = await (await app.ApiClientAsync(user)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>The command line prints the sheet as someone outside the owning organisations reads it.</summary>
[Collection("cli")]
public sealed class SmallCountCliTests
{
    [Fact]
    public async Task Export_report_prints_small_counts_of_personal_records_protected()
    {
        using var app = new AppFactory();
        await SmallCountWorld.SeedAsync(app);
        var folder = System.IO.Directory.CreateTempSubdirectory("nimo-sheet-");
        try
        {
            foreach (var format in new[] { "html", "xlsx" })
            {
                var output = Path.Combine(folder.FullName, "sheet." + format);
                var (code, _, error) = await CliRunner.RunAsync(app.Database, "export-report", "--region", "131105", "--year", "2026", "--format", format, "--out", output,
                    "--contentRoot", WebProject());
                Assert.True(code == 0, error);
                var text = format == "html" ? WebUtility.HtmlDecode(await File.ReadAllTextAsync(output)) : Nimo.Tests.Features.Plans.PlanTests.XlsxText(await File.ReadAllBytesAsync(output));
                Assert.DoesNotContain("実績1 ÷", text, StringComparison.Ordinal);
                Assert.DoesNotContain("実績9 ÷", text, StringComparison.Ordinal);
                Assert.DoesNotContain("1件", text.Split('\n', '>', '<'));
                Assert.DoesNotContain("9件", text.Split('\n', '>', '<'));
                Assert.Contains("10件未満", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The web project's folder, for the stylesheet the HTML sheet embeds.</summary>
    private static string WebProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Nimo.Web");
            if (System.IO.Directory.Exists(Path.Combine(candidate, "wwwroot")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("src/Nimo.Web not found");
    }
}
