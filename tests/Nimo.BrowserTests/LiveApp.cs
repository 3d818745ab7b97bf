using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Nimo.Tests.Infrastructure;

namespace Nimo.BrowserTests;

/// <summary>
/// The app on Kestrel (loopback, a free port) and Debian's Chromium driven by Playwright. No browser is ever
/// downloaded: the executable is /usr/bin/chromium (or NIMO_CHROMIUM), and it is told not to phone home.
/// </summary>
public class LiveApp : AppFactory, IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseUrl { get; private set; } = null!;

    protected override bool RequireHttps => false;

    public LiveApp() => UseKestrel(0);

    public async Task InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NIMO_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ChromiumArgs,
            Headless = true,
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
        await DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies) whose pages fail the test on any console error or CSP violation.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl.ToString(), Locale = "ja-JP", TimezoneId = "Asia/Tokyo" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{page.Url}: {message.Text} @ {message.Location}");
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        return (context, page, errors);
    }

    /// <summary>Signs in through the login form, and the two-factor form when the user has one.</summary>
    public async Task SignInAsync(IPage page, TestUser user)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("利用者名").FillAsync(user.UserName);
        await page.GetByLabel("パスワード").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        if (user.AuthenticatorKey is not null)
        {
            await page.WaitForURLAsync("**/Account/LoginWith2fa**");
            await page.GetByLabel("確認コード(6桁)").FillAsync(CurrentCode(user));
            await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        }
    }

    /// <summary>Runs axe-core for WCAG 2.0/2.1 A and AA on the page and returns the violations, one line each.</summary>
    public static async Task<IReadOnlyList<string>> AccessibilityViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        return result.Violations
            .Select(v => $"{page.Url}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
    }

    /// <summary>
    /// Opens an area from the site navigation as a person does at the page's width: from the bar at a desk, or on a phone
    /// by opening the folded 「メニュー」 first (CSS shows one of the two).
    /// </summary>
    public static async Task OpenAreaAsync(IPage page, string area)
    {
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "機能" });
        var menu = nav.Locator("details.nav-menu > summary");
        if (await menu.IsVisibleAsync())
        {
            await menu.ClickAsync();
        }

        await nav.GetByRole(AriaRole.Link, new() { Name = area, Exact = true }).ClickAsync();
    }

    /// <summary>Saves a full-page screenshot when NIMO_SCREENSHOTS names a folder, for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("NIMO_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LiveAppCollection : ICollectionFixture<LiveApp>
{
    public const string Name = "live app";
}
