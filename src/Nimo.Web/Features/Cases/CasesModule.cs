using Nimo.Platform.Modules;

namespace Nimo.Features.Cases;

/// <summary>
/// 支援ケース: what individual support contributes to the shared hubs. For now the live counts plan indicators can be
/// bound to (outreach clients, 退院後支援計画); the pages, reminders and demo clients are still wired from the hubs.
/// </summary>
public sealed class CasesModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) =>
        feature.Nav("支援ケース", "/Cases", 80, Clients.ClientAccess.HandlesPersonalData)
            .LiveCount<OutreachClientsSource>()
            .LiveCount<DischargePlansSource>();
}
