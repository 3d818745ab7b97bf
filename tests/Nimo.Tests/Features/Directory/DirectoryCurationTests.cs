using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Directory;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Directory.DirectorySetup;

namespace Nimo.Tests.Features.Directory;

/// <summary>The directory through the real pipeline, on data of the tests' own: forms, proposals, confidentiality, history, time, instances.</summary>
public sealed class DirectoryCurationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_curator_fills_every_field_of_the_service_and_location_forms_and_reads_them_back_staff_side_and_public()
    {
        var world = await app.CreateWorldAsync();
        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        var tag = Tag();
        var location = await PostAsync(curator, "/Directory/Location", new()
        {
            ["Input.OrganizationId"] = Id(world.CityHealthCenter.Id), ["Input.Name"] = "保健所相談室" + tag, ["Input.Type"] = "Physical",
            ["Input.RegionId"] = Id(world.CityHealthCenter.RegionId), ["Input.PostalCode"] = "4720001", ["Input.StreetAddress"] = "中央1-2-3 保健所2階",
            ["Input.Url"] = "https://example.lg.jp/soudan", ["Input.Transportation"] = "あおば駅 徒歩5分", ["Input.Latitude"] = "35.123456", ["Input.Longitude"] = "136.654321",
            ["Input.Accessibility[0]"] = "StepFree", ["Input.Accessibility[1]"] = "HearingLoop", ["Input.AccessibilityNotes"] = "車いすの貸し出しがあります", ["Input.Description"] = "2階の相談室です",
        });
        var locationId = IdFrom(location);
        var locationPage = await PageAsync(curator, $"/Directory/Location/{locationId}");
        foreach (var text in new[] { "保健所相談室" + tag, "472-0001", "中央1-2-3 保健所2階", "https://example.lg.jp/soudan", "あおば駅 徒歩5分", "35.123456", "136.654321", "車いすの貸し出しがあります", "2階の相談室です" })
        {
            Assert.Contains(text, locationPage, StringComparison.Ordinal);
        }

        var save = await PostAsync(curator, "/Directory/Edit", new()
        {
            ["Input.OrganizationId"] = Id(world.CityHealthCenter.Id), ["Input.Name"] = "こころの相談" + tag, ["Input.Kana"] = "こころのそうだん", ["Input.AlternateName"] = "メンタル相談",
            ["Input.Description"] = "こころの不調について保健師が相談に応じます。", ["Input.Status"] = "Active", ["Input.Eligibility"] = "市内にお住まいの方", ["Input.Fees"] = "無料",
            ["Input.ApplicationProcess"] = "電話で予約してください", ["Input.Url"] = "https://example.lg.jp/kokoro", ["Input.Email"] = "kokoro@example.lg.jp",
            ["Input.MinimumAge"] = "15", ["Input.MaximumAge"] = "64", ["Input.Alert"] = "年末年始は休みです",
            ["Input.Documents[0]"] = "健康保険証", ["Input.Documents[1]"] = "お薬手帳", ["Input.Languages[0]"] = "ja", ["Input.Languages[1]"] = "en",
            ["Input.Phones[0].Number"] = "０５２－１２３－４５６７", ["Input.Phones[0].Description"] = "予約専用",
            ["Input.Schedules[0].Text"] = "毎週火曜 13:30〜15:00", ["Input.Schedules[0].Notes"] = "祝日は休み", ["Input.Schedules[1].Text"] = "第2土曜 10:00〜12:00",
            ["Input.Terms[0]"] = Taxonomies.TermId(Taxonomies.Categories, "consultation").ToString(), ["Input.Terms[1]"] = Taxonomies.TermId(Taxonomies.ServiceKinds, "core-counselling").ToString(),
            ["Input.Areas[0]"] = Id(world.CityHealthCenter.RegionId), ["Input.Locations[0]"] = locationId.ToString(),
        });
        var serviceId = IdFrom(save);
        var details = await PageAsync(curator, $"/Directory/Details/{serviceId}");
        foreach (var text in new[] { "こころの相談" + tag, "こころのそうだん", "こころの不調について", "市内にお住まいの方", "無料", "電話で予約してください", "https://example.lg.jp/kokoro",
            "kokoro@example.lg.jp", "健康保険証、お薬手帳", "日本語、英語", "052-123-4567(予約専用)", "毎週火曜 13:30〜15:00(祝日は休み)", "FREQ=WEEKLY;BYDAY=TU",
            "毎月第2土曜 10:00〜12:00", "FREQ=MONTHLY;BYDAY=2SA", "相談窓口", "基幹相談支援センター", "あおば市", "保健所相談室" + tag, "非公開(下書き)", Today() })
        {
            Assert.Contains(text, details, StringComparison.Ordinal);
        }

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/services/{serviceId}")).StatusCode);
        await Responses.AssertRedirectAsync(await PostAsync(curator, $"/Directory/Details/{serviceId}", [], $"/Directory/Details/{serviceId}?handler=Publish"));
        var page = await PageAsync(anonymous, $"/public/services/{serviceId}");
        foreach (var text in new[] { "こころの相談" + tag, "別名: メンタル相談", "こころの不調について", "市内にお住まいの方", "15歳〜64歳", "無料", "電話で予約してください", "健康保険証、お薬手帳",
            "日本語、英語", "052-123-4567", "予約専用", "毎週火曜 13:30〜15:00(祝日は休み)", "毎月第2土曜 10:00〜12:00", "年末年始は休みです", "〒472-0001 テスト県あおば市中央1-2-3 保健所2階",
            "あおば駅 徒歩5分", "段差なしで入れる、ヒアリングループあり、車いすの貸し出しがあります", Today() + " 確認", "kokoro@example.lg.jp" })
        {
            Assert.Contains(text, page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_confidential_location_is_absent_from_every_public_output_the_print_the_map_hsds_json_csv_and_the_counter_xlsx()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        var open = await LocationAsync(app, world.CityHealthCenter.Id, "公開の相談室" + tag, "本町1-1-1", false, 35.5m, 136.5m, "472-0002", AccessibilityFeatures.Elevator);
        var secret = await LocationAsync(app, world.CityHealthCenter.Id, "秘匿ホーム" + tag, "秘匿町9-9-9", true, 35.999999m, 139.888888m, "999-9999");
        var both = await ServiceAsync(app, world.CityHealthCenter.Id, "グループホームかえで" + tag, "ぐるーぷほーむかえで", ["housing"], "毎週月曜 10:00〜11:00", [open, secret], ["group-home"]);
        var hiddenOnly = await ServiceAsync(app, world.CityHealthCenter.Id, "シェルターの相談" + tag, "しぇるたー", ["consultation"], null, [secret]);
        var orgHsds = (await app.CreateClient().GetStringAsync($"/api/hsds/services/{both}")).Split("\"organization_id\":\"")[1][..36];
        var anonymous = app.CreateClient();
        var urls = new[]
        {
            "/public/services", $"/public/services?q=かえで", $"/public/services/{both}", $"/public/services/{hiddenOnly}", "/public/services/booklet", "/public/services/map",
            "/public/services/map?handler=Data", "/api/hsds/services?full=true&per_page=500", $"/api/hsds/services/{both}", $"/api/hsds/services/{hiddenOnly}",
            "/api/hsds/service_at_locations?full=true&per_page=500", "/api/hsds/organizations?full=true&full_service=true", $"/api/hsds/organizations/{orgHsds}?full_service=true",
            "/api/hsds/services?format=ndjson&full=true",
        };
        var outputs = new List<(string Url, string Text)>();
        foreach (var url in urls)
        {
            var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.False(response.Headers.Contains("Set-Cookie"), $"{url} set a cookie");
            outputs.Add((url, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())));
        }

        foreach (var (name, text) in Unzip(await anonymous.GetByteArrayAsync("/api/hsds/tabular.zip")))
        {
            outputs.Add(("tabular.zip/" + name, text));
        }

        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        foreach (var (name, text) in Unzip(await curator.GetByteArrayAsync("/Directory?handler=Xlsx")))
        {
            outputs.Add(("xlsx/" + name, text));
        }

        Assert.Contains(outputs, o => o.Text.Contains("公開の相談室" + tag, StringComparison.Ordinal) && o.Url.StartsWith("/public/services/map", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Text.Contains("本町1-1-1", StringComparison.Ordinal) && o.Url.StartsWith("tabular.zip", StringComparison.Ordinal));
        Assert.Contains(outputs, o => o.Text.Contains("グループホームかえで" + tag, StringComparison.Ordinal) && o.Url.StartsWith("xlsx", StringComparison.Ordinal));
        foreach (var (url, text) in outputs)
        {
            foreach (var secretText in new[] { "秘匿ホーム", "秘匿町", "9-9-9", "35.999999", "139.888888", "999-9999", secret.ToString() })
            {
                Assert.False(text.Contains(secretText, StringComparison.Ordinal), $"{url} shows the confidential location ({secretText})");
            }
        }

        var hiddenPage = outputs.Single(o => o.Url == $"/public/services/{hiddenOnly}").Text;
        Assert.Contains("所在地は公開していません", hiddenPage, StringComparison.Ordinal);
        // Staff who curate the area still see it, marked.
        Assert.Contains("秘匿ホーム" + tag, await PageAsync(curator, $"/Directory/Details/{both}"), StringComparison.Ordinal);
    }

    private string Today() => Nimo.Platform.Japanese.JapaneseDate.Format(Nimo.Platform.Japanese.JapanTime.Today(app.Clock));

    private static IEnumerable<(string Name, string Text)> Unzip(byte[] bytes)
    {
        using var archive = new ZipArchive(new MemoryStream(bytes));
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            yield return (entry.FullName, reader.ReadToEnd());
        }
    }

    [Fact]
    public async Task A_partner_proposes_only_for_its_own_organisation_and_nothing_is_public_until_a_curator_approves_both_steps_audited()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        var own = await ServiceAsync(app, world.CityPartner.Id, "計画相談" + tag, "けいかくそうだん", ["consultation"], "平日 9:00〜17:00", kinds: ["specific-counselling"]);
        // Another organisation's service in the partner's own city: the partner reads it (the directory of its region) but may not touch it.
        var other = await ServiceAsync(app, world.CityHealthCenter.Id, "こころの相談" + tag, "こころのそうだん", ["consultation"]);
        // One in another municipality is not even visible on the staff side (as every record outside the user's region): 404.
        var elsewhere = await ServiceAsync(app, world.TownFamilyAssociation.Id, "家族会の集い" + tag, "かぞくかい", ["mutual-aid"]);
        var partner = await UserAsync(app, world.CityPartner.Id, Roles.PartnerStaff);
        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);

        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/Directory/Edit/{other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/Directory/Edit/{elsewhere}")).StatusCode);
        var token = AppFactory.AntiforgeryToken(await partner.GetStringAsync($"/Directory/Edit/{own}"));
        var forged = await partner.PostAsync($"/Directory/Edit/{other}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Id"] = other.ToString(), ["Input.Name"] = "乗っ取り", ["Input.Status"] = "Active",
            ["Input.Terms[0]"] = Taxonomies.TermId(Taxonomies.Categories, "mutual-aid").ToString(),
        }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/Directory/Edit?organizationId={world.TownFamilyAssociation.Id}")).StatusCode);

        var form = await PageAsync(partner, $"/Directory/Edit/{own}");
        Assert.Contains("提案を送る", form, StringComparison.Ordinal);
        Assert.Contains("平日(月〜金) 9:00〜17:00", form, StringComparison.Ordinal);
        var proposed = await PostAsync(partner, $"/Directory/Edit/{own}", new()
        {
            ["Input.Id"] = own.ToString(), ["Input.OrganizationId"] = Id(world.CityPartner.Id), ["Input.Name"] = "計画相談(土曜も)" + tag, ["Input.Kana"] = "けいかくそうだん",
            ["Input.Status"] = "Active", ["Input.Schedules[0].Text"] = "平日(月〜金) 9:00〜17:00", ["Input.Schedules[0].Rule"] = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            ["Input.Schedules[1].Text"] = "第2土曜 9:00〜12:00", ["Input.Terms[0]"] = Taxonomies.TermId(Taxonomies.Categories, "consultation").ToString(),
            ["Input.Terms[1]"] = Taxonomies.TermId(Taxonomies.ServiceKinds, "specific-counselling").ToString(), ["Input.Areas[0]"] = Id(world.CityPartner.RegionId),
            ["Input.Reason"] = "土曜の相談を始めました",
        });
        await Responses.AssertRedirectAsync(proposed);
        var proposalUrl = proposed.Headers.Location!.OriginalString;
        Assert.StartsWith("/Directory/Proposal/", proposalUrl, StringComparison.Ordinal);

        var anonymous = app.CreateClient();
        var before = await anonymous.GetStringAsync($"/api/hsds/services/{own}");
        Assert.Contains("計画相談" + tag, before, StringComparison.Ordinal);
        Assert.DoesNotContain("土曜も", before, StringComparison.Ordinal);
        Assert.DoesNotContain("土曜も", await PageAsync(anonymous, $"/public/services/{own}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(partner, proposalUrl, [], proposalUrl + "?handler=Approve")).StatusCode);

        var review = await PageAsync(curator, proposalUrl);
        Assert.Contains("毎月第2土曜 9:00〜12:00", review, StringComparison.Ordinal);
        Assert.Contains("土曜の相談を始めました", review, StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await PostAsync(curator, proposalUrl, new() { ["Note"] = "確認しました" }, proposalUrl + "?handler=Approve"));
        var after = await PageAsync(anonymous, $"/public/services/{own}");
        Assert.Contains("計画相談(土曜も)" + tag, after, StringComparison.Ordinal);
        Assert.Contains("毎月第2土曜 9:00〜12:00", after, StringComparison.Ordinal);

        var (audits, revisions) = await app.WithDbAsync(async (db, _) => (
            await db.AuditEntries.Where(a => a.Action == "Propose" || a.Action == "ApproveProposal").Select(a => new { a.Action, a.RecordId, a.UserName }).ToListAsync(),
            await db.ServiceRevisions.Where(r => r.ServiceId == own).ToListAsync()));
        Assert.Contains(audits, a => a.Action == "Propose" && a.RecordId == own.ToString());
        Assert.Contains(audits, a => a.Action == "ApproveProposal");
        var approved = Assert.Single(revisions, r => r.Kind == RevisionKind.ProposalApproved);
        Assert.Contains(approved.Changes, c => c.Field == "サービス名" && c.Before == "計画相談" + tag && c.After == "計画相談(土曜も)" + tag);
        var history = await PageAsync(curator, $"/Directory/Details/{own}");
        Assert.Contains("提案を承認", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_unconfirmed_for_more_than_a_year_is_flagged_to_the_curator_until_confirmed_again()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        var assured = Today();
        var id = await ServiceAsync(app, world.TownOffice.Id, "町の相談" + tag, "まちのそうだん", ["consultation"]);
        var user = await app.CreateUserAsync("stale-" + tag, Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var curator = await app.SignInAsync(user);
        Assert.DoesNotContain("町の相談" + tag, await PageAsync(curator, "/Directory?show=stale"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(366));
        curator = await app.SignInAsync(user);
        var stale = await PageAsync(curator, "/Directory?show=stale");
        Assert.Contains("町の相談" + tag, stale, StringComparison.Ordinal);
        Assert.Contains("要確認(1年以上)", stale, StringComparison.Ordinal);
        Assert.Contains("確認日から1年以上たっています", await PageAsync(curator, "/"), StringComparison.Ordinal);
        Assert.Contains(assured + " 確認", await PageAsync(app.CreateClient(), $"/public/services/{id}"), StringComparison.Ordinal);

        await Responses.AssertRedirectAsync(await PostAsync(curator, $"/Directory/Details/{id}", [], $"/Directory/Details/{id}?handler=Assure"));
        Assert.DoesNotContain("町の相談" + tag, await PageAsync(curator, "/Directory?show=stale"), StringComparison.Ordinal);
        Assert.Contains(Today() + " 確認", await PageAsync(app.CreateClient(), $"/public/services/{id}"), StringComparison.Ordinal);
        Assert.NotEqual(assured, Today());
    }

    [Fact]
    public async Task A_change_published_on_one_instance_reaches_another_within_its_stamp_check()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        var id = await ServiceAsync(app, world.CityHealthCenter.Id, "相談窓口A" + tag, "そうだんまどぐち", ["consultation"]);
        using var other = new AppFactory(app.Database, "second");
        var otherClient = other.CreateClient();
        Assert.Contains("相談窓口A" + tag, await PageAsync(otherClient, $"/public/services?q=相談窓口A{tag}"), StringComparison.Ordinal);

        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        await RenameAsync(curator, id, world.CityHealthCenter, "相談窓口B" + tag);

        // This instance drops its copy at once; the other reads the stamp at most once a second.
        Assert.Contains("相談窓口B" + tag, await PageAsync(app.CreateClient(), $"/public/services/{id}"), StringComparison.Ordinal);
        Assert.Contains("相談窓口A" + tag, await PageAsync(otherClient, $"/public/services/{id}"), StringComparison.Ordinal);
        other.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Contains("相談窓口B" + tag, await PageAsync(otherClient, $"/public/services/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_pages_set_no_cookie_say_how_they_may_be_cached_and_answer_304_while_nothing_changed()
    {
        var world = await app.CreateWorldAsync();
        await ServiceAsync(app, world.TownOffice.Id, "キャッシュの確認" + Tag(), "きゃっしゅ", ["awareness"]);
        var client = app.CreateClient();
        foreach (var url in new[] { "/public/services", "/public/services/booklet", "/public/services/map", "/api/hsds/", "/api/hsds/services" })
        {
            var first = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.False(first.Headers.Contains("Set-Cookie"), url);
            if (url == "/api/hsds/")
            {
                continue;
            }

            Assert.StartsWith("public", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }

        // A signed-in page never becomes cacheable.
        var curator = await UserAsync(app, world.TownOffice.Id, Roles.MunicipalStaff);
        Assert.Contains("no-store", (await curator.GetAsync("/Directory")).Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_search_asked_again_is_answered_from_the_servers_copy_until_a_change_is_published_or_the_day_turns()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        var id = await ServiceAsync(app, world.CityHealthCenter.Id, "写しの確認" + tag, "うつしのかくにん", ["consultation"]);
        var resident = app.CreateClient();
        var search = $"/public/services?q={tag}";

        var first = await resident.GetAsync(search);
        var again = await resident.GetAsync(search);
        Assert.Null(first.Headers.Age);
        // Age is what the output cache adds to an answer it served from its copy.
        Assert.NotNull(again.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.False(again.Headers.Contains("Set-Cookie"));
        var conditional = new HttpRequestMessage(HttpMethod.Get, search);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", again.Headers.ETag!.ToString());
        Assert.Equal(HttpStatusCode.NotModified, (await resident.SendAsync(conditional)).StatusCode);

        // A curator renames the service: the very next search shows the new name, not the copy.
        var curator = await UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        await RenameAsync(curator, id, world.CityHealthCenter, "写しの更新" + tag);
        var renamed = await resident.GetAsync(search);
        Assert.Null(renamed.Headers.Age);
        var text = WebUtility.HtmlDecode(await renamed.Content.ReadAsStringAsync());
        Assert.Contains("写しの更新" + tag, text, StringComparison.Ordinal);
        Assert.DoesNotContain("写しの確認" + tag, text, StringComparison.Ordinal);

        // An answer to a request that carried a cookie is never kept: it might have been made for that person.
        var page = $"/public/services/{id}";
        foreach (var _ in new[] { 1, 2 })
        {
            var withCookie = new HttpRequestMessage(HttpMethod.Get, page);
            withCookie.Headers.TryAddWithoutValidation("Cookie", "someone=1");
            var answer = await resident.SendAsync(withCookie);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Null(answer.Headers.Age);
        }

        // At midnight in Japan 「今日やっている」 means another day: the copy of yesterday is not served.
        app.Clock.Advance(TimeSpan.FromDays(1));
        var nextDay = await resident.GetAsync(search);
        Assert.Null(nextDay.Headers.Age);
        Assert.Contains($"今日({Today()})やっている", WebUtility.HtmlDecode(await nextDay.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    /// <summary>A curator renames a published consultation service of the organisation through the edit form.</summary>
    private static async Task RenameAsync(HttpClient curator, Guid id, Nimo.Features.Organizations.Organization organization, string name)
    {
        var form = await PageAsync(curator, $"/Directory/Edit/{id}");
        var version = System.Text.RegularExpressions.Regex.Match(form, "name=\"Input.Version\" value=\"([^\"]+)\"").Groups[1].Value;
        await Responses.AssertRedirectAsync(await PostAsync(curator, $"/Directory/Edit/{id}", new()
        {
            ["Input.Id"] = id.ToString(), ["Input.Version"] = version, ["Input.OrganizationId"] = Id(organization.Id), ["Input.Name"] = name,
            ["Input.Status"] = "Active", ["Input.Terms[0]"] = Taxonomies.TermId(Taxonomies.Categories, "consultation").ToString(), ["Input.Areas[0]"] = Id(organization.RegionId),
        }));
    }

    [Fact]
    public async Task Hsds_lists_are_paged_as_the_specification_says()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        for (var i = 0; i < 3; i++)
        {
            await ServiceAsync(app, world.TownOffice.Id, $"ページ{i}{tag}", "ぺーじ" + tag, ["awareness"]);
        }

        var client = app.CreateClient();
        var json = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"/api/hsds/services?search=ぺーじ{tag}&per_page=2&page=2"))!;
        Assert.Equal(3, (int)json["total_items"]!);
        Assert.Equal(2, (int)json["total_pages"]!);
        Assert.Equal(2, (int)json["page_number"]!);
        Assert.Equal(1, (int)json["size"]!);
        Assert.False((bool)json["first_page"]!);
        Assert.True((bool)json["last_page"]!);
        Assert.False((bool)json["empty"]!);
        Assert.Single(json["contents"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/hsds/services/not-a-uuid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/hsds/services/{Guid.NewGuid()}")).StatusCode);
        var draft = await ServiceAsync(app, world.TownOffice.Id, "下書き" + tag, "したがき", ["awareness"], publish: false);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/hsds/services/{draft}")).StatusCode);
    }
}
