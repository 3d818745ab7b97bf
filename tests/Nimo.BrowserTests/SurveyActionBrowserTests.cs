using Microsoft.Playwright;

namespace Nimo.BrowserTests;

/// <summary>
/// From 倉敷's open demo survey, as its secretariat meets it in Chromium: a 取組 row of the results makes an event and a
/// directory service, each page names the answer it came from, and the row then links them; axe on every page, at a desk and on a phone.
/// </summary>
[Collection(DemoLiveAppCollection.Name)]
public sealed class SurveyActionBrowserTests(DemoLiveApp app)
{
    private const string Activity = "認知症カフェでの「こころの健康」ミニ講座";

    [Fact]
    public async Task A_取組_row_makes_an_event_and_a_service_that_link_back_to_the_answer_axe_clean_at_1366_and_390()
    {
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(1366, 900);
        var violations = new List<string>();
        await DemoLiveApp.SignInDemoAsync(page, "kurashiki");
        await LiveApp.OpenAreaAsync(page, "地域アセスメント");
        await page.GetByRole(AriaRole.Link, new() { Name = Nimo.Features.Surveys.SurveysDemoSeed.KurashikiTitle }).First.ClickAsync();
        var resultsUrl = page.Url.Replace("/Details/", "/Results/", StringComparison.Ordinal);
        await page.GotoAsync(resultsUrl);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "survey-results-actions-1366");

        // The event: pre-filled from the row; the day, the times and the room are what a person adds.
        var row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = Activity }) });
        await row.GetByRole(AriaRole.Link, new() { Name = "催しを作成" }).ClickAsync();
        Assert.Equal(Activity, await page.GetByLabel("名称").InputValueAsync());
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByLabel("開催日").FillAsync(Nimo.Platform.Japanese.JapanTime.Today(app.Clock).AddDays(45).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("会場(オンラインのみなら空欄)").FillAsync("倉敷市保健所 2階会議室");
        await page.GetByRole(AriaRole.Button, new() { Name = "催しを登録(非公開)" }).ClickAsync();
        await page.WaitForURLAsync("**/Events/Details/*");
        Assert.Contains($"この催しは地域アセスメント「{Nimo.Features.Surveys.SurveysDemoSeed.KurashikiTitle}」の", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "survey-event-source-1366");
        await page.SetViewportSizeAsync(390, 844);
        await LiveApp.ScreenshotAsync(page, "survey-event-source-390");
        await page.GetByRole(AriaRole.Link, new() { Name = "もとの回答を見る" }).ClickAsync();
        await page.WaitForURLAsync("**/Surveys/Answer/*");

        // The service: 普及啓発・講座 maps to the directory's 普及啓発; saved unpublished for the answering office.
        await page.GotoAsync(resultsUrl);
        row = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = Activity }) });
        Assert.Equal(1, await row.GetByRole(AriaRole.Link, new() { Name = "作成済みの催し" }).CountAsync());
        await LiveApp.ScreenshotAsync(page, "survey-results-actions-390");
        await row.GetByRole(AriaRole.Link, new() { Name = "サービスとして登録" }).ClickAsync();
        Assert.Equal("awareness", await page.GetByLabel("分野(にも包括の8分野)").InputValueAsync());
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "サービスを登録(非公開)" }).ClickAsync();
        await page.WaitForURLAsync("**/Directory/Details/*");
        var main = await page.InnerTextAsync("main");
        Assert.Contains("非公開(下書き)", main, StringComparison.Ordinal);
        Assert.Contains("このサービスは地域アセスメント", main, StringComparison.Ordinal);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "survey-service-source-390");
        await page.SetViewportSizeAsync(1366, 900);
        await LiveApp.ScreenshotAsync(page, "survey-service-source-1366");

        Assert.Empty(violations);
        Assert.Empty(errors);
    }
}
