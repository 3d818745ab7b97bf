using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;

namespace Nimo.Features.Clients;

/// <summary>対象者 (要配慮個人情報): clients and consents, shown only to the roles that handle personal data (ADR 0005).</summary>
public sealed class ClientsModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) => feature.Nav("対象者", "/Clients", 70, ClientAccess.HandlesPersonalData).PersonalDataFolder("/Clients").DemoSeed<ClientsDemoSeed>();

    public static void MapApi(RouteGroupBuilder api) => api.MapClientsApi();
}
