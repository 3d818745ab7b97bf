using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// The standard report sheet generated from the data, as an A4 page and as .xlsx; with compare=true, last year's
/// sheet beside this year's with every difference marked.
/// </summary>
public sealed class SheetModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy, IEnumerable<ILiveCountSource> sources) : PageModel
{
    public SheetDocument Sheet { get; private set; } = null!;
    public Region Region { get; private set; } = null!;
    public IReadOnlyList<SheetDifference>? Differences { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int year, bool compare, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct))
        {
            return NotFound();
        }

        if (compare)
        {
            var previous = await ReportSheet.BuildAsync(db, sources, Region, year - 1, HttpContext.Scope(), clock.GetUtcNow(), privacy.Value.SuppressBelow, ct);
            Differences = SheetDiff.Compare(previous, Sheet);
        }

        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(int id, int year, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct))
        {
            return NotFound();
        }

        await audit.WriteAsync(AuditActions.Export, "ReportSheet", Region.Id, detail: $"{Region.Name} {new FiscalYear(year).ToWareki()} xlsx", ct: ct);
        return File(SheetXlsx.Write([Sheet]), XlsxFile.ContentType, FileName(Region, year) + ".xlsx");
    }

    public static string FileName(Region region, int year) =>
        $"houkoku-{region.Code ?? region.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{year}";

    private async Task<bool> LoadAsync(int id, int year, CancellationToken ct)
    {
        if (!FiscalYear.IsSupported(year))
        {
            return false;
        }

        var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(HttpContext.Scope()).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (region is null)
        {
            return false;
        }

        Region = region;
        Sheet = await ReportSheet.BuildAsync(db, sources, region, year, HttpContext.Scope(), clock.GetUtcNow(), privacy.Value.SuppressBelow, ct);
        return true;
    }
}
