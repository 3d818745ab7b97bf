using System.Globalization;

namespace Nimo.Features.Plans;

/// <summary>Which way is good for an indicator.</summary>
public enum Direction { MoreIsBetter, LessIsBetter, Exact }

public enum Verdict { Met, NotMet, Unknown }

/// <summary>
/// How far an actual reached its target: a percentage where one can be computed, a verdict, and in every case a
/// sentence saying how it was worked out or why it could not be.
/// </summary>
public sealed record Achievement(decimal? Percent, Verdict Verdict, string Explanation)
{
    public string PercentText => Percent is decimal p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <param name="target">目標値 as written.</param>
    /// <param name="actual">実績値 as written.</param>
    /// <param name="direction">Which way is good, for a plain numeric target.</param>
    /// <param name="population">For a 「全数」 target: how many there were (目黒: 16 措置入院者 identified).</param>
    public static Achievement Evaluate(IndicatorValue target, IndicatorValue actual, Direction direction = Direction.MoreIsBetter, decimal? population = null)
    {
        static decimal Round(decimal d) => Math.Round(d, 1, MidpointRounding.AwayFromZero);
        static string N(decimal d) => d.ToString("#,0.##", CultureInfo.InvariantCulture);

        if (target.Kind == ValueKind.Empty)
        {
            return new(null, Verdict.Unknown, "目標値が未入力です。");
        }

        if (target.Kind == ValueKind.Qualitative || actual.Kind == ValueKind.Qualitative)
        {
            return new(null, Verdict.Unknown, "定性的な目標・実績のため、達成率は計算しません(成果・効果の記述で評価します)。");
        }

        if (actual.Kind == ValueKind.Empty || actual.Number is null)
        {
            return new(null, Verdict.Unknown, "実績値が未入力です。");
        }

        var done = actual.Number.Value;
        if (target.Kind == ValueKind.All)
        {
            if (population is not decimal all)
            {
                return new(null, Verdict.Unknown, "目標が「全数」のため、対象の総数が必要です(総数が未入力です)。");
            }

            if (all == 0)
            {
                return new(null, Verdict.Unknown, "対象の総数が0のため計算できません。");
            }

            var share = Round(done / all * 100);
            var reached = done >= all;
            return new(share, reached ? Verdict.Met : Verdict.NotMet,
                $"目標「全数」に対し、{N(all)}のうち{N(done)}({share.ToString("0.0", CultureInfo.InvariantCulture)}%)。" + (reached ? "全数に達したため達成です。" : "全数に届かないため未達成です。"));
        }

        var goal = target.Number!.Value;
        var actualValue = done;
        var note = "";
        if (target.Basis != actual.Basis && target.Basis is PeriodBasis.PerMonth or PeriodBasis.PerYear && actual.Basis is PeriodBasis.PerMonth or PeriodBasis.PerYear or PeriodBasis.Unspecified)
        {
            // Compare per year: 延13件/月 is 156件/年.
            goal = target.PerYear!.Value;
            actualValue = actual.Basis == PeriodBasis.PerMonth ? actual.PerYear!.Value : done;
            note = $"(目標{target.Text}を年換算で{N(goal)}{target.Unit}/年として比較)";
        }

        if (goal == 0)
        {
            return new(null, actualValue == 0 ? Verdict.Met : Verdict.Unknown, "目標値が0のため達成率は計算できません。");
        }

        var percent = Round(actualValue / goal * 100);
        var met = target.Kind switch
        {
            ValueKind.AtLeast => actualValue >= goal,
            ValueKind.AtMost => actualValue <= goal,
            _ => direction switch
            {
                Direction.MoreIsBetter => actualValue >= goal,
                Direction.LessIsBetter => actualValue <= goal,
                Direction.Exact => actualValue == goal,
            },
        };
        var rule = target.Kind switch
        {
            ValueKind.AtLeast => $"{N(goal)}以上で達成",
            ValueKind.AtMost => $"{N(goal)}以下で達成",
            _ => direction switch
            {
                Direction.MoreIsBetter => $"{N(goal)}以上で達成",
                Direction.LessIsBetter => $"{N(goal)}以下で達成",
                Direction.Exact => $"{N(goal)}ちょうどで達成",
            },
        };
        return new(percent, met ? Verdict.Met : Verdict.NotMet,
            $"実績{N(actualValue)} ÷ 目標{N(goal)} = {percent.ToString("0.0", CultureInfo.InvariantCulture)}%。{rule}{note}。");
    }
}
