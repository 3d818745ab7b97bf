using Microsoft.Playwright;

namespace Nimo.BrowserTests;

/// <summary>
/// Pages whose controls changed after the outside walk, looked at as a person does, at a desk and on a phone, with axe on
/// each: the forum form's first step (the region, chosen before the form is drawn for it), an event's page whose buttons
/// are offered only when they can succeed, the peer supporter form (its account chosen from a list), and 「このシステムについて」.
/// </summary>
[Collection(DemoLiveAppCollection.Name)]
public sealed class ChangedPagesBrowserTests(DemoLiveApp app)
{
    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task The_changed_forms_read_and_work_at_a_desk_and_on_a_phone_with_no_accessibility_violation(int width)
    {
        var violations = new List<string>();
        var (context, page, _) = await app.NewPageAsync();
        await using var c = context;
        await page.SetViewportSizeAsync(width, 900);
        var main = page.Locator("main");

        // 埼玉: a new forum starts with the region; switching it draws the form for that region.
        await DemoLiveApp.SignInDemoAsync(page, "saitama");
        await page.GotoAsync("/Forums/Edit");
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "協議の場を置く地域" })).ToBeVisibleAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var second = await page.GetByRole(AriaRole.Combobox, new() { Name = "協議の場を置く地域" }).Locator("option").Nth(1).GetAttributeAsync("value");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "協議の場を置く地域" }).SelectOptionAsync(second!);
        await page.GetByRole(AriaRole.Button, new() { Name = "この地域に切り替える" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"region={second}"));
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "協議の場を置く地域" })).ToHaveValueAsync(second!);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"changed-forum-region-{width}");

        // 「このシステムについて」: the version, where the data lives, the components.
        await page.GotoAsync("/About");
        await Assertions.Expect(main).ToContainTextAsync("このシステムについて");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"changed-about-{width}");

        // 川口: an event's page shows only the buttons that can succeed for it.
        var (eventContext, eventPage, _) = await app.NewPageAsync();
        await using var c2 = eventContext;
        await eventPage.SetViewportSizeAsync(width, 900);
        await DemoLiveApp.SignInDemoAsync(eventPage, "kawaguchi");
        await eventPage.GotoAsync("/Events");
        await eventPage.Locator("main a[href^='/Events/Details/']").First.ClickAsync();
        await Assertions.Expect(eventPage.Locator("main h1")).ToBeVisibleAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(eventPage));
        await LiveApp.ScreenshotAsync(eventPage, $"changed-event-{width}");

        // 倉敷: the supporter form, its account a choice among the team's peer supporter accounts.
        var (peerContext, peerPage, _) = await app.NewPageAsync();
        await using var c3 = peerContext;
        await peerPage.SetViewportSizeAsync(width, 900);
        await DemoLiveApp.SignInDemoAsync(peerPage, "kurashiki");
        await peerPage.GotoAsync("/Peer/Supporter");
        await Assertions.Expect(peerPage.Locator("main h1")).ToHaveTextAsync("支援者を登録");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(peerPage));
        await LiveApp.ScreenshotAsync(peerPage, $"changed-peer-supporter-new-{width}");
        await peerPage.GotoAsync("/Peer/Supporters");
        await peerPage.Locator("main a[href^='/Peer/Supporter/']").First.ClickAsync();
        await Assertions.Expect(peerPage.GetByLabel("ピアサポーターのアカウント")).ToBeVisibleAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(peerPage));
        await LiveApp.ScreenshotAsync(peerPage, $"changed-peer-supporter-{width}");

        Assert.Empty(violations);
    }
}
