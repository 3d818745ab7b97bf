using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Forums;
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
}
