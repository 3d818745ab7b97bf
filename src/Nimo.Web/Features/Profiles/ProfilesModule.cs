using Nimo.Platform.Modules;

namespace Nimo.Features.Profiles;

/// <summary>基礎情報: the regions' dated figures, their navigation area and API.</summary>
public sealed class ProfilesModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) => feature.Nav("基礎情報", "/Profiles", 30).HomePanel<ProfilesHomePanel>().DemoSeed<ProfilesDemoSeed>();

    public static void MapApi(RouteGroupBuilder api) => api.MapProfilesApi();
}
