using Nimo.Platform.Modules;

namespace Nimo.Features.Regions;

/// <summary>地域: the region tree, its navigation area and its API.</summary>
public sealed class RegionsModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) => feature.Nav("地域", "/Regions", 10);

    public static void MapApi(RouteGroupBuilder api) => api.MapRegionsApi();
}
