using System.Globalization;
using Nimo.Platform.Data;

namespace Nimo.Features.Profiles;

public enum TargetComparison
{
    /// <summary>以上: the figure must reach the value.</summary>
    AtLeast,
    /// <summary>以下: the figure must not exceed the value.</summary>
    AtMost,
    /// <summary>A range (14.6–15.7万人): the figure must lie within it.</summary>
    Between,
}

public enum TargetScope
{
    /// <summary>Applies to every region's own figure (a rate).</summary>
    EveryRegion,
    /// <summary>A national total (a count): shown for reference, never judged against one region.</summary>
    NationalTotal,
}

public enum TargetVerdict
{
    NoData,
    Met,
    NotMet,
    NotApplicable,
}

/// <summary>
/// A national target (障害福祉計画 成果目標) as master data: values change with each plan and some are not yet
/// confirmed ([M] in the research), so they are rows an administrator maintains, with a 「未確認」 mark.
/// </summary>
public sealed class NationalTarget : IVersioned
{
    private NationalTarget()
    {
    }

    public int Id { get; private set; }
    /// <summary>「第6期障害福祉計画」.</summary>
    public string Plan { get; private set; } = "";
    /// <summary>The 年度 the target is for (第6期 = 2023, i.e. 令和5年度).</summary>
    public int TargetFiscalYear { get; private set; }
    public FigureKey Figure { get; private set; }
    public TargetComparison Comparison { get; private set; }
    public decimal Value { get; private set; }
    public decimal? UpperValue { get; private set; }
    public TargetScope Scope { get; private set; }
    public bool IsVerified { get; private set; }
    public string? Source { get; private set; }
    public string? Note { get; private set; }
    public Guid Version { get; set; }

    public static NationalTarget Create(string plan, int targetFiscalYear, FigureKey figure, TargetComparison comparison, decimal value,
        decimal? upperValue, TargetScope scope, bool verified, string? source, string? note)
    {
        var target = new NationalTarget();
        target.Update(plan, targetFiscalYear, figure, comparison, value, upperValue, scope, verified, source, note);
        return target;
    }

