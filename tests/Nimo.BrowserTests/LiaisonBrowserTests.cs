using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Clients;
using Nimo.Platform.Demo;

namespace Nimo.BrowserTests;

/// <summary>
/// A 地域連携票 in the demo as the two offices live it: 川口市保健所 (kawaguchi) finds the person by part of the name,
/// sends the sheet to the 相談支援事業所 the consent names, and kawaguchi-partner sees it waiting, acknowledges and
/// answers; back at the 保健所 the answer is there with the name of who gave it. At 1366 px and 390 px, axe on every page.
/// </summary>
[Collection(DemoLiveAppCollection.Name)]
public sealed class LiaisonBrowserTests(DemoLiveApp app)
{
    private async Task SignInDemoAsync(IPage page, string userName)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("利用者名").FillAsync(userName);
        await page.GetByLabel("パスワード").FillAsync(DemoData.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        // The home page; on a refusal the assertion shows the page's own message. A loaded shared machine can take its time.
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("ホーム", new() { Timeout = 60_000 });
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_liaison_sheet_is_sent_by_the_health_centre_and_acknowledged_and_answered_by_the_partner(int width)
    {
        // A 川口 client whose consent names the partner's office.
        var (name, part) = await app.WithDbAsync(async (db, _) =>
        {
            var partner = await db.Organizations.SingleAsync(o => o.Name == "川口みらい相談支援センター(架空)");
            var clients = await db.Clients.AsNoTracking().Include(c => c.Consents).ThenInclude(k => k.Organizations).Where(c => c.MergedIntoId == null).ToListAsync();
            var client = clients.Where(c => c.Consents.Any(k => k.Purpose == ConsentPurpose.Liaison && k.WithdrawnOn == null && k.Organizations.Any(o => o.OrganizationId == partner.Id)))
                .OrderBy(c => c.Id).Skip(width % 7).First();
            return (client.Name, client.Kana.Replace(" ", "", StringComparison.Ordinal)[^3..]);
        });
        var violations = new List<string>();
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(width, 900);
        await SignInDemoAsync(page, "kawaguchi");
        var main = page.Locator("main");

        // Found by the end of the kana, as a person half-remembers it.
        await page.GotoAsync("/Clients");
        await page.GetByLabel("ふりがな・氏名(一部でも可)").FillAsync(part);
        await page.GetByRole(AriaRole.Button, new() { Name = "検索", Exact = true }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "地域連携票を送る" }).ClickAsync();
        await page.GetByLabel("送り先").SelectOptionAsync(new SelectOptionValue { Index = 0 });
        await page.GetByLabel("連絡の理由").FillAsync($"退院後の地域生活の支援の依頼({width})");
        await page.GetByLabel("本人の状況").FillAsync("11月に退院予定。日中の過ごし方に不安がある。");
        await page.GetByLabel("依頼したいこと").FillAsync("計画相談の調整をお願いしたい");
        await page.GetByLabel("連絡先(担当者)").FillAsync("川口市保健所 疾病対策課 000-0000-0000");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "送る" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("地域連携票を送りました。");
        await Assertions.Expect(main).ToContainTextAsync("未確認");
        await Assertions.Expect(main).ToContainTextAsync("川口市保健所(デモ)");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var sheetUrl = page.Url;

        // The partner: waiting on the home page, acknowledged, answered.
        var (partnerContext, partnerPage, partnerErrors) = await app.NewPageAsync();
        await using var __ = partnerContext;
        await partnerPage.SetViewportSizeAsync(width, 900);
        await SignInDemoAsync(partnerPage, "kawaguchi-partner");
        var partnerMain = partnerPage.Locator("main");
        await Assertions.Expect(partnerMain).ToContainTextAsync("未回答の地域連携票");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(partnerPage));
        await partnerPage.GotoAsync("/Liaison");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(partnerPage));
        await partnerPage.GotoAsync(sheetUrl);
        await Assertions.Expect(partnerMain).ToContainTextAsync($"退院後の地域生活の支援の依頼({width})");
        await partnerPage.GetByRole(AriaRole.Button, new() { Name = "受領した" }).ClickAsync();
        await Assertions.Expect(partnerMain).ToContainTextAsync("連携票を受領したことを記録しました。");
        await Assertions.Expect(partnerMain).ToContainTextAsync("受領済");
        await partnerPage.GetByLabel("回答").FillAsync("相談支援専門員が担当します。退院前に面談します。");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(partnerPage));
        await partnerPage.GetByRole(AriaRole.Button, new() { Name = "回答を送る" }).ClickAsync();
        await Assertions.Expect(partnerMain).ToContainTextAsync("連携票に回答しました。");
        await Assertions.Expect(partnerMain).ToContainTextAsync("回答済");

        // Back at the 保健所: answered, by a named person of the partner's office.
        await page.GotoAsync("/Liaison");
        await Assertions.Expect(main).ToContainTextAsync("回答済");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GotoAsync(sheetUrl);
        await Assertions.Expect(main).ToContainTextAsync("相談支援専門員が担当します。");
        await Assertions.Expect(main).ToContainTextAsync("川口市 相談支援事業所職員(デモ)");
        await Assertions.Expect(main).Not.ToContainTextAsync("kawaguchi-partner");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"liaison-{width}");

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0 && partnerErrors.Count == 0, string.Join("\n", errors.Concat(partnerErrors)));
    }
}
