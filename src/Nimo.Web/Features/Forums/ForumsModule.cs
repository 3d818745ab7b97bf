using Nimo.Features.Regions;
using Nimo.Platform.Modules;

namespace Nimo.Features.Forums;

/// <summary>
/// 協議の場: what the forums contribute to the shared hubs: the live counts plan indicators can be bound to (meetings
/// held, issues raised and answered, 市町村・圏域 with a forum), the home panel of answers owed, meetings to record and
/// actions due, the seeds' forums as demo data, and the API.
/// </summary>
public sealed class ForumsModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature)
    {
        feature.Nav("協議の場", "/Forums", 40).HomePanel<ForumsHomePanel>().DemoSeed<ForumsDemoSeed>();
        feature.LiveCount<MeetingsHeldSource>();
        feature.Services.AddSingleton<ILiveCountSource>(new IssuesRaisedSource(answered: false));
        feature.Services.AddSingleton<ILiveCountSource>(new IssuesRaisedSource(answered: true));
        feature.Services.AddSingleton<ILiveCountSource>(new RegionsWithForumSource(RegionKind.Municipality));
        feature.Services.AddSingleton<ILiveCountSource>(new RegionsWithForumSource(RegionKind.HealthArea));
    }

    public static void MapApi(RouteGroupBuilder api) => api.MapForumsApi();
}
