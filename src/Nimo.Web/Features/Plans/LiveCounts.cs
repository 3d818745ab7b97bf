using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Features.Forums;
using Nimo.Features.Liaison;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>One record a live indicator counted, for the drill-down list. <see cref="Visible"/> is false when the reader may not open it.</summary>
public sealed record CountedItem(string Label, DateOnly? Date, string Url, bool Visible)
{
    /// <summary>The client the item names, when it names one the reader may see (for the audit of the list).</summary>
    public int? ClientId { get; init; }
}

/// <summary>
/// A live indicator's value: the count, what it counted, and in words how. <see cref="Count"/> is exact and is never shown
/// as it is: pages show <see cref="Value"/> or <see cref="Text"/>, which follow the rule for counts of personal records.
/// </summary>
public sealed record LiveCount(int Count, IReadOnlyList<CountedItem> Items, string Description)
{
    /// <summary>For a count of personal records, the region's protected cell (ADR 0005); null for meetings, issues and regions.</summary>
    public ProtectedCount? Protection { get; init; }

    /// <summary>The reader may see <see cref="Count"/> as it is.</summary>
    public bool Exact { get; init; } = true;

    /// <summary>The reader's organisation owns every counted record.</summary>
    public bool ReaderOwns { get; init; }

    public int SuppressBelow { get; init; }

    /// <summary>The count for this reader: null when it is protected.</summary>
    public int? Value => Exact ? Count : null;

    public string Text(string unit) => Exact ? Count.ToString("#,0", CultureInfo.InvariantCulture) + unit : Suppression.Hidden(Count, SuppressBelow, unit);
}

/// <summary>
/// Counts for live indicators, straight from the records of the plan's 年度 (April to March, Japan time). Counts of
/// meetings, issues and regions are shown to everyone who may read the plan; counts of personal records follow the one
/// rule (<see cref="Suppression"/>): exact for the staff of the organisation that owns them, protected for everyone else.
/// The list behind a count shows only what the reader may open.
/// </summary>
public static class LiveCounts
{
    /// <summary>
    /// The counts of every still-live indicator of the plan, by indicator id; and, for an indicator frozen from a count of
    /// personal records, that count again, which says whether the frozen figure may be shown to this reader.
    /// </summary>
    public static async Task<Dictionary<int, LiveCount>> ForPlanAsync(NimoDbContext db, Plan plan, UserScope scope, DateOnly today, int suppressBelow, CancellationToken ct)
    {
        var result = new Dictionary<int, LiveCount>();
        foreach (var indicator in plan.Indicators.Where(i => i.IsLive || (i.ActualFromLiveCount && CountsPersonalRecords(i.Source))))
        {
            result[indicator.Id] = await CountAsync(db, plan.RegionId, plan.FiscalYear, indicator.Source, indicator.SourceForumId, scope, today, suppressBelow, ct);
        }

        return result;
    }

    public static bool CountsPersonalRecords(LiveSource source) => source is LiveSource.OutreachClients or LiveSource.DischargePlans or LiveSource.LiaisonSheetsSent;

    /// <summary>The exact counts, for freezing them at evaluation (the plan's own record; showing them goes through the rule).</summary>
    public static Dictionary<int, int> Numbers(this Dictionary<int, LiveCount> counts) => counts.ToDictionary(c => c.Key, c => c.Value.Count);

    public static async Task<LiveCount> CountAsync(NimoDbContext db, int regionId, int fiscalYear, LiveSource source, int? forumId, UserScope scope, DateOnly today,
        int suppressBelow, CancellationToken ct)
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
                var region = await db.Regions.Where(r => r.Id == regionId).Select(r => new { r.Path }).SingleAsync(ct);
                var start = fy.Start;
                var end = fy.End;
                var tree = await RegionTree.LoadAsync(db, region.Path, ct);
                IQueryable<Cases.SupportCase> Counted(string path)
                {
                    var query = db.SupportCases.AsNoTracking().Where(c => c.OwnerOrganization.Region.Path.StartsWith(path) && c.Client.MergedIntoId == null);
                    return source == LiveSource.OutreachClients
                        ? query.Where(c => c.Programme == Cases.Programme.Outreach && c.ReviewedOn != null && c.ReviewedOn <= end
                            && (c.State == Cases.CaseState.Active || c.State == Cases.CaseState.Ended) && (c.ClosedOn == null || c.ClosedOn >= start))
                        : query.Where(c => c.Programme == Cases.Programme.DischargeSupport && c.DischargePlan != null && c.OpenedOn >= start && c.OpenedOn <= end);
                }

                // Per organisation over the prefecture, for the protection; a client belongs to one organisation, so the
                // organisations' counts of distinct clients add up to the region's.
                var byOrganization = source == LiveSource.OutreachClients
                    ? await Counted(tree.PrefecturePath).Select(c => new { c.OwnerOrganizationId, c.ClientId }).Distinct()
                        .GroupBy(c => c.OwnerOrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct)
                    : await Counted(tree.PrefecturePath).GroupBy(c => c.OwnerOrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
                var rows = await Counted(region.Path).Select(c => new { c.Id, c.ClientId, c.OpenedOn }).ToListAsync(ct);
                var ids = rows.Select(r => r.Id).ToList();
                // Personal data in the list only for the cases the reader may open; the rest are counted, not shown.
                var visible = await db.SupportCases.AsNoTracking().VisibleTo(db, scope, today).Where(c => ids.Contains(c.Id))
                    .Select(c => new { c.Id, c.ClientId, c.Client.Name }).ToDictionaryAsync(c => c.Id, ct);
                return Protected(Suppression.Protect(tree, byOrganization, suppressBelow)[regionId], scope, suppressBelow,
                    [.. rows.OrderBy(r => r.OpenedOn).Select(r => new CountedItem(visible.TryGetValue(r.Id, out var v) ? v.Name : "(閲覧権限なし)", r.OpenedOn, $"/Cases/Details/{r.Id}",
                        v is not null) { ClientId = v?.ClientId })],
                    $"{fy.ToWareki()}、管内の機関の{PlanLabels.Sources[source]}");
            }

