using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;

namespace Nimo.Features.Liaison;

/// <summary>地域連携票: a personal-data folder, the live count of sheets sent for plan indicators, the home panel of sheets waiting and the demo sheets.</summary>
public sealed class LiaisonModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) => feature.Nav("地域連携票", "/Liaison", 90, Clients.ClientAccess.HandlesPersonalData)
        .PersonalDataFolder("/Liaison")
        .LiveCount<SheetsSentSource>()
        .HomePanel<LiaisonHomePanel>()
        .DemoSeed<LiaisonDemoSeed>();
}
