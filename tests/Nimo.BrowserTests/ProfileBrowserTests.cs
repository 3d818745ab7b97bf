using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;

namespace Nimo.BrowserTests;

/// <summary>A prefecture officer types a new municipality's 基礎情報 into the form and reads what follows from it.</summary>
[Collection(LiveAppCollection.Name)]
public sealed class ProfileBrowserTests(LiveApp app)
{
    private static int Index(FigureKey key) => Figures.All.Select((d, i) => (d, i)).Single(x => x.d.Key == key).i;

    [Fact]
    public async Task Figures_entered_by_hand_show_shares_a_warning_for_a_wrong_sum_a_chart_and_comparisons_and_pass_axe()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("pref-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var town = await app.WithDbAsync(async (db, _) =>
        {
            var area = await db.Regions.SingleAsync(r => r.Id == world.AreaHealthCenter.RegionId);
            var code = "47" + Random.Shared.Next(500, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            while (await db.Regions.AnyAsync(r => r.Code != null && r.Code.StartsWith(code)))
            {
                code = "47" + Random.Shared.Next(500, 999).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            var region = Region.Create(code + LocalGovernmentCode.CheckDigit(code), "ひかり村", "ひかりむら", RegionKind.Municipality, MunicipalityFlags.None, area);
            db.Regions.Add(region);
            // Last year's figures, typed in earlier, so the chart has a line.
            var last = RegionProfile.Create(region, 2023);
            last.SetFigure(FigureKey.Population, 20_400, new WarekiValue(WarekiPrecision.YearMonth, 2023, 4, 0), "住民基本台帳", null);
            last.SetFigure(FigureKey.PsychiatricBeds, 44, new WarekiValue(WarekiPrecision.YearMonth, 2023, 4, 0), "県資料", null);
            last.Stamp([], null, "earlier", app.Clock.GetUtcNow());
            db.RegionProfiles.Add(last);
            await db.SaveChangesAsync();
            return region;
        });
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        var violations = new List<string>();
        await app.SignInAsync(page, user);

        await page.GotoAsync("/Profiles");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "ひかり村" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新しい年度を登録" }).ClickAsync();
        await page.GetByLabel("年度").SelectOptionAsync("2024");
        async Task Type(FigureKey key, string value, string asOf, string source)
        {
            var i = Index(key);
            await page.Locator($"input[name='Input.Figures[{i}].Value']").FillAsync(value);
            await page.GetByLabel($"{Figures.Of(key).FullLabel} の時点").FillAsync(asOf);
            await page.GetByLabel($"{Figures.Of(key).FullLabel} の出典").FillAsync(source);
        }

        await Type(FigureKey.Population, "20,000", "R6年4月", "住民基本台帳");
        await Type(FigureKey.PsychiatricBeds, "40", "R6年4月", "県資料");
        await Type(FigureKey.InpatientsTotal, "100", "R5年6月", "630調査");
        await Type(FigureKey.InpatientsUnder3Months, "30", "R5年6月", "630調査");
        await Type(FigureKey.Inpatients3To12Months, "20", "R5年6月", "630調査");
        await Type(FigureKey.InpatientsOver1Year, "49", "R5年6月", "630調査");
        await Type(FigureKey.DischargeRate3Months, "60.0", "H29", "県資料");
        await page.GetByLabel("退院率 入院後3か月時点 の対象地域").SelectOptionAsync(new SelectOptionValue { Label = "テスト県" });
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        // 30 + 20 + 49 ≠ 100: the page keeps what was typed, explains, and asks for a reason.
        var warning = page.Locator(".notice.warn");
        await Assertions.Expect(warning).ToContainTextAsync("在院期間別の人数の和(99人)が合計(100人)と一致しません。");
        await Assertions.Expect(page.Locator($"input[name='Input.Figures[{Index(FigureKey.Population)}].Value']")).ToHaveValueAsync("20,000");
        await LiveApp.ScreenshotAsync(page, "profile-edit-warning");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByLabel("整合性の問題があるまま保存する理由").FillAsync("1名は在院期間が未回答");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        var main = page.Locator("main");
        await Assertions.Expect(main).ToContainTextAsync("ひかり村の令和6年度の基礎情報を保存しました。");
        await Assertions.Expect(main).ToContainTextAsync("30.0%");
        await Assertions.Expect(main).ToContainTextAsync("20.0%");
        await Assertions.Expect(main).ToContainTextAsync("49.0%");
        await Assertions.Expect(main).ToContainTextAsync("200.0床");
        await Assertions.Expect(main).ToContainTextAsync("要確認");
        await Assertions.Expect(main).ToContainTextAsync("1名は在院期間が未回答");
        await Assertions.Expect(main).ToContainTextAsync("対象: テスト県");
        var targets = page.Locator("table", new() { Has = page.GetByRole(AriaRole.Columnheader, new() { Name = "判定" }) });
        await Assertions.Expect(targets).ToContainTextAsync("未達成");
        var comparison = page.Locator("table", new() { Has = page.GetByRole(AriaRole.Columnheader, new() { Name = "関係" }) });
        await Assertions.Expect(comparison).ToContainTextAsync("北部保健所圏域");
        await Assertions.Expect(comparison).ToContainTextAsync("みどり町");
        await LiveApp.ScreenshotAsync(page, "profile-region");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "経年変化とグラフ" }).ClickAsync();
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "精神科病床数の推移", Exact = true });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("(−4)");
        await LiveApp.ScreenshotAsync(page, "profile-history");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        foreach (var path in new[] { $"/Profiles/Rollup/{world.Prefecture.RegionId}", "/Profiles/Import", "/Profiles/Targets" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
            await LiveApp.ScreenshotAsync(page, "profile" + path.Replace('/', '_'));
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
