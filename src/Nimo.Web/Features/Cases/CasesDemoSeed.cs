using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Features.Organizations;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Cases;

/// <summary>
/// Fictional clients and their cases, enough to make the seeds' counts: 目黒 R5 16 措置入院者 identified of whom 12
/// supported with a consented plan (4 相談支援のみ) and 12 outreach clients; 倉敷 6 地域移行支援 clients with grants. Loaded once.
/// </summary>
public sealed class CasesDemoSeed : IDemoSeed
{
    /// <summary>The clients' numbers (<see cref="ClientsDemoSeed.NewClient"/>): 目黒 0–27, 川口's liaison clients 28–36, 倉敷 37–42.</summary>
    private const int MeguroFirst = 0, KurashikiFirst = 37;

    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        if (await db.SupportCases.AnyAsync(ct))
        {
            return;
        }

        var today = JapanTime.Today(demo.Clock);
        var now = demo.Clock.GetUtcNow();
        var regions = await db.Regions.Where(r => r.Code != null).ToDictionaryAsync(r => r.Code!, ct);
        var orgs = await OrganizationsDemoSeed.ByKeyAsync(db, ct);
        var rules = new DischargeSupportRules();
        var n = MeguroFirst;

        // 目黒区: 退院後支援 (R5) and アウトリーチ (R5).
        var meguro = orgs["meguro-city"];
        var hospitalNames = new[] { "架空台病院", "見本の森病院", "試験坂クリニック" };
        for (var i = 0; i < 16; i++)
        {
            var client = ClientsDemoSeed.NewClient(db, meguro, regions["131105"], n++, today, now);
            await db.SaveChangesAsync(ct);
            var opened = new DateOnly(2023, 4, 5 + i).AddMonths(i % 9);
            var supportCase = SupportCase.Open(client, Programme.DischargeSupport, opened, i % 2 == 0 ? "保健師A(デモ)" : "精神保健福祉士B(デモ)",
                "地区担当", $"{hospitalNames[i % 3]}(架空)から措置入院者の退院予定の連絡", today);
            db.SupportCases.Add(supportCase);
            if (i < 12)
            {
                var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "退院後支援計画と支援記録", [], opened.AddDays(3),
                    ConsentGiver.Person, ConsentForm.Written, null, today, "デモデータ");
                await db.SaveChangesAsync(ct);
                var plan = supportCase.MakeDischargePlan(consent, today);
                plan.Update(AdmissionType.Involuntary, hospitalNames[i % 3] + "(架空)", opened.AddDays(-20), opened.AddDays(30), "自宅に戻って通院を続けたい",
                    "家族は通院の継続を望んでいる", "自宅(目黒区内)", "服薬の継続と日中の居場所", "眠れない日が3日続いたら主治医に電話する", "保健予防課 地区担当",
                    i % 4 == 0 ? "東京都(措置を行った自治体)" : null, [new("通院", null, hospitalNames[i % 3] + "(架空)", null), new("訪問看護", null, "見本訪問看護ステーション(架空)", null)]);
                supportCase.StartSupport(opened.AddDays(30), rules, today);
                if (i < 8)
                {
                    supportCase.End(i % 3 == 0 ? EndReason.NoLongerNeeded : EndReason.PeriodEnded, opened.AddDays(30).AddMonths(6).AddDays(-1), null);
                }
            }
            else
            {
                supportCase.ConsultationOnly("説明を尽くしたが同意が得られず、通常の相談支援で対応");
            }
        }

        for (var i = 0; i < 12; i++)
        {
            var client = ClientsDemoSeed.NewClient(db, meguro, regions["131105"], n++, today, now);
            var opened = new DateOnly(2023, 4, 10).AddMonths(i % 11);
            var outreach = SupportCase.Open(client, Programme.Outreach, opened, "保健師A(デモ)", "アウトリーチ支援チーム", "未治療の疑い(家族からの相談)", today);
            outreach.SendToReview();
            outreach.DecideEligibility(true, opened.AddDays(14), "所内会議で対象と決定");
            db.SupportCases.Add(outreach);
        }

        // 倉敷市: 地域移行支援 (R5) with grants.
        var kurashiki = orgs["kurashiki-hc"];
        n = KurashikiFirst;
        for (var i = 0; i < 6; i++)
        {
            var client = ClientsDemoSeed.NewClient(db, kurashiki, regions["332020"], n++, today, now);
            await db.SaveChangesAsync(ct);
            var decided = new DateOnly(2023, 4, 1 + (i * 5)).AddMonths(i);
            var transition = SupportCase.Open(client, Programme.CommunityTransition, decided, "精神保健係(デモ)", null, "長期入院者の地域移行(病院交流会から)", today);
            db.SupportCases.Add(transition);
            await db.SaveChangesAsync(ct);
            transition.AddGrant(GrantKind.Transition, decided, null, false);
        }

        await db.SaveChangesAsync(ct);
    }
}
