using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;

namespace Nimo.Features.Cases;

/// <summary>
/// 支援ケース: a personal-data folder (its de-identified Stats page aside), the 退院後支援 period rules (Nimo:DischargeSupport),
/// live counts plan indicators can be bound to (outreach clients, 退院後支援計画), the home panel of reminders and the demo cases.
/// </summary>
public sealed class CasesModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature)
    {
        feature.Services.Configure<DischargeSupportRules>(feature.Configuration.GetSection("Nimo:DischargeSupport"));
        feature.Nav("支援ケース", "/Cases", 80, Clients.ClientAccess.HandlesPersonalData)
            .PersonalDataFolder("/Cases")
            .LiveCount<OutreachClientsSource>()
            .LiveCount<DischargePlansSource>()
            .HomePanel<CasesHomePanel>()
            .DemoSeed<CasesDemoSeed>();
    }
}
