using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Profiles;

/// <summary>Entering, reading and comparing 基礎情報 through the pages and the API, with regions of our own.</summary>
public sealed class ProfilePageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
    private static string S(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>A prefecture officer: the test towns are new municipalities of the prefecture, theirs to edit.</summary>
    private async Task<(World World, HttpClient Client, TestUser User)> TownUserAsync()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("pref"), Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return (world, await app.SignInAsync(user), user);
    }

    /// <summary>A fresh municipality under the test prefecture, so each test has its own figures.</summary>
    private async Task<Region> NewTownAsync(World world)
    {
        return await app.WithDbAsync(async (db, _) =>
        {
            var area = await db.Regions.SingleAsync(r => r.Id == world.AreaHealthCenter.RegionId);
            var used = await db.Regions.Where(r => r.Code != null && r.Code.StartsWith("47")).Select(r => r.Code!).ToListAsync();
            for (var n = 400; n < 999; n++)
            {
                var body = "47" + S(n);
                var code = body + S(LocalGovernmentCode.CheckDigit(body));
                if (!used.Contains(code))
                {
                    var town = Region.Create(code, "テスト町" + S(n), "てすとちょう", RegionKind.Municipality, MunicipalityFlags.None, area);
                    db.Regions.Add(town);
                    await db.SaveChangesAsync();
                    return town;
                }
            }

            throw new InvalidOperationException("no code left");
        });
    }

    private static Dictionary<string, string> Form(int year, string? reason, params (FigureKey Key, string Value, string AsOf, string Source)[] figures)
    {
        var form = new Dictionary<string, string> { ["Input.ProfileId"] = "0", ["Input.FiscalYear"] = S(year), ["Input.Reason"] = reason ?? "" };
        for (var i = 0; i < figures.Length; i++)
        {
            form[$"Input.Figures[{i}].Key"] = figures[i].Key.ToString();
            form[$"Input.Figures[{i}].Value"] = figures[i].Value;
            form[$"Input.Figures[{i}].AsOf"] = figures[i].AsOf;
            form[$"Input.Figures[{i}].Source"] = figures[i].Source;
        }

        return form;
    }

    private static readonly (FigureKey, string, string, string)[] Inconsistent =
    [
        (FigureKey.Population, "12,000", "R6年4月", "住民基本台帳"),
        (FigureKey.PsychiatricBeds, "30", "R6年4月", "県資料"),
        (FigureKey.InpatientsTotal, "50", "R5年6月", "630調査"),
        (FigureKey.InpatientsUnder3Months, "10", "R5年6月", "630調査"),
        (FigureKey.Inpatients3To12Months, "15", "R5年6月", "630調査"),
        (FigureKey.InpatientsOver1Year, "24", "R5年6月", "630調査"),
    ];

    [Fact]
    public async Task An_inconsistent_profile_is_refused_until_a_reason_is_given_and_the_reason_is_kept()
    {
        var (world, client, user) = await TownUserAsync();
        var town = await NewTownAsync(world);
        var page = $"/Profiles/Edit/{town.Id}";

        var refused = await AppFactory.PostFormAsync(client, page, Form(2024, null, Inconsistent));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("在院期間別の人数の和(49人)が合計(50人)と一致しません。", html, StringComparison.Ordinal);
        Assert.Contains("このまま保存する理由を入力してください", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.RegionProfiles.AnyAsync(p => p.RegionId == town.Id)));

        var saved = await AppFactory.PostFormAsync(client, page, Form(2024, "1名は在院期間が不明のため内訳に含めていない", Inconsistent));
        await Responses.AssertRedirectAsync(saved);
        var profile = await app.WithDbAsync((db, _) => db.RegionProfiles.Include(p => p.Figures).SingleAsync(p => p.RegionId == town.Id));
        Assert.Equal("1名は在院期間が不明のため内訳に含めていない", profile.InconsistencyReason);
        Assert.Equal(user.UserName, profile.UpdatedBy);
        Assert.Equal(new WarekiValue(WarekiPrecision.YearMonth, 2023, 6, 0), profile.Figure(FigureKey.InpatientsTotal)!.AsOf);
        Assert.Equal("630調査", profile.Figure(FigureKey.InpatientsTotal)!.Source);

        var view = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/Region/{town.Id}"));
        Assert.Contains("20.0%", view, StringComparison.Ordinal);   // 10 of 50
        Assert.Contains("30.0%", view, StringComparison.Ordinal);   // 15 of 50
        Assert.Contains("48.0%", view, StringComparison.Ordinal);   // 24 of 50
        Assert.Contains("250.0床", view, StringComparison.Ordinal); // 30 per 12,000 → 250 per 100k
        Assert.Contains("要確認", view, StringComparison.Ordinal);
        Assert.Contains("1名は在院期間が不明", view, StringComparison.Ordinal);
        Assert.Contains("令和5年6月", view, StringComparison.Ordinal);

        var audit = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.UserId == user.Id && a.RecordType == "RegionProfile").Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.Create, audit);
    }

    [Fact]
    public async Task Unreadable_cells_are_named_and_nothing_is_saved()
    {
        var (world, client, _) = await TownUserAsync();
        var town = await NewTownAsync(world);
        var response = await AppFactory.PostFormAsync(client, $"/Profiles/Edit/{town.Id}", Form(2024, null,
            (FigureKey.Population, "約1万", "R6年4月", ""), (FigureKey.InpatientsTotal, "#DIV/0!", "R●年●月", ""), (FigureKey.PsychiatricBeds, "10", "来年の春", "")));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("人口: 「約1万」は数値として読めません。", html, StringComparison.Ordinal);
        Assert.Contains("Excel の計算エラー", html, StringComparison.Ordinal);
        Assert.Contains("精神科病床数の時点「来年の春」は読めません", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.RegionProfiles.AnyAsync(p => p.RegionId == town.Id)));
    }

    [Fact]
    public async Task A_neighbour_reads_the_figures_but_cannot_edit_them_and_another_prefecture_sees_nothing()
    {
        var (world, client, _) = await TownUserAsync();
        var town = await NewTownAsync(world);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Profiles/Edit/{town.Id}",
            Form(2024, null, (FigureKey.Population, "8000", "R6年4月", "住民基本台帳"))));

        var city = await app.CreateUserAsync(Name("city"), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var cityClient = await app.SignInAsync(city);
        Assert.Equal(HttpStatusCode.OK, (await cityClient.GetAsync($"/Profiles/Region/{town.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await cityClient.GetAsync($"/Profiles/Edit/{town.Id}")).StatusCode);
        var forged = await AppFactory.PostFormAsync(cityClient, $"/Profiles/Edit/{world.CityPartner.RegionId}",
            Form(2024, null, (FigureKey.Population, "1", "R6年4月", "")), $"/Profiles/Edit/{town.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(8000m, await app.WithDbAsync((db, _) => db.ProfileFigures.Where(f => f.Key == FigureKey.Population && db.RegionProfiles.Any(p => p.Id == f.ProfileId && p.RegionId == town.Id)).Select(f => f.Value).SingleAsync()));

        // Someone from another prefecture: the region does not exist for them.
        var elsewhere = await app.WithDbAsync(async (db, _) =>
        {
            var existing = await db.Regions.SingleOrDefaultAsync(r => r.Code == "450006");
            if (existing is not null)
            {
                return await db.Organizations.FirstAsync(o => o.RegionId == existing.Id);
            }

            var prefecture = Region.Create("450006", "よその県", "よそのけん", RegionKind.Prefecture, MunicipalityFlags.None, null);
            var org = Nimo.Features.Organizations.Organization.Create("よその県庁", "", Nimo.Features.Organizations.OrganizationKind.LocalGovernment, prefecture);
            db.AddRange(prefecture, org);
            await db.SaveChangesAsync();
            return org;
        });
        var stranger = await app.CreateUserAsync(Name("far"), Roles.PrefectureStaff, elsewhere.Id, twoFactor: true);
        var strangerClient = await app.SignInAsync(stranger);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/Profiles/Region/{town.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/Profiles/History/{town.Id}")).StatusCode);
        var export = await strangerClient.GetStringAsync("/Profiles?handler=Export&format=csv");
        Assert.DoesNotContain(town.Name, export, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_region_page_compares_with_targets_the_parent_and_siblings()
    {
        var (world, client, _) = await TownUserAsync();
        var town = await NewTownAsync(world);
        var sibling = await NewTownAsync(world);
        await SeedAsync(sibling.Id, 2023, (FigureKey.DischargeRate3Months, 70m), (FigureKey.Population, 5000m), (FigureKey.InpatientsOver1Year, 20m));
        await SeedAsync(world.AreaHealthCenter.RegionId, 2023, (FigureKey.DischargeRate3Months, 66.5m));
        await SeedAsync(town.Id, 2023, (FigureKey.DischargeRate3Months, 62.0m), (FigureKey.DischargeRate6Months, 81.0m), (FigureKey.DischargeRate12Months, 92.0m));

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/Region/{town.Id}"));
        var targets = html[html.IndexOf("国の目標との比較", StringComparison.Ordinal)..html.IndexOf("上位・同じ階層", StringComparison.Ordinal)];
        Assert.Contains("69%以上", targets, StringComparison.Ordinal);
        Assert.Contains("未達成", targets, StringComparison.Ordinal);
        Assert.Contains("達成", targets, StringComparison.Ordinal);          // 92.0 ≥ 92 (第6期 1年)
        Assert.Contains("未確認", targets, StringComparison.Ordinal);        // 第7期
        Assert.Contains("全国値(参考)", targets, StringComparison.Ordinal);
        var comparison = html[html.IndexOf("上位・同じ階層", StringComparison.Ordinal)..];
        Assert.Contains("北部保健所圏域", comparison, StringComparison.Ordinal);
        Assert.Contains("66.5", comparison, StringComparison.Ordinal);
        Assert.Contains(sibling.Name, comparison, StringComparison.Ordinal);
        Assert.Contains("400.0", comparison, StringComparison.Ordinal);     // sibling: 20 long-stay per 5,000 → 400 per 100k
        Assert.Contains("みどり町", comparison, StringComparison.Ordinal);   // a sibling with no figures is listed as such
        Assert.Contains("未登録", comparison, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_shows_each_year_the_change_and_an_accessible_chart()
    {
        var (world, client, _) = await TownUserAsync();
        var town = await NewTownAsync(world);
        await SeedAsync(town.Id, 2021, (FigureKey.PsychiatricBeds, 120m), (FigureKey.Population, 50_000m));
        await SeedAsync(town.Id, 2022, (FigureKey.PsychiatricBeds, 110m), (FigureKey.Population, 49_500m));
        await SeedAsync(town.Id, 2023, (FigureKey.PsychiatricBeds, 110m), (FigureKey.Population, 49_000m));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/History/{town.Id}"));
        Assert.Contains("R3年度", html, StringComparison.Ordinal);
        Assert.Contains("R5年度", html, StringComparison.Ordinal);
        Assert.Contains("(−10)", html, StringComparison.Ordinal);
        Assert.Contains("(±0)", html, StringComparison.Ordinal);
        Assert.Contains("(−500)", html, StringComparison.Ordinal);
        Assert.Contains("240.0", html, StringComparison.Ordinal);   // 120 / 50,000 per 100k
        Assert.Contains("(−17.8)", html, StringComparison.Ordinal); // 240.0 → 222.2
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("精神科病床数の推移。R3年度 120床、R4年度 110床、R5年度 110床。", html, StringComparison.Ordinal);
        // A NaN drawn by the chart or printed in a cell; not the letters of the random antiforgery token (「…LbNaNYd…」).
        Assert.DoesNotMatch(@"(?<![A-Za-z0-9_-])NaN(?![A-Za-z0-9_-])", System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\"[^>]*>", ""));
    }

    [Fact]
    public async Task The_prefecture_rollup_sums_municipalities_marks_the_missing_and_shows_coverage()
    {
        using var own = new AppFactory();
        var world = await own.CreateWorldAsync();
        var user = await own.CreateUserAsync("pref", Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var client = await own.SignInAsync(user);
        var village = await own.WithDbAsync(async (db, _) =>
        {
            var area = await db.Regions.SingleAsync(r => r.Id == world.AreaHealthCenter.RegionId);
            var v = Region.Create("473022", "やまびこ村", "やまびこむら", RegionKind.Municipality, MunicipalityFlags.None, area);
            db.Regions.Add(v);
            await db.SaveChangesAsync();
            return v.Id;
        });
        await SeedAsync(own, world.CityPartner.RegionId, 2024, (FigureKey.Population, 100_000m), (FigureKey.PsychiatricBeds, 300m), (FigureKey.ForumMunicipalitiesWith, 1m));
        await SeedAsync(own, village, 2024, (FigureKey.Population, 5_000m));
        await SeedAsync(own, world.AreaHealthCenter.RegionId, 2024, (FigureKey.DischargeRate3Months, 66.5m));
        await SeedAsync(own, world.Prefecture.RegionId, 2024, (FigureKey.Municipalities, 3m), (FigureKey.ForumMunicipalitiesWith, 3m));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/Rollup/{world.Prefecture.RegionId}"));
        Assert.Contains("2 / 3 市町村(66.7%)", html, StringComparison.Ordinal);
        Assert.Contains("100,000", html, StringComparison.Ordinal);
        Assert.Contains("2/3 市町村", html, StringComparison.Ordinal);          // the sum says how many contributed
        Assert.Contains("300.0床", html, StringComparison.Ordinal);             // 300 beds over the municipalities with both figures

        // みどり町 has nothing; its 保健所圏域 is a subtotal of its municipalities, not 「未登録」.
        var midori = Row(html, "みどり町");
        Assert.Contains("未登録", midori, StringComparison.Ordinal);
        var area = Row(html, "北部保健所圏域");
        Assert.Contains("小計", area, StringComparison.Ordinal);
        Assert.Contains("5,000", area, StringComparison.Ordinal);
        Assert.Contains("1/2 市町村", area, StringComparison.Ordinal);
        Assert.DoesNotContain("未登録", area, StringComparison.Ordinal);

        // The two 設置率, each with what it divides by what, and why they differ.
        Assert.Contains("管内の市町村の基礎情報から", html, StringComparison.Ordinal);
        Assert.Contains("協議の場を「有」と登録した市町村", html, StringComparison.Ordinal);
        Assert.Contains("33.3%", html, StringComparison.Ordinal);
        Assert.Contains("テスト県の報告値(R6年度)", html, StringComparison.Ordinal);
        Assert.Contains("「協議の場の設置状況 市町村(設置数)」", html, StringComparison.Ordinal);
        Assert.Contains("100.0%", html, StringComparison.Ordinal);
        Assert.Contains("基礎情報が未登録か協議の場の欄が空欄の2市町村を「無」として数えています。", html, StringComparison.Ordinal);

        // A few figures per table; the rest one link away.
        Assert.True(Headers(html) <= 7, $"{Headers(html)} column headers in the roll-up table");
        var discharge = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/Rollup/{world.Prefecture.RegionId}?show=discharge"));
        Assert.Contains("退院率 入院後3か月時点", discharge, StringComparison.Ordinal);
        Assert.Contains("66.5", Row(discharge, "北部保健所圏域"), StringComparison.Ordinal);
        Assert.True(Headers(discharge) <= 7, $"{Headers(discharge)} column headers in the discharge table");

        static string Row(string page, string name)
        {
            var at = page.IndexOf(">" + name + "<", StringComparison.Ordinal);
            Assert.True(at > 0, name + " is not in the table");
            var from = page.LastIndexOf("<tr", at, StringComparison.Ordinal);
            return page[from..page.IndexOf("</tr>", at, StringComparison.Ordinal)];
        }

        static int Headers(string page)
        {
            var table = page[page.IndexOf("<table class=\"rollup", StringComparison.Ordinal)..];
            table = table[..table.IndexOf("</thead>", StringComparison.Ordinal)];
            return System.Text.RegularExpressions.Regex.Count(table, "<th scope=\"col\"");
        }
    }

    [Fact]
    public async Task The_list_filters_to_the_unregistered_and_the_home_page_links_every_missing_municipality()
    {
        using var own = new AppFactory();
        var world = await own.CreateWorldAsync();
        var user = await own.CreateUserAsync("pref", Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var client = await own.SignInAsync(user);
        var names = await own.WithDbAsync(async (db, _) =>
        {
            var area = await db.Regions.SingleAsync(r => r.Id == world.AreaHealthCenter.RegionId);
            var list = new List<string>();
            for (var n = 100; n < 133; n++)
            {
                var body = "47" + S(n + 400);
                var town = Region.Create(body + S(LocalGovernmentCode.CheckDigit(body)), "みすとうろく町" + S(n), "みすとうろくちょう", RegionKind.Municipality, MunicipalityFlags.None, area);
                db.Regions.Add(town);
                list.Add(town.Name);
            }

            await db.SaveChangesAsync();
            return list;
        });
        await SeedAsync(own, world.CityPartner.RegionId, 2025, (FigureKey.Population, 100_000m));

        var filtered = WebUtility.HtmlDecode(await client.GetStringAsync("/Profiles?missing=true"));
        Assert.Contains("未登録のみ", filtered, StringComparison.Ordinal);
        Assert.Contains("みどり町", filtered, StringComparison.Ordinal);
        Assert.Contains(names[^1], filtered, StringComparison.Ordinal);
        Assert.DoesNotContain(">あおば市<", filtered, StringComparison.Ordinal);
        var everything = WebUtility.HtmlDecode(await client.GetStringAsync("/Profiles"));
        Assert.Contains(">あおば市<", everything, StringComparison.Ordinal);

        // The home page names 30 and links the rest: 33 new towns and みどり町 have no figures for last year or later.
        var home = await client.GetStringAsync("/");
        var link = System.Text.RegularExpressions.Regex.Match(home, "<a href=\"(/Profiles\\?[^\"]*missing=true[^\"]*)\">([^<]*)</a>");
        Assert.True(link.Success, "no link to the full list of municipalities without figures");
        Assert.Equal("ほか4市区町村も含めた一覧(34市区町村)", WebUtility.HtmlDecode(link.Groups[2].Value));
        var full = WebUtility.HtmlDecode(await client.GetStringAsync(WebUtility.HtmlDecode(link.Groups[1].Value)));
        Assert.All(names.Append("みどり町"), n => Assert.Contains(">" + n + "<", full, StringComparison.Ordinal));
        Assert.DoesNotContain(">あおば市<", full, StringComparison.Ordinal);
        Assert.DoesNotContain(">北部保健所圏域<", full, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_region_readable_only_as_statistics_does_not_link_to_a_region_page_that_would_answer_404()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("town"), Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(user);
        var aoba = world.CityPartner.RegionId;
        var midori = world.TownOffice.RegionId;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Regions/Details/{aoba}")).StatusCode);
        var neighbour = await client.GetStringAsync($"/Profiles/Region/{aoba}");
        Assert.DoesNotContain($"/Regions/Details/{aoba}\"", neighbour, StringComparison.Ordinal);
        var own = await client.GetStringAsync($"/Profiles/Region/{midori}");
        Assert.Contains($"/Regions/Details/{midori}\"", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_year_of_figures_is_a_table_and_charts_are_drawn_only_for_figures_with_two_years()
    {
        var (world, client, _) = await TownUserAsync();
        var town = await NewTownAsync(world);
        await SeedAsync(town.Id, 2023, (FigureKey.PsychiatricBeds, 120m), (FigureKey.Population, 50_000m));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/History/{town.Id}"));
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.Contains("登録は令和5年度の1年度だけのため、グラフは表示していません。", html, StringComparison.Ordinal);
        Assert.Contains("120", html, StringComparison.Ordinal);

        await SeedAsync(town.Id, 2024, (FigureKey.PsychiatricBeds, 110m));
        html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/History/{town.Id}"));
        Assert.Contains("id=\"chart-PsychiatricBeds\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"chart-Population\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_area_a_figure_describes_is_offered_and_accepted_only_within_the_region_and_its_parents()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("area"), Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(user);
        var town = world.TownOffice.RegionId;
        var page = $"/Profiles/Edit/{town}?year=2018";
        var html = WebUtility.HtmlDecode(await client.GetStringAsync(page));
        var select = System.Text.RegularExpressions.Regex.Match(html, "<select[^>]*name=\"Input.Figures\\[0\\].AreaRegionId\"[^>]*>(.*?)</select>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(select.Success);
        var offered = System.Text.RegularExpressions.Regex.Matches(select.Groups[1].Value, ">([^<]+)</option>").Select(m => m.Groups[1].Value).ToList();
        // みどり町 is in 北部保健所圏域 of テスト県: a figure may be the area's or the prefecture's (川口's 退院率 is 埼玉県's), never a neighbour's.
        Assert.Equal(["この地域(みどり町)", "テスト県", "北部保健所圏域"], offered);

        var neighbour = world.CityHealthCenter.RegionId;
        var form = Form(2018, null, (FigureKey.Population, "8000", "H30年4月", "住民基本台帳"));
        form["Input.Figures[0].AreaRegionId"] = S(neighbour);
        var refused = await AppFactory.PostFormAsync(client, page, form);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("人口の対象地域を選び直してください。", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.RegionProfiles.AnyAsync(p => p.RegionId == town && p.FiscalYear == 2018)));

        form["Input.Figures[0].AreaRegionId"] = S(world.AreaHealthCenter.RegionId);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, page, form));
        Assert.Equal(world.AreaHealthCenter.RegionId, await app.WithDbAsync((db, _) => db.ProfileFigures
            .Where(f => f.Key == FigureKey.Population && db.RegionProfiles.Any(p => p.Id == f.ProfileId && p.RegionId == town && p.FiscalYear == 2018)).Select(f => f.AreaRegionId).SingleAsync()));
    }

    [Fact]
    public async Task The_form_of_a_later_year_says_which_year_each_earlier_value_is_from()
    {
        var (world, client, _) = await TownUserAsync();
        var town = await NewTownAsync(world);
        await SeedAsync(town.Id, 2023, (FigureKey.Population, 8_000m), (FigureKey.PsychiatricBeds, 20m));
        var form = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/Edit/{town.Id}?year=2026"));
        Assert.Contains("前年度(令和7年度)の基礎情報は登録されていません。", form, StringComparison.Ordinal);
        Assert.Contains("R5年度 8,000", form, StringComparison.Ordinal);
        Assert.DoesNotContain("前年度 8,000", form, StringComparison.Ordinal);

        await SeedAsync(town.Id, 2025, (FigureKey.PsychiatricBeds, 30m));
        form = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/Edit/{town.Id}?year=2026"));
        Assert.Contains("前年度 30", form, StringComparison.Ordinal);
        Assert.Contains("前年度は未入力(R5年度 8,000)", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_returns_figures_with_time_points_computed_values_findings_and_history()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("api"), Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var town = await NewTownAsync(world);
        await SeedAsync(town.Id, 2022, (FigureKey.Population, 1000m));
        await SeedAsync(town.Id, 2023, (FigureKey.InpatientsTotal, 0m), (FigureKey.InpatientsUnder3Months, 0m), (FigureKey.Inpatients3To12Months, 0m), (FigureKey.InpatientsOver1Year, 3m));
        var client = await app.ApiClientAsync(user);

        using var latest = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/v1/regions/{town.Code}/profile"));
        var root = latest.RootElement;
        Assert.Equal(2023, root.GetProperty("fiscalYear").GetInt32());
        Assert.Equal("令和5年度", root.GetProperty("fiscalYearText").GetString());
        var total = root.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "InpatientsTotal");
        Assert.Equal("2023-06", total.GetProperty("asOf").GetString());
        Assert.Equal("630調査", total.GetProperty("source").GetString());
        var share = root.GetProperty("computed").EnumerateArray().Single(c => c.GetProperty("key").GetString() == "ShareInpatientsUnder3Months");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, share.GetProperty("value").ValueKind);
        Assert.Contains("0のため", share.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.NotEmpty(root.GetProperty("findings").EnumerateArray());

        using var history = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"/api/v1/regions/{town.Code}/profile/history"));
        Assert.Equal([2022, 2023], history.RootElement.EnumerateArray().Select(p => p.GetProperty("fiscalYear").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/regions/{town.Code}/profile?year=2010")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/regions/131105/profile")).StatusCode);
    }

    private Task SeedAsync(int regionId, int year, params (FigureKey Key, decimal Value)[] figures) => SeedAsync(app, regionId, year, figures);

    private static async Task SeedAsync(AppFactory factory, int regionId, int year, params (FigureKey Key, decimal Value)[] figures)
    {
        await factory.WithDbAsync(async db =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == regionId);
            var profile = await db.RegionProfiles.Include(p => p.Figures).SingleOrDefaultAsync(p => p.RegionId == regionId && p.FiscalYear == year);
            if (profile is null)
            {
                profile = RegionProfile.Create(region, year);
                db.RegionProfiles.Add(profile);
            }

            foreach (var (key, value) in figures)
            {
                profile.SetFigure(key, value, new WarekiValue(WarekiPrecision.YearMonth, year, 6, 0), "630調査", null);
            }

            profile.Stamp(ProfileCalculator.Compute(profile, new DateOnly(2026, 11, 20)).Findings, "テストデータ", "test", factory.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
    }
}
