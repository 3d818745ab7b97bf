using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>The survey snapshots attached to one agenda item of a meeting, listed under that item on the meeting page.</summary>
public sealed class AgendaSnapshotsViewComponent(NimoDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int meetingId, int item)
    {
        var snapshots = await db.SnapshotAttachments.AsNoTracking().Where(a => a.MeetingId == meetingId && a.AgendaItem == item)
            .Join(db.SurveySnapshots, a => a.SnapshotId, s => s.Id, (a, s) => new { s.Id, s.Title }).ToListAsync(HttpContext.RequestAborted);
        return snapshots.Count == 0 ? Content("") : View("/Features/Surveys/_AgendaSnapshots.cshtml", snapshots.Select(s => (s.Id, s.Title)).ToList());
    }
}

/// <summary>On a regional issue's page: the survey answer it was raised from (a link for those who run the survey).</summary>
public sealed class IssueSourceViewComponent(NimoDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int issueId)
    {
        var link = await db.SurveyIssueLinks.AsNoTracking().Where(l => l.IssueId == issueId)
            .Join(db.SurveyRecipients, l => l.RecipientId, r => r.Id, (l, r) => new { l.RecipientId, l.SurveyId, Organization = r.Organization.Name })
            .SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (link is null)
        {
            return Content("");
        }

        var survey = await db.Surveys.AsNoTracking().Whole().SingleAsync(s => s.Id == link.SurveyId, HttpContext.RequestAborted);
        var scope = HttpContext.Scope();
        var canOpen = scope.CanManage(survey) || await db.SurveyRecipients.AnyAsync(r => r.Id == link.RecipientId && r.OrganizationId == scope.OrganizationId, HttpContext.RequestAborted);
        return View("/Features/Surveys/_IssueSource.cshtml", (survey.Title, link.Organization, canOpen ? $"/Surveys/Answer/{link.RecipientId}" : null));
    }
}
