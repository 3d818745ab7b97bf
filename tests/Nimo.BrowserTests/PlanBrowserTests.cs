using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Plans;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;

namespace Nimo.BrowserTests;

/// <summary>
/// The PDCA chain by hand: a regional issue from a meeting becomes a plan's challenge, an indicator counts the
/// forum's meetings live, a new meeting changes the count, and the report sheet shows it.
/// </summary>
[Collection(LiveAppCollection.Name)]
public sealed class PlanBrowserTests(LiveApp app)
{
    [Fact]
    public async Task A_regional_issue_becomes_a_challenge_whose_live_indicator_follows_a_new_meeting_into_the_sheet()
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..4];
        var (forumId, issueId) = await app.WithDbAsync(async (db, _) =>
        {
            var townOrg = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.TownOffice.Id);
            var forum = Forum.Create(townOrg.Region, "みどり町協議の場" + tag, ForumKind.Main, null);
            forum.Update(forum.Name, ForumKind.Main, null, "町の支援体制を協議する", townOrg, "年4回", ForumStatus.Established, "地域課題の共有", null);
            forum.AddMember(townOrg, null, MemberRole.Secretariat, Sector.Government, null, null, null);
            db.Forums.Add(forum);
            await db.SaveChangesAsync();
            var held = Meeting.Create(forum, "第1回協議の場" + tag, new DateTimeOffset(2026, 6, 15, 14, 0, 0, JapanTime.Offset), null, MeetingFormat.InPerson, null);
            held.Schedule(held.Title, held.StartsAt, null, MeetingFormat.InPerson, null, MeetingStatus.Held);
            db.Meetings.Add(held);
            await db.SaveChangesAsync();
            var issue = RegionalIssue.Raise(forum, held, null, "退院後に通院が途切れる" + tag, "退院後の支援体制がない", IssueCategory.Medical, null, "town", new DateTimeOffset(2026, 6, 15, 16, 0, 0, JapanTime.Offset));
            db.RegionalIssues.Add(issue);
            await db.SaveChangesAsync();
            return (forum.Id, issue.Id);
        });
        var user = await app.CreateUserAsync("plan-" + tag, Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var violations = new List<string>();
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, user);
        var main = page.Locator("main");

        // The plan for this 年度.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "機能" }).GetByRole(AriaRole.Link, new() { Name = "計画・評価" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "みどり町", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "令和8年度の計画を作成" }).ClickAsync();
        await page.GetByLabel("タイトル・スローガン").FillAsync("みどり町 安心して帰れるまち" + tag);
        await page.GetByLabel("特徴(強み)").FillAsync("小さな町で顔の見える関係がある");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("計画を保存しました。");

        // The issue from the meeting becomes a challenge.
        await page.GotoAsync($"/Forums/Issue/{issueId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "みどり町の令和8年度計画の課題にする" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("から課題を作成します");
        await page.GetByLabel("医療").FillAsync("退院前カンファレンスに地域の支援者を招く");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("もとになった地域課題: 退院後に通院が途切れる" + tag);

        // An indicator bound to the forum's meetings.
        await page.GetByRole(AriaRole.Link, new() { Name = "指標を追加" }).ClickAsync();
        await page.GetByLabel("指標(課題解決の達成度を測る指標)").FillAsync("協議の場の開催回数");
        await page.GetByLabel("対応する課題").SelectOptionAsync(new SelectOptionValue { Label = "退院後に通院が途切れる" + tag });
        await page.GetByLabel("実績値の取り方").SelectOptionAsync(new SelectOptionValue { Label = "協議の場(部会等を含む)の年度内の開催回数" });
        await page.GetByLabel("数える協議の場").SelectOptionAsync(new SelectOptionValue { Label = $"みどり町協議の場{tag}(みどり町)" });
        await page.GetByLabel("単位").FillAsync("回");
        await page.GetByLabel("現状値(今年度当初)").FillAsync("2回");
        await page.GetByLabel("目標値(今年度末)").FillAsync("4回");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "plan-indicator-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        var row = main.GetByRole(AriaRole.Row).Filter(new() { HasText = "協議の場の開催回数" });
        await Assertions.Expect(row).ToContainTextAsync("1回");
        await Assertions.Expect(row).ToContainTextAsync("25.0%");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var planUrl = page.Url;

        // A new meeting, held: the count follows.
        await page.GotoAsync($"/Forums/Details/{forumId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "会議を追加" }).ClickAsync();
        await page.GetByLabel("会議名").FillAsync("第2回協議の場" + tag);
        await page.GetByLabel("開催日").FillAsync("2026-11-10");
        await page.GetByLabel("開始時刻").FillAsync("14:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("第2回協議の場" + tag);
        await page.GetByLabel("決定事項(1行に1つ)").FillAsync("退院前カンファレンスの試行");
        await page.GetByRole(AriaRole.Button, new() { Name = "記録を保存" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("開催済");

        await page.GotoAsync(planUrl);
        await Assertions.Expect(row).ToContainTextAsync("2回");
        await Assertions.Expect(row).ToContainTextAsync("50.0%");
        await LiveApp.ScreenshotAsync(page, "plan-details");
        await row.GetByRole(AriaRole.Link, new() { Name = "数えたもの(2件)" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("第2回協議の場" + tag);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // The sheet shows it.
        await page.GotoAsync(planUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "報告様式を表示" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("自動集計: 現在 2回");
        await Assertions.Expect(main).ToContainTextAsync("退院前カンファレンスに地域の支援者を招く");
        await Assertions.Expect(main).ToContainTextAsync("7 精神障害にも対応した地域包括ケアシステムの構築のための協議の場の実施状況");
        await LiveApp.ScreenshotAsync(page, "plan-sheet");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Excel(.xlsx)で出力" }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);

        // 年度末 evaluation freezes it.
        await page.GotoAsync(planUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "年度末の評価を入力して確定" }).ClickAsync();
        await page.GetByLabel("具体的な成果・効果").FillAsync("部会と連動して課題を共有できた");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "評価を確定" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("評価確定済");
        await Assertions.Expect(main).ToContainTextAsync("評価確定時の自動集計値");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        foreach (var path in new[] { "/Plans", $"/Plans/Sheet/{world.TownOffice.RegionId}?year=2026&compare=true" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task A_plan_from_a_skipped_year_becomes_this_years_plan_directly_and_its_sheet_reports_the_last_results(int width, int height)
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var (townId, orgId) = await NewTownAsync("とびこし町" + tag);
        await app.WithDbAsync(async db =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == townId);
            var plan = Plan.Create(region, 2023);
            plan.SetTexts(plan.Texts with { Title = "とびこし町 安心して帰れるまち" + tag });
            var challenge = plan.AddChallenge("退院後の切れ目ない支援", "退院前からの関係づくり", ["支援計画の作成", null, null, null], null);
            var outreach = plan.AddIndicator(new IndicatorInput("アウトリーチ支援対象者", "人", PeriodBasis.PerYear, Direction.MoreIsBetter, "5人", "8人以上", null, null, null, null, null, null, null));
            outreach.Challenge = challenge;
            plan.RecordResult(outreach, "12人", "困難事例の共有が定着");
            plan.AddIndicator(new IndicatorInput("研修会の開催", "回", PeriodBasis.PerYear, Direction.MoreIsBetter, "1回", "2回", null, null, null, null, null, null, null));
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
        });
        var user = await app.CreateUserAsync("skip-" + tag, Roles.MunicipalStaff, orgId, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var violations = new List<string>();
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(width, height);
        await app.SignInAsync(page, user);
        var main = page.Locator("main");

        // This 年度 (令和8年度) has no plan and 令和6・7年度 were skipped: the latest plan offers this 年度 first.
        await LiveApp.OpenAreaAsync(page, "計画・評価");
        await page.GetByLabel("年度").SelectOptionAsync("2023");
        await page.GetByLabel("地域", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "テスト県" });
        await page.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "とびこし町" + tag, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync($"とびこし町{tag} の計画(令和5年度)");
        await Assertions.Expect(page.GetByLabel("引き継ぎ先の年度")).ToHaveValueAsync("2026");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "次年度以降に引き継ぐ" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("令和5年度の計画を引き継いで、令和8年度の計画を作成しました。");
        await Assertions.Expect(main).ToContainTextAsync("指標1件の現状値には、令和5年度の実績値を入れました。");
        await Assertions.Expect(main).ToContainTextAsync("令和6年度から令和7年度までの計画はないため");
        var row = main.GetByRole(AriaRole.Row).Filter(new() { HasText = "アウトリーチ支援対象者" });
        await Assertions.Expect(row).ToContainTextAsync("12人");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "年度" })).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\s*令和5年度\\s*令和8年度\\s*$"));
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"plan-skip-{width}-carried");

        await page.GetByRole(AriaRole.Link, new() { Name = "報告様式を表示" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("<令和5年度までの成果・効果>");
        await Assertions.Expect(main).ToContainTextAsync("困難事例の共有が定着");
        await Assertions.Expect(main).ToContainTextAsync("とびこし町 安心して帰れるまち" + tag);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"plan-skip-{width}-sheet");

        // The years either side, at the same width.
        foreach (var path in new[] { $"/Plans/Details/{townId}?year=2026", $"/Plans/Sheet/{townId}?year=2026", $"/Plans/Details/{townId}?year=2023", $"/Plans/Details/{townId}?year=2027" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
            await LiveApp.ScreenshotAsync(page, $"plan-skip-{width}" + path.Replace('/', '_').Replace('?', '_'));
        }

        Assert.Equal([2023, 2026], await app.WithDbAsync((db, _) => db.Plans.Where(p => p.RegionId == townId).Select(p => p.FiscalYear).OrderBy(y => y).ToListAsync()));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_printed_sheet_keeps_section_1_on_its_first_a4_page_and_gives_the_forum_notes_room()
    {
        var tag = Guid.NewGuid().ToString("N")[..4];
        var (townId, orgId) = await NewTownAsync("いんさつ町" + tag);
        await app.WithDbAsync(async db =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == townId);
            var org = await db.Organizations.SingleAsync(o => o.Id == orgId);
            // A full §1 as the seeds fill it: every figure with its 時点 and a long source, and a long lead above it.
            var profile = RegionProfile.Create(region, 2026);
            var asOf = new WarekiValue(WarekiPrecision.YearMonth, 2026, 4, 0);
            foreach (var d in Figures.All)
            {
                profile.SetFigure(d.Key, d.Kind == FigureKind.Percent ? 62.5m : d.Kind == FigureKind.YesNo ? 1m : 120m, asOf, "いんさつ町 構築支援事業報告様式(R8)", null);
            }

            profile.SetFigure(FigureKey.InpatientsTotal, 360m, asOf, "630調査", null);
            profile.SetFigure(FigureKey.InpatientsOver1Year, 120m, asOf, "630調査", null);
            profile.SetFigure(FigureKey.InpatientsOver1YearUnder65, 60m, asOf, "630調査", null);
            profile.SetFigure(FigureKey.InpatientsOver1YearOver65, 60m, asOf, "630調査", null);
            profile.SetFigure(FigureKey.Municipalities, 1m, asOf, "いんさつ町 構築支援事業報告様式(R8)", null);
            profile.SetFigure(FigureKey.ForumMunicipalitiesWith, 1m, asOf, "いんさつ町 構築支援事業報告様式(R8)", null);
            profile.SetFigure(FigureKey.DisabilityWelfareAreas, 1m, asOf, "いんさつ町 構築支援事業報告様式(R8)", null);
            profile.SetFigure(FigureKey.ForumAreasWith, 1m, asOf, "いんさつ町 構築支援事業報告様式(R8)", null);
            profile.SetActivities("協議の場の運営\n退院後支援の推進\nピアサポーターの養成");
            profile.Stamp(ProfileCalculator.Compute(profile, new DateOnly(2026, 11, 20)).Findings, "テストデータ", "test", app.Clock.GetUtcNow());
            db.RegionProfiles.Add(profile);
            var plan = Plan.Create(region, 2026);
            plan.SetTexts(plan.Texts with
            {
                Title = "「安心して 帰れる 帰せる 暮らしがつづく いんさつ町」",
                Lead = string.Concat(Enumerable.Repeat("いんさつ町では、精神障害の有無や程度にかかわらず、誰もが地域の一員として安心して自分らしく暮らすことができるよう、関係者が参加する協議の場を通じて支援体制を構築します。", 3)),
            });
            db.Plans.Add(plan);
            var forum = Forum.Create(region, "いんさつ町 協議の場" + tag, ForumKind.Main, null);
            forum.Update(forum.Name, ForumKind.Main, null, "支援体制の協議", org, "年2回", ForumStatus.Established, "協議会を軸に各事業に取り組んでいる",
                "広域アドバイザーの支援を受けながら一体となって取り組んでいる。退院後支援の困難事例を共有している。");
            forum.AddMember(org, null, MemberRole.Secretariat, Sector.Government, null, null, null);
            db.Forums.Add(forum);
            await db.SaveChangesAsync();
        });
        var user = await app.CreateUserAsync("print-" + tag, Roles.MunicipalStaff, orgId, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, user);
        await page.GotoAsync($"/Plans/Sheet/{townId}?year=2026");
        await page.EmulateMediaAsync(new() { Media = Media.Print });

        // §7: the notes column is as wide as the activities column (it was an eighth of the table).
        var widths = await page.EvaluateAsync<double[]>(@"() => {
            const table = document.querySelector('.sheet-section-7 .sheet-table');
            const cells = [...table.querySelectorAll('thead th')];
            return [table.getBoundingClientRect().width, cells[3].getBoundingClientRect().width, cells[4].getBoundingClientRect().width];
        }");
        Assert.True(widths[2] >= widths[0] * 0.2, $"特記事項 is {widths[2]:0} of {widths[0]:0} px");
        Assert.True(widths[2] >= widths[1] * 0.9, $"特記事項 {widths[2]:0} px against 実施内容 {widths[1]:0} px");

        // §1 whole on page 1, §2 on page 2: no half-empty page after a spilled tail of §1.
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true });
        var text = await PdfPagesAsync(pdf);
        Assert.Contains("1 県、指定都市、中核市、特別区の基礎情報", text[0], StringComparison.Ordinal);
        Assert.Contains("協議の場の設置状況 市町村(設置数)", text[0], StringComparison.Ordinal);
        Assert.StartsWith("2 精神障害にも対応した", text[1].TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("ホーム", text[0], StringComparison.Ordinal);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>The text of each page of a PDF, by poppler's pdftotext.</summary>
    private static async Task<string[]> PdfPagesAsync(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("nimo-pdf-");
        try
        {
            var file = Path.Combine(dir.FullName, "sheet.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            var start = new ProcessStartInfo("pdftotext", ["-layout", file, "-"]) { RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return output.Split('\f');
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A municipality of the test prefecture with an office of its own, so the test's plans are only its own.</summary>
    private async Task<(int RegionId, int OrganizationId)> NewTownAsync(string name)
    {
        await app.CreateWorldAsync();
        return await app.WithDbAsync(async (db, _) =>
        {
            var prefecture = await db.Regions.SingleAsync(r => r.Code == "470007");
            var used = await db.Regions.Where(r => r.Code != null && r.Code.StartsWith("478")).Select(r => r.Code!).ToListAsync();
            for (var n = 800; n < 900; n++)
            {
                var body = "47" + n.ToString(CultureInfo.InvariantCulture);
                var code = body + LocalGovernmentCode.CheckDigit(body).ToString(CultureInfo.InvariantCulture);
                if (!used.Contains(code))
                {
                    var town = Region.Create(code, name, "まち", RegionKind.Municipality, MunicipalityFlags.None, prefecture);
                    var office = Organization.Create(name + "役場", "やくば", OrganizationKind.LocalGovernment, town);
                    db.AddRange(town, office);
                    await db.SaveChangesAsync();
                    return (town.Id, office.Id);
                }
            }

            throw new InvalidOperationException("no code left");
        });
    }
}
