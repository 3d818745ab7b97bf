using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>What a forum member sees of a survey: its heading and the shared snapshots, never the answers.</summary>
public sealed class SharedModel(NimoDbContext db) : PageModel
{
    public Survey Survey { get; private set; } = null!;
    public List<SurveySnapshot> Snapshots { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var survey = await db.Surveys.AsNoTracking().Whole().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (survey is null || !HttpContext.Scope().CanReadShared(survey))
        {
            return NotFound();
        }

        Survey = survey;
        Snapshots = await db.SurveySnapshots.AsNoTracking().Where(s => s.SurveyId == id).OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return Page();
    }
}
