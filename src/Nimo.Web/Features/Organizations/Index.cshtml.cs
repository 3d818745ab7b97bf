using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations;

public sealed class IndexModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? RegionId { get; set; }

    [BindProperty(SupportsGet = true)]
    public OrganizationKind? Kind { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<Organization> Organizations { get; private set; } = [];
    public List<Region> RegionChoices { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync()
    {
        var scope = HttpContext.Scope();
        CanEdit = scope.CanEditMasterData;
        RegionChoices = await db.Regions.AsNoTracking().VisibleTo(scope).OrderBy(r => r.Path).ToListAsync();
        var query = await FilteredAsync(scope);
        Total = await query.CountAsync();
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Organizations = await query.Include(o => o.Region)
            .OrderBy(o => o.Region.Path).ThenBy(o => o.Kind).ThenBy(o => o.Kana).ThenBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize).AsNoTracking().ToListAsync();
    }

    public async Task<IActionResult> OnGetExportAsync(string? encoding)
    {
        var scope = HttpContext.Scope();
        var rows = await (await FilteredAsync(scope)).Include(o => o.Region).AsNoTracking()
            .OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync();
        var csvEncoding = CsvFile.ParseEncoding(encoding) == CsvEncoding.ShiftJis ? CsvEncoding.ShiftJis : CsvEncoding.Utf8;
        await audit.WriteAsync(AuditActions.Export, "Organization", detail: $"{rows.Count} rows, {csvEncoding}");
        return File(CsvFile.Write(OrganizationImport.Columns, rows.Select(OrganizationImport.ToRow), csvEncoding),
            "text/csv; charset=" + (csvEncoding == CsvEncoding.ShiftJis ? "shift_jis" : "utf-8"), "organizations.csv");
    }

    private async Task<IQueryable<Organization>> FilteredAsync(UserScope scope)
    {
        var query = db.Organizations.VisibleTo(scope);
        if (RegionId is int regionId)
        {
            // The chosen region and everything under it, but never beyond what VisibleTo allows.
            var path = await db.Regions.VisibleTo(scope).Where(r => r.Id == regionId).Select(r => r.Path).SingleOrDefaultAsync();
            query = path is null ? query.Where(_ => false) : query.Where(o => o.Region.Path.StartsWith(path));
        }

        if (Kind is OrganizationKind kind)
        {
            query = query.Where(o => o.Kind == kind);
        }

        var key = TextNormalizer.SearchKey(Q);
        if (key.Length > 0)
        {
            query = query.Where(o => o.SearchKey.Contains(key));
        }

        return query;
    }

    public string PageUrl(int page) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["q"] = Q,
            ["regionId"] = RegionId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["kind"] = Kind?.ToString(),
            ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
