using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Regions;

public sealed class IndexModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public List<Region> Regions { get; private set; } = [];
    public ILookup<int?, Region> ByParent { get; private set; } = Array.Empty<Region>().ToLookup(r => r.ParentId);
    public Dictionary<int, int> OrganizationCounts { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync()
    {
        var scope = HttpContext.Scope();
        CanEdit = scope.CanEditMasterData;
        var query = db.Regions.AsNoTracking().VisibleTo(scope);
        var key = TextNormalizer.SearchKey(Q);
        if (key.Length > 0)
        {
            query = query.Where(r => r.SearchKey.Contains(key));
        }

        Regions = await query.OrderBy(r => r.Depth).ThenBy(r => r.Code ?? "999999").ThenBy(r => r.Kana).ToListAsync();
        var shown = Regions.Select(r => r.Id).ToHashSet();
        // A region whose parent is not shown (outside scope, or filtered out by the search) is drawn as a root.
        ByParent = Regions.ToLookup(r => r.ParentId is int p && shown.Contains(p) ? r.ParentId : null);
        var ids = Regions.Select(r => r.Id).ToList();
        OrganizationCounts = await db.Organizations.AsNoTracking().VisibleTo(scope).Where(o => ids.Contains(o.RegionId))
            .GroupBy(o => o.RegionId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
    }

    /// <summary>The visible regions as CSV, in the import format.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? encoding)
    {
        var scope = HttpContext.Scope();
        var regions = await db.Regions.AsNoTracking().VisibleTo(scope).Include(r => r.Parent).OrderBy(r => r.Depth).ThenBy(r => r.Code).ThenBy(r => r.Name).ToListAsync();
        var csvEncoding = CsvFile.ParseEncoding(encoding) == CsvEncoding.ShiftJis ? CsvEncoding.ShiftJis : CsvEncoding.Utf8;
        var bytes = CsvFile.Write(RegionImport.Columns, regions.Select(RegionImport.ToRow), csvEncoding);
        await audit.WriteAsync(AuditActions.Export, "Region", detail: $"{regions.Count} rows, {csvEncoding}");
        return File(bytes, "text/csv; charset=" + (csvEncoding == CsvEncoding.ShiftJis ? "shift_jis" : "utf-8"), "regions.csv");
    }
}
