using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>A shared snapshot as an A4 document: what the secretariat picked, frozen, and the meetings it is attached to.</summary>
public sealed class SnapshotModel(NimoDbContext db) : PageModel
{
    public SurveySnapshot Snapshot { get; private set; } = null!;
    public List<(Meeting Meeting, int Item)> Meetings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var snapshot = await db.SurveySnapshots.AsNoTracking().Include(s => s.Lines).Include(s => s.Attachments).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (snapshot is null)
        {
            return NotFound();
        }

        var survey = await db.Surveys.AsNoTracking().Whole().SingleAsync(s => s.Id == snapshot.SurveyId, ct);
        if (!HttpContext.Scope().CanReadShared(survey))
        {
            return NotFound();
        }

        Snapshot = snapshot;
        SurveyOf = survey;
        var meetingIds = snapshot.Attachments.Select(a => a.MeetingId).ToList();
        var meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Where(m => meetingIds.Contains(m.Id)).ToListAsync(ct);
        Meetings = [.. snapshot.Attachments.Join(meetings, a => a.MeetingId, m => m.Id, (a, m) => (m, a.AgendaItem)).OrderBy(x => x.m.StartsAt)];
        return Page();
    }

    public Survey SurveyOf { get; private set; } = null!;
}