    public void Update(string plan, int targetFiscalYear, FigureKey figure, TargetComparison comparison, decimal value,
        decimal? upperValue, TargetScope scope, bool verified, string? source, string? note)
    {
        if (string.IsNullOrWhiteSpace(plan))
        {
            throw new DomainRuleException("計画の名称を入力してください。");
        }

        if (targetFiscalYear is < 2000 or > 2100)
        {
            throw new DomainRuleException("目標年度が正しくありません。");
        }

        if (comparison == TargetComparison.Between && (upperValue is null || upperValue < value))
        {
            throw new DomainRuleException("範囲の目標には、下限以上の上限を入力してください。");
        }

        if (Figures.Of(figure).Kind == FigureKind.Percent && (value is < 0 or > 100 || upperValue is < 0 or > 100))
        {
            throw new DomainRuleException("率の目標値は0〜100で入力してください。");
        }

        Plan = plan.Trim();
        TargetFiscalYear = targetFiscalYear;
        Figure = figure;
        Comparison = comparison;
        Value = value;
        UpperValue = comparison == TargetComparison.Between ? upperValue : null;
        Scope = scope;
        IsVerified = verified;
        Source = string.IsNullOrWhiteSpace(source) ? null : source.Trim();
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    public TargetVerdict Judge(decimal? figure) => Scope == TargetScope.NationalTotal
        ? TargetVerdict.NotApplicable
        : figure is not decimal v
            ? TargetVerdict.NoData
            : Comparison switch
            {
                TargetComparison.AtLeast => v >= Value ? TargetVerdict.Met : TargetVerdict.NotMet,
                TargetComparison.AtMost => v <= Value ? TargetVerdict.Met : TargetVerdict.NotMet,
                TargetComparison.Between => v >= Value && v <= UpperValue ? TargetVerdict.Met : TargetVerdict.NotMet,
            };

    /// <summary>「69%以上」「14.6〜15.7万人」: the target as the plan states it.</summary>
    public string Describe()
    {
        var unit = Figures.Of(Figure).Unit;
        string N(decimal d) => unit == "人" && d >= 10_000
            ? (d / 10_000m).ToString("0.##", CultureInfo.InvariantCulture) + "万"
            : d.ToString("#,0.##", CultureInfo.InvariantCulture);
        return Comparison switch
        {
            TargetComparison.AtLeast => $"{N(Value)}{unit}以上",
            TargetComparison.AtMost => $"{N(Value)}{unit}以下",
            TargetComparison.Between => $"{N(Value)}〜{N(UpperValue!.Value)}{unit}",
        };
    }

    public static string VerdictLabel(TargetVerdict verdict) => verdict switch
    {
        TargetVerdict.Met => "達成",
        TargetVerdict.NotMet => "未達成",
        TargetVerdict.NoData => "データなし",
        TargetVerdict.NotApplicable => "全国値(参考)",
    };

    /// <summary>The plan targets known from the research; [M] values start unverified. Loaded into an empty table.</summary>
    public static IEnumerable<NationalTarget> Defaults()
    {
        const string v5 = "第5期障害福祉計画", v6 = "第6期障害福祉計画", v7 = "第7期障害福祉計画";
        const string mhlw = "厚生労働省 基本指針(成果目標)";
        yield return Create(v5, 2020, FigureKey.DischargeRate3Months, TargetComparison.AtLeast, 69, null, TargetScope.EveryRegion, true, mhlw, null);
        yield return Create(v5, 2020, FigureKey.DischargeRate6Months, TargetComparison.AtLeast, 84, null, TargetScope.EveryRegion, true, mhlw, null);
        yield return Create(v5, 2020, FigureKey.DischargeRate12Months, TargetComparison.AtLeast, 90, null, TargetScope.EveryRegion, true, mhlw, null);
        yield return Create(v5, 2020, FigureKey.InpatientsOver1Year, TargetComparison.Between, 146_000, 157_000, TargetScope.NationalTotal, true, mhlw, "全国の1年以上長期入院患者数");
        yield return Create(v6, 2023, FigureKey.DischargeRate3Months, TargetComparison.AtLeast, 69, null, TargetScope.EveryRegion, true, mhlw, null);
        yield return Create(v6, 2023, FigureKey.DischargeRate6Months, TargetComparison.AtLeast, 86, null, TargetScope.EveryRegion, true, mhlw, null);
        yield return Create(v6, 2023, FigureKey.DischargeRate12Months, TargetComparison.AtLeast, 92, null, TargetScope.EveryRegion, true, mhlw, null);
        yield return Create(v6, 2023, FigureKey.InpatientsOver1YearUnder65, TargetComparison.Between, 36_000, 43_000, TargetScope.NationalTotal, true, mhlw, "全国の1年以上長期入院患者数(65歳未満)");
        yield return Create(v6, 2023, FigureKey.InpatientsOver1YearOver65, TargetComparison.Between, 70_000, 80_000, TargetScope.NationalTotal, true, mhlw, "全国の1年以上長期入院患者数(65歳以上)");
        yield return Create(v6, 2023, FigureKey.AverageCommunityLivingDays, TargetComparison.AtLeast, 316, null, TargetScope.EveryRegion, true, mhlw, null);
        yield return Create(v7, 2026, FigureKey.DischargeRate3Months, TargetComparison.AtLeast, 68.9m, null, TargetScope.EveryRegion, false, mhlw, "値は未確認");
        yield return Create(v7, 2026, FigureKey.DischargeRate6Months, TargetComparison.AtLeast, 84.5m, null, TargetScope.EveryRegion, false, mhlw, "値は未確認");
        yield return Create(v7, 2026, FigureKey.DischargeRate12Months, TargetComparison.AtLeast, 91.0m, null, TargetScope.EveryRegion, false, mhlw, "値は未確認");
        yield return Create(v7, 2026, FigureKey.AverageCommunityLivingDays, TargetComparison.AtLeast, 325.3m, null, TargetScope.EveryRegion, false, mhlw, "値は未確認");
    }
}
