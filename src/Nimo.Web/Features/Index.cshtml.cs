using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features;

public sealed class IndexModel(NimoDbContext db) : PageModel
{
    public string RegionName { get; private set; } = "";
    public int RegionCount { get; private set; }
    public int MunicipalityCount { get; private set; }
    public int OrganizationCount { get; private set; }
    public int DepartmentCount { get; private set; }

    public async Task OnGetAsync()
    {
        var scope = HttpContext.Scope();
        RegionName = scope.IsAdmin ? "全地域" : scope.RegionName;
        var regions = db.Regions.Within(scope);
        RegionCount = await regions.CountAsync();
        MunicipalityCount = await regions.CountAsync(r => r.Kind == RegionKind.Municipality);
        OrganizationCount = await db.Organizations.VisibleTo(scope).CountAsync();
        DepartmentCount = await db.Departments.VisibleTo(scope).CountAsync();
    }
}
