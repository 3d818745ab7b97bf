using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles.Targets;

/// <summary>The national targets every comparison uses; administrators keep them current.</summary>
public sealed class IndexModel(NimoDbContext db) : PageModel
{
    public IReadOnlyList<NationalTarget> Targets { get; private set; } = [];
    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanEdit = HttpContext.Scope().IsAdmin;
        // Figures in the sheet's order, not alphabetical: 3か月 before 1年.
        Targets = [.. (await db.NationalTargets.AsNoTracking().ToListAsync(ct)).OrderBy(t => t.TargetFiscalYear).ThenBy(t => t.Plan, StringComparer.Ordinal).ThenBy(t => (int)t.Figure)];
    }
}
