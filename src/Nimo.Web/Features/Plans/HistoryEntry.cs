using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Plans;

/// <summary>
/// One line of 「取組の経緯」 (§3 of the report sheet): when, as the region writes it (「平成30年9月」「令和2年」「R5年度」,
/// possibly 「～」 for "from then on"), and what happened.
/// </summary>
public sealed class HistoryEntry : IVersioned
{
    private HistoryEntry()
    {
    }

    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public WarekiPrecision WhenPrecision { get; private set; }
    public int WhenYear { get; private set; }
    public int WhenMonth { get; private set; }
    /// <summary>「～」: the event started then and continued.</summary>
    public bool Ongoing { get; private set; }
    public string Text { get; private set; } = "";
    public Guid Version { get; set; }

    public WarekiValue When => new(WhenPrecision, WhenYear, WhenMonth, 0);

    /// <summary>「平成30年9月」「令和2年～」「令和5年度」.</summary>
    public string WhenText => When.ToString() + (Ongoing ? "～" : "");

    /// <summary>A key that sorts entries in time, a 年度 from its April.</summary>
    public int SortKey => (WhenYear * 100) + (WhenPrecision == WarekiPrecision.Year ? 0 : WhenMonth);

    public static HistoryEntry Create(Region region, WarekiValue when, bool ongoing, string text)
    {
        var entry = new HistoryEntry { Region = region, RegionId = region.Id };
        entry.Update(when, ongoing, text);
        return entry;
    }

    public void Update(WarekiValue when, bool ongoing, string text)
    {
        if (!when.IsKnown)
        {
            throw new DomainRuleException("いつのことかを「平成30年9月」「令和2年」「R5年度」のように入力してください。");
        }

        text = text.Trim();
        if (text.Length is 0 or > 2000)
        {
            throw new DomainRuleException("内容は1〜2000文字で入力してください。");
        }

        // A day is more than the sheet keeps; the month is enough.
        WhenPrecision = when.Precision == WarekiPrecision.Date ? WarekiPrecision.YearMonth : when.Precision;
        WhenYear = when.Year;
        WhenMonth = when.Month;
        Ongoing = ongoing;
        Text = text;
    }

    /// <summary>Reads 「平成18年～」「令和6年10月」: the date, and whether it carries 「～」.</summary>
    public static bool TryParseWhen(string? text, out WarekiValue when, out bool ongoing)
    {
        var s = (text ?? "").Trim();
        ongoing = s.EndsWith('～') || s.EndsWith('〜') || s.EndsWith('~');
        if (ongoing)
        {
            s = s[..^1];
        }

        return JapaneseDate.TryParse(s, out when) && when.IsKnown;
    }
}
