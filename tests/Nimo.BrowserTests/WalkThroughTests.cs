using System.Globalization;
using Microsoft.Playwright;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.BrowserTests;

/// <summary>People sign in with a second factor and move through the region and organisation pages in a real browser.</summary>
[Collection(LiveAppCollection.Name)]
public sealed class WalkThroughTests(LiveApp app)
{
    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task A_prefecture_officer_signs_in_with_two_factor_and_every_page_passes_axe_without_console_errors()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("pref"), Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        var violations = new List<string>();

        // The sign-in pages themselves are checked too.
        await page.GotoAsync("/Account/Login");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByLabel("利用者名").FillAsync(user.UserName);
        await page.GetByLabel("パスワード").FillAsync(AppFactory.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/LoginWith2fa**");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByLabel("確認コード(6桁)").FillAsync(app.CurrentCode(user));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl.ToString());
        await Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync(user.UserName);

        var pages = new[]
        {
            "/", "/Regions", $"/Regions/Details/{world.CityPartner.RegionId}", $"/Regions/Edit/{world.CityPartner.RegionId}",
            "/Regions/Import", "/Organizations", $"/Organizations/Details/{world.CityPartner.Id}",
            $"/Organizations/Edit/{world.CityPartner.Id}", "/Organizations/Edit", "/Organizations/Import",
            "/Organizations/Departments", "/Organizations/Departments/Edit",
            "/Account/Manage", "/Account/Manage/TwoFactor", "/Account/Manage/ChangePassword", $"/Plans/History/{world.CityPartner.RegionId}",
        };
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
            await LiveApp.ScreenshotAsync(page, "pref" + path.Replace('/', '_'));
        }

        Assert.True(errors.Count == 0, string.Join("\n", errors));
        // The error page too (its 404 is the one console error expected).
        var missing = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, missing!.Status);
        await Expect(page.Locator("main h1")).ToHaveTextAsync("ページが見つかりません");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public async Task Navigation_links_lead_from_home_to_a_region_and_to_an_organisation_that_is_then_edited()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("town"), Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, user);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "機能" }).GetByRole(AriaRole.Link, new() { Name = "地域", Exact = true }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("みどり町");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("あおば市");
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "みどり町", Exact = true }).First.ClickAsync();
        await Expect(page.Locator("main h1")).ToContainTextAsync("みどり町");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "機能" }).GetByRole(AriaRole.Link, new() { Name = "機関・部署" }).ClickAsync();
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "みどり家族会" }).ClickAsync();
        await Expect(page.Locator("main h1")).ToContainTextAsync("みどり家族会");
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "編集" }).First.ClickAsync();
        await page.GetByLabel("電話").FillAsync("0120-111-222");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("「みどり家族会」を保存しました。");
        await Expect(page.Locator("main")).ToContainTextAsync("0120-111-222");

        // Breadcrumb back to the list.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "現在位置" }).GetByRole(AriaRole.Link, new() { Name = "機関・部署" }).ClickAsync();
        await Expect(page.Locator("main h1")).ToContainTextAsync("機関");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task A_new_municipal_user_is_made_to_enrol_an_authenticator_and_then_signs_in_with_it()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("new"), Roles.MunicipalStaff, world.TownOffice.Id);
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, user);

        // Personal data roles cannot go anywhere before enrolling.
        await page.GotoAsync("/Organizations");
        await page.WaitForURLAsync("**/Account/Manage/TwoFactor**");
        Assert.Empty(await LiveApp.AccessibilityViolationsAsync(page));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "認証アプリに登録するためのQRコード" })).ToBeVisibleAsync();
        var key = (await page.Locator("code.secret").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        var code = Totp.Code(Totp.FromBase32(key), Totp.TimeStep(app.Clock.GetUtcNow()));
        await page.GetByLabel("確認コード(6桁)").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "設定する" }).ClickAsync();
        await Expect(page.Locator("main code.secret")).ToHaveCountAsync(10);
        Assert.Empty(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "enrolled");

        // Signing out and in again now asks for the code.
        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await page.WaitForURLAsync("**/Account/Login**");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await app.SignInAsync(page, user with { AuthenticatorKey = key });
        await page.GotoAsync("/Organizations");
        await Expect(page.Locator("main")).ToContainTextAsync("みどり家族会");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task An_administrator_reaches_users_and_the_audit_log_and_both_pass_axe()
    {
        var world = await app.CreateWorldAsync();
        var admin = await app.CreateUserAsync(Name("admin"), Roles.Admin, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, admin);
        var violations = new List<string>();
        foreach (var path in new[] { "/Admin/Users", "/Admin/Users/Edit", "/Admin/Audit" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
            await LiveApp.ScreenshotAsync(page, "admin" + path.Replace('/', '_'));
        }

        await page.GotoAsync("/Admin/Audit");
        await page.GetByRole(AriaRole.Button, new() { Name = "改ざん検査を実行" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("正常に連結しています");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_printed_page_drops_navigation_and_keeps_the_content_on_a4()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("print"), Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, _) = await app.NewPageAsync();
        await using var __ = context;
        await app.SignInAsync(page, user);
        await page.GotoAsync("/Organizations");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "機能" })).ToBeHiddenAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("みどり家族会");
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true });
        // A4 portrait is 595 x 842 points; the page box comes from the stylesheet's @page rule.
        var box = System.Text.RegularExpressions.Regex.Match(System.Text.Encoding.Latin1.GetString(pdf), @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
        Assert.True(box.Success, "the PDF has no page box");
        Assert.InRange(double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture), 594, 597);
        Assert.InRange(double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture), 841, 844);
    }

    [Fact]
    public async Task Pages_work_without_javascript()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("nojs"), Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await using var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await app.SignInAsync(page, user);
        await page.GotoAsync("/Organizations?q=" + Uri.EscapeDataString("みどり"));
        await Expect(page.Locator("main")).ToContainTextAsync("みどり家族会");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("あおば相談支援センター");
        Assert.Equal("ja", await page.Locator("html").GetAttributeAsync("lang"));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
