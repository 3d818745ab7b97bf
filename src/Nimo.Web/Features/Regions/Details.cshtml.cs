using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Regions;

public sealed class DetailsModel(NimoDbContext db) : PageModel
{
    public Region Region { get; private set; } = null!;
    public List<Region> Ancestors { get; private set; } = [];
    public List<Region> Children { get; private set; } = [];
    public List<Organization> Organizations { get; private set; } = [];
    public List<Department> Departments { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var scope = HttpContext.Scope();
        // Not visible and not existing look the same from outside: 404 either way.
        var region = await db.Regions.AsNoTracking().VisibleTo(scope).SingleOrDefaultAsync(r => r.Id == id);
        if (region is null)
        {
            return NotFound();
        }

        Region = region;
        CanEdit = scope.CanEdit(region);
        var ancestorPaths = UserScope.AncestorsOf(region.Path);
        Ancestors = await db.Regions.AsNoTracking().Where(r => ancestorPaths.Contains(r.Path)).OrderBy(r => r.Depth).ToListAsync();
        Children = await db.Regions.AsNoTracking().VisibleTo(scope).Where(r => r.ParentId == id).OrderBy(r => r.Code ?? "999999").ThenBy(r => r.Kana).ToListAsync();
        Organizations = await db.Organizations.AsNoTracking().VisibleTo(scope).Where(o => o.RegionId == id).OrderBy(o => o.Kind).ThenBy(o => o.Kana).ThenBy(o => o.Name).ToListAsync();
        Departments = await db.Departments.AsNoTracking().VisibleTo(scope).Where(d => d.RegionId == id).OrderBy(d => d.Role).ThenBy(d => d.SortOrder).ToListAsync();
        return Page();
    }
}
