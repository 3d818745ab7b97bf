using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Nimo.BrowserTests;

/// <summary>
/// A phone (390 px wide, the common iPhone width): the navigation folds into one row, and wide tables scroll inside
/// a box of their own that keyboard users can reach, instead of squeezing names to a character per line or
/// widening the whole page.
/// </summary>
public sealed class PhoneLayoutTests(DemoLiveApp app, ITestOutputHelper output) : IClassFixture<DemoLiveApp>
{
    /// <summary>The most a phone user scrolls past (header, menu, breadcrumb) before the page's own heading.</summary>
    private const int MaxPixelsBeforeContent = 160;

    [Fact]
    public async Task At_390_px_the_heading_comes_first_and_wide_tables_scroll_in_their_own_labelled_box()
    {
        var ids = await app.WithDbAsync(async (db, _) =>
        {
            var saitama = await db.Regions.Where(r => r.Code == "110001").Select(r => r.Id).SingleAsync();
            var meguro = await db.Regions.Where(r => r.Code == "131105").Select(r => r.Id).SingleAsync();
            var meguroForum = await db.Forums.Where(f => f.RegionId == meguro && f.ParentId == null).Select(f => f.Id).FirstAsync();
            var meguroPlan = await db.Plans.Where(p => p.RegionId == meguro).OrderByDescending(p => p.FiscalYear).Select(p => p.FiscalYear).FirstAsync();
            return (saitama, meguro, meguroForum, meguroPlan);
        });
        var walks = new (string User, string Path, string Shot)[]
        {
            ("meguro", "/", "home"),
            ("meguro", "/Clients", "clients"),
            ("meguro", "/Cases", "cases"),
            ("meguro", $"/Forums/Details/{ids.meguroForum}", "forum"),
            ("meguro", $"/Plans/Details/{ids.meguro}?year={ids.meguroPlan}", "plan"),
            ("saitama", "/", "home-prefecture"),
            ("saitama", $"/Profiles/Rollup/{ids.saitama}", "profile-rollup"),
        };
        var problems = new List<string>();
        foreach (var user in walks.Select(w => w.User).Distinct())
        {
            var (context, page, errors) = await app.NewPageAsync();
            await using var _ = context;
            await page.SetViewportSizeAsync(390, 844);
            await DemoLiveApp.SignInDemoAsync(page, user);
            foreach (var (_, path, shot) in walks.Where(w => w.User == user))
            {
                await page.GotoAsync(path);
                await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
                var top = await page.EvaluateAsync<double>("() => document.querySelector('main h1').getBoundingClientRect().top + window.scrollY");
                var pageWidth = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{user} {path}: heading at {top:0} px, page width {pageWidth:0} px"));
                if (top > MaxPixelsBeforeContent)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: the heading starts {top:0} px down (at most {MaxPixelsBeforeContent})"));
                }

                if (pageWidth > 390)
                {
                    // Name the widest culprits: elements reaching past the screen whose children do not.
                    var wide = await page.EvaluateAsync<string[]>("""
                        () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                            && ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1)
                            && !e.closest('.table-wrap')).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
                        """);
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: the page is {pageWidth:0} px wide; only a table's own box may scroll sideways ({string.Join(", ", wide)})"));
                }

                // Every table wider than the screen sits in a box that scrolls, can take focus and has a name.
                var tables = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('main table')].filter(t => t.getBoundingClientRect().width > 0).map(t => {
                        const box = t.closest('.table-wrap');
                        // The narrowest text column, in characters (em) of its own font: one means a character per line.
                        const cell = [...t.querySelectorAll('td, th')].filter(c => c.textContent.trim().length >= 3).reduce((min, c) => {
                            const s = getComputedStyle(c);
                            return Math.min(min, (c.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)) / parseFloat(s.fontSize));
                        }, 99);
                        const overflowing = t.scrollWidth > (box ? box.clientWidth : t.parentElement.clientWidth) + 1;
                        return [box ? 'box' : 'none', box && box.tabIndex === 0 ? 'focusable' : '-', box ? (box.getAttribute('aria-label') || '') : '', overflowing ? 'wide' : 'fits', cell.toFixed(1)].join('|');
                    })
                    """);
                foreach (var t in tables)
                {
                    var f = t.Split('|');
                    if (f[0] != "box" || f[1] != "focusable" || f[2].Length == 0)
                    {
                        problems.Add($"{path}: a table without a focusable, labelled scroll box ({t})");
                    }

                    // A text column narrower than three characters is the squeezing the issue saw (a character per line).
                    if (double.Parse(f[4], CultureInfo.InvariantCulture) < 3)
                    {
                        problems.Add($"{path}: a text column squeezed to {f[4]} characters ({t})");
                    }
                }

                problems.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
                await LiveApp.ScreenshotAsync(page, "phone-" + shot);
                if (Environment.GetEnvironmentVariable("NIMO_SCREENSHOTS") is { Length: > 0 } folder)
                {
                    // The first screen as the phone shows it, which a full-page shot scales down too far to read.
                    await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"phone-{shot}-first-screen.png") });
                }
            }

            problems.AddRange(errors);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task At_390_px_the_menu_opens_without_javascript_and_reaches_every_area()
    {
        var context = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), Locale = "ja-JP", JavaScriptEnabled = false, ViewportSize = new() { Width = 390, Height = 844 } });
        await using var _ = context;
        var page = await context.NewPageAsync();
        await DemoLiveApp.SignInDemoAsync(page, "meguro");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "機能" });
        var forums = nav.GetByRole(AriaRole.Link, new() { Name = "協議の場" });
        await Assertions.Expect(forums).Not.ToBeVisibleAsync();
        await nav.Locator("summary").ClickAsync();
        await LiveApp.ScreenshotAsync(page, "phone-menu-open");
        await forums.ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("協議の場");

        // At a desk the same links stand in one row, no menu to open.
        await page.SetViewportSizeAsync(1366, 900);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "支援ケース" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "協議の場" })).ToHaveAttributeAsync("aria-current", "page");
    }
}
