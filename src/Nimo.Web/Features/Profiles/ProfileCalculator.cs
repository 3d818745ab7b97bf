using System.Globalization;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Profiles;

/// <summary>
/// A computed figure: a value, or the reason there is none. Pages print <see cref="Display"/>, which is 「—」 with a
/// reason for a missing or zero denominator, never 「#DIV/0!」, NaN or ∞.
/// </summary>
public readonly record struct Computed(decimal? Value, string? Reason, string Unit)
{
    public static Computed Missing(string reason, string unit) => new(null, reason, unit);

    public bool HasValue => Value.HasValue;

    public string Display => Value is decimal v ? v.ToString("#,0.0", CultureInfo.InvariantCulture) + Unit : "—";

    /// <summary>numerator ÷ denominator × scale, rounded half-up to one decimal.</summary>
    public static Computed Ratio(decimal? numerator, decimal? denominator, decimal scale, string unit, string numeratorName, string denominatorName)
    {
        // The denominator first: 「合計が0」 says more about a sheet like 倉敷's than an empty band does.
        if (denominator is null)
        {
            return Missing($"{denominatorName}が未入力です", unit);
        }

        if (denominator == 0)
        {
            return Missing($"{denominatorName}が0のため計算できません", unit);
        }

        if (numerator is null)
        {
            return Missing($"{numeratorName}が未入力です", unit);
        }

        return new Computed(Round1(numerator.Value / denominator.Value * scale), null, unit);
    }

    public static decimal Round1(decimal value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);
}

/// <summary>A failed consistency check, shown next to the figures it concerns.</summary>
public sealed record ConsistencyFinding(IReadOnlyList<FigureKey> Figures, string Message)
{
    public bool Concerns(FigureKey key) => Figures.Contains(key);
}

/// <summary>Everything derived from a profile's figures.</summary>
public sealed record ProfileComputation(
    IReadOnlyDictionary<FigureKey, Computed> Shares,
    Computed BedsPer100k,
    Computed LongStayPer100k,
    Computed ForumMunicipalityCoverage,
    Computed ForumAreaCoverage,
    IReadOnlyList<ConsistencyFinding> Findings);

/// <summary>The sheet's arithmetic and its consistency rules, in one place and without a database.</summary>
public static class ProfileCalculator
{
    public static readonly IReadOnlyList<FigureKey> StayBands =
        [FigureKey.InpatientsUnder3Months, FigureKey.Inpatients3To12Months, FigureKey.InpatientsOver1Year];

    public static ProfileComputation Compute(IReadOnlyDictionary<FigureKey, (decimal? Value, WarekiValue AsOf)> figures, DateOnly today)
    {
        decimal? V(FigureKey key) => figures.TryGetValue(key, out var f) ? f.Value : null;
        var total = V(FigureKey.InpatientsTotal);
        var shares = StayBands.ToDictionary(
            band => band,
            band => Computed.Ratio(V(band), total, 100, "%", Figures.Of(band).Label + "の人数", "入院精神障害者数の合計"));
        return new ProfileComputation(
            shares,
            Computed.Ratio(V(FigureKey.PsychiatricBeds), V(FigureKey.Population), 100_000, "床", "精神科病床数", "人口"),
            Computed.Ratio(V(FigureKey.InpatientsOver1Year), V(FigureKey.Population), 100_000, "人", "1年以上の入院者数", "人口"),
            Computed.Ratio(V(FigureKey.ForumMunicipalitiesWith), V(FigureKey.Municipalities), 100, "%", "協議の場を設置した市町村数", "市町村数"),
            Computed.Ratio(V(FigureKey.ForumAreasWith), V(FigureKey.DisabilityWelfareAreas), 100, "%", "協議の場を設置した圏域数", "障害保健福祉圏域数"),
            Check(figures, today));
    }

    public static ProfileComputation Compute(RegionProfile profile, DateOnly today) =>
        Compute(profile.Figures.ToDictionary(f => f.Key, f => (f.Value, f.AsOf)), today);

