using Nimo.Platform.Modules;

namespace Nimo.Features.Plans;

/// <summary>計画・評価: plans, indicators (counted from every module's live-count sources) and the report sheet.</summary>
public sealed class PlansModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) => feature.Nav("計画・評価", "/Plans", 50);

    public static void MapApi(RouteGroupBuilder api) => api.MapPlansApi();
}
