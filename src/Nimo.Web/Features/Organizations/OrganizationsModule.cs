using Nimo.Platform.Modules;

namespace Nimo.Features.Organizations;

/// <summary>機関・部署: organisations and departments, their navigation area and API (with <c>/api/v1/me</c>, which names the caller's organisation).</summary>
public sealed class OrganizationsModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) => feature.Nav("機関・部署", "/Organizations", 20);

    public static void MapApi(RouteGroupBuilder api)
    {
        api.MapOrganizationsApi();
        api.MapMeApi();
    }
}
