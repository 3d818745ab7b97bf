using System.Globalization;
using System.Text.RegularExpressions;

namespace Nimo.Features.Forums;

/// <summary>
/// Planned meeting frequency as people write it on the sheets (「年2回」「1回/年」「月1回」「未定」「10回(精神部会・分科会)」),
/// normalised to meetings per year; the original text is always kept beside the number.
/// </summary>
public static partial class Frequency
{
    /// <summary>Meetings per year, or null when the text gives none (未定, 随時, empty, unreadable).</summary>
    public static decimal? PerYear(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = text.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal)
            .Replace("ヶ", "か", StringComparison.Ordinal).Replace("ケ", "か", StringComparison.Ordinal).Replace("カ", "か", StringComparison.Ordinal);
        if (s.Contains("未定", StringComparison.Ordinal) || s.StartsWith("随時", StringComparison.Ordinal) || s.Contains("必要に応じ", StringComparison.Ordinal))
        {
            return null;
        }

        if (s.Contains("毎月", StringComparison.Ordinal))
        {
            return 12;
        }

        if (s.Contains("隔月", StringComparison.Ordinal))
        {
            return 6;
        }

        if (s.Contains("毎週", StringComparison.Ordinal))
        {
            return 52;
        }

        if (s.Contains("四半期", StringComparison.Ordinal))
        {
            return 4;
        }

        // 「2か月に1回」「3か月毎」
        var everyMonths = EveryMonths().Match(s);
        if (everyMonths.Success)
        {
            var months = Number(everyMonths.Groups["m"].Value);
            var times = everyMonths.Groups["n"].Success ? Number(everyMonths.Groups["n"].Value) : 1;
            return months > 0 ? Math.Round(12m / months * times, 2) : null;
        }

        // 「年2回」「年に2回」「月1回」「週1回」 and 「1回/年」「2回/月」「年間4回」
        var per = UnitFirst().Match(s);
        if (per.Success)
        {
            return Scale(per.Groups["unit"].Value) * Number(per.Groups["n"].Value);
        }

        per = CountFirst().Match(s);
        if (per.Success)
        {
            return Scale(per.Groups["unit"].Value) * Number(per.Groups["n"].Value);
        }

        // A bare count (「10回(精神部会・分科会)」) is read as per year: the sheet's column is 回/年.
        var bare = BareCount().Match(s);
        return bare.Success ? Number(bare.Groups["n"].Value) : null;
    }

    /// <summary>「年2回」 for a number, 「—」 when unknown.</summary>
    public static string Describe(decimal? perYear) => perYear is decimal n ? $"年{n.ToString("0.##", CultureInfo.InvariantCulture)}回" : "—";

    private static decimal Scale(string unit) => unit switch
    {
        "月" => 12,
        "週" => 52,
        _ => 1,
    };

    private static decimal Number(string digits) => decimal.Parse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<unit>年|月|週)(?:間|に|当たり|あたり)?(?<n>\d+(?:\.\d+)?)回")]
    private static partial Regex UnitFirst();

    [GeneratedRegex(@"(?<n>\d+(?:\.\d+)?)回(?:程度)?[/／](?<unit>年|月|週)")]
    private static partial Regex CountFirst();

    [GeneratedRegex(@"(?<m>\d+)か月(?:に|毎|ごと)(?:(?<n>\d+)回)?")]
    private static partial Regex EveryMonths();

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)回")]
    private static partial Regex BareCount();
}
