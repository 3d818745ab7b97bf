using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// A live indicator's count as this reader may see it: what the source counted (<see cref="LiveCount"/>), and for a source
/// of personal records the region's protected cell. <see cref="Count"/> is exact and is never shown as it is: pages show
/// <see cref="Value"/> or <see cref="Text"/>, which follow the rule for counts of personal records.
/// </summary>
public sealed record IndicatorCount(int Count, IReadOnlyList<CountedItem> Items, string Description)
{
    /// <summary>For a count of personal records, the region's protected cell (ADR 0005); null for meetings, issues, events and regions.</summary>
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
/// Counts for live indicators, from the sources the features register (<see cref="ILiveCountSource"/>: forums, cases,
/// liaison, events …), for the plan's region and 年度 (April to March, Japan time). An indicator stores its source's key;
/// a key no source answers to any more counts nothing and is shown as 「不明な集計元(キー)」. Counts of meetings, issues,
/// events and regions are shown to everyone who may read the plan; counts of personal records follow the one rule
/// (<see cref="Suppression"/>), applied here whatever the source: exact for the staff of the organisation that owns
/// them, protected for everyone else. The list behind a count shows only what the reader may open.
/// </summary>
public static class LiveCounts
{
    /// <summary>The indicator form's choice for a typed actual.</summary>
    public const string ManualLabel = "手入力";

    /// <summary>The registered source with this key, or null (no key, or one no source answers to any more).</summary>
    public static ILiveCountSource? Find(this IEnumerable<ILiveCountSource> sources, string? key) =>
        key is null ? null : sources.FirstOrDefault(s => s.Key == key);

    /// <summary>How an indicator's actual is taken, in words: 「手入力」, the source's label, or 「不明な集計元(キー)」.</summary>
    public static string SourceLabel(this IEnumerable<ILiveCountSource> sources, string? key) =>
        key is null ? ManualLabel : sources.Find(key)?.Label ?? UnknownLabel(key);

    public static string UnknownLabel(string key) => $"不明な集計元({key})";

    /// <summary>
    /// The counts of every still-live indicator of the plan, by indicator id; and, for an indicator frozen from a count of
    /// personal records, that count again, which says whether the frozen figure may be shown to this reader.
    /// </summary>
    public static async Task<Dictionary<int, IndicatorCount>> ForPlanAsync(NimoDbContext db, IEnumerable<ILiveCountSource> sources, Plan plan, UserScope scope,
        DateOnly today, int suppressBelow, CancellationToken ct)
    {
        var byKey = sources.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var wanted = plan.Indicators
            .Select(i => (Indicator: i, Source: i.Source is string key ? byKey.GetValueOrDefault(key) : null))
            .Where(x => x.Source is not null && (x.Indicator.IsLive || (x.Indicator.ActualFromLiveCount && x.Source.CountsPersonalRecords)))
            .ToList();
        var result = new Dictionary<int, IndicatorCount>();
        if (wanted.Count == 0)
        {
            return result;
        }

        var target = await Target.LoadAsync(db, plan.RegionId, ct);
        foreach (var (indicator, source) in wanted)
        {
            result[indicator.Id] = await CountAsync(db, source!, target, plan.FiscalYear, indicator.SourceForumId, scope, today, suppressBelow, ct);
        }

        return result;
    }

    /// <summary>The exact counts, for freezing them at evaluation (the plan's own record; showing them goes through the rule).</summary>
    public static Dictionary<int, int> Numbers(this Dictionary<int, IndicatorCount> counts) => counts.ToDictionary(c => c.Key, c => c.Value.Count);

    /// <summary>One source's count for a region and 年度, as <paramref name="scope"/> may see it.</summary>
    public static async Task<IndicatorCount> CountAsync(NimoDbContext db, ILiveCountSource source, int regionId, int fiscalYear, int? forumId, UserScope scope,
        DateOnly today, int suppressBelow, CancellationToken ct) =>
        await CountAsync(db, source, await Target.LoadAsync(db, regionId, ct), fiscalYear, forumId, scope, today, suppressBelow, ct);

