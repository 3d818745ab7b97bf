using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Peer;

/// <summary>One paid activity on a statement: amounts as fixed when it was reported.</summary>
public sealed record StatementLine(int DispatchId, int SupporterId, string Supporter, string? PayeeCode, DateOnly Date, string Activity, string Place, int Minutes,
    int HourlyYen, string Rounding, int HonorariumYen, int TravelYen, string HonorariumBudget, string TravelBudget)
{
    public int TotalYen => HonorariumYen + TravelYen;
}

/// <summary>A month of a registry's payments: per supporter, per budget line (予算科目), and the rule the amounts were worked out by.</summary>
public sealed record MonthStatement(int ProgrammeId, string Programme, int Year, int Month, IReadOnlyList<StatementLine> Lines, PeerRate? Rate)
{
    public string Title => $"{JapaneseDate.FormatYearMonth(new DateOnly(Year, Month, 1))}分";
    public int TotalYen => Lines.Sum(l => l.TotalYen);

    public IEnumerable<(string Budget, int Yen)> ByBudget =>
        Lines.Select(l => (l.HonorariumBudget, l.HonorariumYen)).Concat(Lines.Select(l => (l.TravelBudget, l.TravelYen)))
            .GroupBy(x => x.Item1).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(x => x.Item2)));

    public IEnumerable<IGrouping<int, StatementLine>> BySupporter => Lines.GroupBy(l => l.SupporterId);

    public string RuleText => Rate?.RuleText ?? "この月の単価表はありません。";

    public static readonly IReadOnlyList<string> Header =
        ["支援者", "債権者番号", "活動日", "活動", "場所", "活動時間(分)", "時間単価(円)", "端数処理", "謝金(円)", "交通費(円)", "合計(円)", "謝金の予算科目", "旅費の予算科目"];

    public IEnumerable<IReadOnlyList<string?>> CsvRows() => Lines.Select(l => (IReadOnlyList<string?>)[l.Supporter, l.PayeeCode, l.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        l.Activity, l.Place, N(l.Minutes), N(l.HourlyYen), l.Rounding, N(l.HonorariumYen), N(l.TravelYen), N(l.TotalYen), l.HonorariumBudget, l.TravelBudget]);

    private static string N(int v) => v.ToString(CultureInfo.InvariantCulture);

    public byte[] Xlsx()
    {
        static XlsxFile.Cell M(int v) => new(null, v);
        var rows = Lines.Select(l => (IReadOnlyList<XlsxFile.Cell>)[l.Supporter, l.PayeeCode, JapaneseDate.Format(l.Date), l.Activity, l.Place, M(l.Minutes), M(l.HourlyYen), l.Rounding,
            M(l.HonorariumYen), M(l.TravelYen), M(l.TotalYen), l.HonorariumBudget, l.TravelBudget]).ToList();
        rows.Add(["合計", "", "", "", "", M(Lines.Sum(l => l.Minutes)), "", "", M(Lines.Sum(l => l.HonorariumYen)), M(Lines.Sum(l => l.TravelYen)), M(TotalYen), "", ""]);
        foreach (var (budget, yen) in ByBudget)
        {
            rows.Add([$"予算科目別: {budget}", "", "", "", "", "", "", "", "", "", M(yen), "", ""]);
        }

        rows.Add([$"計算方法: {RuleText}", "", "", "", "", "", "", "", "", "", "", "", ""]);
        return XlsxFile.Write($"{Year}年{Month}月", Header, rows);
    }

    public byte[] Csv(CsvEncoding encoding) => CsvFile.Write(Header, CsvRows(), encoding);

    /// <summary>Paid activities of the month (Japan time), of one registry, optionally of one supporter.</summary>
    public static async Task<MonthStatement> LoadAsync(NimoDbContext db, PeerProgramme programme, int year, int month, int? supporterId, CancellationToken ct)
    {
        var from = new DateTimeOffset(new DateTime(year, month, 1), JapanTime.Offset);
        var to = from.AddMonths(1);
        var rows = await db.PeerDispatches.AsNoTracking()
            .Where(d => d.Request.ProgrammeId == programme.Id && d.State == DispatchState.Accepted && d.HonorariumYen != null && d.StartsAt >= from && d.StartsAt < to
                && (supporterId == null || d.SupporterId == supporterId))
            .OrderBy(d => d.Supporter.Kana).ThenBy(d => d.StartsAt).ThenBy(d => d.Id)
            .Select(d => new { d.Id, d.SupporterId, d.Supporter.Name, d.Supporter.PayeeCode, d.StartsAt, d.Request.Activity, d.Request.Place, d.Minutes, d.HourlyYen, d.Rounding,
                d.HonorariumYen, d.TravelYen, d.HonorariumBudget, d.TravelBudget })
            .ToListAsync(ct);
        var fy = FiscalYear.Of(DateOnly.FromDateTime(from.DateTime)).StartYear;
        var rate = await db.PeerRates.AsNoTracking().SingleOrDefaultAsync(r => r.ProgrammeId == programme.Id && r.FiscalYear == fy, ct);
        return new MonthStatement(programme.Id, programme.Name, year, month,
            [.. rows.Select(r => new StatementLine(r.Id, r.SupporterId, r.Name, r.PayeeCode, DateOnly.FromDateTime(JapanTime.ToJst(r.StartsAt).DateTime), PeerLabels.Activities[r.Activity],
                r.Place, r.Minutes ?? 0, r.HourlyYen ?? 0, r.Rounding is RoundingRule k ? PeerLabels.Roundings[k] : "", r.HonorariumYen ?? 0, r.TravelYen ?? 0,
                r.HonorariumBudget ?? "", r.TravelBudget ?? ""))],
            rate);
    }
}
