using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

public sealed class ImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    static ImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private async Task<HttpClient> PrefectureClientAsync()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("imp-" + Guid.NewGuid().ToString("N")[..8], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return await app.SignInAsync(user);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string page, byte[] bytes, string encoding = "auto")
    {
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(encoding), "encoding" },
            { new ByteArrayContent(bytes), "file", "upload.csv" },
        };
        return await client.PostAsync(page, form);
    }

    [Fact]
    public async Task A_file_with_bad_lines_imports_nothing_and_names_every_bad_line()
    {
        var client = await PrefectureClientAsync();
        var before = await app.WithDbAsync((db, _) => db.Regions.CountAsync());
        var csv = """
            団体コード,名称,よみがな,種別,上位,区分
            ,南部テスト圏域,なんぶ,圏域,470007,
            474011,さくら村,さくらむら,市区町村,南部テスト圏域,
            474012,ちどり村,ちどりむら,市区町村,470007,
            ,名前のない種別,,村落,470007,
            474029,はやて市,,市区町村,存在しない上位,中核市
            """;
        var response = await UploadAsync(client, "/Regions/Import", Encoding.UTF8.GetBytes(csv));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("取り込みませんでした", html, StringComparison.Ordinal);
        Assert.Contains("4行目: 「団体コード」の「474012」が正しくありません", html, StringComparison.Ordinal);
        Assert.Contains("5行目: 「種別」の「村落」", html, StringComparison.Ordinal);
        Assert.Contains("6行目: 「上位」の「存在しない上位」が見つかりません", html, StringComparison.Ordinal);
        Assert.DoesNotContain("2行目", html, StringComparison.Ordinal);
        Assert.DoesNotContain("3行目", html, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync((db, _) => db.Regions.CountAsync()));
    }

    [Fact]
    public async Task A_shift_jis_file_imports_and_importing_it_again_changes_nothing()
    {
        var client = await PrefectureClientAsync();
        var csv = "団体コード,名称,よみがな,種別,上位,区分\r\n,西部テスト圏域,せいぶ,圏域,470007,\r\n475017,ひかり町,ひかりちょう,市区町村,西部テスト圏域,\r\n";
        var bytes = Encoding.GetEncoding(932).GetBytes(csv);
        var first = WebUtility.HtmlDecode(await (await UploadAsync(client, "/Regions/Import", bytes)).Content.ReadAsStringAsync());
        Assert.Contains("取り込みました(Shift_JIS、2行): 追加 2件", first, StringComparison.Ordinal);
        var second = WebUtility.HtmlDecode(await (await UploadAsync(client, "/Regions/Import", bytes)).Content.ReadAsStringAsync());
        Assert.Contains("追加 0件、更新 0件、変更なし 2件", second, StringComparison.Ordinal);
        var town = await app.WithDbAsync((db, _) => db.Regions.Include(r => r.Parent).SingleAsync(r => r.Code == "475017"));
        Assert.Equal("西部テスト圏域", town.Parent!.Name);
    }

    [Fact]
    public async Task Bytes_that_are_neither_utf8_nor_shift_jis_are_refused_with_a_japanese_message()
    {
        var client = await PrefectureClientAsync();
        var bytes = Encoding.UTF8.GetBytes("団体コード,名称,よみがな,種別,上位,区分\r\n").Concat(new byte[] { 0x81, 0x7F, 0xFF, 0xFE, 0x0D, 0x0A }).ToArray();
        var html = WebUtility.HtmlDecode(await (await UploadAsync(client, "/Regions/Import", bytes)).Content.ReadAsStringAsync());
        Assert.Contains("文字コードを判別できません", html, StringComparison.Ordinal);
        var asUtf8 = WebUtility.HtmlDecode(await (await UploadAsync(client, "/Regions/Import", bytes, "utf8")).Content.ReadAsStringAsync());
        Assert.Contains("UTF-8 として読めない文字があります", asUtf8, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Organisations_import_with_kinds_in_japanese_and_export_round_trips()
    {
        var client = await PrefectureClientAsync();
        var csv = "機関名,よみがな,種別,地域,住所,電話,備考,状態\n" +
                  "ひかりクリニック,ひかりくりにっく,診療所,472018,あおば市1-1,0120-000-000,\"夜間対応あり, 要予約\",有効\n" +
                  "\"=HYPERLINK(\"\"x\"\")\",,その他,472018,,,,休止\n";
        var result = WebUtility.HtmlDecode(await (await UploadAsync(client, "/Organizations/Import", Encoding.UTF8.GetBytes(csv))).Content.ReadAsStringAsync());
        Assert.Contains("追加 2件", result, StringComparison.Ordinal);

        var exported = await client.GetByteArrayAsync("/Organizations?handler=Export");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, exported[..3]);
        var text = Encoding.UTF8.GetString(exported);
        Assert.Contains("\"夜間対応あり, 要予約\"", text, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", text, StringComparison.Ordinal); // defused for Excel

        var again = WebUtility.HtmlDecode(await (await UploadAsync(client, "/Organizations/Import", exported)).Content.ReadAsStringAsync());
        Assert.Contains("追加 0件、更新 0件", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_municipal_user_cannot_import_into_another_municipality()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("impm-" + Guid.NewGuid().ToString("N")[..8], Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(user);
        var csv = "機関名,よみがな,種別,地域,住所,電話,備考,状態\n侵入クリニック,,診療所,472018,,,,有効\n";
        var html = WebUtility.HtmlDecode(await (await UploadAsync(client, "/Organizations/Import", Encoding.UTF8.GetBytes(csv))).Content.ReadAsStringAsync());
        Assert.Contains("2行目: 「地域」の「472018」が見つからないか、あなたの担当地域ではありません", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.Organizations.AnyAsync(o => o.Name == "侵入クリニック")));
    }
}
