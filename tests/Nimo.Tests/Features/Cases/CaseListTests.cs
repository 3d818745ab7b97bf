using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// The caseworker's list as a nurse pages through it: the organisation's open cases and the ones a consent shares, in the
/// order of the programme filter and newest first, fifty to a page, with the total; ended cases on request; never a case
/// nobody shared.
/// </summary>
public sealed partial class CaseListTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_list_pages_through_own_and_shared_cases_by_programme_and_newest_first_with_the_right_total()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, user) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var today = JapanTime.Today(app.Clock);
        await app.WithDbAsync(async db =>
        {
            var own = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var partner = await db.Organizations.SingleAsync(o => o.Id == world.CityPartner.Id);
            var now = app.Clock.GetUtcNow();
            Client Person(Nimo.Features.Organizations.Organization owner, string name, string kana) =>
                db.Clients.Add(Client.Register(owner, null, name, kana, new DateOnly(1970, 4, 1), Sex.Female, today, "seed", now)).Entity;

            var opened = new List<(Client Client, Programme Programme, int DaysAgo)>();
            for (var i = 1; i <= 51; i++)
            {
                opened.Add((Person(own, $"見本 一覧{i:00}", "みほん いちらん"), Programme.Consultation, i));
            }

            opened.Add((Person(own, "見本 訪問新", "みほん ほうもんしん"), Programme.Outreach, 3));
            opened.Add((Person(own, "見本 訪問古", "みほん ほうもんこ"), Programme.Outreach, 5));
            var ended = Person(own, "見本 終了", "みほん しゅうりょう");
            var shared = Person(partner, "見本 共有", "みほん きょうゆう");
            var notShared = Person(partner, "見本 非共有", "みほん ひきょうゆう");
            // A record merged into another, with a case still on it: a merged record is never listed.
            var merged = Person(own, "見本 統合済", "みほん とうごうずみ");
            await db.SaveChangesAsync();
            shared.RecordConsent(ConsentPurpose.General, "支援全般", [own], today.AddDays(-200), ConsentGiver.Person, ConsentForm.Written, null, today, "test");
            opened.Add((shared, Programme.Consultation, 100));
            opened.Add((notShared, Programme.Consultation, 2));
            opened.Add((merged, Programme.Consultation, 4));
            foreach (var (client, programme, daysAgo) in opened)
            {
                db.SupportCases.Add(SupportCase.Open(client, programme, today.AddDays(-daysAgo), "担当 見本", "精神保健係", null, today));
            }

            var endedCase = db.SupportCases.Add(SupportCase.Open(ended, Programme.Consultation, today.AddDays(-400), "担当 見本", "精神保健係", null, today)).Entity;
            await db.SaveChangesAsync();
            endedCase.End(EndReason.GoalReached, today.AddDays(-30), "目標達成");
            opened[0].Client.Absorb(merged);
            await db.SaveChangesAsync();
        });

        var first = await Casework.HtmlAsync(nurse, "/Cases");
        var expected = Enumerable.Range(1, 50).Select(i => $"見本 一覧{i:00}").ToList();
        Assert.Equal(expected, Names(first));
        Assert.Contains("全54件中 1〜50件(1 / 2ページ)", Casework.Text(first), StringComparison.Ordinal);

        // The read is audited before the page is answered, naming exactly the fifty clients it showed.
        var named = await app.WithDbAsync(async (db, _) =>
        {
            var entry = await db.AuditEntries.Where(a => a.UserId == user.Id && a.RecordType == "ClientList").OrderByDescending(a => a.Sequence).FirstAsync();
            return await db.AuditSubjects.Where(s => s.AuditEntryId == entry.Id).Join(db.Clients, s => s.ClientId, c => c.Id, (_, c) => c.Name).ToListAsync();
        });
        Assert.Equal(expected.Order(StringComparer.Ordinal), named.Order(StringComparer.Ordinal));

        var second = await Casework.HtmlAsync(nurse, "/Cases?page=2");
        Assert.Equal(["見本 一覧51", "見本 共有", "見本 訪問新", "見本 訪問古"], Names(second));
        Assert.Contains("全54件中 51〜54件(2 / 2ページ)", Casework.Text(second), StringComparison.Ordinal);

        // A page past the end shows the last one, not an empty list.
        Assert.Equal(Names(second), Names(await Casework.HtmlAsync(nurse, "/Cases?page=9")));

        var outreach = await Casework.HtmlAsync(nurse, "/Cases?programme=Outreach");
        Assert.Equal(["見本 訪問新", "見本 訪問古"], Names(outreach));
        Assert.Contains("全2件中 1〜2件(1 / 1ページ)", Casework.Text(outreach), StringComparison.Ordinal);

        var withEnded = await Casework.HtmlAsync(nurse, "/Cases?page=2&closed=true");
        Assert.Equal(["見本 一覧51", "見本 共有", "見本 終了", "見本 訪問新", "見本 訪問古"], Names(withEnded));
        Assert.Contains("全55件中 51〜55件(2 / 2ページ)", Casework.Text(withEnded), StringComparison.Ordinal);

        foreach (var page in new[] { first, second, outreach, withEnded })
        {
            Assert.DoesNotContain("見本 非共有", page, StringComparison.Ordinal);
        }
    }

    private static List<string> Names(string html) => [.. RowName().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("""<th scope="row"><a href="/Cases/Details/\d+">([^<]+)</a></th>""")]
    private static partial Regex RowName();
}
