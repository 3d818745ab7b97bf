using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Clients;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// Plans of one 年度 across the user's area: which regions have a plan, which are evaluated, which are missing; and
/// for a prefecture or area, every sheet of its municipalities and areas in one workbook.
/// </summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy) : PageModel
{
    public sealed record Line(Region Region, Plan? Plan, int Indicators, int Challenges);

    public int Year { get; private set; }
    public Region? Root { get; private set; }
    public IReadOnlyList<Region> RootChoices { get; private set; } = [];
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? year, int? regionId, CancellationToken ct) => await LoadAsync(year, regionId, ct) ? Page() : NotFound();

    /// <summary>Every plan's sheet under the chosen region, one worksheet each.</summary>
    public async Task<IActionResult> OnGetBundleAsync(int? year, int? regionId, CancellationToken ct)
    {
        if (!await LoadAsync(year, regionId, ct) || Root is null)
        {
            return NotFound();
        }

        var today = JapanTime.Today(clock);
        var documents = new List<SheetDocument>();
        foreach (var line in Lines.Where(l => l.Plan is not null))
        {
            documents.Add(await ReportSheet.BuildAsync(db, line.Region, Year, HttpContext.Scope(), today, privacy.Value.SuppressBelow, ct));
        }

        if (documents.Count == 0)
        {
            TempData["Message"] = $"{new FiscalYear(Year).ToWareki()}の計画が登録された地域がありません。";
            return Redirect($"/Plans?year={Year}&regionId={Root.Id}");
        }

        await audit.WriteAsync(AuditActions.Export, "ReportSheet", Root.Id, detail: $"{Root.Name} 管内 {documents.Count}地域 {new FiscalYear(Year).ToWareki()} xlsx", ct: ct);
        return File(SheetXlsx.Write(documents), XlsxFile.ContentType, $"{SheetModel.FileName(Root, Year)}-kannai.xlsx");
    }

    private async Task<bool> LoadAsync(int? year, int? regionId, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Year = year ?? FiscalYear.Of(JapanTime.Today(clock)).StartYear;
        if (!FiscalYear.IsSupported(Year))
        {
            return false;
        }

        var visible = db.Regions.AsNoTracking().StatisticsVisibleTo(scope);
        RootChoices = await visible.Where(r => r.Kind == RegionKind.Prefecture || r.Kind == RegionKind.HealthArea || r.Id == scope.RegionId)
            .OrderBy(r => r.Path).ToListAsync(ct);
        Root = regionId is int id ? await visible.SingleOrDefaultAsync(r => r.Id == id, ct) : RootChoices.FirstOrDefault(r => r.Id == scope.RegionId) ?? (RootChoices.Count > 0 ? RootChoices[0] : null);
        if (regionId is not null && Root is null)
        {
            return false;
        }

        if (Root is null)
        {
            return true;
        }

        var path = Root.Path;
        var regions = await visible.Where(r => r.Path.StartsWith(path) && r.Kind != RegionKind.DailyLifeArea).OrderBy(r => r.Path).ToListAsync(ct);
        var ids = regions.Select(r => r.Id).ToList();
        var plans = await db.Plans.AsNoTracking().VisibleTo(scope).Where(p => ids.Contains(p.RegionId) && p.FiscalYear == Year)
            .Select(p => new { Plan = p, Indicators = p.Indicators.Count, Challenges = p.Challenges.Count }).ToListAsync(ct);
        Lines = [.. regions.Select(r => plans.Find(p => p.Plan.RegionId == r.Id) is { } p ? new Line(r, p.Plan, p.Indicators, p.Challenges) : new Line(r, null, 0, 0))];
        return true;
    }
}