            case LiveSource.LiaisonSheetsSent:
            {
                var path = await db.Regions.Where(r => r.Id == regionId).Select(r => r.Path).SingleAsync(ct);
                var tree = await RegionTree.LoadAsync(db, path, ct);
                var byOrganization = await db.LiaisonSheets.AsNoTracking().Where(s => s.FromOrganization.Region.Path.StartsWith(tree.PrefecturePath) && s.SentAt >= from && s.SentAt < to)
                    .GroupBy(s => s.FromOrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
                var rows = await db.LiaisonSheets.AsNoTracking().Where(s => s.FromOrganization.Region.Path.StartsWith(path) && s.SentAt >= from && s.SentAt < to)
                    .Select(s => new { s.Id, s.SentAt }).ToListAsync(ct);
                var ids = rows.Select(r => r.Id).ToList();
                var visible = await db.LiaisonSheets.AsNoTracking().VisibleTo(scope).Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.ClientId, s.Client.Name })
                    .ToDictionaryAsync(s => s.Id, ct);
                return Protected(Suppression.Protect(tree, byOrganization, suppressBelow)[regionId], scope, suppressBelow,
                    [.. rows.OrderBy(r => r.SentAt).Select(r => new CountedItem(visible.TryGetValue(r.Id, out var v) ? v.Name : "(閲覧権限なし)",
                        DateOnly.FromDateTime(JapanTime.ToJst(r.SentAt).DateTime), $"/Liaison/Details/{r.Id}", v is not null) { ClientId = v?.ClientId })],
                    $"{fy.ToWareki()}に管内の機関が送った地域連携票の数");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, null);
        }
    }

    private static LiveCount Protected(ProtectedCount cell, UserScope reader, int suppressBelow, IReadOnlyList<CountedItem> items, string description) =>
        new(cell.Count, items, description)
        {
            Protection = cell, Exact = cell.IsExactFor(reader), ReaderOwns = cell.IsOwnedBy(reader), SuppressBelow = suppressBelow,
        };

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

/// <summary>
/// An indicator's actual and achievement as the reader may see them. A count of personal records (live, or frozen from one
/// at evaluation) that is protected for this reader shows as 「10件未満」 or 「秘匿」, and its achievement is withheld too,
/// since 「1 ÷ 5 = 20.0%」 would give the count back.
/// </summary>
public static class IndicatorDisplay
{
    public const string Withheld = "対象者の記録の件数で、少ない件数(またはほかの数から計算できる件数)のため伏せています。達成度も表示しません。";

    public static bool ShownExactly(this PlanIndicator indicator, LiveCount? live)
    {
        if (live?.Protection is null)
        {
            return true;
        }

        if (indicator.IsLive)
        {
            return live.Exact;
        }

        if (!indicator.ActualFromLiveCount)
        {
            return true;
        }

        // A frozen figure: hidden where the year's count is hidden now, and whenever it is itself small.
        var frozen = Frozen(indicator);
        return live.Exact && (frozen is null or 0 || frozen >= live.SuppressBelow || live.ReaderOwns);
    }

    public static string? ShownActual(this PlanIndicator indicator, LiveCount? live) =>
        indicator.ShownExactly(live) ? indicator.ActualText(live?.Count) : Suppression.Hidden(Protected(indicator, live!), live!.SuppressBelow, Unit(indicator));

    public static Achievement ShownJudgement(this PlanIndicator indicator, LiveCount? live) =>
        indicator.ShownExactly(live) ? indicator.Judge(live?.Count) : new Achievement(null, Verdict.Unknown, Withheld);

    /// <summary>
    /// The actual in the form everyone who reads the plan may see, whoever asks: what next year's plan starts from and what
    /// the audit log records at evaluation. Null for an indicator without a count behind it.
    /// </summary>
    public static string? PublicActual(this PlanIndicator indicator, LiveCount? live)
    {
        if (live is null)
        {
            return indicator.IsLive ? null : indicator.Actual;
        }

        var count = Protected(indicator, live);
        var hidden = live.Protection is { Hidden: true } || (live.Protection is not null && count > 0 && count < live.SuppressBelow);
        return hidden ? Suppression.Hidden(count, live.SuppressBelow, Unit(indicator)) : indicator.IsLive ? indicator.ActualText(live.Count) : indicator.Actual;
    }

    /// <summary>Next year's starting values of every indicator with a count behind it.</summary>
    public static Dictionary<int, string?> PublicActuals(this Dictionary<int, LiveCount> live, Plan plan) =>
        plan.Indicators.Where(i => live.ContainsKey(i.Id)).ToDictionary(i => i.Id, i => i.PublicActual(live[i.Id]));

    private static int Protected(PlanIndicator indicator, LiveCount live) => indicator.IsLive ? live.Count : Frozen(indicator) ?? 0;

    private static int? Frozen(PlanIndicator indicator) => IndicatorValue.Parse(indicator.Actual).Number is decimal d ? (int)d : null;

    private static string Unit(PlanIndicator indicator) => indicator.Unit ?? PlanLabels.SourceUnits[indicator.Source];
}