    private static List<ConsistencyFinding> Check(IReadOnlyDictionary<FigureKey, (decimal? Value, WarekiValue AsOf)> figures, DateOnly today)
    {
        var findings = new List<ConsistencyFinding>();
        decimal? V(FigureKey key) => figures.TryGetValue(key, out var f) ? f.Value : null;
        string N(decimal? d) => d is decimal x ? x.ToString("#,0.##", CultureInfo.InvariantCulture) : "";

        // The three length-of-stay bands make up the total.
        var bands = StayBands.Select(V).ToList();
        if (V(FigureKey.InpatientsTotal) is decimal total && bands.All(b => b.HasValue))
        {
            var sum = bands.Sum(b => b!.Value);
            if (sum != total)
            {
                findings.Add(new([FigureKey.InpatientsTotal, .. StayBands],
                    $"在院期間別の人数の和({N(sum)}人)が合計({N(total)}人)と一致しません。{N(Math.Abs(total - sum))}人の差があります。"));
            }
        }

        if (V(FigureKey.InpatientsOver1Year) is decimal longStay
            && V(FigureKey.InpatientsOver1YearUnder65) is decimal under65 && V(FigureKey.InpatientsOver1YearOver65) is decimal over65
            && under65 + over65 != longStay)
        {
            findings.Add(new([FigureKey.InpatientsOver1Year, FigureKey.InpatientsOver1YearUnder65, FigureKey.InpatientsOver1YearOver65],
                $"1年以上の入院者のうち65歳未満({N(under65)}人)と65歳以上({N(over65)}人)の和が1年以上の人数({N(longStay)}人)と一致しません。{N(Math.Abs(longStay - under65 - over65))}人の差があります。"));
        }

        if (V(FigureKey.ForumMunicipalitiesWith) is decimal withForum && V(FigureKey.Municipalities) is decimal municipalities && withForum > municipalities)
        {
            findings.Add(new([FigureKey.ForumMunicipalitiesWith, FigureKey.Municipalities],
                $"協議の場を設置した市町村数({N(withForum)})が市町村数({N(municipalities)})を超えています。"));
        }

        if (V(FigureKey.ForumAreasWith) is decimal areasWith && V(FigureKey.DisabilityWelfareAreas) is decimal areas && areasWith > areas)
        {
            findings.Add(new([FigureKey.ForumAreasWith, FigureKey.DisabilityWelfareAreas],
                $"協議の場を設置した圏域数({N(areasWith)})が障害保健福祉圏域数({N(areas)})を超えています。"));
        }

        // 3 → 6 → 12 months are cumulative, so the rates cannot fall.
        if (V(FigureKey.DischargeRate3Months) is decimal r3 && V(FigureKey.DischargeRate6Months) is decimal r6 && V(FigureKey.DischargeRate12Months) is decimal r12
            && (r6 < r3 || r12 < r6))
        {
            findings.Add(new([FigureKey.DischargeRate3Months, FigureKey.DischargeRate6Months, FigureKey.DischargeRate12Months],
                "退院率は累積値のため、3か月 ≦ 6か月 ≦ 1年 になるはずです。"));
        }

        foreach (var (key, (value, asOf)) in figures.OrderBy(f => f.Key))
        {
            var definition = Figures.Of(key);
            if (value is decimal v)
            {
                if (definition.Kind == FigureKind.Percent && v is < 0 or > 100)
                {
                    findings.Add(new([key], $"「{definition.FullLabel}」({N(v)}%)は0〜100の範囲にありません。"));
                }
                else if (v < 0)
                {
                    findings.Add(new([key], $"「{definition.FullLabel}」が負の数({N(v)})です。"));
                }
            }

            if (asOf.FirstDay is DateOnly first && first > today)
            {
                findings.Add(new([key], $"「{definition.FullLabel}」の時点({asOf})が未来です。"));
            }
        }

        return findings;
    }
}
