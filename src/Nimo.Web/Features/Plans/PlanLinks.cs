namespace Nimo.Features.Plans;

/// <summary>
/// The addresses of 計画・評価 (Plans) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class PlanLinks
{
    /// <summary>A region's plan of a 年度.</summary>
    public static string Details(int regionId, int year) => $"/Plans/Details/{regionId}?year={year}";

    /// <summary>A new challenge of a plan, made from a regional issue.</summary>
    public static string Challenge(int planId, int issueId) => $"/Plans/Challenge/{planId}?issueId={issueId}";

    /// <summary>取組の経緯 of a region.</summary>
    public static string History(int regionId) => $"/Plans/History/{regionId}";
}
