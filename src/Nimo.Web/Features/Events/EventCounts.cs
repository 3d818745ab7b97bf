using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>
/// What plan indicators can count live from events (registered by <see cref="EventsModule"/>). Counts are of held events,
/// in the plan's 年度 by their start date (Japan time). Events count for the plan of the body they were held for: a
/// prefecture's plan counts the events held for the prefecture and its 圏域, not those of its 市町村, which have plans of
/// their own (埼玉's 「市町村職員向け研修」 is the 県's, not 川口's). The coverage counts (圏域・市町村 with a training) and
/// the supporters look at everything under the region. The drill-down lists what was counted; an item the reader may not
/// open is listed without its link.
/// </summary>
public static class EventCounts
{
    public static IQueryable<Event> HeldIn(NimoDbContext db, LiveCountQuery q) =>
        db.Events.AsNoTracking().Where(e => e.Region.Path.StartsWith(q.RegionPath) && e.Status == EventStatus.Held && e.StartsAt >= q.From && e.StartsAt < q.To);

    /// <summary>Held events of the plan's own body: under its region, but not held for a 市町村 below it.</summary>
    public static async Task<IQueryable<Event>> OwnHeldAsync(LiveCountQuery q, CancellationToken ct)
    {
        var municipalities = await q.Db.Regions.AsNoTracking()
            .Where(r => r.Path.StartsWith(q.RegionPath) && r.Id != q.RegionId && r.Kind == RegionKind.Municipality).Select(r => r.Path).ToListAsync(ct);
        var all = HeldIn(q.Db, q);
        if (municipalities.Count == 0)
        {
            return all;
        }

        var events = await all.Select(e => new { e.Id, e.Region.Path }).ToListAsync(ct);
        var own = events.Where(e => !municipalities.Any(m => e.Path.StartsWith(m, StringComparison.Ordinal))).Select(e => e.Id).ToList();
        return q.Db.Events.AsNoTracking().Where(e => own.Contains(e.Id));
    }

    /// <summary>「埼玉県(管内の市町村の催しを除く)」 or just the name when the region is a 市町村.</summary>
    public static string Whose(LiveCountQuery q) => $"{q.RegionName}(管内の市町村が開催地の催しは、各市町村の計画で数えます)";

    /// <summary>The ids among <paramref name="ids"/> the reader can open.</summary>
    public static async Task<HashSet<int>> VisibleIdsAsync(NimoDbContext db, UserScope scope, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        [.. await db.Events.VisibleTo(scope).Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct)];

    public static async Task<LiveCount> EventsAsync(IQueryable<Event> events, LiveCountQuery q, string description, CancellationToken ct)
    {
        var rows = await events.OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Select(e => new { e.Id, e.Title, e.StartsAt }).ToListAsync(ct);
        var visible = await VisibleIdsAsync(q.Db, q.Scope, [.. rows.Select(r => r.Id)], ct);
        return new LiveCount(rows.Count,
            [.. rows.Select(r => new CountedItem(r.Title, DateOnly.FromDateTime(JapanTime.ToJst(r.StartsAt).DateTime), $"/Events/Details/{r.Id}", visible.Contains(r.Id)))],
            description);
    }

