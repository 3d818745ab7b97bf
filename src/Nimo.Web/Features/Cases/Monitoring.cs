using System.Globalization;

namespace Nimo.Features.Cases;

/// <summary>
/// The figures the 退院後支援 guideline asks each 自治体 to keep (Ⅳ.9): plans written alone or jointly, support days,
/// 転帰 (how support ended), and plans per staff member.
/// </summary>
public sealed record MonitoringFigures(int Plans, int Alone, int Joint, decimal? MeanSupportDays, IReadOnlyDictionary<EndReason, int> Outcomes,
    IReadOnlyDictionary<string, int> PlansPerStaff, int ConsultationOnly)
{
    public string MeanText => MeanSupportDays is decimal d ? d.ToString("0.0", CultureInfo.InvariantCulture) + "日" : "—";

    /// <param name="cases">退院後支援 cases opened in the period.</param>
    /// <param name="today">Open cases count their support days up to this day.</param>
    public static MonitoringFigures Compute(IReadOnlyCollection<SupportCase> cases, DateOnly today)
    {
        var withPlan = cases.Where(c => c.Programme == Programme.DischargeSupport && c.DischargePlan is not null).ToList();
        var ended = withPlan.Where(c => c.State == CaseState.Ended && c.DischargePlan!.DischargedOn is not null).ToList();
        return new MonitoringFigures(
            withPlan.Count,
            withPlan.Count(c => !c.DischargePlan!.IsJoint),
            withPlan.Count(c => c.DischargePlan!.IsJoint),
            ended.Count == 0 ? null : Math.Round((decimal)ended.Average(c => c.SupportDays(today)), 1, MidpointRounding.AwayFromZero),
            ended.Where(c => c.EndReason is not null).GroupBy(c => c.EndReason!.Value).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
            withPlan.GroupBy(c => c.AssignedStaff ?? "(担当未設定)").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            cases.Count(c => c.Programme == Programme.DischargeSupport && c.State == CaseState.ConsultationOnly));
    }
}
