using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Features.Forums;
using Nimo.Features.Liaison;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>One record a live indicator counted, for the drill-down list. <see cref="Visible"/> is false when the reader may not open it.</summary>
public sealed record CountedItem(string Label, DateOnly? Date, string Url, bool Visible);

/// <summary>A live indicator's value: the count, what it counted, and in words how.</summary>
public sealed record LiveCount(int Count, IReadOnlyList<CountedItem> Items, string Description);

/// <summary>
/// Counts for live indicators, straight from the records of the plan's 年度 (April to March, Japan time). The count
/// is aggregate and shown to everyone who may read the plan; the list behind it shows only what the reader may open.
/// </summary>
public static class LiveCounts
{
    /// <summary>The counts of every still-live indicator of the plan, by indicator id.</summary>
    public static async Task<Dictionary<int, LiveCount>> ForPlanAsync(NimoDbContext db, Plan plan, UserScope scope, DateOnly today, CancellationToken ct)
    {
        var result = new Dictionary<int, LiveCount>();
        foreach (var indicator in plan.Indicators.Where(i => i.IsLive))
        {
            result[indicator.Id] = await CountAsync(db, plan.RegionId, plan.FiscalYear, indicator.Source, indicator.SourceForumId, scope, today, ct);
        }

        return result;
    }

    public static Dictionary<int, int> Numbers(this Dictionary<int, LiveCount> counts) => counts.ToDictionary(c => c.Key, c => c.Value.Count);