    /// <summary>Attendees per event: named check-ins and counts without names, in one category or all.</summary>
    public static async Task<List<(int EventId, string Title, DateTimeOffset StartsAt, bool Sensitive, int OrganizerId, int Count)>> AttendeesAsync(
        IQueryable<Event> events, Audience? category, NimoDbContext db, CancellationToken ct)
    {
        var list = await events.Select(e => new { e.Id, e.Title, e.StartsAt, e.IsSensitive, e.OrganizerId }).ToListAsync(ct);
        var ids = list.Select(e => e.Id).ToList();
        var named = await db.EventRegistrations.AsNoTracking()
            .Where(r => ids.Contains(r.EventId) && r.CheckedInAt != null && r.Status != RegistrationStatus.Cancelled && (category == null || r.Category == category))
            .GroupBy(r => r.EventId).Select(g => new { EventId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var counted = await db.EventHeadcounts.AsNoTracking()
            .Where(h => ids.Contains(h.EventId) && (category == null || h.Category == category))
            .GroupBy(h => h.EventId).Select(g => new { EventId = g.Key, Count = g.Sum(h => h.Attended) }).ToListAsync(ct);
        return [.. list.Select(e => (e.Id, e.Title, e.StartsAt, e.IsSensitive, e.OrganizerId,
                (named.FirstOrDefault(n => n.EventId == e.Id)?.Count ?? 0) + (counted.FirstOrDefault(c => c.EventId == e.Id)?.Count ?? 0)))
            .Where(x => x.Item6 > 0)];
    }

    /// <summary>Regions of <paramref name="kind"/> under the plan's region, and those among them with at least one held training in the 年度.</summary>
    public static async Task<(List<Region> All, Dictionary<int, List<(int Id, string Title, DateTimeOffset StartsAt)>> WithTraining)> TrainingCoverageAsync(
        LiveCountQuery q, RegionKind kind, CancellationToken ct)
    {
        var regions = await q.Db.Regions.AsNoTracking()
            .Where(r => r.Path.StartsWith(q.RegionPath) && r.Id != q.RegionId && r.Kind == kind).OrderBy(r => r.Path).ToListAsync(ct);
        var trainings = await HeldIn(q.Db, q).Where(e => e.Kind == EventKind.Training)
            .Select(e => new { e.Id, e.Title, e.StartsAt, Path = e.Region.Path }).ToListAsync(ct);
        var with = new Dictionary<int, List<(int, string, DateTimeOffset)>>();
        foreach (var r in regions)
        {
            var held = trainings.Where(t => t.Path.StartsWith(r.Path, StringComparison.Ordinal)).OrderBy(t => t.StartsAt).Select(t => (t.Id, t.Title, t.StartsAt)).ToList();
            if (held.Count > 0)
            {
                with[r.Id] = held;
            }
        }

        return (regions, with);
    }
}

/// <summary>Events of one kind held in the 年度 (「講演会の開催回数」).</summary>
public sealed class EventsHeldSource(EventKind kind) : ILiveCountSource
{
    public string Key => "events.held." + kind.ToString().ToLowerInvariant();
    public string Label => $"{EventLabels.Kinds[kind]}の開催回数(年度内に開催済み)";
    public string Group => "研修・啓発";
    public string Unit => "回";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct) =>
        await EventCounts.EventsAsync((await EventCounts.OwnHeldAsync(query, ct)).Where(e => e.Kind == kind), query,
            $"{EventCounts.Whose(query)}で、{query.Year.ToWareki()}に開催済みとして記録された{EventLabels.Kinds[kind]}の数", ct);
}

/// <summary>Trainings for one audience held in the 年度 (埼玉's 市町村職員向け研修, 川口's 協議の場委員を対象とした研修会).</summary>
public sealed class TrainingsForAudienceSource(Audience audience) : ILiveCountSource
{
    public string Key => "events.trainings-for." + audience.ToString().ToLowerInvariant();
    public string Label => $"{EventLabels.AudienceNames[audience]}を対象とした研修の開催回数(年度内に開催済み)";
    public string Group => "研修・啓発";
    public string Unit => "回";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct) =>
        await EventCounts.EventsAsync((await EventCounts.OwnHeldAsync(query, ct)).Where(e => e.Kind == EventKind.Training && (e.Audiences & audience) == audience), query,
            $"{EventCounts.Whose(query)}で、{query.Year.ToWareki()}に開催済みの研修のうち、対象に「{EventLabels.AudienceNames[audience]}」を含むものの数", ct);
}

/// <summary>Attendees of held events in the 年度, in all categories or one (受付済みの申込者・当日参加者と、名簿によらない人数).</summary>
public sealed class AttendeesSource(Audience? category) : ILiveCountSource
{
    public string Key => category is Audience a ? "events.attendees." + a.ToString().ToLowerInvariant() : "events.attendees";
    public string Label => category is Audience a ? $"催しの参加者数(区分: {EventLabels.AudienceNames[a]}、年度内)" : "催しの参加者数(全区分、年度内)";
    public string Group => "研修・啓発";
    public string Unit => "人";
    // Who came to a 家族教室 is personal: outside the organiser, small counts are shown as 「10未満」.
    public bool CountsPersonalRecords => true;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var rows = await EventCounts.AttendeesAsync(await EventCounts.OwnHeldAsync(q, ct), category, q.Db, ct);
        var visible = await EventCounts.VisibleIdsAsync(q.Db, q.Scope, [.. rows.Select(r => r.EventId)], ct);
        var what = category is Audience c ? $"区分「{EventLabels.AudienceNames[c]}」の" : "";
        return new LiveCount(rows.Sum(r => r.Count),
            // A sensitive event's line would give its small count away: only its organiser sees it in the list.
            [.. rows.OrderBy(r => r.StartsAt).Select(r => new CountedItem(r.Title, DateOnly.FromDateTime(JapanTime.ToJst(r.StartsAt).DateTime), $"/Events/Details/{r.EventId}",
                visible.Contains(r.EventId) && (!r.Sensitive || q.Scope.OrganizationId == r.OrganizerId)))],
            $"{EventCounts.Whose(q)}で{q.Year.ToWareki()}に開催済みの催しの、{what}参加者(受付済みの申込者・当日参加者と、名簿によらず数えた人数)");
    }
}

