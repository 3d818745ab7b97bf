using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Features.Liaison;
using Nimo.Features.Organizations;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Japanese;

namespace Nimo.Tests.Infrastructure;

/// <summary>
/// Data of the tests' own for small counts: 東京都 with 目黒区 (12 outreach clients, 1 退院後支援計画, 9 連携票 sent, all of
/// 目黒区's 保健予防課) and 文京区 (3 outreach clients), in 令和7年度, with 目黒区's plans for that year and the next.
/// </summary>
public static class SmallCountWorld
{
    public const int Year = 2025;

    public sealed record Town(int Tokyo, int Meguro, int Bunkyo, int TokyoOrg, int MeguroOrg, int BunkyoOrg, int PlanId, int DischargeIndicator, int LiaisonIndicator,
        int OutreachIndicator);

    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<Town> SeedAsync(AppFactory app)
    {
        await Gate.WaitAsync();
        try
        {
            return await app.WithDbAsync(async (db, _) =>
            {
                if (await db.Regions.AnyAsync(r => r.Code == "130001"))
                {
                    return await LoadAsync(db);
                }

                var today = JapanTime.Today(app.Clock);
                var tokyo = Region.Create("130001", "東京都", "とうきょうと", RegionKind.Prefecture, MunicipalityFlags.None, null);
                var meguro = Region.Create("131105", "目黒区", "めぐろく", RegionKind.Municipality, MunicipalityFlags.SpecialWard | MunicipalityFlags.HasHealthCenter, tokyo);
                var bunkyo = Region.Create("131059", "文京区", "ぶんきょうく", RegionKind.Municipality, MunicipalityFlags.SpecialWard | MunicipalityFlags.HasHealthCenter, tokyo);
                db.Regions.AddRange(tokyo, meguro, bunkyo);
                var tokyoOrg = Organization.Create("東京都 福祉局", "とうきょうと", OrganizationKind.LocalGovernment, tokyo);
                var meguroOrg = Organization.Create("目黒区 保健予防課", "めぐろく", OrganizationKind.HealthCenter, meguro);
                var bunkyoOrg = Organization.Create("文京区 保健サービスセンター", "ぶんきょうく", OrganizationKind.HealthCenter, bunkyo);
                db.Organizations.AddRange(tokyoOrg, meguroOrg, bunkyoOrg);
                await db.SaveChangesAsync();

                var opened = new DateOnly(2025, 6, 2);
                var clients = new List<Client>();
                for (var i = 0; i < 15; i++)
                {
                    var owner = i < 12 ? meguroOrg : bunkyoOrg;
                    var client = Client.Register(owner, owner.Region, $"見本 小数{i}", $"みほん しょうすう{"あいうえおかきくけこさしすせそ"[i]}", new DateOnly(1970 + i, 1, 1), Sex.Female, today, "seed", app.Clock.GetUtcNow());
                    db.Clients.Add(client);
                    clients.Add(client);
                }

                await db.SaveChangesAsync();
                foreach (var client in clients)
                {
                    var outreach = SupportCase.Open(client, Programme.Outreach, opened, "担当", null, "紹介", today);
                    outreach.SendToReview();
                    outreach.DecideEligibility(true, opened.AddDays(7), null);
                    db.SupportCases.Add(outreach);
                }

                // One 退院後支援計画 in 目黒区, and nine 連携票 from 目黒区 to 文京区.
                var planned = clients[0];
                var consent = planned.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [], opened, ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
                var discharge = SupportCase.Open(planned, Programme.DischargeSupport, opened, "担当", null, "通知", today);
                db.SupportCases.Add(discharge);
                await db.SaveChangesAsync();
                discharge.MakeDischargePlan(consent, today);
                foreach (var client in clients.Take(9))
                {
                    var liaison = client.RecordConsent(ConsentPurpose.Liaison, "連携票", [bunkyoOrg], opened, ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
                    await db.SaveChangesAsync();
                    db.LiaisonSheets.Add(LiaisonSheet.Send(client, meguroOrg, bunkyoOrg, liaison, "連絡", "状況", null, null, new DateOnly(2025, 7, 1),
                        new DateTimeOffset(2025, 7, 1, 1, 0, 0, TimeSpan.Zero), "seed"));
                }

                var plan = Plan.Create(meguro, Year);
                plan.AddIndicator(new IndicatorInput("退院後支援計画の作成数", "件", PeriodBasis.PerYear, Direction.MoreIsBetter, null, "5件", null, null, null, null, new DischargePlansSource(), null, null));
                plan.AddIndicator(new IndicatorInput("地域連携票の送付件数", "件", PeriodBasis.PerYear, Direction.MoreIsBetter, null, "20件", null, null, null, null, new SheetsSentSource(), null, null));
                plan.AddIndicator(new IndicatorInput("アウトリーチ支援の対象者数", "人", PeriodBasis.PerYear, Direction.MoreIsBetter, null, "20人", null, null, null, null, new OutreachClientsSource(), null, null));
                // Next 年度's plan, so that its sheet reports this year's results (§4) and the prefecture's workbook includes it.
                db.Plans.AddRange(plan, Plan.Create(meguro, Year + 1));
                await db.SaveChangesAsync();
                return await LoadAsync(db);
            });
        }
        finally
        {
            Gate.Release();
        }

        static async Task<Town> LoadAsync(Nimo.Platform.Data.NimoDbContext db)
        {
            var regions = await db.Regions.Where(r => r.Code == "130001" || r.Code == "131105" || r.Code == "131059").ToDictionaryAsync(r => r.Code!, r => r.Id);
            var orgs = await db.Organizations.Where(o => regions.Values.Contains(o.RegionId)).ToDictionaryAsync(o => o.RegionId, o => o.Id);
            var plan = await db.Plans.Include(p => p.Indicators).SingleAsync(p => p.RegionId == regions["131105"] && p.FiscalYear == Year);
            int Indicator(string s) => plan.Indicators.Single(i => i.Source == s).Id;
            return new Town(regions["130001"], regions["131105"], regions["131059"], orgs[regions["130001"]], orgs[regions["131105"]], orgs[regions["131059"]], plan.Id,
                Indicator("DischargePlans"), Indicator("LiaisonSheetsSent"), Indicator("OutreachClients"));
        }
    }
}
