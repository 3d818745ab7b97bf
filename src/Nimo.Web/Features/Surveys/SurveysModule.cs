using Nimo.Platform.Modules;

namespace Nimo.Features.Surveys;

/// <summary>
/// 地域アセスメント (issue 19): surveys of partner organisations under /Surveys, the one-time-code answer page under
/// /public/surveys, live counts for plan indicators (surveys done, response rate, 取組 per category), and the demo
/// surveys (文京区's アンケート to its 12 member organisations, a small 埼玉県 hospital survey).
/// </summary>
public sealed class SurveysModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature)
    {
        feature.Nav("地域アセスメント", "/Surveys", 45);
        feature.PublicFolder("/Surveys/Public");
        feature.LiveCount<SurveysDoneSource>().LiveCount<ResponseRateSource>();
        foreach (var category in SurveyLabels.BunkyoCategories)
        {
            feature.Services.AddSingleton<ILiveCountSource>(new ActivitiesInCategorySource(category));
        }

        feature.DemoSeed<SurveysDemoSeed>();
    }
}
