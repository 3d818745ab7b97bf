using Microsoft.Playwright;
using Nimo.Platform.Identity;

namespace Nimo.BrowserTests;

/// <summary>
/// A 退院後支援 case from the hospital's notification to its end, and a liaison sheet that the receiving
/// 相談支援事業所 acknowledges and answers; axe-core on every page on the way.
/// </summary>
[Collection(LiveAppCollection.Name)]
public sealed class SupportBrowserTests(LiveApp app)
{
    [Fact]
    public async Task A_discharge_support_case_runs_from_notification_to_end_and_a_liaison_sheet_is_acknowledged()
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..4];
        var nurse = await app.CreateUserAsync("nurse-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var partner = await app.CreateUserAsync("partner-" + tag, Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var violations = new List<string>();
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, nurse);
        var main = page.Locator("main");
        var name = "見本 退院" + tag;

        // Register the person.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "機能" }).GetByRole(AriaRole.Link, new() { Name = "対象者" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "対象者を登録" }).ClickAsync();
        await page.GetByLabel("氏名", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("ふりがな").FillAsync("みほん たいいん");
        await page.GetByLabel("生年月日").FillAsync("1980-04-01");
        await page.GetByLabel("性別").SelectOptionAsync(new SelectOptionValue { Label = "男性" });
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("対象者を登録しました。");
        var clientUrl = page.Url;

        // The person's consent, naming the 相談支援事業所 the sheet will go to.
        await page.GetByRole(AriaRole.Link, new() { Name = "同意を記録" }).ClickAsync();
        await page.GetByLabel("目的").SelectOptionAsync(new SelectOptionValue { Label = "支援全般" });
        await page.GetByLabel("同意の範囲(共有する情報)").FillAsync("退院後支援計画、支援記録、地域連携票");
        await page.GetByLabel("共有先の機関").SelectOptionAsync(new SelectOptionValue { Label = "あおば相談支援センター(あおば市)" });
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "同意を記録" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("同意を記録しました。");

        // The hospital's notification opens the case.
        await page.GetByRole(AriaRole.Link, new() { Name = "支援ケースを開始" }).ClickAsync();
        await page.GetByLabel("事業").SelectOptionAsync(new SelectOptionValue { Label = "措置入院者等退院後支援" });
        await page.GetByLabel("紹介・通知の内容(病院からの通知、紹介元など)").FillAsync("あおば病院(架空)から措置入院者の退院予定の通知");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "開始" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("受付");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var caseUrl = page.Url;

        // The plan, on the recorded consent.
        await page.GetByLabel("計画の根拠となる同意(退院後支援・支援全般)").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "退院後支援計画を作成" }).ClickAsync();
        await page.GetByLabel("入院先").FillAsync("あおば病院(架空)");
        await page.GetByLabel("退院後の生活に関する本人の希望").FillAsync("自宅に戻って仕事を探したい");
        await page.GetByLabel("退院後に必要な支援(1行に1つ: 内容|担当する機関|連絡先)").FillAsync("通院|あおば病院(架空)|000-0000-0000\n計画相談|あおば相談支援センター|");
        await page.GetByLabel("病状が悪化した場合の対処方針").FillAsync("眠れない日が続いたら保健所に電話する");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("退院後支援計画を保存しました。");

        // 支援関係者会議 before discharge: police without the recorded exception is refused.
        await page.GetByRole(AriaRole.Link, new() { Name = "支援関係者会議を記録" }).ClickAsync();
        await page.GetByLabel("開催日").FillAsync("2026-10-25");
        await page.GetByLabel("参加者(1行に1人: 氏名|所属|種別)").FillAsync($"{name}||本人\nあおば病院 精神保健福祉士|あおば病院|入院先病院\n生活安全課 担当|あおば警察署|警察");
        await page.GetByRole(AriaRole.Button, new() { Name = "記録" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("警察は、犯罪防止を目的として参加することはできません");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByLabel("参加者(1行に1人: 氏名|所属|種別)").FillAsync($"{name}||本人\nあおば病院 精神保健福祉士|あおば病院|入院先病院");
        await page.GetByRole(AriaRole.Button, new() { Name = "記録" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("会議を記録しました。");

        // Discharge starts the six months.
        await page.GetByLabel("退院日").FillAsync("2026-11-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "退院を記録して支援を開始" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("支援中");
        await Assertions.Expect(main).ToContainTextAsync("令和9年4月30日");
        await page.GetByLabel("主な内容").FillAsync("退院後初回訪問");
        await page.GetByLabel("記録", new() { Exact = true }).FillAsync("服薬できている。日中は自宅で過ごしている。");
        await page.GetByRole(AriaRole.Button, new() { Name = "支援記録を追加" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("服薬できている。");
        await LiveApp.ScreenshotAsync(page, "support-case");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // A liaison sheet to the 相談支援事業所.
        await page.GotoAsync(clientUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "地域連携票を送る" }).ClickAsync();
        await page.GetByLabel("連絡の理由").FillAsync("計画相談の依頼");
        await page.GetByLabel("本人の状況").FillAsync("11月1日に退院。仕事を探したいとの希望。");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "送る" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("未確認");

        // The receiver acknowledges and answers.
        var (partnerContext, partnerPage, partnerErrors) = await app.NewPageAsync();
        await using var __ = partnerContext;
        await app.SignInAsync(partnerPage, partner);
        await Assertions.Expect(partnerPage.Locator("main")).ToContainTextAsync("未回答の地域連携票(1)");
        await partnerPage.GetByRole(AriaRole.Navigation, new() { Name = "機能" }).GetByRole(AriaRole.Link, new() { Name = "地域連携票" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(partnerPage));
        await partnerPage.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).GetByRole(AriaRole.Link).ClickAsync();
        await partnerPage.GetByRole(AriaRole.Button, new() { Name = "受領した" }).ClickAsync();
        await Assertions.Expect(partnerPage.Locator("main")).ToContainTextAsync("受領済");
        await partnerPage.GetByLabel("回答").FillAsync("相談支援専門員が担当します。");
        await partnerPage.GetByRole(AriaRole.Button, new() { Name = "回答を送る" }).ClickAsync();
        await Assertions.Expect(partnerPage.Locator("main")).ToContainTextAsync("回答済");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(partnerPage));

        // Back at the 保健所: the answer is there; the case ends at the person's request.
        await page.GotoAsync("/Liaison");
        await Assertions.Expect(main).ToContainTextAsync("回答済");
        await page.GotoAsync(caseUrl);
        await page.GetByLabel("終了理由").SelectOptionAsync(new SelectOptionValue { Label = "本人の申出" });
        await page.GetByLabel("終了日").FillAsync("2026-11-20");
        await page.GetByRole(AriaRole.Button, new() { Name = "支援を終了" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("終了");
        await Assertions.Expect(main).ToContainTextAsync("本人の申出");

        foreach (var path in new[] { "/Cases?closed=true", "/Cases/Stats" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0 && partnerErrors.Count == 0, string.Join("\n", errors.Concat(partnerErrors)));
    }
}
