using Microsoft.Playwright;

namespace Nimo.BrowserTests;

/// <summary>
/// 倉敷's peer dispatch as the two people live it (issue 18): the 保健所's coordinator (kurashiki) registers a hospital's
/// request for a 病院交流会, sees 晴野 みのり among the candidates and offers it; みのり (kurashiki-peer), in a browser of
/// her own, finds the offer and accepts; the coordinator records the report after the day and the statement shows the
/// honorarium for 2.5 hours at R8's rate plus travel. At 1366 px and 390 px, axe on every page.
/// </summary>
[Collection(DemoLiveAppCollection.Name)]
public sealed class PeerBrowserTests(DemoLiveApp app)
{
    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_request_is_matched_accepted_by_the_supporter_reported_and_paid_on_the_statement(int width)
    {
        // Ten minutes from now (the demo's clock), for ten minutes: the report is written once it has begun, and the two
        // widths' requests do not overlap for the one supporter.
        var jst = app.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).AddMinutes(10);
        var starts = jst.AddMinutes(5 - jst.Minute % 5).AddSeconds(-jst.Second);
        var date = starts.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var violations = new List<string>();
        var (context, page, _) = await app.NewPageAsync();
        await using var c1 = context;
        await page.SetViewportSizeAsync(width, 900);
        await DemoLiveApp.SignInDemoAsync(page, "kurashiki");
        var main = page.Locator("main");

        await LiveApp.OpenAreaAsync(page, "ピアサポート");
        await Assertions.Expect(main).ToContainTextAsync("倉敷市ピアサポート活動支援事業");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "派遣依頼を登録" }).ClickAsync();
        await page.GetByLabel("活動の種類").SelectOptionAsync(new SelectOptionValue { Label = "病院交流会" });
        await page.GetByLabel("依頼元の種別").SelectOptionAsync(new SelectOptionValue { Label = "病院" });
        await page.GetByLabel("依頼者(機関・部署)").FillAsync("倉敷みなみ病院(架空) 地域連携室");
        await page.GetByLabel("場所", new() { Exact = true }).FillAsync($"倉敷みなみ病院(架空) デイルーム {width}");
        await page.GetByLabel("日付").FillAsync(date);
        await page.GetByLabel("開始時刻").FillAsync(starts.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("終了時刻").FillAsync(starts.AddMinutes(10).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("目的・内容").FillAsync("長期入院の方との病院交流会");
        await page.GetByLabel("必要な人数").FillAsync("1");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"peer-request-form-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "依頼を登録する" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("依頼を登録しました。", new() { Timeout = 30_000 });
        await main.Locator("li", new() { HasText = "晴野 みのり" }).GetByRole(AriaRole.Button, new() { Name = "打診する" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("晴野 みのりさんに打診しました。");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var requestUrl = page.Url;

        // みのり, in her own browser.
        var (peerContext, peerPage, _) = await app.NewPageAsync();
        await using var c2 = peerContext;
        await peerPage.SetViewportSizeAsync(width, 900);
        await DemoLiveApp.SignInDemoAsync(peerPage, "kurashiki-peer");
        await LiveApp.OpenAreaAsync(peerPage, "わたしの活動");
        var peerMain = peerPage.Locator("main");
        await Assertions.Expect(peerMain).ToContainTextAsync("回答を待っている打診");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(peerPage));
        await LiveApp.ScreenshotAsync(peerPage, $"peer-my-{width}");
        await peerMain.Locator(".card", new() { HasText = $"デイルーム {width}" }).GetByRole(AriaRole.Button, new() { Name = "承諾する" }).ClickAsync();
        await Assertions.Expect(peerMain).ToContainTextAsync("を承諾しました。予定に入りました。");
        // Refused everywhere the supporter has no business.
        var refused = await peerPage.GotoAsync(requestUrl);
        Assert.True(refused!.Status is 403 or 404, $"the supporter opened the coordinator's page: {refused.Status}");

        // The coordinator: confirmed, then the report once it has begun (2.5 hours spent in all, preparation included).
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await page.GotoAsync(requestUrl);
        await Assertions.Expect(main).ToContainTextAsync("確定");
        await page.GetByLabel("実施内容(患者・参加者の氏名は書かないでください)").FillAsync("病院交流会を実施。体験談と茶話会。");
        await page.GetByLabel("参加者数(人)").FillAsync("9");
        await page.GetByLabel("活動時間(分)").FillAsync("150");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "実施報告を記録する" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("実施報告を記録しました。");
        await LiveApp.ScreenshotAsync(page, $"peer-request-{width}");

        await page.GotoAsync("/Peer");
        await page.GetByRole(AriaRole.Link, new() { Name = "謝金・旅費の月次明細" }).ClickAsync();
        await page.GetByLabel("年", new() { Exact = true }).FillAsync("2026");
        await page.GetByLabel("月", new() { Exact = true }).FillAsync("11");
        await page.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("晴野 みのり");
        await Assertions.Expect(main).ToContainTextAsync("2時間30分");
        await Assertions.Expect(main).ToContainTextAsync("3,750円");
        await Assertions.Expect(main).ToContainTextAsync("4,250円");
        await Assertions.Expect(main).ToContainTextAsync("1円未満切り捨て");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"peer-statement-{width}");

        await peerPage.GotoAsync("/Peer/My/Statement?year=2026&month=11");
        await Assertions.Expect(peerMain).ToContainTextAsync("4,250円");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(peerPage));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
