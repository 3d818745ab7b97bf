using Nimo.Platform.Modules;

namespace Nimo.Features.Liaison;

/// <summary>地域連携票: what liaison contributes to the shared hubs. For now the live count of sheets sent, for plan indicators.</summary>
public sealed class LiaisonModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) => feature.Nav("地域連携票", "/Liaison", 90, Clients.ClientAccess.HandlesPersonalData)
        .LiveCount<SheetsSentSource>();
}
