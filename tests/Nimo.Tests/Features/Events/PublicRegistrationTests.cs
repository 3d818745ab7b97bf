using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Platform.Identity;
using Nimo.Platform.Web;
using static Nimo.Tests.Features.Events.EventKit;

namespace Nimo.Tests.Features.Events;

/// <summary>A resident registers, checks, cancels and waits, on the public pages, as a browser without cookies would.</summary>
public sealed class PublicRegistrationTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private static void NoCookie(HttpResponseMessage response) =>
        Assert.False(response.Headers.Contains("Set-Cookie"), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} set a cookie");

    [Fact]
    public async Task The_31st_registration_for_30_seats_waits_first_and_moves_up_when_someone_cancels()
    {
        var world = await app.CreateWorldAsync();
        var id = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 20), "定員30の講演会 " + Tag()), publish: true);
        var resident = app.CreateClient();
        var numbers = new List<string>();
        for (var i = 1; i <= 31; i++)
        {
            var response = await RegisterAsync(resident, id, $"見本 住民{i}", $"090-1000-{i:0000}");
            NoCookie(response);
            var html = await TextAsync(response);
            numbers.Add(NumberIn(html) ?? throw new InvalidOperationException($"registration {i} failed: {html}"));
            Assert.Contains(i <= 30 ? "申込みを受け付けました" : "キャンセル待ち 1番として受け付けました", html, StringComparison.Ordinal);
        }

        Assert.Equal(31, numbers.Distinct().Count());
        Assert.Contains("キャンセル待ち 1番", await StatusAsync(resident, numbers[30]), StringComparison.Ordinal);

        // Number 7 cancels from the status page: the seat goes to the first on the waitlist at once.
        app.Clock.Advance(TimeSpan.FromHours(3));
        var cancelled = await CancelAsync(resident, numbers[6]);
        NoCookie(cancelled);
        Assert.Contains("申込みを取り消しました", await TextAsync(cancelled), StringComparison.Ordinal);
        var promoted = await StatusAsync(resident, numbers[30]);
        Assert.Contains("参加確定(キャンセル待ちから繰り上がり", promoted, StringComparison.Ordinal);
        Assert.Contains("見本 住民31", promoted, StringComparison.Ordinal);
        Assert.Contains("取消し済み", await StatusAsync(resident, numbers[6]), StringComparison.Ordinal);

        // The cancellation page names nobody else, and neither does the status page.
        Assert.DoesNotContain("住民31", await TextAsync(cancelled), StringComparison.Ordinal);
        foreach (var other in new[] { "見本 住民1<", "見本 住民7", "見本 住民30" })
        {
            Assert.DoesNotContain(other, promoted, StringComparison.Ordinal);
        }

        var counts = await app.WithDbAsync(async (db, _) => await db.EventRegistrations.Where(r => r.EventId == id)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.Equal(30, counts[RegistrationStatus.Confirmed]);
        Assert.Equal(1, counts[RegistrationStatus.Cancelled]);
        Assert.False(counts.ContainsKey(RegistrationStatus.Waitlisted));
    }

    [Fact]
    public async Task Every_field_of_the_form_is_kept_and_read_back_on_the_status_page_and_in_the_organisers_list()
    {
        var world = await app.CreateWorldAsync();
        var input = Input(InDays(app, 15), "全項目の講座 " + Tag(), audiences: Audience.Residents | Audience.Families) with
        {
            AskAffiliation = true, AskCategory = true, AskAccommodation = true,
        };
        var id = await CreateAsync(app, world.CityHealthCenter, input, publish: true);
        var resident = app.CreateClient();
        var page = await TextAsync(await resident.GetAsync($"/public/events/{id}"));
        Assert.Contains("所属(任意)", page, StringComparison.Ordinal);
        Assert.Contains("区分(あてはまるものを1つ)", page, StringComparison.Ordinal);
        Assert.Contains(Event.DefaultPurpose, page, StringComparison.Ordinal);

        var html = await TextAsync(await RegisterAsync(resident, id, "試験 花子", "ｈａｎａｋｏ@example.jp", new()
        {
            ["Form.Affiliation"] = "みどり家族会", ["Form.Category"] = "Families", ["Form.Accommodation"] = "車椅子席を希望します",
        }));
        var number = NumberIn(html)!;
        var status = await StatusAsync(resident, number.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal));
        Assert.Contains("試験 花子", status, StringComparison.Ordinal);
        Assert.Contains("参加確定", status, StringComparison.Ordinal);
        Assert.Contains("@example.jp", status, StringComparison.Ordinal);
        // The contact is shown masked: enough to recognise, not to read off.
        Assert.DoesNotContain("ｈａｎａｋｏ@", status, StringComparison.Ordinal);

        var staff = await app.CreateUserAsync("ev-staff-" + Tag(), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var roster = await TextAsync(await (await app.SignInAsync(staff)).GetAsync($"/Events/Roster/{id}"));
        foreach (var field in new[] { "試験 花子", "みどり家族会", "家族", "車椅子席を希望します", "ｈａｎａｋｏ@example.jp", "公開ページ" })
        {
            Assert.Contains(field, roster, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_same_person_registering_twice_is_told_so_and_no_second_seat_is_taken()
    {
        var world = await app.CreateWorldAsync();
        var id = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 12), "重複確認 " + Tag()), publish: true);
        var resident = app.CreateClient();
        Assert.NotNull(NumberIn(await TextAsync(await RegisterAsync(resident, id, "見本 二郎", "090-2222-3333"))));
        // The same person, typed differently: full-width digits, no hyphens, a space between the names.
        var again = await TextAsync(await RegisterAsync(resident, id, "見本　二郎", "０９０２２２２３３３３"));
        Assert.Null(NumberIn(again));
        Assert.Contains("このお名前と連絡先での申込みは、すでに受け付けています。", again, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(async (db, _) => await db.EventRegistrations.CountAsync(r => r.EventId == id)));
    }

    [Fact]
    public async Task An_unknown_or_malformed_number_shows_nothing_but_that_it_is_unknown()
    {
        var world = await app.CreateWorldAsync();
        var id = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 9), "番号確認 " + Tag()), publish: true);
        var resident = app.CreateClient();
        var number = NumberIn(await TextAsync(await RegisterAsync(resident, id, "見本 秘密", "090-9999-0000")))!;
        // One character off is another number altogether.
        var wrong = number[..^1] + (number[^1] == '0' ? '1' : '0');
        var unknown = await StatusAsync(resident, wrong);
        Assert.Contains("この申込番号の申込みは見つかりません", unknown, StringComparison.Ordinal);
        Assert.DoesNotContain("見本 秘密", unknown, StringComparison.Ordinal);
        Assert.Contains("英数字12文字", await StatusAsync(resident, "' OR 1=1 --"), StringComparison.Ordinal);
        Assert.Contains("英数字12文字", await StatusAsync(resident, number[..8]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_closes_at_the_deadline_and_a_cancellation_after_the_start_is_refused()
    {
        var world = await app.CreateWorldAsync();
        var starts = InDays(app, 3);
        var id = await CreateAsync(app, world.CityHealthCenter, Input(starts, "締切確認 " + Tag()) with { RegistrationClosesAt = starts.AddDays(-1) }, publish: true);
        var resident = app.CreateClient();
        var number = NumberIn(await TextAsync(await RegisterAsync(resident, id, "見本 早子", "090-5555-0001")))!;

        app.Clock.Advance(TimeSpan.FromDays(2.5));
        var late = await TextAsync(await RegisterAsync(resident, id, "見本 遅子", "090-5555-0002"));
        Assert.Null(NumberIn(late));
        Assert.Contains("申込みの受付は締め切りました。", late, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(1));
        var refused = await TextAsync(await CancelAsync(resident, number));
        Assert.Contains("開始時刻を過ぎたため", refused, StringComparison.Ordinal);
        Assert.Contains("参加確定", await StatusAsync(resident, number), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_and_contacts_are_deleted_when_the_retention_period_ends_and_the_counts_stay()
    {
        var world = await app.CreateWorldAsync();
        var input = Input(InDays(app, 2), "保存期間 " + Tag()) with { RetentionDays = 30 };
        var id = await CreateAsync(app, world.CityHealthCenter, input, publish: true);
        var resident = app.CreateClient();
        var number = NumberIn(await TextAsync(await RegisterAsync(resident, id, "見本 消子", "090-7777-0001")))!;

        app.Clock.Advance(TimeSpan.FromDays(2 + 29));
        Assert.Equal(0, await app.WithDbAsync(async (db, _) => await RegistrationRetention.EraseDueAsync(db, app.Clock.GetUtcNow(), default)));
        Assert.Contains("見本 消子", await StatusAsync(resident, number), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await app.WithDbAsync(async (db, _) => await RegistrationRetention.EraseDueAsync(db, app.Clock.GetUtcNow(), default)) >= 1);
        var registration = await app.WithDbAsync(async (db, _) => await db.EventRegistrations.SingleAsync(r => r.EventId == id));
        Assert.Null(registration.Name);
        Assert.Null(registration.Contact);
        Assert.NotNull(registration.ErasedAt);
        Assert.Equal(RegistrationStatus.Confirmed, registration.Status);
        Assert.Contains("見つかりません", await StatusAsync(resident, number), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpublished_and_sensitive_events_do_not_exist_on_the_public_pages()
    {
        var world = await app.CreateWorldAsync();
        var closed = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 5), "職員研修 " + Tag(), kind: EventKind.Training));
        var family = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 5), "家族教室 " + Tag(), kind: EventKind.FamilyClass, audiences: Audience.Families));
        var resident = app.CreateClient();
        foreach (var id in new[] { closed, family })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/public/events/{id}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/public/events/{id}/calendar.ics")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await RegisterAsync(resident, id, "見本 侵入", "090-0000-1111")).StatusCode);
        }

        var list = await TextAsync(await resident.GetAsync("/public/events"));
        Assert.DoesNotContain("職員研修", list, StringComparison.Ordinal);
        Assert.DoesNotContain("家族教室 ", list, StringComparison.Ordinal);
        // And a sensitive event refuses to be published at all.
        var e = await app.WithDbAsync(async (db, _) => await db.Events.SingleAsync(x => x.Id == family));
        Assert.Throws<Nimo.Platform.Data.DomainRuleException>(() => e.Publish(app.Clock.GetUtcNow(), "test"));
    }

    [Fact]
    public async Task Every_public_page_answers_a_resident_without_a_cookie_and_says_how_it_may_be_cached()
    {
        var world = await app.CreateWorldAsync();
        var title = "キャッシュ確認 " + Tag();
        // Starting within the hour: the clock is moved past the start below, whatever time of day the other tests left it at.
        var id = await CreateAsync(app, world.CityHealthCenter, Input(Soon(app), title) with { QuestionnaireOnline = true }, publish: true);
        var later = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 9), "後日の講演会 " + Tag()), publish: true);
        await app.WithDbAsync(async db =>
        {
            db.QuestionnaireItems.Add(QuestionnaireItem.Create(id, 1, QuestionKind.Rating, "満足した"));
            await db.SaveChangesAsync();
        });
        // The directory's service page needs a published service of its own (its ids are HSDS UUIDs).
        var service = await Nimo.Tests.Features.Directory.DirectorySetup.ServiceAsync(app, world.CityHealthCenter.Id, "キャッシュ確認の窓口 " + Tag(), "きゃっしゅかくにんのまどぐち", ["consultation"]);
        app.Clock.Advance(TimeSpan.FromHours(2));

        // Every GET route of the public surface, from the app's own endpoint table: a new public page is covered here at once.
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PublicSurfaceAttribute>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct().ToList();
        Assert.True(routes.Count >= 7, string.Join(", ", routes));
        var resident = app.CreateClient();
        foreach (var route in routes)
        {
            var url = route.Replace("{id:int}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("/public/services/{id}", $"/public/services/{service}", StringComparison.Ordinal);
            var response = await resident.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            NoCookie(response);
            Assert.DoesNotContain("__RequestVerificationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var cache = response.Headers.CacheControl!.ToString();
            // The status page and the questionnaire are forms for one person at one time: not stored anywhere.
            if (url == "/public/events/registration" || url.EndsWith("/questionnaire", StringComparison.Ordinal))
            {
                Assert.Equal("no-store", cache);
            }
            else
            {
                Assert.Contains("public", cache, StringComparison.Ordinal);
                var again = new HttpRequestMessage(HttpMethod.Get, url);
                again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
                Assert.Equal(HttpStatusCode.NotModified, (await resident.SendAsync(again)).StatusCode);
            }
        }

        // An id that names nothing, or is no id at all, is the residents' 404 (never the staff login), still without a cookie.
        foreach (var url in new[] { "/public/events/999999", "/public/services/1", $"/public/services/{Guid.NewGuid()}", "/public/services/%E3%81%82" })
        {
            var missing = await resident.GetAsync(url);
            Assert.True(missing.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)missing.StatusCode}");
            NoCookie(missing);
        }

        // A change residents can see (a registration) is a new version of the list at once.
        var list = await resident.GetAsync("/public/events");
        Assert.NotNull(NumberIn(await TextAsync(await RegisterAsync(resident, later, "見本 変化", "090-3131-3131"))));
        var after = new HttpRequestMessage(HttpMethod.Get, "/public/events");
        after.Headers.IfNoneMatch.Add(list.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await resident.SendAsync(after)).StatusCode);
        Assert.Contains(title, await TextAsync(await resident.GetAsync("/public/events")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_list_asked_again_is_answered_from_the_servers_copy_until_the_list_changes_or_the_minute_turns()
    {
        var world = await app.CreateWorldAsync();
        var id = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 20), "写しの講演会 " + Tag()), publish: true);
        var resident = app.CreateClient();
        const string url = "/public/events?page=1";

        var first = await resident.GetAsync(url);
        var again = await resident.GetAsync(url);
        Assert.Null(first.Headers.Age);
        // Age is what the output cache adds to an answer it served from its copy.
        Assert.NotNull(again.Headers.Age);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        NoCookie(again);

        // A registration changes what residents see (seats left): the next answer is made again, not copied.
        Assert.NotNull(NumberIn(await TextAsync(await RegisterAsync(resident, id, "見本 写子", "090-4242-4242"))));
        Assert.Null((await resident.GetAsync(url)).Headers.Age);
        Assert.NotNull((await resident.GetAsync(url)).Headers.Age);

        // 「受付終了」 follows the clock to the minute: a copy is not served into the next minute.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null((await resident.GetAsync(url)).Headers.Age);
    }

    [Fact]
    public async Task The_calendar_file_of_an_event_holds_its_title_time_and_place_and_nothing_about_who_comes()
    {
        var world = await app.CreateWorldAsync();
        var title = "ics確認 " + Tag();
        var id = await CreateAsync(app, world.CityHealthCenter, Input(new DateTimeOffset(2027, 1, 23, 14, 0, 0, TimeSpan.FromHours(9)), title), publish: true);
        var resident = app.CreateClient();
        await RegisterAsync(resident, id, "見本 暦子", "090-4141-4141");
        var response = await resident.GetAsync($"/public/events/{id}/calendar.ics");
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        Assert.Contains("SUMMARY:" + title, ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20270123T050000Z", ics, StringComparison.Ordinal);
        Assert.Contains("LOCATION:テスト市民会館 大ホール", ics, StringComparison.Ordinal);
        Assert.DoesNotContain("暦子", ics, StringComparison.Ordinal);
        Assert.Contains(title, await (await resident.GetAsync("/public/events/calendar.ics")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_anonymous_questionnaire_opens_at_the_start_and_its_answers_reach_the_summary()
    {
        var world = await app.CreateWorldAsync();
        var id = await CreateAsync(app, world.CityHealthCenter, Input(Soon(app), "アンケート " + Tag(), kind: EventKind.SupporterCourse) with { QuestionnaireOnline = true }, publish: true);
        var items = await app.WithDbAsync(async (db, _) =>
        {
            var list = QuestionnaireItem.Template(EventKind.SupporterCourse).Select((t, i) => QuestionnaireItem.Create(id, i + 1, t.Kind, t.Text)).ToList();
            db.QuestionnaireItems.AddRange(list);
            await db.SaveChangesAsync();
            return list;
        });
        var resident = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/public/events/{id}/questionnaire")).StatusCode);

        app.Clock.Advance(TimeSpan.FromHours(2));
        var form = new Dictionary<string, string>();
        foreach (var item in items)
        {
            var key = $"Answers[{item.Id}]";
            switch (item.Kind)
            {
                case QuestionKind.Rating: form[key + ".Rating"] = "5"; break;
                case QuestionKind.BeforeAfter: form[key + ".Before"] = "2"; form[key + ".After"] = "4"; break;
                case QuestionKind.FreeText: form[key + ".Text"] = "とても参考になりました。"; break;
            }
        }

        var sent = await resident.PostAsync($"/public/events/{id}/questionnaire", new FormUrlEncodedContent(form));
        NoCookie(sent);
        Assert.Contains("ご回答ありがとうございました", await TextAsync(sent), StringComparison.Ordinal);
        var bad = await resident.PostAsync($"/public/events/{id}/questionnaire", new FormUrlEncodedContent(new Dictionary<string, string> { [$"Answers[{items[0].Id}].Rating"] = "9" }));
        Assert.Contains("1〜5で選んでください", await TextAsync(bad), StringComparison.Ordinal);

        var staff = await app.CreateUserAsync("ev-q-" + Tag(), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var summary = await TextAsync(await (await app.SignInAsync(staff)).GetAsync($"/Events/Summary/{id}"));
        Assert.Contains("回答 1件(紙 0件、公開ページ 1件)", summary, StringComparison.Ordinal);
        Assert.Contains("とても参考になりました。", summary, StringComparison.Ordinal);
        Assert.Contains("+2.00", summary, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(HttpStatusCode.NotFound, (await resident.GetAsync($"/public/events/{id}/questionnaire")).StatusCode);
    }
}

/// <summary>The public forms' per-address limit, as the configured few posts a minute.</summary>
public sealed class PublicRateLimitTests(PublicRateLimitTests.Factory app) : IClassFixture<PublicRateLimitTests.Factory>
{
    public sealed class Factory : EventsAppFactory
    {
        protected override int PublicFormLimit => 3;
    }

    [Fact]
    public async Task A_fourth_post_within_a_minute_from_one_address_is_refused_in_japanese_and_reading_stays_open()
    {
        var world = await app.CreateWorldAsync();
        var id = await CreateAsync(app, world.CityHealthCenter, Input(InDays(app, 10), "連続送信 " + Tag()), publish: true);
        var bot = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await RegisterAsync(bot, id, $"見本 連続{i}", $"090-8888-000{i}")).StatusCode);
        }

        var refused = await RegisterAsync(bot, id, "見本 連続9", "090-8888-0009");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("1分ほど待ってから", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await bot.GetAsync($"/public/events/{id}")).StatusCode);
        Assert.Equal(3, await app.WithDbAsync(async (db, _) => await db.EventRegistrations.CountAsync(r => r.EventId == id)));
    }
}
