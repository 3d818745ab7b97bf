using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Platform.Modules;

/// <summary>One record a live indicator counted, for the drill-down list. <see cref="Visible"/> is false when the reader may not open it.</summary>
public sealed record CountedItem(string Label, DateOnly? Date, string Url, bool Visible)
{
    /// <summary>The client the item names, when it names one the reader may see: the list is recorded as a look at them (閲覧記録).</summary>
    public int? ClientId { get; init; }
}

/// <summary>
/// A live indicator's value: the count, what it counted, and in words how. A source of personal records does not decide
/// who may see its count: the reader of the count (Plans) applies the one rule (ADR 0005), with <see cref="ByOrganization"/>.
/// </summary>
public sealed record LiveCount(int Count, IReadOnlyList<CountedItem> Items, string Description)
{
    /// <summary>
    /// For a source that <see cref="ILiveCountSource.CountsPersonalRecords"/>: the same measure over the whole prefecture the
    /// plan's region lies in, per organisation that owns the records, so that a count that could be worked out by subtraction
    /// from its neighbours' is hidden too (complementary suppression). Null when the count stands alone: it is then hidden
    /// only when small, for every reader.
    /// </summary>
    public IReadOnlyDictionary<int, int>? ByOrganization { get; init; }
}

/// <summary>What a count is asked for: the plan's region (and its subtree), its 年度, the forum when the source needs one, and the reader.</summary>
public sealed record LiveCountQuery(NimoDbContext Db, int RegionId, string RegionPath, string RegionName, FiscalYear Year, int? ForumId, UserScope Scope, DateOnly Today)
{
    /// <summary>The 年度's first instant, Japan time.</summary>
    public DateTimeOffset From => new(Year.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);

    /// <summary>The next 年度's first instant, Japan time (exclusive).</summary>
    public DateTimeOffset To => new(Year.Next.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
}

/// <summary>
/// Something a plan indicator can count from the records instead of a typed number (meetings held, outreach clients,
/// trainees …), registered by the feature that owns those records (<see cref="FeatureBuilder.LiveCount{TSource}"/>).
/// </summary>
public interface ILiveCountSource
{
    /// <summary>Stored with each indicator that uses the source: once used, never renamed.</summary>
    string Key { get; }

    /// <summary>The choice in the indicator form, a whole phrase (「アウトリーチ支援の対象者数(年度内に支援)」).</summary>
    string Label { get; }

    /// <summary>The heading the choice is listed under in the indicator form (「協議の場」「支援ケース」「研修・啓発」).</summary>
    string Group => "その他の記録";

    /// <summary>The unit the count is written with (回, 件, 人, 圏域).</summary>
    string Unit { get; }

    /// <summary>True when the source counts a forum and its sub-bodies, so the indicator names the forum.</summary>
    bool NeedsForum => false;

    /// <summary>True when the count is of personal records: outside the owning organisation small counts are suppressed (ADR 0005).</summary>
    bool CountsPersonalRecords { get; }

    Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct);
}
