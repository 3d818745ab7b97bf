using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>
/// The roll-up organisation → 市町村 → 圏域 → 都道府県 of the numeric answers (埼玉's 地域移行状況調査). The secretariat
/// sees the organisations' rows under each 市町村; 都道府県担当 over the region see the regions' totals only.
/// </summary>
public sealed class RollUpModel(NimoDbContext db) : PageModel
{
    public SurveyResults Results { get; private set; } = null!;
    public bool ShowOrganizations { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var survey = await db.Surveys.AsNoTracking().VisibleTo(scope).Whole().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null)
        {
            return NotFound();
        }

        if (!scope.CanReadRollUp(survey))
        {
            return Forbid();
        }

        ShowOrganizations = scope.CanManage(survey);
        Results = await SurveyResults.LoadAsync(db, survey, ct);
        return Page();
    }
}
