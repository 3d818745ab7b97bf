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

    /// <summary>「未登録のみ」: regions without 基礎情報 (for <see cref="Since"/> or later when given).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Missing { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Since { get; set; }

    [BindProperty(SupportsGet = true)]
    public RegionKind? Kind { get; set; }

    /// <summary>Only this region and the regions under it (the home page's 「管内」 lists link here).</summary>
    [BindProperty(SupportsGet = true)]
    public int? Under { get; set; }

    public Region? UnderRegion { get; private set; }

    /// <summary>The 年度 a region may have been registered from for 「未登録の範囲」: last year back four years.</summary>
    public IReadOnlyList<int> SinceChoices { get; private set; } = [];

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

        if (Under is int under)
        {
            UnderRegion = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).SingleOrDefaultAsync(r => r.Id == under, ct);
            var path = UnderRegion?.Path;
            regions = path is null ? regions.Where(_ => false) : regions.Where(r => r.Path.StartsWith(path));
        }

        if (Kind is RegionKind kind && kind != RegionKind.DailyLifeArea)
        {
            regions = regions.Where(r => r.Kind == kind);
        }

        var thisYear = FiscalYear.Of(JapanTime.Today(clock)).StartYear;
        SinceChoices = [.. Enumerable.Range(thisYear - 4, 4).Reverse()];
        if (Since is int s && !FiscalYear.IsSupported(s))
        {
            Since = null;
        }

        if (Missing)
        {
            regions = Since is int since
                ? regions.Where(r => !db.RegionProfiles.Any(p => p.RegionId == r.Id && p.FiscalYear >= since))
                : regions.Where(r => !db.RegionProfiles.Any(p => p.RegionId == r.Id));
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

    /// <summary>This list's URL with the same search and filters, on another page.</summary>
    public string PageLink(int page)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(Q))
        {
            query.Add("q=" + Uri.EscapeDataString(Q));
        }

        if (Kind is RegionKind kind)
        {
            query.Add("kind=" + kind);
        }

        if (Under is int under)
        {
            query.Add("under=" + under.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Missing)
        {
            query.Add("missing=true");
        }

        if (Missing && Since is int since)
        {
            query.Add("since=" + since.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/Profiles?" + string.Join("&", query);
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
