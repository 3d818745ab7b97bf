using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Features.Organizations;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Events.EventKit;

namespace Nimo.Tests.Features.Events;

/// <summary>
/// Who may hold and run events, and what a 家族教室 shows to whom: route by route, every staff page of the feature walked
/// as the organiser, a colleague without personal-data rights, a partner in the same city, the prefecture, another town,
/// an administrator and an anonymous visitor.
/// </summary>
public sealed class EventAccessTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private const string Secret = "見本 秘匿家族";

    private async Task<HttpClient> UserAsync(string role, Organization org)
    {
        var user = await app.CreateUserAsync("acc-" + Tag(), role, org.Id, twoFactor: Roles.RequiresTwoFactor(role));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return await app.SignInAsync(user);
    }

    private static async Task<HttpResponseMessage> PostFieldsAsync(HttpClient client, string page, IEnumerable<(string Key, string Value)> fields, string? action = null)
    {
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", AppFactory.AntiforgeryToken(html)));
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    private static IEnumerable<(string, string)> NewEvent(int organizerId, int regionId, string title, string kind = "Lecture") =>
    [
        ("Input.Id", "0"), ("Input.Kind", kind), ("Input.Title", title), ("Input.OrganizerId", organizerId.ToString(CultureInfo.InvariantCulture)),
        ("Input.Audiences", "Residents"), ("Input.RegionId", regionId.ToString(CultureInfo.InvariantCulture)), ("Input.Format", "InPerson"),
        ("Input.Venue", "テスト会館"), ("Input.Date", "2027-02-10"), ("Input.Start", "14:00"), ("Input.End", "16:00"), ("Input.RetentionDays", "180"),
    ];

    [Fact]
    public async Task Events_are_held_by_staff_of_the_organisers_area_or_of_the_organiser_and_refused_to_everyone_else()
    {
        var w = await app.CreateWorldAsync();
        var city = w.CityHealthCenter.RegionId;
        var town = w.TownOffice.RegionId;
        // (who, organiser asked for, region, allowed)
        var cases = new List<(string Role, Organization User, Organization Organizer, int Region, bool Allowed)>
        {
            (Roles.MunicipalStaff, w.CityHealthCenter, w.CityPartner, city, true),
            (Roles.PartnerStaff, w.CityPartner, w.CityPartner, city, true),
            (Roles.PartnerStaff, w.CityPartner, w.CityHealthCenter, city, false),
            (Roles.MunicipalStaff, w.TownOffice, w.CityHealthCenter, town, false),
            (Roles.PrefectureStaff, w.Prefecture, w.TownFamilyAssociation, town, true),
            (Roles.ForumSecretariat, w.TownOffice, w.TownFamilyAssociation, town, true),
        };
        foreach (var (role, user, organizer, region, allowed) in cases)
        {
            var client = await UserAsync(role, user);
            var title = $"権限確認 {role} {Tag()}";
            var response = await PostFieldsAsync(client, "/Events/Edit", NewEvent(organizer.Id, region, title));
            var created = await app.WithDbAsync(async (db, _) => await db.Events.AnyAsync(e => e.Title == title));
            Assert.True(allowed == created, $"{role} of {user.Name} for {organizer.Name}: {(int)response.StatusCode}, created {created}");
            if (!allowed)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("主催は一覧から選んでください。", await TextAsync(response), StringComparison.Ordinal);
            }
        }

        foreach (var role in new[] { Roles.ReadOnly, Roles.PeerSupporter, Roles.Admin })
        {
            var client = await UserAsync(role, w.CityHealthCenter);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/Events/Edit")).StatusCode);
            var response = await PostFieldsAsync(client, "/Account/Manage", NewEvent(w.CityHealthCenter.Id, city, "禁止 " + Tag()), "/Events/Edit");
            Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        }

        // An existing event: the partner in the same city sees it but may not change it; another town does not see it.
        var id = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, 30), "既存 " + Tag()));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await UserAsync(Roles.PartnerStaff, w.CityPartner)).GetAsync($"/Events/Edit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await UserAsync(Roles.MunicipalStaff, w.TownOffice)).GetAsync($"/Events/Edit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await UserAsync(Roles.PrefectureStaff, w.Prefecture)).GetAsync($"/Events/Edit/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_organiser_chosen_also_as_a_co_host_is_not_a_refusal_and_an_existing_events_list_leaves_it_out()
    {
        var w = await app.CreateWorldAsync();
        var client = await UserAsync(Roles.MunicipalStaff, w.CityHealthCenter);
        var title = "主催と共催 " + Tag();
        var organizer = w.CityHealthCenter.Id.ToString(CultureInfo.InvariantCulture);
        var response = await PostFieldsAsync(client, "/Events/Edit",
            [.. NewEvent(w.CityHealthCenter.Id, w.CityHealthCenter.RegionId, title), ("Input.CoHostIds", organizer), ("Input.CoHostIds", w.CityPartner.Id.ToString(CultureInfo.InvariantCulture))]);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await TextAsync(response));
        var e = await app.WithDbAsync(async (db, _) => await db.Events.Include(x => x.CoHosts).SingleAsync(x => x.Title == title));
        Assert.Equal([w.CityPartner.Id], e.CoHosts.Select(c => c.OrganizationId));

        var edit = await TextAsync(await client.GetAsync($"/Events/Edit/{e.Id}"));
        var coHosts = System.Text.RegularExpressions.Regex.Match(edit, "<select[^>]*name=\"Input.CoHostIds\"[^>]*>(.*?)</select>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(coHosts.Success);
        Assert.Contains($"value=\"{w.CityPartner.Id}\"", coHosts.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{organizer}\"", coHosts.Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_field_of_the_event_form_is_kept_and_read_back()
    {
        var w = await app.CreateWorldAsync();
        var client = await UserAsync(Roles.MunicipalStaff, w.CityHealthCenter);
        var title = "全項目の催し " + Tag();
        var response = await PostFieldsAsync(client, "/Events/Edit",
        [
            ("Input.Id", "0"), ("Input.Kind", "SupporterCourse"), ("Input.Title", title), ("Input.Description", "2時間の養成講座です。"),
            ("Input.OrganizerId", w.CityHealthCenter.Id.ToString(CultureInfo.InvariantCulture)), ("Input.CoHostIds", w.CityPartner.Id.ToString(CultureInfo.InvariantCulture)),
            ("Input.CoHostIds", w.Prefecture.Id.ToString(CultureInfo.InvariantCulture)), ("Input.Audiences", "Residents"), ("Input.Audiences", "Families"),
            ("Input.RegionId", w.CityHealthCenter.RegionId.ToString(CultureInfo.InvariantCulture)), ("Input.Format", "Hybrid"), ("Input.Venue", "あおば市保健所 講堂"),
            ("Input.Access", "あおば駅 徒歩3分"), ("Input.OnlineNote", "申込者にURLをお知らせします"), ("Input.Date", "2027-03-06"), ("Input.Start", "10:00"),
            ("Input.EndDate", "2027-03-06"), ("Input.End", "12:00"), ("Input.Capacity", "40"), ("Input.Waitlist", "true"), ("Input.ClosesOn", "2027-03-01"),
            ("Input.ClosesAt", "17:00"), ("Input.MarkedSensitive", "false"), ("Input.AskAffiliation", "true"), ("Input.AskCategory", "true"),
            ("Input.AskAccommodation", "true"), ("Input.PurposeOfUse", "受付と連絡にだけ使います。"), ("Input.Contact", "あおば市保健所 電話 000-111-2222"),
            ("Input.RetentionDays", "365"), ("Input.SupporterProgramme", "あおばこころサポーター"), ("Input.QuestionnaireOnline", "true"),
        ]);
        await Responses.AssertRedirectAsync(response);
        var details = await TextAsync(await client.GetAsync(response.Headers.Location!.OriginalString));
        foreach (var text in new[]
        {
            title, "2時間の養成講座です。", "サポーター養成講座", "あおば相談支援センター、テスト県 障害福祉課", "住民、家族", "会場とオンライン", "あおば市保健所 講堂",
            "あおば駅 徒歩3分", "申込者にURLをお知らせします", "令和9年3月6日 10:00", "40人(キャンセル待ちあり)", "令和9年3月1日 17:00",
            "あおばこころサポーター", "あおば市保健所 電話 000-111-2222", "開催後365日",
        })
        {
            Assert.Contains(text, details, StringComparison.Ordinal);
        }

        var e = await app.WithDbAsync(async (db, _) => await db.Events.SingleAsync(x => x.Title == title));
        Assert.True(e.AskAffiliation && e.AskCategory && e.AskAccommodation && e.QuestionnaireOnline);
        Assert.Equal("受付と連絡にだけ使います。", e.PurposeOfUse);
    }

    [Fact]
    public async Task A_family_class_shows_names_to_its_organiser_only_and_small_counts_as_under_10_elsewhere_route_by_route()
    {
        var w = await app.CreateWorldAsync();
        var id = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, -3), "家族のための教室 " + Tag(), capacity: 12, kind: EventKind.FamilyClass, audiences: Audience.Families));
        await app.WithDbAsync(async db =>
        {
            var desk = new RegistrationDesk(db, app.Clock);
            await desk.ChangeAsync(id, false, b =>
            {
                var r = b.Book.AddWalkIn(b.Event, new RegistrationDetails(Secret, "090-1234-5678", null, Audience.Families, null), b.Event.StartsAt);
                var r2 = b.Book.AddWalkIn(b.Event, new RegistrationDetails("見本 家族二", null, null, Audience.Families, null), b.Event.StartsAt);
                b.Db.EventRegistrations.AddRange(r, r2);
                return r;
            }, default);
            var e = await db.Events.SingleAsync(x => x.Id == id);
            e.RecordHeld(e.EndsAt, "test");
            await db.SaveChangesAsync();
        });

        var year = Nimo.Platform.Japanese.FiscalYear.Of(InDays(app, -3)).StartYear;
        var table = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Events/Index"] = $"/Events/Index?year={year}",
            ["Events"] = $"/Events?year={year}",
            ["Events/Calendar"] = "/Events/Calendar",
            ["Events/Details/{id:int}"] = $"/Events/Details/{id}",
            ["Events/Edit/{id:int?}"] = $"/Events/Edit/{id}",
            ["Events/Roster/{id:int}"] = $"/Events/Roster/{id}",
            ["Events/Questionnaire/{id:int}"] = $"/Events/Questionnaire/{id}",
            ["Events/Responses/{id:int}"] = $"/Events/Responses/{id}",
            ["Events/Summary/{id:int}"] = $"/Events/Summary/{id}",
            ["Events/Stats"] = $"/Events/Stats?year={year}&regionId={w.Prefecture.RegionId}",
            ["Events/Supporters"] = $"/Events/Supporters?year={year}",
            ["Events/SupporterImport"] = "/Events/SupporterImport",
            ["Events/SupporterTarget"] = "/Events/SupporterTarget",
        };
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.TrimStart('/') ?? "").Where(r => r.StartsWith("Events", StringComparison.Ordinal)).Distinct().ToList();
        var untested = routes.Where(r => !table.ContainsKey(r)).ToList();
        Assert.True(untested.Count == 0, "event routes without an access check here: " + string.Join(", ", untested));

        var owner = await UserAsync(Roles.MunicipalStaff, w.CityHealthCenter);
        var roster = await TextAsync(await owner.GetAsync($"/Events/Roster/{id}"));
        Assert.Contains(Secret, roster, StringComparison.Ordinal);
        Assert.Contains(">2</td>", await TextAsync(await owner.GetAsync($"/Events/Details/{id}")), StringComparison.Ordinal);

        var others = new (string Who, HttpClient Client)[]
        {
            ("同じ機関の協議の場事務局", await UserAsync(Roles.ForumSecretariat, w.CityHealthCenter)),
            ("同じ市の関係機関", await UserAsync(Roles.PartnerStaff, w.CityPartner)),
            ("県", await UserAsync(Roles.PrefectureStaff, w.Prefecture)),
            ("別の町", await UserAsync(Roles.MunicipalStaff, w.TownOffice)),
            ("管理者", await UserAsync(Roles.Admin, w.Prefecture)),
            ("匿名", app.CreateClient()),
        };
        foreach (var (who, client) in others)
        {
            foreach (var (route, url) in table)
            {
                var response = await client.GetAsync(url);
                var body = await TextAsync(response);
                Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{who} {url}: 500");
                Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
                Assert.DoesNotContain("090-1234-5678", body, StringComparison.Ordinal);
                if (who == "匿名")
                {
                    await Responses.AssertRedirectAsync(response);
                }
                else if (route is "Events/Roster/{id:int}" or "Events/Edit/{id:int?}" or "Events/Questionnaire/{id:int}" or "Events/Responses/{id:int}" or "Events/Summary/{id:int}")
                {
                    Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{who} {url}: {(int)response.StatusCode}");
                }
            }

            if (who is "同じ機関の協議の場事務局" or "同じ市の関係機関" or "県" or "管理者")
            {
                var details = await TextAsync(await client.GetAsync($"/Events/Details/{id}"));
                Assert.Contains("10未満", details, StringComparison.Ordinal);
                Assert.DoesNotContain(">2</td>", details, StringComparison.Ordinal);
            }
        }

        // The organiser's own exports are audited with what they showed.
        var audited = await app.WithDbAsync(async (db, _) => await db.AuditEntries.AnyAsync(a => a.RecordType == "EventRegistration" && a.RecordId == id.ToString(CultureInfo.InvariantCulture) && a.Action == "Read"));
        Assert.True(audited);
    }
}
