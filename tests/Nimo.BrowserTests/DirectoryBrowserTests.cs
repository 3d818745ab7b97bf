using System.Diagnostics;
using Microsoft.Playwright;

namespace Nimo.BrowserTests;

/// <summary>
/// The residents' directory as a person meets it in Chromium: keyboard only, JavaScript off, 320 px and 200 % zoom, axe,
/// no cookie and no request to another server; and the A4 booklet through Chromium's PDF and pdftotext.
/// </summary>
[Collection(DemoLiveAppCollection.Name)]
public sealed class DirectoryBrowserTests(DemoLiveApp app)
{
    private static readonly string[] Categories = ["医療", "障害福祉", "介護", "住まい", "社会参加・就労", "相談窓口", "地域の助け合い", "普及啓発"];

    [Fact]
    public async Task A_resident_finds_the_youth_consultation_by_keyboard_with_javascript_off_and_every_public_page_passes_axe_reflow_and_sets_no_cookie()
    {
        foreach (var javaScript in new[] { false, true })
        {
            await using var context = await app.Browser.NewContextAsync(new()
            {
                BaseURL = app.BaseUrl.ToString(), Locale = "ja-JP", TimezoneId = "Asia/Tokyo", JavaScriptEnabled = javaScript, ViewportSize = new() { Width = 1366, Height = 900 },
            });
            var requests = new List<string>();
            var cookies = new List<string>();
            context.Request += (_, request) => requests.Add(request.Url);
            context.Response += (_, response) =>
            {
                if (response.Headers.ContainsKey("set-cookie"))
                {
                    cookies.Add(response.Url);
                }
            };
            var page = await context.NewPageAsync();
            await page.GotoAsync("/public/services");

            // Keyboard only: to the search box, type, Enter; to the result, Enter.
            await TabToAsync(page, "document.activeElement && document.activeElement.id === 'q'");
            await page.Keyboard.TypeAsync("ｼﾞｬｸﾈﾝ");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/public/services?q=*");
            Assert.Contains("若年者相談窓口", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await TabToAsync(page, "document.activeElement && document.activeElement.textContent.trim() === '若年者相談窓口'");
            var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
            Assert.NotEqual("none", outline);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/public/services/*-*");
            Assert.Contains("「若年者早期相談・支援事業」", await page.InnerTextAsync("main"), StringComparison.Ordinal);
            await DemoLiveApp.ScreenshotAsync(page, $"directory-service-1366{(javaScript ? "-js" : "")}");

            var serviceUrl = new Uri(page.Url).PathAndQuery;
            foreach (var url in new[] { "/public/services", "/public/services?category=consultation&today=1", serviceUrl, "/public/services/booklet", "/public/services/map" })
            {
                foreach (var (width, height) in new[] { (1366, 900), (683, 900), (320, 640) })
                {
                    await page.SetViewportSizeAsync(width, height);
                    await page.GotoAsync(url);
                    // axe is a script: in the pass with JavaScript off Chromium never runs it (the call waits for ever). Every
                    // page and width is checked in the pass with it on; the JavaScript-off pass checks the keyboard and reflow.
                    if (javaScript)
                    {
                        var violations = await LiveApp.AccessibilityViolationsAsync(page);
                        Assert.True(violations.Count == 0, string.Join("\n", violations));
                    }

                    var scroll = await page.EvaluateAsync<double>("() => document.documentElement.scrollWidth");
                    Assert.True(scroll <= width + 1, $"{url} at {width} px scrolls sideways ({scroll} px)");
                    if (width == 320 && !javaScript)
                    {
                        await DemoLiveApp.ScreenshotAsync(page, "directory-" + url.Trim('/').Replace('/', '-').Split('?')[0] + "-320");
                    }
                }
            }

            Assert.Empty(await context.CookiesAsync());
            Assert.True(cookies.Count == 0, "Set-Cookie from: " + string.Join(", ", cookies));
            var outside = requests.Where(r => !r.StartsWith(app.BaseUrl.ToString(), StringComparison.Ordinal)).ToList();
            Assert.True(outside.Count == 0, "requests to other servers: " + string.Join(", ", outside));
        }
    }

    [Fact]
    public async Task The_booklet_prints_on_a4_grouped_by_the_8_categories_with_check_dates_and_page_numbers()
    {
        var (context, page, errors) = await app.NewPageAsync();
        await using (context)
        {
            await page.GotoAsync("/public/services/booklet");
            await DemoLiveApp.ScreenshotAsync(page, "directory-booklet-1366");
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true });
            var pages = await PdfPagesAsync(pdf);
            var total = pages.Count(p => p.Trim().Length > 0);
            Assert.True(total >= 9, $"{total} pages: a cover and a section per category at least");
            for (var i = 0; i < total; i++)
            {
                Assert.Contains($"{i + 1} / {total}", pages[i], StringComparison.Ordinal);
            }

            // Each category starts a page, in the order of the 8 categories.
            var starts = Categories.Select(c => Array.FindIndex(pages, 1, p => p.TrimStart().StartsWith(c, StringComparison.Ordinal))).ToList();
            Assert.DoesNotContain(-1, starts);
            Assert.Equal(starts.Order(), starts);
            var all = string.Join("\n", pages);
            Assert.Contains("若年者相談窓口", all, StringComparison.Ordinal);
            Assert.Contains("令和5年4月1日 確認", all, StringComparison.Ordinal);
            Assert.Contains("令和3年10月1日 確認", all, StringComparison.Ordinal);
            Assert.Contains("要確認", all, StringComparison.Ordinal);
            Assert.DoesNotContain("さがす", pages[0], StringComparison.Ordinal);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    private static async Task TabToAsync(IPage page, string condition)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("() => " + condition))
            {
                return;
            }
        }

        Assert.Fail("Tab never reached: " + condition);
    }

    private static async Task<string[]> PdfPagesAsync(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("nimo-booklet-");
        try
        {
            var file = Path.Combine(dir.FullName, "booklet.pdf");
            await File.WriteAllBytesAsync(file, pdf);
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", file, "-"]) { RedirectStandardOutput = true })!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return output.Split('\f');
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
