using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// The CaseworkRows migration on data as the pipe-separated forms stored it: rolled back to the schema before it, then
/// applied again over those rows, on the provider under test. Nothing is lost, and the rows come out structured.
/// </summary>
public sealed class CaseworkMigrationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_migration_keeps_every_row_links_organisations_by_name_classifies_officers_typed_as_one_line_and_drops_the_midnight_times()
    {
        var world = await app.CreateWorldAsync();
        var today = JapanTime.Today(app.Clock);
        var (caseId, conferenceId, clientIds) = await app.WithDbAsync(async (db, _) =>
        {
            var owner = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var clients = new[] { ("見本 移行前", "ミホン イコウマエ"), ("ミホン・ジョン", "みほん じょん"), ("見本　全角", "みほん ぜんかく") }
                .Select(n => Client.Register(owner, null, n.Item1, n.Item2, new DateOnly(1970, 1, 1), Sex.Other, today, "seed", app.Clock.GetUtcNow())).ToList();
            db.Clients.AddRange(clients);
            await db.SaveChangesAsync();
            var client = clients[0];
            var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [], today.AddDays(-30), ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
            var supportCase = SupportCase.Open(client, Programme.DischargeSupport, today.AddDays(-30), null, null, null, today);
            db.SupportCases.Add(supportCase);
            await db.SaveChangesAsync();
            var plan = supportCase.MakeDischargePlan(consent, today);
            plan.Update(AdmissionType.Involuntary, null, null, null, null, null, null, null, null, null, null,
                [new("計画相談", null, "あおば相談支援センター", null), new("訪問看護", null, "見本訪問看護(架空)", "000-0000-0000")]);
            var conference = supportCase.HoldConference(today.AddDays(-20), "支援関係者会議", "協議した");
            conference.SetAttendees(
            [
                new("見本 移行前", null, "本人", AttendeeKind.Other), new("見本 花子", null, "母", AttendeeKind.Other),
                new("相談員 見本", null, "あおば相談支援センター", AttendeeKind.Provider), new("山田", null, "あおば署", AttendeeKind.Other),
                new("主治医 見本", null, "東京警察病院(架空)", AttendeeKind.Hospital),
            ], null, false, false, false);
            supportCase.AddNote(today.AddDays(-1), null, NoteKind.Phone, null, "seed", null, "時刻なし");
            supportCase.AddNote(today.AddDays(-1), new TimeOnly(14, 5), NoteKind.Visit, null, "seed", null, "14時5分");
            supportCase.AddNote(new DateTimeOffset(today.AddDays(-2).ToDateTime(TimeOnly.MinValue), JapanTime.Offset), NoteKind.Visit, null, "seed", null, "以前の時刻なし");
            await db.SaveChangesAsync();
            // The line typed naturally, as the old form stored it: one name, no organisation, その他.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"ConferenceAttendee\" SET \"Name\" = '目黒警察署 生活安全課 巡査 山田', \"Affiliation\" = NULL WHERE \"Name\" = '山田'");
            return (supportCase.Id, conference.Id, clients.Select(c => c.Id).ToList());
        });

        await app.WithDbAsync(async db =>
        {
            var all = db.Database.GetMigrations().ToList();
            var mine = all.Single(m => m.EndsWith("_CaseworkRows", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(all[all.IndexOf(mine) - 1]);
            await migrator.MigrateAsync(all[^1]);
        });

        await app.WithDbAsync(async db =>
        {
            var attendees = await db.Set<ConferenceAttendee>().AsNoTracking().Where(a => a.ConferenceId == conferenceId).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(5, attendees.Count);
            Assert.Equal([AttendeeKind.Person, AttendeeKind.Family, AttendeeKind.Provider, AttendeeKind.Police, AttendeeKind.Hospital], attendees.Select(a => a.Kind).ToArray());
            Assert.Equal("目黒警察署 生活安全課 巡査 山田", attendees[3].Name);
            Assert.Equal([null, null, world.CityPartner.Id, null, null], attendees.Select(a => a.OrganizationId).ToArray());
            var conference = await db.CaseConferences.AsNoTracking().Include(k => k.Attendees).SingleAsync(k => k.Id == conferenceId);
            Assert.True(conference.LacksPoliceException);

            var services = await db.DischargePlans.AsNoTracking().Where(p => p.CaseId == caseId).SelectMany(p => p.Services).OrderBy(s => s.Id).ToListAsync();
            Assert.Equal([(int?)world.CityPartner.Id, null], services.Select(s => s.OrganizationId).ToArray());
            Assert.Equal(["あおば相談支援センター", "見本訪問看護(架空)"], services.Select(s => s.Provider).ToArray());

            var notes = await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == caseId).OrderBy(n => n.Id).Select(n => new { n.Content, n.HasTime }).ToListAsync();
            Assert.Equal([("時刻なし", false), ("14時5分", true), ("以前の時刻なし", false)], notes.Select(n => (n.Content, n.HasTime)).ToArray());

            var clients = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToListAsync();
            Assert.All(clients, c => Assert.Equal(Client.SearchKeyOf(c.KanaKey, c.Name), c.SearchKey));
        });

        // The case page says what the old record lacks.
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        Assert.Contains("例外の理由と本人・家族・参加者の同意が記録されていません", Casework.Text(await Casework.HtmlAsync(nurse, $"/Cases/Details/{caseId}")), StringComparison.Ordinal);
        Assert.Contains("見本 移行前", Casework.Text(await Casework.HtmlAsync(nurse, "/Clients?q=" + Uri.EscapeDataString("いこう"))), StringComparison.Ordinal);
        Assert.Contains("ミホン・ジョン", Casework.Text(await Casework.HtmlAsync(nurse, "/Clients?q=" + Uri.EscapeDataString("じょん"))), StringComparison.Ordinal);
    }
}
