using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

/// <summary>Which regions have 基礎情報 for which years, with the way in to each, to the roll-ups and to files.</summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Entry> Entries { get; private set; } = [];
    public IReadOnlyList<Region> Prefectures { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool CanImport { get; private set; }

    public sealed record Entry(Region Region, int? LatestYear, int YearCount, int FigureCount, int FindingCount, bool HasReason);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        CanImport = scope.CanEditMasterData;
        var regions = db.Regions.AsNoTracking().StatisticsVisibleTo(scope).Where(r => r.Kind != RegionKind.DailyLifeArea);
        var key = TextNormalizer.SearchKey(Q);
        if (key.Length > 0)
        {
            regions = regions.Where(r => r.SearchKey.Contains(key) || r.Code == Q);
        }

        Prefectures = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).Where(r => r.Kind == RegionKind.Prefecture).OrderBy(r => r.Code).ToListAsync(ct);
        Years = await db.RegionProfiles.VisibleTo(scope).Select(p => p.FiscalYear).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        Total = await regions.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var page = await regions.OrderBy(r => r.Path).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = page.Select(r => r.Id).ToList();
        var counts = await db.RegionProfiles.Where(p => ids.Contains(p.RegionId))
            .GroupBy(p => p.RegionId).Select(g => new { g.Key, Years = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Years, ct);
        var latest = await db.LatestByRegionAsync(ids, null, ct);
        var today = JapanTime.Today(clock);
        Entries = [.. page.Select(r => latest.TryGetValue(r.Id, out var p)
            ? new Entry(r, p.FiscalYear, counts.GetValueOrDefault(r.Id), p.Figures.Count(f => f.Value is not null),
                ProfileCalculator.Compute(p, today).Findings.Count, p.InconsistencyReason is not null)
            : new Entry(r, null, 0, 0, 0, false))];
    }

    /// <summary>Every visible figure (optionally one 年度) as CSV UTF-8 with BOM, CSV Shift_JIS or .xlsx.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? format, int? year, CancellationToken ct)
    {
        var rows = await ProfileFile.RowsAsync(db, HttpContext.Scope(), year, ct);
        var name = year is int y ? $"kiso-joho-{y}" : "kiso-joho";
        await audit.WriteAsync(AuditActions.Export, "RegionProfile", detail: $"{rows.Count} rows, {format ?? "csv"}", ct: ct);
        return format switch
        {
            "xlsx" => File(ProfileFile.ToXlsx(rows), XlsxFile.ContentType, name + ".xlsx"),
            "sjis" => File(ProfileFile.ToCsv(rows, CsvEncoding.ShiftJis), "text/csv; charset=shift_jis", name + "-sjis.csv"),
            _ => File(ProfileFile.ToCsv(rows, CsvEncoding.Utf8), "text/csv; charset=utf-8", name + ".csv"),
        };
    }
}
