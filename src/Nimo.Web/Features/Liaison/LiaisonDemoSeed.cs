using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Features.Organizations;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Liaison;

/// <summary>川口 R4: 9 地域連携票 sent under the clients' consent to the 相談支援事業所 (7 answered). Fictional clients; loaded once.</summary>
public sealed class LiaisonDemoSeed : IDemoSeed
{
    /// <summary>The clients' numbers after 目黒's 28 (<see cref="ClientsDemoSeed.NewClient"/>).</summary>
    private const int KawaguchiFirst = 28;

    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        if (await db.LiaisonSheets.AnyAsync(ct))
        {
            return;
        }

        var today = JapanTime.Today(demo.Clock);
        var now = demo.Clock.GetUtcNow();
        var orgs = await OrganizationsDemoSeed.ByKeyAsync(db, ct);
        var region = await db.Regions.SingleAsync(r => r.Code == "112038", ct);
        var kawaguchi = orgs["kawaguchi-hc"];
        var partner = orgs["kawaguchi-partner"];
        for (var i = 0; i < 9; i++)
        {
            var client = ClientsDemoSeed.NewClient(db, kawaguchi, region, KawaguchiFirst + i, today, now);
            var consentedOn = new DateOnly(2022, 5, 1).AddMonths(i);
            var consent = client.RecordConsent(ConsentPurpose.Liaison, "地域連携票に記載する本人の状況と依頼事項", [partner], consentedOn,
                ConsentGiver.Person, ConsentForm.Written, null, today, "デモデータ");
            await db.SaveChangesAsync(ct);
            var sentAt = new DateTimeOffset(consentedOn.AddDays(2).ToDateTime(new TimeOnly(10, 0)), JapanTime.Offset);
            var sheet = LiaisonSheet.Send(client, kawaguchi, partner, consent, "退院後の地域生活の支援の依頼", "市内の精神科病院を退院予定。日中の過ごし方に不安がある。",
                "計画相談の調整をお願いしたい", "川口市保健所 疾病対策課(デモ)", consentedOn.AddDays(2), sentAt, "デモデータ");
            if (i < 7)
            {
                sheet.Reply(partner.Id, "相談支援専門員が担当します。退院前に面談します。", sentAt.AddDays(3), "デモデータ");
            }

            db.LiaisonSheets.Add(sheet);
        }

        await db.SaveChangesAsync(ct);
    }
}
