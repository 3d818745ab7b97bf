using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nimo.Platform.Japanese;

public enum WarekiPrecision { Unknown, Year, FiscalYear, YearMonth, Date }

/// <summary>
/// A date as people write it on the sheets: possibly only a year, a 年度 or a year-month,
/// possibly unknown (「R●年●月」 is an unfilled template, not a date).
/// </summary>
public readonly record struct WarekiValue(WarekiPrecision Precision, int Year, int Month, int Day)
{
    public static readonly WarekiValue Unknown = new(WarekiPrecision.Unknown, 0, 0, 0);
    public bool IsKnown => Precision != WarekiPrecision.Unknown;

    /// <summary>The first day the value can mean; for a 年度 that is April 1st.</summary>
    public DateOnly? FirstDay => Precision switch
    {
        WarekiPrecision.Unknown => null,
        WarekiPrecision.Year => new DateOnly(Year, 1, 1),
        WarekiPrecision.FiscalYear => new DateOnly(Year, 4, 1),
        WarekiPrecision.YearMonth => new DateOnly(Year, Month, 1),
        WarekiPrecision.Date => new DateOnly(Year, Month, Day),
    };

    public override string ToString() => Precision switch
    {
        WarekiPrecision.Unknown => "不明",
        WarekiPrecision.Year => JapaneseDate.FormatYear(Year),
        WarekiPrecision.FiscalYear => new FiscalYear(Year).ToWareki(),
        WarekiPrecision.YearMonth => JapaneseDate.FormatYearMonth(new DateOnly(Year, Month, 1)),
        WarekiPrecision.Date => JapaneseDate.Format(new DateOnly(Year, Month, Day)),
    };
}

/// <summary>和暦 formatting and parsing in one place, so every page writes dates the same way.</summary>
public static partial class JapaneseDate
{
    internal static string YearNumber(int n) => n == 1 ? "元" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>「令和6年10月1日」.</summary>
    public static string Format(DateOnly date)
    {
        var era = JapaneseEra.Of(date);
        return string.Create(CultureInfo.InvariantCulture, $"{era.Name}{YearNumber(date.Year - era.Offset)}年{date.Month}月{date.Day}日");
    }

    /// <summary>「令和6年10月1日 14:05」 in Japan time.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var jst = JapanTime.ToJst(instant);
        return string.Create(CultureInfo.InvariantCulture, $"{Format(DateOnly.FromDateTime(jst.DateTime))} {jst:HH:mm}");
    }

    /// <summary>「令和6年10月」.</summary>
    public static string FormatYearMonth(DateOnly date)
    {
        var era = JapaneseEra.Of(new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month)));
        return string.Create(CultureInfo.InvariantCulture, $"{era.Name}{YearNumber(date.Year - era.Offset)}年{date.Month}月");
    }

    /// <summary>「令和6年」 for a western year (the era in force at its end).</summary>
    public static string FormatYear(int year)
    {
        var era = JapaneseEra.OfYear(year);
        return $"{era.Name}{YearNumber(year - era.Offset)}年";
    }

    /// <summary>「R6.10.1」, for dense tables.</summary>
    public static string FormatShort(DateOnly date)
    {
        var era = JapaneseEra.Of(date);
        return string.Create(CultureInfo.InvariantCulture, $"{era.Letter}{date.Year - era.Offset}.{date.Month}.{date.Day}");
    }

    [GeneratedRegex(@"^(?<era>令和|平成|昭和|大正|明治|[RHSTMrhstm])(?<y>元|\d{1,2})年?(?:(?<fy>度)|(?<m>\d{1,2})月?(?:(?<d>\d{1,2})日?)?)?$")]
    private static partial Regex WarekiPattern();

    [GeneratedRegex(@"^(?<y>\d{4})(?:(?<fy>年度)|[年/\-.](?<m>\d{1,2})(?:[月/\-.](?<d>\d{1,2})日?)?月?|年)?$")]
    private static partial Regex WesternPattern();

    /// <summary>
    /// Reads 「令和6年10月」「R5年度」「H27」「平成30年9月」「令和元年」「2024年4月」「2024-04-01」 and full-width forms.
    /// Placeholders such as 「R●年●月」 or an empty cell are <see cref="WarekiValue.Unknown"/>; anything else that
    /// cannot be read returns false so the caller can say which cell is wrong.
    /// </summary>
    public static bool TryParse(string? text, out WarekiValue value)
    {
        value = WarekiValue.Unknown;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var s = Compact(text);
        if (s.Contains('●') || s.Contains('○') || s.Contains('〇') || s == "不明" || s == "未定" || s == "-" || s == "—")
        {
            return true;
        }

        var w = WarekiPattern().Match(s);
        if (w.Success)
        {
            var era = JapaneseEra.Find(w.Groups["era"].Value)!;
            var n = w.Groups["y"].Value == "元" ? 1 : int.Parse(w.Groups["y"].Value, CultureInfo.InvariantCulture);
            if (n < 1)
            {
                return false;
            }

            return Build(era.Offset + n, w.Groups["fy"].Success, w.Groups["m"], w.Groups["d"], era, out value);
        }

        var g = WesternPattern().Match(s);
        if (g.Success)
        {
            var year = int.Parse(g.Groups["y"].Value, CultureInfo.InvariantCulture);
            return Build(year, g.Groups["fy"].Success, g.Groups["m"], g.Groups["d"], null, out value);
        }

        return false;
    }

    private static bool Build(int year, bool fiscal, Group month, Group day, JapaneseEra? era, out WarekiValue value)
    {
        value = WarekiValue.Unknown;
        if (year is < 1868 or > 2200)
        {
            return false;
        }

        if (fiscal)
        {
            value = new WarekiValue(WarekiPrecision.FiscalYear, year, 4, 1);
            return era is null || Overlaps(era, new DateOnly(year, 4, 1), new DateOnly(year + 1, 3, 31));
        }

        if (!month.Success)
        {
            value = new WarekiValue(WarekiPrecision.Year, year, 1, 1);
            return era is null || Overlaps(era, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        }

        var m = int.Parse(month.Value, CultureInfo.InvariantCulture);
        if (m is < 1 or > 12)
        {
            return false;
        }

        if (!day.Success)
        {
            value = new WarekiValue(WarekiPrecision.YearMonth, year, m, 1);
            return era is null || Overlaps(era, new DateOnly(year, m, 1), new DateOnly(year, m, DateTime.DaysInMonth(year, m)));
        }

        var d = int.Parse(day.Value, CultureInfo.InvariantCulture);
        if (d < 1 || d > DateTime.DaysInMonth(year, m))
        {
            return false;
        }

        value = new WarekiValue(WarekiPrecision.Date, year, m, d);
        return era is null || Overlaps(era, new DateOnly(year, m, d), new DateOnly(year, m, d));
    }

    // 「平成31年5月1日」 does not exist (令和 began that day); 「平成31年4月」 and 「令和元年5月」 do.
    private static bool Overlaps(JapaneseEra era, DateOnly first, DateOnly last)
    {
        var newer = JapaneseEra.All.TakeWhile(e => e != era).LastOrDefault();
        return last >= era.Start && (newer is null || first < newer.Start);
    }

    private static string Compact(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
