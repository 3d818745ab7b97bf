using System.Globalization;
using System.Text.RegularExpressions;

namespace Nimo.Features.Plans;

/// <summary>How a value on the sheet is meant: a number, 「全数」, a floor (「8人以上」), a ceiling, or words.</summary>
public enum ValueKind { Number, All, AtLeast, AtMost, Qualitative, Empty }

/// <summary>Per month, per year, or cumulative: 「延13件/月」 and 「72件」 are compared per year.</summary>
public enum PeriodBasis { Unspecified, PerMonth, PerYear, Cumulative }

/// <summary>
/// An indicator's 現状値/目標値/実績値 as the sheets write them. The sheet allows 「指標設定が困難な場合は代替指標や定性的な文言でも可」,
/// so a value may be a number with a unit and a period, 「全数」, 「8人以上」, or plain words; the text is always kept.
/// </summary>
public sealed partial record IndicatorValue(ValueKind Kind, decimal? Number, string? Unit, PeriodBasis Basis, string Text)
{
    public static readonly IndicatorValue None = new(ValueKind.Empty, null, null, PeriodBasis.Unspecified, "");

    public static IndicatorValue Parse(string? text)
    {
        var original = (text ?? "").Trim();
        if (original.Length == 0 || original is "-" or "—" or "未定")
        {
            return None with { Text = original };
        }

        var s = original.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal)
            .Replace("ヶ", "か", StringComparison.Ordinal).Replace("カ所", "か所", StringComparison.Ordinal).Replace("箇所", "か所", StringComparison.Ordinal);
        if (s.StartsWith("全数", StringComparison.Ordinal) || s.EndsWith("全数", StringComparison.Ordinal))
        {
            return new(ValueKind.All, null, null, PeriodBasis.Unspecified, original);
        }

        // 「R6年度 延13件/月」「R5年度末 延72件/年」: the 年度 in front says when, not how many.
        s = PeriodPrefix().Replace(s, "");
        var m = NumberPattern().Match(s);
        if (!m.Success)
        {
            return new(ValueKind.Qualitative, null, null, PeriodBasis.Unspecified, original);
        }

        var number = decimal.Parse(m.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var basis = m.Groups["per"].Value switch
        {
            "月" => PeriodBasis.PerMonth,
            "年" or "年度" => PeriodBasis.PerYear,
            _ => m.Groups["cum"].Success ? PeriodBasis.Cumulative : PeriodBasis.Unspecified,
        };
        var kind = m.Groups["cmp"].Value switch
        {
            "以上" => ValueKind.AtLeast,
            "以下" or "未満" => ValueKind.AtMost,
            _ => ValueKind.Number,
        };
        var unit = m.Groups["unit"].Success && m.Groups["unit"].Value.Length > 0 ? m.Groups["unit"].Value : null;
        return new(kind, number, unit, basis, original);
    }

    /// <summary>The number expressed per year where the period allows (per month × 12); otherwise as written.</summary>
    public decimal? PerYear => Basis == PeriodBasis.PerMonth ? Number * 12 : Number;

    [GeneratedRegex(@"^(?:令和|平成|R|H)(?:\d{1,2}|元)年度?(?:末|当初|中)?(?:時点)?")]
    private static partial Regex PeriodPrefix();

    // A word before the number is allowed (「実施12件」「支援延べ30人」); words alone are qualitative.
    [GeneratedRegex(@"^(?:[^\d]*?)(?<cum>延べ?|累計)?(?<n>\d+(?:\.\d+)?)(?<unit>人|件|回|圏域|か所|市町村|病院|%|名|団体|機関)?(?:/(?<per>月|年度?))?(?<cmp>以上|以下|未満)?$")]
    private static partial Regex NumberPattern();
}