/// <summary>Supporters certified in the 年度: completions of held supporter courses plus the imported figure for that year.</summary>
public sealed class SupportersCertifiedSource : ILiveCountSource
{
    public string Key => "events.supporters.year";
    public string Label => "サポーター養成数(年度内の修了者と取込値)";
    public string Group => "研修・啓発";
    public string Unit => "人";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var cells = await SupporterCounts.CellsAsync(q.Db, q.RegionPath, q.Year.StartYear, ct);
        var (year, _) = SupporterCounts.Totals(cells, q.Year.StartYear);
        var courses = await EventCounts.EventsAsync(EventCounts.HeldIn(q.Db, q).Where(e => e.Kind == EventKind.SupporterCourse), q, "", ct);
        var baseline = cells.Where(c => c.FiscalYear == q.Year.StartYear).Sum(c => c.Baseline);
        return new LiveCount(year, courses.Items,
            $"{q.RegionName}とその管内で{q.Year.ToWareki()}に開催済みのサポーター養成講座の修了者数" + (baseline > 0 ? $"に、取り込んだ{q.Year.ToWareki()}の養成者数{baseline}人を加えた数" : ""));
    }
}

/// <summary>Supporters certified from the first recorded year to the end of the 年度 (the running total).</summary>
public sealed class SupportersCumulativeSource : ILiveCountSource
{
    public string Key => "events.supporters.total";
    public string Label => "サポーター養成数の累計(年度末時点)";
    public string Group => "研修・啓発";
    public string Unit => "人";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var cells = await SupporterCounts.CellsAsync(q.Db, q.RegionPath, q.Year.StartYear, ct);
        var years = SupporterCounts.ByYear(cells, q.Year.StartYear);
        return new LiveCount((years.Count == 0 ? 0 : years[^1].Cumulative),
            [.. years.Select(y => new CountedItem($"{new FiscalYear(y.FiscalYear).ToWareki()}: {y.Total}人(累計{y.Cumulative}人)", null,
                $"/Events/Supporters?regionId={q.RegionId}&year={y.FiscalYear}", true))],
            $"{q.RegionName}とその管内の、{q.Year.ToWareki()}末までのサポーター養成数の累計(取り込んだ過去の養成者数と、Nimoに記録した講座の修了者数)");
    }
}

/// <summary>圏域 or 市町村 under the plan's region with at least one training held in the 年度 (埼玉 R4: 11 of 13 圏域).</summary>
public sealed class RegionsWithTrainingSource(RegionKind kind) : ILiveCountSource
{
    public string Key => kind == RegionKind.HealthArea ? "events.areas-with-training" : "events.municipalities-with-training";
    public string Label => kind == RegionKind.HealthArea ? "研修を1回以上開催した管内圏域の数(年度内)" : "研修を1回以上開催した管内市町村の数(年度内)";
    public string Group => "研修・啓発";
    public string Unit => kind == RegionKind.HealthArea ? "圏域" : "市町村";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var (all, with) = await EventCounts.TrainingCoverageAsync(q, kind, ct);
        var word = kind == RegionKind.HealthArea ? "圏域" : "市町村";
        return new LiveCount(with.Count,
            [.. all.Where(r => with.ContainsKey(r.Id)).Select(r => new CountedItem($"{r.Name}({with[r.Id].Count}回)",
                DateOnly.FromDateTime(JapanTime.ToJst(with[r.Id][0].StartsAt).DateTime), $"/Events?regionId={r.Id}&year={q.Year.StartYear}&kind=Training&status=Held", true))],
            $"{q.RegionName}の管内{word}({all.Count})のうち、{q.Year.ToWareki()}に研修(職員・関係機関向け)を1回以上開催した{word}の数");
    }
}
