using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Playwright;
using Nimo.Platform.Demo;
using Xunit.Abstractions;

namespace Nimo.BrowserTests;

/// <summary>The app on Kestrel in demo mode: the five seed regions, their plans and the demo accounts, as `dotnet run` has them.</summary>
/// <summary>
/// 埼玉県 collects its municipalities' work: the roll-up of 基礎情報 by 保健所圏域, the municipalities without figures,
/// and the combined workbook whose first sheet names who submitted and who did not; at 1366 px and at 390 px.
/// </summary>
[Collection(DemoLiveAppCollection.Name)]
public sealed class PrefectureBrowserTests(DemoLiveApp app, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task Saitama_downloads_the_combined_workbook_whose_first_sheet_lists_the_missing_municipalities(int width, int height)
    {
        var saitama = await app.WithDbAsync((db, _) => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Regions.Where(r => r.Code == "110001").Select(r => r.Id)));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(width, height);
        var violations = new List<string>();
        var main = page.Locator("main");
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("利用者名").FillAsync("saitama");
        await page.GetByLabel("パスワード").FillAsync(DemoData.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("ホーム");

        // The home page names 30 municipalities without recent figures and links the full list.
        await page.GetByRole(AriaRole.Link, new() { Name = "ほか33市区町村も含めた一覧(63市区町村)" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("未登録のみ")).ToBeCheckedAsync();
        await Assertions.Expect(main).ToContainTextAsync("令和7年度以降の基礎情報がない地域は 63件です。");
        await Assertions.Expect(main).ToContainTextAsync("秩父市");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // The roll-up: areas with subtotals, a few figures at a time, the two coverage figures explained.
        await page.GotoAsync("/Profiles");
        await page.GetByRole(AriaRole.Link, new() { Name = "埼玉県の集計" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("管内の市町村の基礎情報から");
        await Assertions.Expect(main).ToContainTextAsync("埼玉県の報告値(R5年度)");
        await Assertions.Expect(main.GetByRole(AriaRole.Row).Filter(new() { HasText = "朝霞保健所圏域" })).ToContainTextAsync("小計");
        var tall = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        output.WriteLine($"/Profiles/Rollup (埼玉県) at {width} px: {tall} px tall");
        // At a desk the roll-up was 7,000 px before its figure groups; on a phone its tables scroll in their own boxes.
        Assert.True(width < 1000 || tall < 4500, $"the roll-up is {tall} px tall");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, $"pref-{width}-rollup");
        await page.GetByRole(AriaRole.Link, new() { Name = "退院率" }).ClickAsync();
        await Assertions.Expect(main.GetByRole(AriaRole.Columnheader, new() { Name = "退院率 入院後3か月時点" })).ToBeVisibleAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // 計画・評価 for 令和5年度 across the prefecture, then the workbook.
        await LiveApp.OpenAreaAsync(page, "計画・評価");
        await page.GetByLabel("年度").SelectOptionAsync("2023");
        await page.GetByLabel("地域", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "埼玉県" });
        await page.GetByRole(AriaRole.Button, new() { Name = "表示" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("未提出 75 地域");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "埼玉県管内の報告様式をまとめてExcel出力" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"nimo-bundle-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            using var workbook = SpreadsheetDocument.Open(file, false);
            var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToList();
            Assert.Equal(["提出状況", "埼玉県 R5年度", "川口市 R5年度"], sheets.Select(s => s.Name!.Value!));
            var first = (WorksheetPart)workbook.WorkbookPart.GetPartById(sheets[0].Id!.Value!);
            var rows = first.Worksheet.Descendants<Row>()
                .Select(r => r.Elements<Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToList()).ToList();
            Assert.Equal("埼玉県 管内 令和5年度 報告様式の提出状況", rows[0][0]);
            Assert.Contains(rows, r => r[0] == "川口市" && r[3] == "作成中" && r[7] == "川口市 R5年度");
            var missingAt = rows.FindIndex(r => r[0] == "未提出(75地域)");
            Assert.True(missingAt > 0, "no 未提出 block on the first sheet");
            var missing = rows.Skip(missingAt + 2).Where(r => r.Count > 3 && r[3] == "未提出").ToList();
            Assert.Equal(75, missing.Count);
            Assert.Contains(missing, r => r[0] == "朝霞市" && r[2] == "朝霞保健所圏域");
            Assert.Contains(missing, r => r[0] == "さいたま市");
            Assert.DoesNotContain(missing, r => r[0] == "川口市");
        }
        finally
        {
            File.Delete(file);
        }

        // The other pages of the collection, at the same width.
        foreach (var path in new[] { $"/Plans?year=2023&regionId={saitama}", $"/Profiles/Rollup/{saitama}", "/Profiles?kind=Municipality&missing=true", "/" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
            await LiveApp.ScreenshotAsync(page, $"pref-{width}" + path.Replace('/', '_').Replace('?', '_'));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
