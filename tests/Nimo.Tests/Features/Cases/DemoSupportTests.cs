using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Plans;
using Nimo.Platform.Scoping;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>The demo's fictional clients make the seeds' counts, and live plan indicators count them.</summary>
public sealed class DemoSupportTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task The_demo_clients_make_the_counts_of_the_seed_documents_through_the_live_indicators()
    {
        var (meguroOutreach, meguroPlans, kawaguchiSheets, consultationOnly, names) = await app.WithDbAsync(async (db, _) =>
        {
            var regions = await db.Regions.Where(r => r.Code == "131105" || r.Code == "112038").ToDictionaryAsync(r => r.Code!);
            var nobody = UserScope.Anonymous;
            var today = new DateOnly(2026, 11, 20);
            var outreach = await LiveCounts.CountAsync(db, new OutreachClientsSource(), regions["131105"].Id, 2023, null, nobody, today, 10, default);
            var plans = await LiveCounts.CountAsync(db, new DischargePlansSource(), regions["131105"].Id, 2023, null, nobody, today, 10, default);
            var sheets = await LiveCounts.CountAsync(db, new Nimo.Features.Liaison.SheetsSentSource(), regions["112038"].Id, 2022, null, nobody, today, 10, default);
            var consultation = await db.SupportCases.CountAsync(c => c.Programme == Programme.DischargeSupport && c.State == CaseState.ConsultationOnly);
            var clientNames = await db.Clients.Select(c => c.Name).ToListAsync();
            return (outreach, plans, sheets, consultation, clientNames);
        });

        // 目黒 R5: 12 outreach clients, 16 措置入院者 identified and 12 supported with a plan; 川口 R4: 9 liaison sheets.
        Assert.Equal(12, meguroOutreach.Count);
        Assert.Equal(12, meguroPlans.Count);
        Assert.Equal(4, consultationOnly);
        Assert.Equal(9, kawaguchiSheets.Count);
        // Someone without access is told the count but shown no name.
        Assert.All(meguroPlans.Items, i => Assert.False(i.Visible));
        Assert.All(meguroPlans.Items, i => Assert.Equal("(閲覧権限なし)", i.Label));
        // Every demo name is an obvious invention.
        Assert.All(names, n => Assert.Matches("^(見本|試験|架空|仮名|例示|模擬) ", n));
    }

    [Fact]
    public async Task The_seed_indicators_whose_records_are_in_the_demo_count_them_and_agree_with_the_demo_clients()
    {
        var (indicators, meguro, kawaguchi) = await app.WithDbAsync(async (db, _) => (
            await db.PlanIndicators.AsNoTracking().Include(i => i.Plan).ThenInclude(p => p.Region)
                .Where(i => i.Plan.Region.Code == "131105" || i.Plan.Region.Code == "112038").ToListAsync(),
            await db.Regions.Where(r => r.Code == "131105").Select(r => r.Id).SingleAsync(),
            await db.Regions.Where(r => r.Code == "112038").Select(r => r.Id).SingleAsync()));
        PlanIndicator Find(string code, int year, string name) => indicators.Single(i => i.Plan.Region.Code == code && i.Plan.FiscalYear == year && i.Name == name);

        // 目黒 R5 was evaluated with the counts of the demo's records: 12 outreach clients, 12 plans of 16 identified.
        var outreach = Find("131105", 2023, "アウトリーチ支援");
        Assert.Equal(("OutreachClients", "12人", true), (outreach.Source, outreach.Actual, outreach.ActualFromLiveCount));
        var plans = Find("131105", 2023, "都ガイドラインに沿った措置入院者退院後支援");
        Assert.Equal(("DischargePlans", "12件", true, 16m), (plans.Source, plans.Actual, plans.ActualFromLiveCount, plans.Population));
        // 目黒 R6 and 川口 R5 count as records are made.
        Assert.Equal("OutreachClients", Find("131105", 2024, "アウトリーチ支援対象者数").Source);
        Assert.Equal("DischargePlans", Find("131105", 2024, "措置入院者退院後支援").Source);
        var sheets = Find("112038", 2023, "「川口市精神保健福祉地域連携票」の活用");
        Assert.Equal(("LiaisonSheetsSent", "9件"), (sheets.Source, sheets.Baseline));

        var meguroClient = app.CreateClient();
        await AppFactory.PostLoginAsync(meguroClient, "meguro", Nimo.Platform.Demo.DemoData.DemoPassword);
        var r6 = System.Net.WebUtility.HtmlDecode(await meguroClient.GetStringAsync($"/Plans/Details/{meguro}?year=2024"));
        Assert.Contains("数えたもの(12件)", r6, StringComparison.Ordinal);
        var r5 = System.Net.WebUtility.HtmlDecode(await meguroClient.GetStringAsync($"/Plans/Details/{meguro}?year=2023"));
        Assert.Contains("評価確定時の自動集計値", r5, StringComparison.Ordinal);
        Assert.Contains("75.0%", r5, StringComparison.Ordinal);
        Assert.Contains("150.0%", r5, StringComparison.Ordinal);

        // 川口 R5 counts the sheets sent in R5; its 現状値 (9件) is R4's, the year the demo's 9 sheets were sent.
        var kawaguchiClient = app.CreateClient();
        await AppFactory.PostLoginAsync(kawaguchiClient, "kawaguchi", Nimo.Platform.Demo.DemoData.DemoPassword);
        var r5Kawaguchi = System.Net.WebUtility.HtmlDecode(await kawaguchiClient.GetStringAsync($"/Plans/Details/{kawaguchi}?year=2023"));
        Assert.Contains("自動集計: 地域連携票の送付件数", r5Kawaguchi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_day_of_demo_use_the_audit_chain_verifies()
    {
        var meguro = await app.WithDbAsync((db, _) => db.Organizations.SingleAsync(o => o.Name == "目黒区 健康推進部 保健予防課"));
        var user = await app.CreateUserAsync("demo-day-" + Guid.NewGuid().ToString("N")[..6], Nimo.Platform.Identity.Roles.MunicipalStaff, meguro.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        HttpClient client;
        var cases = await app.WithDbAsync((db, _) => db.SupportCases.Where(c => c.OwnerOrganizationId == meguro.Id && c.State == CaseState.Active).Select(c => new { c.Id, c.ClientId }).Take(8).ToListAsync());
        var reads = 0;
        // Eight hours of visits: read the person, read the case, write a note; the clock moves on between them.
        foreach (var c in cases)
        {
            // Sessions end after idling; the nurse signs in again after each visit.
            client = await app.SignInAsync(user);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"/Clients/Details/{c.ClientId}")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(client, $"/Cases/Details/{c.Id}", new()
            {
                ["date"] = "2026-11-20", ["time"] = "09:00", ["kind"] = "Visit", ["minutes"] = "40", ["content"] = "訪問。服薬できている。",
            }, $"/Cases/Details/{c.Id}?handler=Note")).StatusCode);
            // The client page and the case page the form came from; the post shows nothing and is logged as the note's Create.
            reads += 2;
            app.Clock.Advance(TimeSpan.FromHours(1));
        }

        var (verification, logged) = await app.WithDbAsync(async (db, _) => (await Nimo.Platform.Auditing.AuditLog.VerifyAsync(db),
            await db.AuditEntries.CountAsync(a => a.UserId == user.Id && a.Action == "Read" && a.RecordType == "Client")));
        Assert.True(verification.Intact, verification.Message);
        Assert.Equal(reads, logged);
    }
}
