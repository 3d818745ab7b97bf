using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nimo.Features.Directory;

public enum Frequency
{
    Weekly,
    Monthly,
}

/// <summary>A weekday in a rule: every such day (<see cref="Ordinal"/> 0), the n-th of the month (1–5) or the last (-1).</summary>
public readonly record struct WeekdayRule(int Ordinal, DayOfWeek Day);

/// <summary>
/// When a service is open, as an RFC 5545 recurrence rule (the subset HSDS 3.0 <c>schedule</c> carries: FREQ=WEEKLY|MONTHLY,
/// INTERVAL, BYDAY, BYMONTHDAY). Written by people in Japanese (「毎週火曜 13:30〜15:00」「第2土曜」「月に1回」), stored as
/// the rule, and shown back in Japanese. A monthly rule with no day (「月1回」) is kept as FREQ=MONTHLY: the day is not
/// published, so it never counts as 「今日やっている」.
/// </summary>
public sealed partial record Recurrence(Frequency Freq, int Interval, IReadOnlyList<WeekdayRule> ByDay, IReadOnlyList<int> ByMonthDay)
{
    private static readonly string[] Codes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    private static readonly string[] Kanji = ["日", "月", "火", "水", "木", "金", "土"];
    private static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] Week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>True when the rule names the days it falls on (so 「今日やっている」 can be answered).</summary>
    public bool HasDays => ByDay.Count > 0 || ByMonthDay.Count > 0;

    public string RuleByDay => string.Join(",", ByDay.OrderBy(d => Order(d.Day)).ThenBy(d => d.Ordinal).Select(d => (d.Ordinal == 0 ? "" : d.Ordinal.ToString(CultureInfo.InvariantCulture)) + Codes[(int)d.Day]));
    public string RuleByMonthDay => string.Join(",", ByMonthDay.Order().Select(d => d.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The canonical RRULE text: FREQ first, then INTERVAL (when not 1), BYDAY, BYMONTHDAY.</summary>
    public string ToRule()
    {
        var sb = new StringBuilder("FREQ=").Append(Freq == Frequency.Weekly ? "WEEKLY" : "MONTHLY");
        if (Interval != 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $";INTERVAL={Interval}");
        }

        if (ByDay.Count > 0)
        {
            sb.Append(";BYDAY=").Append(RuleByDay);
        }

        if (ByMonthDay.Count > 0)
        {
            sb.Append(";BYMONTHDAY=").Append(RuleByMonthDay);
        }

        return sb.ToString();
    }

    public override string ToString() => ToRule();

    /// <summary>Does the service meet on <paramref name="day"/>? <paramref name="anchor"/> (DTSTART) places an INTERVAL above 1.</summary>
    public bool OccursOn(DateOnly day, DateOnly? anchor = null)
    {
        if (anchor is DateOnly start && day < start)
        {
            return false;
        }

        if (Freq == Frequency.Weekly)
        {
            if (!ByDay.Any(d => d.Day == day.DayOfWeek))
            {
                return false;
            }

            if (Interval == 1)
            {
                return true;
            }

            // Weeks start on Monday (WKST=MO); without an anchor an every-other-week rule cannot be placed.
            return anchor is DateOnly a && (MondayOf(day).DayNumber - MondayOf(a).DayNumber) / 7 % Interval == 0;
        }

        if (Interval != 1 && (anchor is not DateOnly first || ((day.Year - first.Year) * 12 + day.Month - first.Month) % Interval != 0))
        {
            return false;
        }

        var daysInMonth = DateTime.DaysInMonth(day.Year, day.Month);
        if (ByMonthDay.Any(d => d == day.Day || (d < 0 && daysInMonth + d + 1 == day.Day)))
        {
            return true;
        }

        foreach (var rule in ByDay)
        {
            if (rule.Day != day.DayOfWeek)
            {
                continue;
            }

            var nth = (day.Day - 1) / 7 + 1;
            if (rule.Ordinal == 0 || rule.Ordinal == nth || (rule.Ordinal == -1 && day.Day + 7 > daysInMonth))
            {
                return true;
            }
        }

        return false;
    }

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static int Order(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>「毎週火・木曜」「毎月第2土曜」「毎月15日」「月1回」…: the rule as a person writes it.</summary>
    public string ToJapanese()
    {
        if (Freq == Frequency.Weekly)
        {
            var days = ByDay.Select(d => d.Day).Distinct().OrderBy(Order).ToList();
            var prefix = Interval == 1 ? "毎週" : Interval == 2 ? "隔週" : $"{Interval}週ごとの";
            if (Interval == 1 && days.Count == 7)
            {
                return "毎日";
            }

            if (Interval == 1 && days.SequenceEqual(Weekdays))
            {
                return "平日(月〜金)";
            }

            return prefix + string.Join("・", days.Select(d => Kanji[(int)d])) + "曜";
        }

        var every = Interval == 1 ? "毎月" : $"{Interval}か月ごとの";
        if (ByDay.Count > 0)
        {
            var parts = ByDay.GroupBy(d => d.Day).OrderBy(g => Order(g.Key)).Select(g =>
                string.Join("・", g.OrderBy(d => d.Ordinal == -1 ? 9 : d.Ordinal).Select(d => d.Ordinal switch { 0 => "毎週", -1 => "最終", var n => $"第{n}" })) + Kanji[(int)g.Key] + "曜");
            var text = every + string.Join("、", parts);
            return ByMonthDay.Count > 0 ? text + "、" + string.Join("・", ByMonthDay.Order().Select(DayName)) : text;
        }

        if (ByMonthDay.Count > 0)
        {
            return every + string.Join("・", ByMonthDay.Order().Select(DayName));
        }

        return Interval == 1 ? "月1回" : $"{Interval}か月に1回";
    }

    private static string DayName(int d) => d == -1 ? "末日" : $"{d}日";

    public static Recurrence Weekly(params DayOfWeek[] days) => new(Frequency.Weekly, 1, [.. days.Select(d => new WeekdayRule(0, d))], []);

    /// <summary>Reads a stored or imported RRULE (HSDS parts joined as in RFC 5545); anything outside the subset is refused with a reason.</summary>
    public static bool TryParseRule(string? text, out Recurrence rule, out string error)
    {
        rule = Weekly();
        error = "";
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in (text ?? "").Trim().TrimStart("RRULE:".ToCharArray()).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !parts.TryAdd(kv[0], kv[1].Trim()))
            {
                error = $"繰り返しの規則「{text}」を読めません。";
                return false;
            }
        }

        return TryBuild(parts.GetValueOrDefault("FREQ"), parts.GetValueOrDefault("INTERVAL"), parts.GetValueOrDefault("BYDAY"), parts.GetValueOrDefault("BYMONTHDAY"),
            parts.Keys.Where(k => k.ToUpperInvariant() is not ("FREQ" or "INTERVAL" or "BYDAY" or "BYMONTHDAY" or "WKST")).ToList(), out rule, out error);
    }

    /// <summary>Builds a rule from HSDS's separate schedule columns (freq, interval, byday, bymonthday).</summary>
    public static bool TryBuild(string? freq, string? interval, string? byDay, string? byMonthDay, IReadOnlyList<string> unsupported, out Recurrence rule, out string error)
    {
        rule = Weekly();
        error = "";
        if (unsupported.Count > 0)
        {
            error = $"繰り返しの規則の「{string.Join("、", unsupported)}」には対応していません(FREQ、INTERVAL、BYDAY、BYMONTHDAY が使えます)。";
            return false;
        }

        var f = (freq ?? "").Trim().ToUpperInvariant() switch
        {
            "WEEKLY" => Frequency.Weekly,
            "MONTHLY" => Frequency.Monthly,
            _ => (Frequency?)null,
        };
        if (f is null)
        {
            error = $"繰り返しの頻度「{freq}」は WEEKLY(毎週)か MONTHLY(毎月)にしてください。";
            return false;
        }

        var n = 1;
        if (!string.IsNullOrWhiteSpace(interval) && (!int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n is < 1 or > 12))
        {
            error = $"繰り返しの間隔「{interval}」は1〜12の整数にしてください。";
            return false;
        }

        var days = new List<WeekdayRule>();
        foreach (var item in (byDay ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = ByDayPattern().Match(item.ToUpperInvariant());
            var code = match.Success ? Array.IndexOf(Codes, match.Groups["d"].Value) : -1;
            var ordinal = match.Success && match.Groups["n"].Success ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
            if (code < 0 || ordinal is < -1 or > 5 || (ordinal != 0 && f == Frequency.Weekly))
            {
                error = $"曜日の指定「{item}」を読めません(例: TU、2SA、-1FR。第n曜日は毎月の規則にだけ書けます)。";
                return false;
            }

            var rule1 = new WeekdayRule(ordinal, (DayOfWeek)code);
            if (!days.Contains(rule1))
            {
                days.Add(rule1);
            }
        }

        var monthDays = new List<int>();
        foreach (var item in (byMonthDay ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) || d is 0 or < -1 or > 31 || f == Frequency.Weekly)
            {
                error = $"日の指定「{item}」を読めません(毎月の規則で1〜31、または -1 = 末日)。";
                return false;
            }

            if (!monthDays.Contains(d))
            {
                monthDays.Add(d);
            }
        }

        if (f == Frequency.Weekly && days.Count == 0)
        {
            error = "毎週の規則には曜日(BYDAY)が必要です。";
            return false;
        }

        rule = new Recurrence(f.Value, n, days, monthDays);
        return true;
    }

    [GeneratedRegex(@"^(?<n>[+-]?[1-5])?(?<d>SU|MO|TU|WE|TH|FR|SA)$")]
    private static partial Regex ByDayPattern();

    /// <summary>
    /// Reads a line as people write it: 「毎週火曜 13:30〜15:00」「火・木曜日 10時〜12時」「平日 8:30-17:15」「毎日」「第2土曜」
    /// 「第1・第3水曜」「最終金曜」「毎月15日」「月1回」「月に1回」, with full-width or half-width digits. What it cannot read
    /// (「月2回」 with no days, 「隔週」 with no start) is refused with a sentence saying how to write it.
    /// </summary>
    public static bool TryParseJapanese(string? text, out Recurrence rule, out TimeOnly? opens, out TimeOnly? closes, out string error)
    {
        rule = Weekly();
        opens = closes = null;
        error = "";
        var s = (text ?? "").Normalize(NormalizationForm.FormKC).Trim();
        s = WhitespaceRun().Replace(s, " ");
        if (s.Length == 0)
        {
            error = "日時を入力してください(例: 毎週火曜 13:30〜15:00、第2土曜、月1回)。";
            return false;
        }

        var time = TimeRange().Match(s);
        if (time.Success)
        {
            if (!TryTime(time.Groups["h1"].Value, time.Groups["m1"].Value, out var o) || !TryTime(time.Groups["h2"].Value, time.Groups["m2"].Value, out var c) || c <= o)
            {
                error = $"時間「{time.Value.Trim()}」を読めません。開始と終了を「13:30〜15:00」のように書いてください(終了は開始より後)。";
                return false;
            }

            opens = o;
            closes = c;
            s = (s[..time.Index] + " " + s[(time.Index + time.Length)..]).Trim();
        }
        else if (SingleTime().IsMatch(s))
        {
            error = "時間は開始と終了を「13:30〜15:00」のように書いてください。";
            return false;
        }

        var day = s.Replace(" ", "", StringComparison.Ordinal).Replace("曜日", "曜", StringComparison.Ordinal).Replace("毎月の", "毎月", StringComparison.Ordinal)
            .TrimEnd('に', 'の', '、', ',');
        if (day.Length == 0)
        {
            error = "曜日や日にちを書いてください(例: 毎週火曜、第2土曜、毎月15日、月1回)。";
            return false;
        }

        if (day is "毎日" or "年中無休")
        {
            rule = Weekly(Week);
            return true;
        }

        if (day is "平日" or "平日(月〜金)")
        {
            rule = Weekly(Weekdays);
            return true;
        }

        if (WeekRange().Match(day) is { Success: true } range)
        {
            var from = Order((DayOfWeek)Array.IndexOf(Kanji, range.Groups["a"].Value));
            var to = Order((DayOfWeek)Array.IndexOf(Kanji, range.Groups["b"].Value));
            if (to <= from)
            {
                error = $"「{range.Value}」の曜日の範囲は、月曜から日曜の順に書いてください(例: 月〜金)。";
                return false;
            }

            rule = Weekly([.. Week.Skip(from).Take(to - from + 1)]);
            return true;
        }

        if (MonthlyOnce().IsMatch(day))
        {
            rule = new Recurrence(Frequency.Monthly, 1, [], []);
            return true;
        }

        if (MonthlyCount().Match(day) is { Success: true } count)
        {
            error = $"「{count.Value}」は曜日や日にちが分からないため登録できません。「第1・第3火曜」「毎月5日・20日」のように書いてください。";
            return false;
        }

        if (day.StartsWith("隔週", StringComparison.Ordinal))
        {
            error = "隔週の予定は始まる週が決まらないため、「第1・第3火曜」のように書いてください。";
            return false;
        }

        if (MonthDays().Match(day) is { Success: true } md)
        {
            var list = md.Groups["d"].Captures.Select(c => c.Value == "末" ? -1 : int.Parse(c.Value, CultureInfo.InvariantCulture)).ToList();
            if (list.Any(d => d is 0 or > 31))
            {
                error = "日にちは1〜31日か「末日」で書いてください。";
                return false;
            }

            rule = new Recurrence(Frequency.Monthly, 1, [], [.. list.Distinct()]);
            return true;
        }

        if (NthWeekdays().Match(day) is { Success: true } nth)
        {
            var ordinals = nth.Groups["n"].Captures.Select(c => c.Value == "最終" ? -1 : int.Parse(c.Value, CultureInfo.InvariantCulture)).ToList();
            var days = nth.Groups["w"].Captures.Select(c => (DayOfWeek)Array.IndexOf(Kanji, c.Value)).ToList();
            if (ordinals.Any(o => o is 0 or > 5))
            {
                error = "「第n」は第1〜第5か「最終」で書いてください。";
                return false;
            }

            rule = new Recurrence(Frequency.Monthly, 1, [.. days.SelectMany(d => ordinals.Select(o => new WeekdayRule(o, d))).Distinct()], []);
            return true;
        }

        if (WeeklyDays().Match(day) is { Success: true } weekly)
        {
            var days = weekly.Groups["w"].Captures.Select(c => (DayOfWeek)Array.IndexOf(Kanji, c.Value)).Distinct().ToArray();
            rule = Weekly(days);
            return true;
        }

        error = $"「{s}」を日時として読めません。「毎週火曜 13:30〜15:00」「第2土曜」「毎月15日」「月1回」のように書いてください。";
        return false;
    }

    private static bool TryTime(string h, string m, out TimeOnly time)
    {
        time = default;
        var hour = int.Parse(h, CultureInfo.InvariantCulture);
        var minute = m.Length == 0 ? 0 : int.Parse(m, CultureInfo.InvariantCulture);
        if (hour is < 0 or > 24 || minute is < 0 or > 59 || (hour == 24 && minute > 0))
        {
            return false;
        }

        time = hour == 24 ? new TimeOnly(23, 59) : new TimeOnly(hour, minute);
        return true;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"(?<h1>[0-9]{1,2})(?:[:：時](?<m1>[0-9]{2})?分?)\s*(?:[-~〜～ー―–—]|から)\s*(?<h2>[0-9]{1,2})(?:[:：時](?<m2>[0-9]{2})?分?)(?:まで)?")]
    private static partial Regex TimeRange();

    [GeneratedRegex(@"[0-9]{1,2}[:：時]")]
    private static partial Regex SingleTime();

    [GeneratedRegex(@"^(?:毎週)?(?<a>[月火水木金土日])曜?[〜~\-ー―–—](?<b>[月火水木金土日])曜?$")]
    private static partial Regex WeekRange();

    [GeneratedRegex(@"^(?:毎月|月に?)(?:1|一)回(?:程度)?$")]
    private static partial Regex MonthlyOnce();

    [GeneratedRegex(@"(?:毎月|月に?)(?:[2-9]|[二三四])回")]
    private static partial Regex MonthlyCount();

    [GeneratedRegex(@"^毎月(?:(?<d>[0-9]{1,2}|末)日[・、,と]?)+$")]
    private static partial Regex MonthDays();

    [GeneratedRegex(@"^(?:毎月)?(?:(?:第(?<n>[1-5])|(?<n>最終))[・、,と]?)+(?:(?<w>[月火水木金土日])曜?[・、,と]?)+$")]
    private static partial Regex NthWeekdays();

    [GeneratedRegex(@"^(?:毎週)?(?:(?<w>[月火水木金土日])曜?[・、,と]?)+$")]
    private static partial Regex WeeklyDays();
}
