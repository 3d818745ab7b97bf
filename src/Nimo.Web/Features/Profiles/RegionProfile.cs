using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Profiles;

/// <summary>
/// A region's 基礎情報 for one 年度. Each figure has its own 時点, source and (when it is not the region's own)
/// the area it describes. Computed shares and rates are never stored: <see cref="ProfileCalculator"/> derives them.
/// </summary>
public sealed class RegionProfile : IVersioned
{
    private readonly List<ProfileFigure> _figures = [];

    private RegionProfile()
    {
    }

    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    /// <summary>The 年度 the profile reports on (its StartYear: 2023 = 令和5年度).</summary>
    public int FiscalYear { get; private set; }
    /// <summary>取組内容: free text at the head of §1.</summary>
    public string? Activities { get; private set; }
    /// <summary>Why the figures were saved although a consistency check failed; null when they are consistent.</summary>
    public string? InconsistencyReason { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public Guid Version { get; set; }
    public IReadOnlyList<ProfileFigure> Figures => _figures;

    public FiscalYear Year => new(FiscalYear);

    public static RegionProfile Create(Region region, int fiscalYear)
    {
        if (!Platform.Japanese.FiscalYear.IsSupported(fiscalYear))
        {
            throw new DomainRuleException("年度が正しくありません。");
        }

        return new RegionProfile { Region = region, RegionId = region.Id, FiscalYear = fiscalYear };
    }

    public ProfileFigure? Figure(FigureKey key) => _figures.FirstOrDefault(f => f.Key == key);

    public decimal? Value(FigureKey key) => Figure(key)?.Value;

    /// <summary>Sets, changes or (with no value, 時点 or source) removes a figure. Returns true when anything changed.</summary>
    public bool SetFigure(FigureKey key, decimal? value, WarekiValue asOf, string? source, Region? area)
    {
        var definition = Profiles.Figures.Of(key);
        if (value is decimal v && definition.Kind is FigureKind.Count or FigureKind.YesNo && v != decimal.Truncate(v))
        {
            throw new DomainRuleException($"「{definition.FullLabel}」は整数で入力してください。");
        }

        if (value is decimal yn && definition.Kind == FigureKind.YesNo && yn is not (0 or 1))
        {
            throw new DomainRuleException($"「{definition.FullLabel}」は「有」か「無」です。");
        }

        source = string.IsNullOrWhiteSpace(source) ? null : source.Trim();
        var existing = Figure(key);
        if (value is null && !asOf.IsKnown && source is null)
        {
            return existing is not null && _figures.Remove(existing);
        }

        if (existing is null)
        {
            existing = new ProfileFigure(key);
            _figures.Add(existing);
        }

        return existing.Set(value, asOf, source, area is null || area.Id == RegionId ? null : area);
    }

    public void SetActivities(string? text) => Activities = string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Records who saved and, when checks failed, the reason they gave; a failing save without one is refused.</summary>
    public void Stamp(IReadOnlyList<ConsistencyFinding> findings, string? reason, string userName, DateTimeOffset now)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (findings.Count > 0 && reason is null)
        {
            throw new DomainRuleException("整合性の確認で問題が見つかりました。このまま保存する場合は理由を入力してください。");
        }

        InconsistencyReason = findings.Count > 0 ? reason : null;
        UpdatedBy = userName;
        UpdatedAt = now;
    }
}

/// <summary>One figure of a profile: a value (or none), its 時点, its source and the area it describes.</summary>
public sealed class ProfileFigure
{
    private ProfileFigure()
    {
    }

    internal ProfileFigure(FigureKey key) => Key = key;

    public int Id { get; private set; }
    public int ProfileId { get; private set; }
    public FigureKey Key { get; private set; }
    public decimal? Value { get; private set; }
    public WarekiPrecision AsOfPrecision { get; private set; }
    public int AsOfYear { get; private set; }
    public int AsOfMonth { get; private set; }
    public string? Source { get; private set; }
    /// <summary>Set when the figure describes another area than the profile's region (川口's 退院率 is 埼玉県全体).</summary>
    public int? AreaRegionId { get; private set; }
    public Region? AreaRegion { get; private set; }

    public WarekiValue AsOf => AsOfPrecision == WarekiPrecision.Unknown
        ? WarekiValue.Unknown
        : new WarekiValue(AsOfPrecision, AsOfYear, AsOfMonth, 0);

    public FigureDefinition Definition => Profiles.Figures.Of(Key);

    internal bool Set(decimal? value, WarekiValue asOf, string? source, Region? area)
    {
        // A full date is kept to its month: the sheet's 時点 is a year-month.
        var precision = asOf.Precision == WarekiPrecision.Date ? WarekiPrecision.YearMonth : asOf.Precision;
        var changed = Value != value || AsOfPrecision != precision || AsOfYear != asOf.Year || AsOfMonth != asOf.Month
            || Source != source || AreaRegionId != area?.Id;
        Value = value;
        AsOfPrecision = precision;
        AsOfYear = asOf.Year;
        AsOfMonth = asOf.Month;
        Source = source;
        AreaRegion = area;
        AreaRegionId = area?.Id;
        return changed;
    }
}
