using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Profiles;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

public static class PlansApi
{
    public sealed record AchievementItem(decimal? Percent, string Verdict, string Explanation);

    /// <summary>
    /// Where the actual comes from: typed by hand (<c>kind</c> 「None」), frozen from a live count at evaluation, or counted live
    /// now; <c>kind</c> is then the source's key (「OutreachClients」, 「events.held.training」 …). A count of
    /// personal records protected for the caller (ADR 0005) has no <c>liveCount</c> and <c>suppressed</c> true; its actual reads 「10件未満」 or 「秘匿」.
    /// </summary>
    public sealed record SourceItem(string Kind, string Label, int? ForumId, string? Description, int? LiveCount, bool FrozenAtEvaluation, bool Suppressed);

    public sealed record IndicatorItem(int Id, string Name, int? ChallengeId, string? Unit, string Basis, string Direction, string? Baseline, string? Target,
        string? Actual, decimal? Population, string? ExpectedEffect, string? AchievedEffect, AchievementItem Achievement, SourceItem Source);

    public sealed record ChallengeItem(int Id, string Title, string? Policy, string? Government, string? Medical, string? Welfare, string? Others,
        string? ReviewNote, int? RegionalIssueId);

    public sealed record ScheduleRow(int Id, string Kind, int? FiscalYear, string? When, int? Month, string Title, string? Detail, int? MeetingId, bool Done, bool Overdue);

    public sealed record PlanItem(string RegionCode, string RegionName, int FiscalYear, string FiscalYearText, string State, DateTimeOffset? EvaluatedAt,
        string? EvaluatedBy, string? Title, string? Vision, string? Strengths, int? UsageEndYear, string? LongTermGoal, string? ShortTermGoal, string? SmallSteps,
        IReadOnlyList<ChallengeItem> Challenges, IReadOnlyList<IndicatorItem> Indicators, IReadOnlyList<ScheduleRow> Schedule);

    public static void MapPlansApi(this RouteGroupBuilder api)
    {
        api.MapGet("/regions/{code}/plans/{fy:int}", async (string code, int fy, HttpContext http, NimoDbContext db, TimeProvider clock, IOptions<PrivacyOptions> privacy, IEnumerable<ILiveCountSource> sources, CancellationToken ct) =>
            {
                var scope = http.Scope();
                var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).SingleOrDefaultAsync(r => r.Code == code, ct);
                if (region is null || !FiscalYear.IsSupported(fy))
                {
                    return Results.NotFound();
                }

                var (_, plan) = await PlanAccess.LoadAsync(db, scope, region.Id, fy, tracked: false, ct);
                if (plan is null)
                {
                    return Results.NotFound();
                }

                var live = await LiveCounts.ForPlanAsync(db, sources, plan, scope, JapanTime.Today(clock), privacy.Value.SuppressBelow, ct);
                var meetingIds = plan.Schedule.Where(s => s.MeetingId is not null).Select(s => s.MeetingId!.Value).ToList();
                var held = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id) && m.Status == Forums.MeetingStatus.Held).Select(m => m.Id).ToListAsync(ct);
                var today = JapanTime.Today(clock);
                return Results.Ok(new PlanItem(region.Code ?? "", region.Name, plan.FiscalYear, plan.Year.ToWareki(), plan.State.ToString(), plan.EvaluatedAt,
                    plan.EvaluatedBy, plan.Title, plan.Vision, plan.Strengths, plan.UsageEndYear, plan.LongTermGoal, plan.ShortTermGoal, plan.SmallSteps,
                    [.. plan.OrderedChallenges.Select(c => new ChallengeItem(c.Id, c.Title, c.Policy, c.RoleGovernment, c.RoleMedical, c.RoleWelfare, c.RoleOthers,
                        c.ReviewNote, c.RegionalIssueId))],
                    [.. plan.OrderedIndicators.Select(i =>
                    {
                        var lc = live.GetValueOrDefault(i.Id);
                        var a = i.ShownJudgement(lc);
                        return new IndicatorItem(i.Id, i.Name, i.ChallengeId, i.Unit, i.Basis.ToString(), i.Direction.ToString(), i.Baseline, i.Target,
                            i.ShownActual(lc), i.Population, i.ExpectedEffect, i.AchievedEffect,
                            new AchievementItem(a.Percent, a.Verdict.ToString(), a.Explanation),
                            new SourceItem(i.Source ?? "None", sources.SourceLabel(i.Source), i.SourceForumId, lc?.Description, i.IsLive ? lc?.Value : null, i.ActualFromLiveCount,
                                !i.ShownExactly(lc)));
                    })],
                    [.. plan.ScheduleOf(ScheduleKind.LongTerm).Concat(plan.ScheduleOf(ScheduleKind.ThisYear)).Select(s => new ScheduleRow(s.Id, s.Kind.ToString(),
                        s.FiscalYear, s.WhenText, s.MonthKey, s.Title, s.Detail, s.MeetingId, s.Done || (s.MeetingId is int m && held.Contains(m)),
                        s.IsOverdue(today, s.MeetingId is int mm && held.Contains(mm))))]));
            })
            .WithName("GetRegionPlan").WithSummary("地域の年度計画: 課題、指標(現状値・目標値・実績値・達成度と、自動集計の値の出どころ)、スケジュール");
    }
}
