using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Platform.Identity;

namespace Nimo.BrowserTests;

/// <summary>Account pages walked as a person uses them, with the time a person takes.</summary>
[Collection(LiveAppCollection.Name)]
public sealed class AccountBrowserTests(LiveApp app)
{
    [Fact]
    public async Task Enrolling_an_authenticator_with_a_pause_past_the_stamp_check_keeps_the_user_signed_in_with_two_factors_on()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("slow-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.CityHealthCenter.Id);
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(1366, 900);
        await app.SignInAsync(page, user);

        // The app sends a personal-data role to enrolment first.
        await page.GotoAsync("/Organizations");
        await page.WaitForURLAsync("**/Account/Manage/TwoFactor**");
        var key = (await page.Locator("code.secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);

        // The person finds the phone, installs an app, scans the code: more than the 1-minute security-stamp interval.
        app.Clock.Advance(TimeSpan.FromSeconds(75));
        var code = Totp.Code(Totp.FromBase32(key), Totp.TimeStep(app.Clock.GetUtcNow()));
        await page.GetByLabel("確認コード(6桁)").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "設定する" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("二要素認証を設定しました。");
        await Assertions.Expect(page.Locator("main code.secret")).ToHaveCountAsync(10);
        Assert.Empty(await LiveApp.AccessibilityViolationsAsync(page));
        Assert.True(await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        // Still signed in, and the next stamp check does not change that.
        app.Clock.Advance(TimeSpan.FromSeconds(75));
        await page.GetByRole(AriaRole.Link, new() { Name = "ホームへ進む" }).ClickAsync();
        await page.GotoAsync("/Account/Manage");
        Assert.DoesNotContain("/Account/Login", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("設定済み");

        // The sessions list names the browser as a person would, not by its raw User-Agent string.
        var sessions = page.Locator("main table");
        await Assertions.Expect(sessions).ToContainTextAsync("Chrome");
        await Assertions.Expect(sessions).ToContainTextAsync("Linux");
        await Assertions.Expect(sessions).Not.ToContainTextAsync("Mozilla/5.0");
        await Assertions.Expect(sessions).Not.ToContainTextAsync("AppleWebKit");
        Assert.Empty(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "account-1366");
        await page.SetViewportSizeAsync(390, 844);
        await LiveApp.ScreenshotAsync(page, "account-390");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_file_over_the_upload_limit_gets_the_japanese_page_in_the_browser()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("bigfile-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, _) = await app.NewPageAsync();
        await using var __ = context;
        await app.SignInAsync(page, user);
        await page.GotoAsync("/Organizations/Import");
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "kikan.csv", MimeType = "text/csv", Buffer = new byte[11 * 1024 * 1024] });
        await page.Locator("main form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("ファイルが大きすぎます");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("10MBまで");
        Assert.Empty(await LiveApp.AccessibilityViolationsAsync(page));
    }
}
