using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Directory;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Directory.DirectorySetup;

namespace Nimo.Tests.Features.Directory;

/// <summary>
/// The directory's three imports, each with a small file of our own in the real layout: the MLIT 位置参照情報 (大字・町丁目 and
/// 街区, Shift_JIS with every value quoted as MLIT ships it), the 事業所一覧 (headings recognised by name, each bad cell named,
/// nothing imported while one is wrong) and the HSDS 3.0 tabular package another system writes.
/// </summary>
public sealed class DirectoryImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly Encoding ShiftJis = CodePagesEncodingProvider.Instance.GetEncoding(932)!;

    private static async Task<string> UploadAsync(HttpClient client, string page, string? handler, byte[] bytes, string fileName, string? encoding = null)
    {
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", fileName },
        };
        if (encoding is not null)
        {
            form.Add(new StringContent(encoding), "encoding");
        }

        var response = await client.PostAsync(handler is null ? page : $"{page}?handler={handler}", form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page} {handler} answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static string Quoted(params string[] cells) => string.Join(",", cells.Select(c => "\"" + c + "\""));

    [Fact]
    public async Task The_mlit_town_and_block_files_give_addresses_coordinates_without_the_internet_and_a_bad_cell_is_named()
    {
        var world = await app.CreateWorldAsync();
        var admin = await UserAsync(app, world.Prefecture.Id, Roles.Admin);
        var town = string.Join("\r\n",
        [
            Quoted([.. GeocodeImport.TownHeader]),
            Quoted("47", "テスト県", "47201", "あおば市", "472010001001", "中央一丁目", "35.123400", "136.567800", "3", "2"),
            Quoted("47", "テスト県", "47201", "あおば市", "472010001002", "中央二丁目", "35.125000", "136.569000", "3", "2"),
            Quoted("47", "テスト県", "47201", "あおば市", "472010002003", "本町三丁目", "35.130000", "136.570000", "3", "2"),
        ]) + "\r\n";
        // One cell wrong (緯度 in the third line): nothing is imported, and the message names line, column and heading.
        var bad = town.Replace("\"35.125000\"", "\"北緯35度\"", StringComparison.Ordinal);
        var refused = await UploadAsync(admin, "/Directory/Geocoding", null, ShiftJis.GetBytes(bad), "47201.csv", "auto");
        Assert.Contains("3行目 G列「緯度」の「北緯35度」は緯度として読めません", refused, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync((db, _) => db.GeocodePoints.CountAsync(p => p.CityName == "あおば市")));

        var imported = await UploadAsync(admin, "/Directory/Geocoding", null, ShiftJis.GetBytes(town), "47201.csv", "auto");
        Assert.Contains("3地点(1市区町村、大字・町丁目レベル、Shift_JIS)を取り込みました", imported, StringComparison.Ordinal);
        var fromTown = await app.WithDbAsync((db, _) => Geocoder.LocateAsync(db, "テスト県", "あおば市", "中央２丁目５番１号", CancellationToken.None));
        Assert.NotNull(fromTown);
        Assert.Equal((35.125000m, 136.569000m, GeocodeLevel.Town), (fromTown.Latitude, fromTown.Longitude, fromTown.Level));

        // The 街区 file of the same city: an address with its block number gets the block's point.
        var block = string.Join("\r\n",
        [
            Quoted("都道府県名", "市区町村名", "大字・町丁目名", "小字・通称名", "街区符号・地番", "座標系番号", "Ｘ座標", "Ｙ座標", "緯度", "経度", "住居表示フラグ", "代表フラグ", "更新前履歴フラグ", "更新後履歴フラグ"),
            Quoted("テスト県", "あおば市", "中央一丁目", "", "2", "7", "-98765.4", "-12345.6", "35.123900", "136.568100", "1", "1", "0", "0"),
            Quoted("テスト県", "あおば市", "中央一丁目", "", "3", "7", "-98760.1", "-12340.2", "35.124100", "136.568300", "1", "1", "0", "0"),
        ]) + "\r\n";
        Assert.Contains("2地点(1市区町村、街区レベル", await UploadAsync(admin, "/Directory/Geocoding", null, ShiftJis.GetBytes(block), "47201_block.csv", "sjis"), StringComparison.Ordinal);
        var fromBlock = await app.WithDbAsync((db, _) => Geocoder.LocateAsync(db, "テスト県", "あおば市", "中央一丁目2番3号", CancellationToken.None));
        Assert.NotNull(fromBlock);
        Assert.Equal((35.123900m, 136.568100m, GeocodeLevel.Block), (fromBlock.Latitude, fromBlock.Longitude, fromBlock.Level));

        // A curator's place is given that point through the location form, without any outside request.
        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        var place = await LocationAsync(app, world.CityHealthCenter.Id, "中央の相談室" + Tag(), "中央一丁目3番9号", false);
        var page = await PageAsync(curator, $"/Directory/Location/{place}");
        var fields = new Dictionary<string, string>
        {
            ["Input.Id"] = place.ToString(), ["Input.Version"] = System.Text.RegularExpressions.Regex.Match(page, "name=\"Input.Version\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Input.OrganizationId"] = Id(world.CityHealthCenter.Id), ["Input.Name"] = "中央の相談室", ["Input.Type"] = "Physical",
            ["Input.RegionId"] = Id(world.CityHealthCenter.RegionId), ["Input.StreetAddress"] = "中央一丁目3番9号",
        };
        var saved = await PostAsync(curator, $"/Directory/Location/{place}", fields, $"/Directory/Location/{place}?handler=Geocode");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var point = await app.WithDbAsync((db, _) => db.DirectoryLocations.Where(l => l.Id == place).Select(l => new { l.Latitude, l.Longitude, l.CoordinateSource }).SingleAsync());
        Assert.Equal((35.124100m, 136.568300m, CoordinateSource.Geocoded), (point.Latitude!.Value, point.Longitude!.Value, point.CoordinateSource));
    }

    [Fact]
    public async Task The_office_list_names_each_bad_cell_imports_nothing_until_all_are_right_and_keeps_a_group_homes_address_confidential()
    {
        var world = await app.CreateWorldAsync();
        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        var tag = Tag();
        var header = string.Join(",", DirectoryImport.OfficeHeader);
        Assert.Equal("事業所番号,事業所名,事業所名カナ,サービス種別,法人番号,法人名,郵便番号,住所,電話番号,URL", header);
        string File(string thirdKind, string fourthOffice, string fourthPhone) => string.Join("\r\n",
        [
            header,
            $"4712345670,グループホームあさひ{tag},ぐるーぷほーむあさひ,共同生活援助,,社会福祉法人あさひ会,472-0011,テスト県あおば市旭町1-2-3,052-111-2222,",
            $"4712345671,あさひ就労センター{tag},あさひしゅうろう,{thirdKind},,社会福祉法人あさひ会,472-0012,テスト県あおば市旭町4-5-6,052-111-3333,https://asahi.example.jp/",
            $"{fourthOffice},あおば相談室{tag},あおばそうだんしつ,計画相談支援,,,472-0013,あおば市本町7-8-9,{fourthPhone},",
        ]) + "\r\n";

        var refused = await UploadAsync(curator, "/Directory/Import", "Offices", Encoding.UTF8.GetBytes(File("ようちえん", "12345", "でんわ")), "offices.csv", "utf8");
        Assert.Contains("3行目 D列「サービス種別」の「ようちえん」は障害福祉サービス種別として読めません", refused, StringComparison.Ordinal);
        Assert.Contains("4行目 A列「事業所番号」: 事業所番号「12345」は10桁の数字で入力してください。", refused, StringComparison.Ordinal);
        Assert.Contains("4行目 I列「電話番号」の「でんわ」は電話番号として読めません。", refused, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync((db, _) => db.Organizations.CountAsync(o => o.Name.EndsWith(tag))));

        var imported = await UploadAsync(curator, "/Directory/Import", "Offices", ShiftJis.GetBytes(File("就労継続支援B型", "4712345672", "052-111-4444")), "offices.csv", "sjis");
        Assert.Contains("取り込みました", imported, StringComparison.Ordinal);
        var services = await app.WithDbAsync((db, _) => db.DirectoryServices.Where(s => s.Organization.Name.EndsWith(tag))
            .Select(s => new { Organization = s.Organization.Name, s.IsPublished, Phones = s.Phones.Select(p => p.Number).ToList(), Places = s.Locations.Select(l => new { l.Location.StreetAddress, l.Location.IsConfidential }).ToList() })
            .ToListAsync());
        Assert.Equal(3, services.Count);
        Assert.All(services, s => Assert.False(s.IsPublished));
        var home = services.Single(s => s.Organization.StartsWith("グループホームあさひ", StringComparison.Ordinal));
        Assert.True(home.Places.Single().IsConfidential, "a group home's address imported as public");
        Assert.Equal("旭町1-2-3", home.Places.Single().StreetAddress);
        Assert.False(services.Single(s => s.Organization.StartsWith("あさひ就労センター", StringComparison.Ordinal)).Places.Single().IsConfidential);
        Assert.Equal(["052-111-4444"], services.Single(s => s.Organization.StartsWith("あおば相談室", StringComparison.Ordinal)).Phones);
        var offices = await app.WithDbAsync((db, _) => db.DirectoryOrganizations.SelectMany(o => o.Identifiers).Where(i => i.Value.StartsWith("47123456")).Select(i => i.Value).ToListAsync());
        Assert.Equal(["4712345670", "4712345671", "4712345672"], offices.Order());
    }

    [Fact]
    public async Task An_hsds_tabular_package_from_another_system_is_read_in_with_its_schedules_phones_categories_and_places()
    {
        var world = await app.CreateWorldAsync();
        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        var tag = Tag();
        var (org, service, location, taxonomy, term) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Dictionary<string, string> Package(string freq) => new()
        {
            ["taxonomies.csv"] = $"id,name,description,uri,version\r\n{taxonomy},にも包括の8分野,8分野,,2026\r\n",
            ["taxonomy_terms.csv"] = $"id,code,name,description,parent_id,taxonomy,language,taxonomy_id,term_uri\r\n{term},mutual-aid,地域の助け合い,家族会など,,,ja,{taxonomy},\r\n",
            ["organizations.csv"] = $"id,name,alternate_name,description,email,website\r\n{org},あおば家族会{tag},,家族の集まりです。,family@example.jp,https://family.example.jp/\r\n",
            ["locations.csv"] = $"id,location_type,url,organization_id,name,description,transportation,latitude,longitude\r\n{location},physical,,{org},あおば公民館{tag},,あおば駅 徒歩3分,35.1211,136.5611\r\n",
            ["addresses.csv"] = $"id,location_id,attention,address_1,address_2,city,region,state_province,postal_code,country,address_type\r\n{Guid.NewGuid()},{location},,中央1-5-5,,あおば市,,テスト県,472-0001,JP,physical\r\n",
            ["services.csv"] = $"id,organization_id,name,description,status,eligibility_description,fees_description,assured_date\r\n{service},{org},家族のつどい{tag},月に一度集まります。,active,家族,無料,2026-10-01\r\n",
            ["service_at_location.csv"] = $"id,service_id,location_id\r\n{Guid.NewGuid()},{service},{location}\r\n",
            ["phones.csv"] = $"id,service_id,number,description\r\n{Guid.NewGuid()},{service},052-222-3333,代表\r\n",
            ["schedules.csv"] = $"id,service_id,freq,interval,byday,bymonthday,opens_at,closes_at\r\n{Guid.NewGuid()},{service},{freq},1,2SA,,13:00,15:00\r\n",
            ["attributes.csv"] = $"id,link_id,taxonomy_term_id,link_type,link_entity\r\n{Guid.NewGuid()},{service},{term},service,service\r\n",
        };
        static byte[] Zip(Dictionary<string, string> files)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, text) in files)
                {
                    using var entry = zip.CreateEntry("hsds/" + name).Open();
                    entry.Write(Encoding.UTF8.GetBytes(text));
                }
            }

            return buffer.ToArray();
        }

        var refused = await UploadAsync(curator, "/Directory/Import", "Package", Zip(Package("HOURLY")), "hsds.zip");
        Assert.Contains("取り込みませんでした", refused, StringComparison.Ordinal);
        Assert.Contains("schedules.csv 2行目", refused, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync((db, _) => db.DirectoryServices.CountAsync(s => s.Id == service)));

        Assert.Contains("取り込みました", await UploadAsync(curator, "/Directory/Import", "Package", Zip(Package("MONTHLY")), "hsds.zip"), StringComparison.Ordinal);
        var read = await app.WithDbAsync((db, _) => db.DirectoryServices.Where(s => s.Id == service).Select(s => new
        {
            s.Name, s.IsPublished, s.AssuredDate, Organization = s.Organization.Name,
            Rules = s.Schedules.Select(x => x.Rule).ToList(), Phones = s.Phones.Select(p => p.Number).ToList(), Terms = s.Terms.Select(t => t.TermId).ToList(),
            Places = s.Locations.Select(l => new { l.Location.Id, l.Location.StreetAddress, l.Location.Latitude }).ToList(),
        }).SingleAsync());
        Assert.Equal("家族のつどい" + tag, read.Name);
        Assert.Equal("あおば家族会" + tag, read.Organization);
        Assert.False(read.IsPublished);
        Assert.Equal(new DateOnly(2026, 10, 1), read.AssuredDate);
        Assert.Equal(["FREQ=MONTHLY;BYDAY=2SA"], read.Rules);
        Assert.Equal(["052-222-3333"], read.Phones);
        Assert.Contains(Taxonomies.TermId(Taxonomies.Categories, "mutual-aid"), read.Terms);
        Assert.Equal((location, "中央1-5-5", (decimal?)35.1211m), (read.Places.Single().Id, read.Places.Single().StreetAddress, read.Places.Single().Latitude));
        // Shown back in Japanese on the curator's page.
        Assert.Contains("毎月第2土曜 13:00〜15:00", await PageAsync(curator, $"/Directory/Details/{service}"), StringComparison.Ordinal);
    }
}
