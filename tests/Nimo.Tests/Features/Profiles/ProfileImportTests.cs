using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Csv;
using Nimo.Platform.Excel;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Profiles;

/// <summary>基礎情報 files in and out: all-or-nothing, every bad cell named, and an exported file re-imports as no change.</summary>
public sealed class ProfileImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string S(int i) => i.ToString(CultureInfo.InvariantCulture);

    private async Task<HttpClient> PrefectureClientAsync()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("imp-" + Guid.NewGuid().ToString("N")[..8], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return await app.SignInAsync(user);
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] bytes, string fileName = "kiso.csv", string? reason = null)
    {
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Profiles/Import"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("auto"), "encoding" },
            { new StringContent(reason ?? ""), "reason" },
            { new ByteArrayContent(bytes), "file", fileName },
        };
        var response = await client.PostAsync("/Profiles/Import", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>2,000 municipalities of three made-up prefectures with valid codes (44, 45, 46), created once.</summary>
    private static async Task<List<Region>> TwoThousandMunicipalitiesAsync(AppFactory factory)
    {
        return await factory.WithDbAsync(async (db, _) =>
        {
            var regions = new List<Region>();
            foreach (var number in new[] { "44", "45", "46" })
            {
                var body = number + "000";
                var prefecture = Region.Create(body + S(LocalGovernmentCode.CheckDigit(body)), $"大量県{number}", "たいりょうけん", RegionKind.Prefecture, MunicipalityFlags.None, null);
                db.Regions.Add(prefecture);
                for (var n = 1; n <= 700 && regions.Count < 2000; n++)
                {
                    var code = number + S(n).PadLeft(3, '0');
                    regions.Add(Region.Create(code + S(LocalGovernmentCode.CheckDigit(code)), $"大量市{number}-{n:000}", "たいりょうし", RegionKind.Municipality, MunicipalityFlags.None, prefecture));
                }
            }

            db.Regions.AddRange(regions);
            await db.SaveChangesAsync();
            return regions;
        });
    }

    [Fact]
    public async Task A_2000_region_file_with_one_bad_cell_stores_nothing_then_the_good_file_stores_everything_once()
    {
        using var own = new AppFactory();
        var regions = await TwoThousandMunicipalitiesAsync(own);
        var world = await own.CreateWorldAsync();
        var admin = await own.CreateUserAsync("bulk-admin", Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var client = await own.SignInAsync(admin);

        var lines = new List<string> { string.Join(',', ProfileFile.Columns) };
        foreach (var (r, i) in regions.Select((r, i) => (r, i)))
        {
            var population = 10_000 + i;
            lines.Add($"{r.Code},{r.Name},R6年度,人口,{population},人,R6年4月,住民基本台帳,");
            lines.Add($"{r.Code},{r.Name},R6年度,精神科病床数,{i % 300},床,R6年4月,県資料,");
            lines.Add($"{r.Code},{r.Name},R6年度,入院精神障害者数 合計,{i % 50},人,R5年6月,630調査,");
            lines.Add($"{r.Code},,令和6年度,退院率 3か月,{60 + (i % 30)}.5,%,R4年,630調査,");
        }

        var good = Encoding.UTF8.GetBytes(string.Join("\r\n", lines));
        var badLines = new List<string>(lines);
        // Line 4003 of the file (index 4002): region 1000's 精神科病床数.
        var cells = badLines[4002].Split(',');
        Assert.Equal("精神科病床数", cells[3]);
        cells[4] = "#DIV/0!";
        badLines[4002] = string.Join(',', cells);

        var refused = await UploadAsync(client, Encoding.UTF8.GetBytes(string.Join("\r\n", badLines)));
        Assert.Contains("取り込みませんでした", refused, StringComparison.Ordinal);
        Assert.Contains("4003行目 E列「値」: 「#DIV/0!」は Excel の計算エラーで、数値ではありません。", refused, StringComparison.Ordinal);
        Assert.Equal(0, await own.WithDbAsync((db, _) => db.RegionProfiles.CountAsync()));

        var stored = await UploadAsync(client, good);
        Assert.Contains("(UTF-8、8,000行)", stored.Replace("8000", "8,000", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("追加 2000件、更新 0件、変更なし 0件", stored, StringComparison.Ordinal);
        var (profiles, figures) = await own.WithDbAsync(async (db, _) => (await db.RegionProfiles.CountAsync(), await db.ProfileFigures.CountAsync()));
        Assert.Equal((2000, 8000), (profiles, figures));
        var sample = await own.WithDbAsync((db, _) => db.RegionProfiles.Include(p => p.Figures).SingleAsync(p => p.Region.Code == regions[1234].Code));
        Assert.Equal(11_234m, sample.Value(FigureKey.Population));
        Assert.Equal(64.5m, sample.Value(FigureKey.DischargeRate3Months));
        var stamp = sample.UpdatedAt;

        own.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await UploadAsync(client, good);
        Assert.Contains("追加 0件、更新 0件、変更なし 2000件(変更した数値 0件)", again, StringComparison.Ordinal);
        Assert.Equal(stamp, await own.WithDbAsync((db, _) => db.RegionProfiles.Where(p => p.Id == sample.Id).Select(p => p.UpdatedAt).SingleAsync()));
    }

    [Fact]
    public async Task Every_bad_cell_is_reported_by_row_and_column()
    {
        var client = await PrefectureClientAsync();
        var csv = string.Join("\r\n",
            string.Join(',', ProfileFile.Columns),
            "472018,あおば市,R6年度,人口,50000,人,R6年4月,住民基本台帳,",
            "472019,あおば市,R6年度,人口,50000,人,R6年4月,,",
            "472018,みどり町,R6年度,人口,50000,人,R6年4月,,",
            "473014,みどり町,R6年度,人口らしきもの,1,人,R6年4月,,",
            "473014,みどり町,来年度,人口,1,人,R6年4月,,",
            "473014,みどり町,R6年度,人口,1,人,きのう,,",
            "473014,みどり町,R6年度,退院率 3か月,60,%,R6年4月,,架空市",
            ",北部保健所圏域,R6年度,精神科病床数,1.5,床,R6年4月,,",
            "472018,あおば市,R6年度,人口,50001,人,R6年4月,,",
            "131105,目黒区,R6年度,人口,1,人,R6年4月,,");
        var html = await UploadAsync(client, Encoding.UTF8.GetBytes(csv));
        Assert.Contains("3行目 A列「団体コード」: 「472019」は正しい全国地方公共団体コード", html, StringComparison.Ordinal);
        Assert.Contains("4行目 B列「地域名」: 団体コード「472018」は「あおば市」です(地域名「みどり町」と一致しません)。", html, StringComparison.Ordinal);
        Assert.Contains("5行目 D列「項目」: 「人口らしきもの」という項目はありません", html, StringComparison.Ordinal);
        Assert.Contains("6行目 C列「年度」: 「来年度」は年度として読めません", html, StringComparison.Ordinal);
        Assert.Contains("7行目 G列「時点」: 「きのう」は時点として読めません", html, StringComparison.Ordinal);
        Assert.Contains("8行目 I列「対象地域」: 対象地域「架空市」が見つかりません", html, StringComparison.Ordinal);
        Assert.Contains("9行目 E列「値」: 「1.5」: 精神科病床数は整数です。", html, StringComparison.Ordinal);
        Assert.Contains("10行目: あおば市のR6年度「人口」は2行目にもあります。", html, StringComparison.Ordinal);
        Assert.Contains("11行目 A列「団体コード」: 団体コード「131105」の地域が見つからないか、閲覧できません。", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2行目 ", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.RegionProfiles.AnyAsync(p => p.Region.Code == "472018" && p.FiscalYear == 2024)));
    }

    [Fact]
    public async Task Inconsistent_figures_import_only_with_a_reason()
    {
        var client = await PrefectureClientAsync();
        var csv = string.Join("\r\n",
            string.Join(',', ProfileFile.Columns),
            "473014,みどり町,R3年度,入院精神障害者数 合計,10,人,R3年6月,630調査,",
            "473014,みどり町,R3年度,入院精神障害者数 3か月未満,1,人,R3年6月,630調査,",
            "473014,みどり町,R3年度,入院精神障害者数 3か月以上1年未満,2,人,R3年6月,630調査,",
            "473014,みどり町,R3年度,入院精神障害者数 1年以上,3,人,R3年6月,630調査,");
        var bytes = Encoding.UTF8.GetBytes(csv);
        var refused = await UploadAsync(client, bytes);
        Assert.Contains("みどり町 R3年度: 在院期間別の人数の和(6人)が合計(10人)と一致しません。", refused, StringComparison.Ordinal);
        Assert.Contains("何も取り込んでいません", refused, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.RegionProfiles.AnyAsync(p => p.Region.Code == "473014" && p.FiscalYear == 2021)));

        var accepted = await UploadAsync(client, bytes, reason: "内訳は一部の病院のみ回答");
        Assert.Contains("追加 1件", accepted, StringComparison.Ordinal);
        Assert.Equal("内訳は一部の病院のみ回答", await app.WithDbAsync((db, _) =>
            db.RegionProfiles.Where(p => p.Region.Code == "473014" && p.FiscalYear == 2021).Select(p => p.InconsistencyReason).SingleAsync()));
    }

    [Fact]
    public async Task Exports_in_csv_shift_jis_and_xlsx_re_import_as_no_change()
    {
        var client = await PrefectureClientAsync();
        var csv = string.Join("\r\n",
            string.Join(',', ProfileFile.Columns),
            "472018,あおば市,R5年度,人口,\"123,456\",人,令和5年4月,住民基本台帳,",
            "472018,あおば市,R5年度,退院率 1年,88.0,%,H29,県資料 ※県全体,470007",
            "472018,あおば市,R5年度,精神領域の部会の有無,(有)・無,,R5年度,自立支援協議会,",
            "472018,あおば市,R5年度,入院精神障害者数 合計,0,人,R●年●月,報告様式,",
            ",北部保健所圏域,R5年度,協議の場 市町村設置数,1,市町村,R5年4月,,");
        var first = await UploadAsync(client, CsvFile.ShiftJis.GetBytes(csv), "kiso-sjis.csv");
        Assert.Contains("取り込みました(Shift_JIS、5行)", first, StringComparison.Ordinal);
        var figure = await app.WithDbAsync((db, _) => db.ProfileFigures.Include(f => f.AreaRegion)
            .SingleAsync(f => f.Key == FigureKey.DischargeRate12Months && db.RegionProfiles.Any(p => p.Id == f.ProfileId && p.Region.Code == "472018" && p.FiscalYear == 2023)));
        Assert.Equal("テスト県", figure.AreaRegion!.Name);
        Assert.Equal("平成29年", figure.AsOf.ToString());

        foreach (var (format, name) in new[] { ("csv", "kiso.csv"), ("sjis", "kiso-sjis.csv"), ("xlsx", "kiso.xlsx") })
        {
            var exported = await client.GetByteArrayAsync($"/Profiles?handler=Export&format={format}&year=2023");
            var again = await UploadAsync(client, exported, name);
            Assert.Contains("追加 0件、更新 0件", again, StringComparison.Ordinal);
            Assert.Contains("変更した数値 0件", again, StringComparison.Ordinal);
        }

        // The xlsx holds numbers as numbers, text as text, with the header first.
        var xlsx = XlsxFile.Read(await client.GetByteArrayAsync("/Profiles?handler=Export&format=xlsx&year=2023"), ProfileFile.Required);
        Assert.Empty(xlsx.Errors);
        var population = xlsx.Rows.Single(r => r.Get(ProfileFile.Item) == "人口" && r.Get(ProfileFile.Code) == "472018");
        Assert.Equal("123456", population.Get(ProfileFile.Value));
        Assert.Equal("令和5年4月", population.Get(ProfileFile.AsOf));
        Assert.Equal("有", xlsx.Rows.Single(r => r.Get(ProfileFile.Item) == "精神領域の部会の有無").Get(ProfileFile.Value));

        var utf8 = await client.GetByteArrayAsync("/Profiles?handler=Export&format=csv&year=2023");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, utf8[..3]);
    }

    [Fact]
    public async Task A_file_that_is_not_a_real_xlsx_is_refused_in_japanese()
    {
        var client = await PrefectureClientAsync();
        var html = await UploadAsync(client, [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6], "broken.xlsx");
        Assert.Contains("Excel ファイル(.xlsx)として読めません", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_written_is_read_back_cell_for_cell()
    {
        var bytes = XlsxFile.Write("テスト", ["名前", "数"], [
            [new XlsxFile.Cell("川口市"), new XlsxFile.Cell(null, 604894m)],
            [new XlsxFile.Cell("=SUM(A1)"), new XlsxFile.Cell(null, 0.1m)],
            [new XlsxFile.Cell("  前後に空白  "), new XlsxFile.Cell("")],
        ]);
        var read = XlsxFile.Read(bytes, ["名前", "数"]);
        Assert.Empty(read.Errors);
        Assert.Equal(["川口市", "=SUM(A1)", "  前後に空白  "], read.Rows.Select(r => r.Cells["名前"]));
        Assert.Equal(["604894", "0.1", ""], read.Rows.Select(r => r.Cells["数"]));
        Assert.Equal("3行目 B列「数」", read.Rows[1].Locate("数"));
        Assert.Equal("AA", CsvRow.ColumnLetter(26));
    }
}
