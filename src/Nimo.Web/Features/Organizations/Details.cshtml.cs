using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations;

public sealed class DetailsModel(NimoDbContext db) : PageModel
{
    public Organization Organization { get; private set; } = null!;
    public bool CanEdit { get; private set; }
    public int UserCount { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        var scope = HttpContext.Scope();
        var organization = await db.Organizations.AsNoTracking().VisibleTo(scope).Include(o => o.Region).SingleOrDefaultAsync(o => o.Id == id);
        if (organization is null)
        {
            return NotFound();
        }

        Organization = organization;
        CanEdit = scope.CanEdit(organization);
        UserCount = scope.IsAdmin ? await db.Users.CountAsync(u => u.OrganizationId == id && !u.IsDisabled) : 0;
        return Page();
    }
}
