using Microsoft.Playwright;
using Nimo.Platform.Demo;

namespace Nimo.BrowserTests;

/// <summary>The demo installation on Kestrel: the seed regions' real forums, plans and figures, for looking at pages as people meet them.</summary>
public sealed class DemoLiveApp : LiveApp
{
    protected override bool Demo => true;

    /// <summary>Signs a demo account in (demo mode asks no second factor).</summary>
    public static async Task SignInDemoAsync(IPage page, string userName)
    {
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("利用者名").FillAsync(userName);
        await page.GetByLabel("パスワード").FillAsync(DemoData.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.WaitForURLAsync("**/");
    }
}

/// <summary>Browser tests that share one demo installation.</summary>
[CollectionDefinition(Name)]
public sealed class DemoLiveAppCollection : ICollectionFixture<DemoLiveApp>
{
    public const string Name = "live demo app";
}
