using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations.Departments;

public sealed class IndexModel(NimoDbContext db) : PageModel
{
    public List<Department> Departments { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync()
    {
        var scope = HttpContext.Scope();
        CanEdit = scope.CanEditMasterData;
        Departments = await db.Departments.AsNoTracking().VisibleTo(scope).Include(d => d.Region)
            .OrderBy(d => d.Region.Path).ThenBy(d => d.Role).ThenBy(d => d.SortOrder).ToListAsync();
    }
}
