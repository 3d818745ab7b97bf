using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Organizations;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// 支援関係者会議: attendees are rows (name, organisation picked or typed, kind), added and removed without JavaScript,
/// and the police rule of the guideline holds however a police officer is entered.
/// </summary>
public sealed class ConferenceTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string PoliceRefusal = "警察は、犯罪防止を目的として参加することはできません";

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Conference(params (string Name, string OrganizationId, string Affiliation, string Kind)[] attendees)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.HeldOn"] = "2026-11-18", ["Input.Purpose"] = "支援関係者会議(退院後支援計画の協議)",
            ["Input.Summary"] = "退院後は自宅に戻る。通院と訪問看護で支える。",
        };
        for (var i = 0; i < attendees.Length; i++)
        {
            fields[$"Input.Attendees[{i}].Name"] = attendees[i].Name;
            fields[$"Input.Attendees[{i}].OrganizationId"] = attendees[i].OrganizationId;
            fields[$"Input.Attendees[{i}].Affiliation"] = attendees[i].Affiliation;
            fields[$"Input.Attendees[{i}].Kind"] = attendees[i].Kind;
        }

        return fields;
    }

    [Fact]
    public async Task A_police_officer_needs_the_recorded_exception_whether_typed_naturally_picked_as_an_organisation_or_chosen_as_a_kind()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (_, caseId) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 会議子", "みほん かいぎこ");
        var police = await app.WithDbAsync(async (db, _) =>
        {
            var city = await db.Regions.SingleAsync(r => r.Name == "あおば市");
            var station = Organization.Create("あおば警察署", "あおばけいさつしょ", Enum.Parse<OrganizationKind>("Police"), city);
            db.Organizations.Add(station);
            await db.SaveChangesAsync();
            return station.Id;
        });
        var url = $"/Cases/Conference/{caseId}";
        var person = ("見本 会議子", "", "", "Person");
        var hospital = ("あおば病院 精神保健福祉士 見本", "", "あおば病院(架空)", "Hospital");

        foreach (var officer in new[]
                 {
                     ("目黒警察署 生活安全課 巡査 山田", "", "", "Other"), // a line typed as a person would
                     ("山田", Id(police), "", "Other"), // the organisation picked from the list
                     ("山田", "", "あおば署 生活安全課", "Police"), // the kind chosen
                 })
        {
            var refused = await AppFactory.PostFormAsync(nurse, url, Conference(person, hospital, officer), url);
            var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
            Assert.True(refused.StatusCode == HttpStatusCode.OK && html.Contains(PoliceRefusal, StringComparison.Ordinal), $"{officer}: {(int)refused.StatusCode} {Casework.Text(html)[..300]}");
            // What was typed is still there to correct.
            Assert.Contains(officer.Item1, html, StringComparison.Ordinal);
        }

        Assert.Equal(0, await app.WithDbAsync((db, _) => db.CaseConferences.CountAsync(k => k.CaseId == caseId)));

        // With the reason and all three agreements it is recorded, and the officer is recorded as police.
        var accepted = new Dictionary<string, string>(Conference(person, hospital, ("山田", Id(police), "", "Other")))
        {
            ["Input.PoliceReason"] = "本人の希望による、退院後の生活の安全確認のための例外的な参加", ["Input.PersonAgreed"] = "true", ["Input.FamilyAgreed"] = "true", ["Input.MembersAgreed"] = "true",
        };
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, url, accepted, url));
        var stored = await app.WithDbAsync((db, _) => db.CaseConferences.Include(k => k.Attendees).SingleAsync(k => k.CaseId == caseId));
        Assert.Equal([AttendeeKind.Person, AttendeeKind.Hospital, AttendeeKind.Police], stored.Attendees.OrderBy(a => a.Id).Select(a => a.Kind).ToArray());
        Assert.Equal(police, stored.Attendees.Single(a => a.Kind == AttendeeKind.Police).OrganizationId);
        Assert.NotNull(stored.PoliceReason);
    }

    [Fact]
    public async Task Attendee_rows_are_added_and_removed_without_javascript_keeping_every_value_and_read_back_in_full()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (_, caseId) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 行追加", "みほん ぎょうついか");
        var url = $"/Cases/Conference/{caseId}";
        var form = await Casework.HtmlAsync(nurse, url);
        Assert.Contains("name=\"Input.Attendees[0].Name\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Input.Attendees[0].Kind\"", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{world.CityPartner.Id}\">", form, StringComparison.Ordinal);
        Assert.DoesNotContain("氏名|所属|種別", form, StringComparison.Ordinal);

        var rows = Conference(("見本 行追加", "", "", "Person"), ("見本 花子", "", "", "Family"));
        var more = await AppFactory.PostFormAsync(nurse, url, rows, url + "?handler=AddAttendee");
        var moreHtml = WebUtility.HtmlDecode(await more.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        Assert.Contains("name=\"Input.Attendees[2].Name\"", moreHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"見本 花子\"", moreHtml, StringComparison.Ordinal);
        Assert.Contains("退院後は自宅に戻る。", moreHtml, StringComparison.Ordinal);
        Assert.Empty(Robustness.Verdict.ErrorMessages(moreHtml));

        var fewer = await AppFactory.PostFormAsync(nurse, url, new(rows) { ["row"] = "0" }, url + "?handler=RemoveAttendee");
        var fewerHtml = WebUtility.HtmlDecode(await fewer.Content.ReadAsStringAsync());
        Assert.Contains("name=\"Input.Attendees[0].Name\" value=\"見本 花子\"", fewerHtml.Replace("type=\"text\" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"見本 行追加\"", fewerHtml, StringComparison.Ordinal);

        // A kind must be chosen: a line is never silently その他.
        var noKind = await AppFactory.PostFormAsync(nurse, url, Conference(("見本 行追加 本人", "", "", "")), url);
        Assert.Contains("種別を選んでください", WebUtility.HtmlDecode(await noKind.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Every field, read back on the case page and in the printed record.
        var full = Conference(("見本 行追加", "", "", "Person"), ("見本 花子", "", "", "Family"), ("相談支援専門員 見本", Id(world.CityPartner.Id), "", "Provider"),
            ("みどり町 保健師 見本", "", "みどり町役場", "Municipality"));
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, url, full, url));
        var page = Casework.Text(await Casework.HtmlAsync(nurse, $"/Cases/Details/{caseId}"));
        foreach (var expected in new[] { "令和8年11月18日", "支援関係者会議(退院後支援計画の協議)", "見本 花子", "家族", "相談支援専門員 見本", "あおば相談支援センター", "地域援助事業者", "みどり町役場", "帰住先市町村", "退院後は自宅に戻る。" })
        {
            Assert.Contains(expected, page, StringComparison.Ordinal);
        }

        var conferenceId = await app.WithDbAsync((db, _) => db.CaseConferences.Where(k => k.CaseId == caseId).Select(k => k.Id).SingleAsync());
        var record = Casework.Text(await Casework.HtmlAsync(nurse, $"/Cases/ConferenceRecord/{conferenceId}"));
        foreach (var expected in new[] { "支援関係者会議の記録", "見本 行追加", "令和8年11月18日", "相談支援専門員 見本", "あおば相談支援センター", "退院後は自宅に戻る。" })
        {
            Assert.Contains(expected, record, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_entity_refuses_a_police_attendee_however_it_is_described()
    {
        var (client, _, _) = SupportRulesTests.TestWorld();
        var conference = SupportCase.Open(client, Programme.DischargeSupport, new DateOnly(2024, 3, 1), null, null, null, new DateOnly(2024, 5, 1))
            .HoldConference(new DateOnly(2024, 3, 20), "支援関係者会議", null);
        var pref = Nimo.Features.Regions.Region.Create("130001", "テスト都", "てすと", Nimo.Features.Regions.RegionKind.Prefecture, Nimo.Features.Regions.MunicipalityFlags.None, null);
        var station = Organization.Create("見本警察署", "", Enum.Parse<OrganizationKind>("Police"), pref);
        var hospital = Organization.Create("東京警察病院(架空)", "", OrganizationKind.PsychiatricHospital, pref);
        foreach (var officer in new[]
                 {
                     new ConferenceAttendeeEntry("目黒警察署 生活安全課 巡査 山田", null, null, AttendeeKind.Other),
                     new ConferenceAttendeeEntry("山田", null, "警視庁 見本署", AttendeeKind.Municipality),
                     new ConferenceAttendeeEntry("山田", station, null, AttendeeKind.Other),
                     new ConferenceAttendeeEntry("山田", null, null, AttendeeKind.Police),
                 })
        {
            Assert.Throws<Nimo.Platform.Data.DomainRuleException>(() => conference.SetAttendees([new("見本 一郎", null, null, AttendeeKind.Person), officer], null, true, true, true));
            Assert.Throws<Nimo.Platform.Data.DomainRuleException>(() => conference.SetAttendees([officer], "本人の希望", true, false, true));
            conference.SetAttendees([officer], "本人の希望による同行支援", true, true, true);
            Assert.Equal(AttendeeKind.Police, conference.Attendees.Single().Kind);
        }

        // A hospital with 警察 in its registered name is a hospital.
        conference.SetAttendees([new("主治医 見本", hospital, null, AttendeeKind.Hospital)], null, false, false, false);
        Assert.Equal(AttendeeKind.Hospital, conference.Attendees.Single().Kind);
        Assert.Null(conference.PoliceReason);
    }
}
