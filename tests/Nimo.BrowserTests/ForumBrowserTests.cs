using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Forums;
using Nimo.Platform.Identity;

namespace Nimo.BrowserTests;

/// <summary>A municipal secretariat runs a meeting end to end and gets an answer from the prefecture.</summary>
[Collection(LiveAppCollection.Name)]
public sealed class ForumBrowserTests(LiveApp app)
{
    [Fact]
    public async Task A_meeting_is_held_an_issue_escalated_answered_by_the_prefecture_and_seen_back_in_the_town()
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..4];
        var townForumId = await app.WithDbAsync(async (db, _) =>
        {
            var prefOrg = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.Prefecture.Id);
            var townOrg = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.TownOffice.Id);
            var pref = Forum.Create(prefOrg.Region, "テスト県協議の場" + tag, ForumKind.Main, null);
            pref.Update(pref.Name, ForumKind.Main, null, null, prefOrg, "年2回", ForumStatus.Established, null, null);
            var town = Forum.Create(townOrg.Region, "みどり町協議の場" + tag, ForumKind.Main, pref);
            town.Update(town.Name, ForumKind.Main, pref, "町の支援体制を協議する", townOrg, "年4回", ForumStatus.Established, null, null);
            town.AddMember(townOrg, null, MemberRole.Secretariat, Sector.Government, null, null, null);
            town.AddMember(null, "みどり家族会", MemberRole.Member, Sector.Family, null, null, null);
            town.AddMember(null, "ひだまりクリニック", MemberRole.Chair, Sector.Medical, null, null, null);
            db.Forums.AddRange(pref, town);
            await db.SaveChangesAsync();
            return town.Id;
        });
        var townUser = await app.CreateUserAsync("town-" + tag, Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        var prefUser = await app.CreateUserAsync("pref-" + tag, Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var violations = new List<string>();

        var (townContext, town, townErrors) = await app.NewPageAsync();
        await using var _ = townContext;
        await app.SignInAsync(town, townUser);
        await town.GetByRole(AriaRole.Navigation, new() { Name = "機能" }).GetByRole(AriaRole.Link, new() { Name = "協議の場" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));
        await town.GetByRole(AriaRole.Link, new() { Name = "みどり町協議の場" + tag }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));

        // Create the meeting.
        await town.GetByRole(AriaRole.Link, new() { Name = "会議を追加" }).ClickAsync();
        await town.GetByLabel("会議名").FillAsync("令和8年度 第3回 協議の場");
        await town.GetByLabel("開催日").FillAsync("2026-12-10");
        await town.GetByLabel("開始時刻").FillAsync("14:00");
        await town.GetByLabel("終了時刻").FillAsync("15:30");
        await town.GetByLabel("形式").SelectOptionAsync(new SelectOptionValue { Label = "対面" });
        await town.GetByLabel("場所").FillAsync("みどり町役場 第1会議室");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));
        await town.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(town.Locator("main h1")).ToHaveTextAsync("令和8年度 第3回 協議の場");

        // Record attendance, minutes and decisions.
        await town.GetByLabel("みどり家族会(家族)").CheckAsync();
        await town.GetByLabel("ひだまりクリニック(医療)").CheckAsync();
        var guest = town.GetByRole(AriaRole.Group, new() { Name = "出席者1", Exact = true });
        await guest.GetByLabel("氏名").FillAsync("相談員");
        await guest.GetByLabel("所属(登録のない団体)").FillAsync("県精神保健福祉センター");
        await guest.GetByLabel("分野").SelectOptionAsync(new SelectOptionValue { Label = "保健" });
        await town.GetByLabel("議題(1行に1つ)").FillAsync("夜間の相談体制\n退院後の支援");
        await town.GetByLabel("議事録", new() { Exact = true }).FillAsync("家族会から夜間の相談先がないとの意見があった。");
        await town.GetByLabel("決定事項(1行に1つ)").FillAsync("夜間相談の課題を県に提起する");
        await town.GetByRole(AriaRole.Button, new() { Name = "記録を保存" }).ClickAsync();
        var main = town.Locator("main");
        await Assertions.Expect(main).ToContainTextAsync("会議の記録を保存しました。");
        await Assertions.Expect(main).ToContainTextAsync("出席(3名)");
        await Assertions.Expect(main).ToContainTextAsync("家族 1");
        await Assertions.Expect(main).ToContainTextAsync("開催済");
        await LiveApp.ScreenshotAsync(town, "forum-meeting");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));

        // Raise an issue from the meeting and escalate it.
        await town.GetByRole(AriaRole.Link, new() { Name = "この会議で出た地域課題を登録" }).ClickAsync();
        await town.GetByLabel("課題").FillAsync("夜間に相談できる先がない");
        await town.GetByLabel("内容").FillAsync("家族会から、夜間・休日に相談できる窓口がないとの声");
        await town.GetByLabel("分類(にも包括の要素)").SelectOptionAsync(new SelectOptionValue { Label = "保健・予防" });
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));
        await town.GetByRole(AriaRole.Button, new() { Name = "登録" }).ClickAsync();
        await town.GetByLabel($"「テスト県協議の場{tag}」に提起する(求めること)").FillAsync("県域での夜間相談窓口の検討をお願いしたい");
        await town.GetByRole(AriaRole.Button, new() { Name = "上位の協議の場に提起する" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("上位へ提起中");
        await Assertions.Expect(main).ToContainTextAsync("回答待ち");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));
        var issueUrl = town.Url;

        // The prefecture answers.
        var (prefContext, pref, prefErrors) = await app.NewPageAsync();
        await using var __ = prefContext;
        await app.SignInAsync(pref, prefUser);
        await pref.GotoAsync("/Forums/Issues");
        await Assertions.Expect(pref.Locator("main")).ToContainTextAsync("あなたの協議の場の回答を待っている提起(1)");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(pref));
        await pref.GetByRole(AriaRole.Link, new() { Name = "夜間に相談できる先がない" }).First.ClickAsync();
        await pref.GetByLabel($"テスト県協議の場{tag}としての回答").FillAsync("来年度、県で夜間相談のモデル事業を実施します。");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(pref));
        await pref.GetByRole(AriaRole.Button, new() { Name = "回答する" }).ClickAsync();
        await Assertions.Expect(pref.Locator("main")).ToContainTextAsync("回答を記録しました。");

        // Back in the town, the answer is there.
        await town.GotoAsync(issueUrl);
        await Assertions.Expect(main).ToContainTextAsync("回答あり");
        await Assertions.Expect(main).ToContainTextAsync("来年度、県で夜間相談のモデル事業を実施します。");
        await LiveApp.ScreenshotAsync(town, "forum-issue-answered");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));

        foreach (var path in new[] { "/Forums/Calendar?month=2026-12", "/Forums/Report", $"/Forums/Edit/{townForumId}", $"/Forums/Hearing?forumId={townForumId}" })
        {
            await town.GotoAsync(path);
            await Assertions.Expect(town.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(town));
            await LiveApp.ScreenshotAsync(town, "forum" + path.Replace('/', '_').Replace('?', '_'));
        }

        await Assertions.Expect(town.Locator("main")).Not.ToContainTextAsync("Exception");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(townErrors.Count == 0 && prefErrors.Count == 0, string.Join("\n", townErrors.Concat(prefErrors)));
    }

    /// <summary>
    /// The day after a meeting nobody recorded, its secretary opens the home page, follows the reminder, records who came
    /// (members ticked, guests as rows: one from an unregistered body, one from a registered organisation, a row added
    /// with the button), the minutes, and saves; at a desk and on a phone, with axe on every step.
    /// </summary>
    [Theory]
    [InlineData(1366, 900)]
    [InlineData(390, 844)]
    public async Task A_meeting_past_its_date_is_recorded_from_the_home_page_reminder(int width, int height)
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..4];
        var title = $"第4回 協議の場 {tag}";
        await app.WithDbAsync(async db =>
        {
            var townOrg = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.TownOffice.Id);
            var family = await db.Organizations.SingleAsync(o => o.Id == world.TownFamilyAssociation.Id);
            var town = Forum.Create(townOrg.Region, "みどり町協議の場" + tag, ForumKind.Main, null);
            town.Update(town.Name, ForumKind.Main, null, null, townOrg, "年4回", ForumStatus.Established, null, null);
            town.AddMember(townOrg, null, MemberRole.Secretariat, Sector.Government, null, null, null);
            town.AddMember(family, null, MemberRole.Member, Sector.Family, null, null, null);
            town.AddMember(null, "ひだまりクリニック", MemberRole.Chair, Sector.Medical, null, null, null);
            db.Forums.Add(town);
            var start = app.Clock.GetUtcNow().AddDays(-1);
            db.Meetings.Add(Meeting.Create(town, title, start, start.AddHours(1.5), MeetingFormat.InPerson, "みどり町役場 第1会議室"));
            await db.SaveChangesAsync();
        });
        var townUser = await app.CreateUserAsync($"rec-{width}-{tag}", Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var violations = new List<string>();
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(width, height);
        await app.SignInAsync(page, townUser);
        var main = page.Locator("main");

        // Home: the reminder, linked to the record form.
        var reminders = main.Locator(".panel").Filter(new() { HasText = "開催日を過ぎた会議の記録" });
        await Assertions.Expect(reminders).ToContainTextAsync(title);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"record-{width}-home");
        await reminders.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        await Assertions.Expect(main).ToContainTextAsync("記録待ち");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // Attendance: two members ticked, a guest from an unregistered body, then a second row for a registered organisation.
        await page.GetByLabel("みどり家族会(家族)").CheckAsync();
        await page.GetByLabel("ひだまりクリニック(医療)").CheckAsync();
        var first = page.GetByRole(AriaRole.Group, new() { Name = "出席者1", Exact = true });
        await first.GetByLabel("氏名").FillAsync("佐藤 一郎");
        await first.GetByLabel("所属(登録のない団体)").FillAsync("県精神保健福祉センター");
        await first.GetByLabel("分野").SelectOptionAsync(new SelectOptionValue { Label = "保健" });
        await page.GetByLabel("議事録", new() { Exact = true }).FillAsync("夜間の相談先について意見交換した。");
        await page.GetByRole(AriaRole.Button, new() { Name = "出席者の行を追加" }).ClickAsync();

        // The form comes back with everything typed so far, and a second row.
        var second = page.GetByRole(AriaRole.Group, new() { Name = "出席者2", Exact = true });
        await Assertions.Expect(second).ToBeVisibleAsync();
        await Assertions.Expect(first.GetByLabel("氏名")).ToHaveValueAsync("佐藤 一郎");
        await Assertions.Expect(page.GetByLabel("議事録", new() { Exact = true })).ToHaveValueAsync("夜間の相談先について意見交換した。");
        await Assertions.Expect(page.GetByLabel("みどり家族会(家族)")).ToBeCheckedAsync();
        await second.GetByLabel("氏名").FillAsync("山田 花子");
        await second.GetByLabel("所属(登録済みの機関)").SelectOptionAsync(new SelectOptionValue { Label = "みどり家族会(みどり町)" });
        await second.GetByLabel("分野").SelectOptionAsync(new SelectOptionValue { Label = "家族" });
        await page.GetByLabel("決定事項(1行に1つ)").FillAsync("夜間相談の課題を圏域に提起する");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"record-{width}-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "記録を保存" }).ClickAsync();

        await Assertions.Expect(main).ToContainTextAsync("会議の記録を保存しました。");
        await Assertions.Expect(main).ToContainTextAsync("出席(4名)");
        await Assertions.Expect(main).ToContainTextAsync("佐藤 一郎(県精神保健福祉センター)");
        await Assertions.Expect(main).ToContainTextAsync("山田 花子(みどり家族会)");
        await Assertions.Expect(main.Locator("dl.facts")).ToContainTextAsync("開催済");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"record-{width}-saved");

        // Home again: nothing left to record.
        await page.GotoAsync("/");
        await Assertions.Expect(main).Not.ToContainTextAsync(title);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