    private static async Task<IndicatorCount> CountAsync(NimoDbContext db, ILiveCountSource source, Target target, int fiscalYear, int? forumId, UserScope scope,
        DateOnly today, int suppressBelow, CancellationToken ct)
    {
        var live = await source.CountAsync(new LiveCountQuery(db, target.Id, target.Path, target.Name, new FiscalYear(fiscalYear), forumId, scope, today), ct);
        if (!source.CountsPersonalRecords)
        {
            return new IndicatorCount(live.Count, live.Items, live.Description);
        }

        // A source that gives each organisation's share is protected with its neighbours over the prefecture; one that
        // does not stands alone, and is hidden when small for everyone, its own organisation included.
        var cell = live.ByOrganization is { } byOrganization
            ? Suppression.Protect(await target.TreeAsync(db, ct), byOrganization, suppressBelow)[target.Id]
            : new ProtectedCount(live.Count, live.Count > 0 && live.Count < suppressBelow, null);
        return new IndicatorCount(cell.Count, live.Items, live.Description)
        {
            Protection = cell, Exact = cell.IsExactFor(scope), ReaderOwns = cell.IsOwnedBy(scope), SuppressBelow = suppressBelow,
        };
    }

    /// <summary>The plan's region, and its prefecture's tree once a count of personal records needs it.</summary>
    private sealed class Target(int id, string path, string name)
    {
        private RegionTree? _tree;

        public int Id => id;
        public string Path => path;
        public string Name => name;

        public static async Task<Target> LoadAsync(NimoDbContext db, int regionId, CancellationToken ct)
        {
            var region = await db.Regions.AsNoTracking().Where(r => r.Id == regionId).Select(r => new { r.Path, r.Name }).SingleAsync(ct);
            return new Target(regionId, region.Path, region.Name);
        }

        public async Task<RegionTree> TreeAsync(NimoDbContext db, CancellationToken ct) => _tree ??= await RegionTree.LoadAsync(db, path, ct);
    }
}

/// <summary>
/// An indicator's actual and achievement as the reader may see them. A count of personal records (live, or frozen from one
/// at evaluation) that is protected for this reader shows as 「10件未満」 or 「秘匿」, and its achievement is withheld too,
/// since 「1 ÷ 5 = 20.0%」 would give the count back.
/// </summary>
public static class IndicatorDisplay
{
    public const string Withheld = "対象者の記録の件数で、少ない件数(またはほかの数から計算できる件数)のため伏せています。達成度も表示しません。";

    public static bool ShownExactly(this PlanIndicator indicator, IndicatorCount? live)
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

    public static string? ShownActual(this PlanIndicator indicator, IndicatorCount? live) =>
        indicator.ShownExactly(live) ? indicator.ActualText(live?.Count) : Suppression.Hidden(Protected(indicator, live!), live!.SuppressBelow, Unit(indicator));

    public static Achievement ShownJudgement(this PlanIndicator indicator, IndicatorCount? live) =>
        indicator.ShownExactly(live) ? indicator.Judge(live?.Count) : new Achievement(null, Verdict.Unknown, Withheld);

    /// <summary>
    /// The actual in the form everyone who reads the plan may see, whoever asks: what next year's plan starts from and what
    /// the audit log records at evaluation. Null for an indicator without a count behind it.
    /// </summary>
    public static string? PublicActual(this PlanIndicator indicator, IndicatorCount? live)
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
    public static Dictionary<int, string?> PublicActuals(this Dictionary<int, IndicatorCount> live, Plan plan) =>
        plan.Indicators.Where(i => live.ContainsKey(i.Id)).ToDictionary(i => i.Id, i => i.PublicActual(live[i.Id]));

    private static int Protected(PlanIndicator indicator, IndicatorCount live) => indicator.IsLive ? live.Count : Frozen(indicator) ?? 0;

    private static int? Frozen(PlanIndicator indicator) => IndicatorValue.Parse(indicator.Actual).Number is decimal d ? (int)d : null;

    private static string Unit(PlanIndicator indicator) => indicator.Unit ?? "";
}