    public static async Task<LiveCount> CountAsync(NimoDbContext db, int regionId, int fiscalYear, LiveSource source, int? forumId, UserScope scope, DateOnly today, CancellationToken ct)
    {
        var fy = new FiscalYear(fiscalYear);
        var from = new DateTimeOffset(fy.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var to = new DateTimeOffset(fy.Next.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        switch (source)
        {
            case LiveSource.ForumMeetingsHeld:
            {
                var (tree, name) = await ForumTreeAsync(db, forumId, ct);
                var visible = await VisibleForumIdsAsync(db, tree, scope, ct);
                var meetings = await db.Meetings.AsNoTracking()
                    .Where(m => tree.Contains(m.ForumId) && m.Status == MeetingStatus.Held && m.StartsAt >= from && m.StartsAt < to)
                    .Select(m => new { m.Id, m.ForumId, m.Title, m.StartsAt }).ToListAsync(ct);
                return new LiveCount(meetings.Count,
                    [.. meetings.OrderBy(m => m.StartsAt).Select(m => new CountedItem(m.Title, DateOnly.FromDateTime(JapanTime.ToJst(m.StartsAt).DateTime), $"/Forums/Meeting/{m.Id}", visible.Contains(m.ForumId)))],
                    $"「{name}」とその部会等で、{fy.ToWareki()}に開催済みの会議の数");
            }

            case LiveSource.ForumIssuesRaised or LiveSource.ForumIssuesAnswered:
            {
                var (tree, name) = await ForumTreeAsync(db, forumId, ct);
                var visible = await VisibleForumIdsAsync(db, tree, scope, ct);
                var answered = source == LiveSource.ForumIssuesAnswered;
                var issues = await db.RegionalIssues.AsNoTracking()
                    .Where(i => tree.Contains(i.ForumId) && i.RaisedAt >= from && i.RaisedAt < to
                        && (!answered || i.Status == IssueStatus.Answered || i.Status == IssueStatus.Resolved))
                    .Select(i => new { i.Id, i.ForumId, i.Title, i.RaisedAt }).ToListAsync(ct);
                return new LiveCount(issues.Count,
                    [.. issues.OrderBy(i => i.RaisedAt).Select(i => new CountedItem(i.Title, DateOnly.FromDateTime(JapanTime.ToJst(i.RaisedAt).DateTime), $"/Forums/Issue/{i.Id}", visible.Contains(i.ForumId)))],
                    answered
                        ? $"「{name}」とその部会等で{fy.ToWareki()}に挙がった地域課題のうち、回答あり・解決済みの数"
                        : $"「{name}」とその部会等で{fy.ToWareki()}に挙がった地域課題の数");
            }

            case LiveSource.MunicipalitiesWithForum or LiveSource.AreasWithForum:
            {
                var region = await db.Regions.AsNoTracking().SingleAsync(r => r.Id == regionId, ct);
                var kind = source == LiveSource.AreasWithForum ? RegionKind.HealthArea : RegionKind.Municipality;
                var layer = source == LiveSource.AreasWithForum ? ForumLayer.Area : ForumLayer.Municipality;
                var regions = await db.Regions.AsNoTracking()
                    .Where(r => r.Path.StartsWith(region.Path) && r.Id != region.Id && r.Kind == kind)
                    .Where(r => db.Forums.Any(f => f.RegionId == r.Id && f.Layer == layer && f.Kind == ForumKind.Main && f.Status == ForumStatus.Established))
                    .OrderBy(r => r.Path).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
                var all = await db.Regions.CountAsync(r => r.Path.StartsWith(region.Path) && r.Id != region.Id && r.Kind == kind, ct);
                return new LiveCount(regions.Count, [.. regions.Select(r => new CountedItem(r.Name, null, $"/Forums?regionId={r.Id}", true))],
                    $"{region.Name}の管内{(kind == RegionKind.HealthArea ? "圏域" : "市町村")}({all})のうち、設置済みの協議の場が登録されている数(現時点)");
            }

            case LiveSource.OutreachClients or LiveSource.DischargePlans:
            {
                var path = await db.Regions.Where(r => r.Id == regionId).Select(r => r.Path).SingleAsync(ct);
                var start = fy.Start;
                var end = fy.End;
                var query = db.SupportCases.AsNoTracking().Where(c => c.OwnerOrganization.Region.Path.StartsWith(path) && c.Client.MergedIntoId == null);
                query = source == LiveSource.OutreachClients
                    ? query.Where(c => c.Programme == Cases.Programme.Outreach && c.ReviewedOn != null && c.ReviewedOn <= end
                        && (c.State == Cases.CaseState.Active || c.State == Cases.CaseState.Ended) && (c.ClosedOn == null || c.ClosedOn >= start))
                    : query.Where(c => c.Programme == Cases.Programme.DischargeSupport && c.DischargePlan != null && c.OpenedOn >= start && c.OpenedOn <= end);
                var rows = await query.Select(c => new { c.Id, c.ClientId, c.OpenedOn }).ToListAsync(ct);
                var ids = rows.Select(r => r.Id).ToList();
                // Personal data in the list only for the cases the reader may open; the rest are counted, not shown.
                var visible = await db.SupportCases.AsNoTracking().VisibleTo(db, scope, today).Where(c => ids.Contains(c.Id))
                    .Select(c => new { c.Id, c.Client.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
                return new LiveCount(
                    source == LiveSource.OutreachClients ? rows.Select(r => r.ClientId).Distinct().Count() : rows.Count,
                    [.. rows.OrderBy(r => r.OpenedOn).Select(r => new CountedItem(visible.GetValueOrDefault(r.Id, "(閲覧権限なし)"), r.OpenedOn, $"/Cases/Details/{r.Id}", visible.ContainsKey(r.Id)))],
                    $"{fy.ToWareki()}、管内の機関の{PlanLabels.Sources[source]}");
            }

            case LiveSource.LiaisonSheetsSent:
            {
                var path = await db.Regions.Where(r => r.Id == regionId).Select(r => r.Path).SingleAsync(ct);
                var rows = await db.LiaisonSheets.AsNoTracking().Where(s => s.FromOrganization.Region.Path.StartsWith(path) && s.SentAt >= from && s.SentAt < to)
                    .Select(s => new { s.Id, s.SentAt }).ToListAsync(ct);
                var ids = rows.Select(r => r.Id).ToList();
                var visible = await db.LiaisonSheets.AsNoTracking().VisibleTo(scope).Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Client.Name })
                    .ToDictionaryAsync(s => s.Id, s => s.Name, ct);
                return new LiveCount(rows.Count,
                    [.. rows.OrderBy(r => r.SentAt).Select(r => new CountedItem(visible.GetValueOrDefault(r.Id, "(閲覧権限なし)"), DateOnly.FromDateTime(JapanTime.ToJst(r.SentAt).DateTime), $"/Liaison/Details/{r.Id}", visible.ContainsKey(r.Id)))],
                    $"{fy.ToWareki()}に管内の機関が送った地域連携票の数");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, null);
        }
    }

    /// <summary>The forum and its sub-bodies (its descendants in the same region).</summary>
    private static async Task<(List<int> Ids, string Name)> ForumTreeAsync(NimoDbContext db, int? forumId, CancellationToken ct)
    {
        var forum = await db.Forums.AsNoTracking().Where(f => f.Id == forumId).Select(f => new { f.Id, f.RegionId, f.Name }).SingleOrDefaultAsync(ct);
        if (forum is null)
        {
            return ([], "(削除された協議の場)");
        }

        var siblings = await db.Forums.AsNoTracking().Where(f => f.RegionId == forum.RegionId).Select(f => new { f.Id, f.ParentId }).ToListAsync(ct);
        var ids = new List<int> { forum.Id };
        for (var i = 0; i < ids.Count; i++)
        {
            ids.AddRange(siblings.Where(s => s.ParentId == ids[i] && !ids.Contains(s.Id)).Select(s => s.Id));
        }

        return (ids, forum.Name);
    }

    private static async Task<HashSet<int>> VisibleForumIdsAsync(NimoDbContext db, List<int> ids, UserScope scope, CancellationToken ct) =>
        [.. await db.Forums.AsNoTracking().VisibleTo(scope).Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct)];
}
