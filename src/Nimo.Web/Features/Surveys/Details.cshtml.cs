using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>The secretariat's view of a survey: who answered (n/N), who has not, closing, reopening one answer with a reason.</summary>
public sealed class DetailsModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public Survey Survey { get; private set; } = null!;
    public List<SurveyRecipient> Recipients { get; private set; } = [];
    public List<SurveySnapshot> Snapshots { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public int Answered => Recipients.Count(r => r.HasAnswered);
    public IEnumerable<SurveyRecipient> Missing => Recipients.Where(r => !r.HasAnswered);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Survey = survey!;
        Now = clock.GetUtcNow();
        Recipients = await db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == id).Include(r => r.Organization).ThenInclude(o => o.Region)
            .Include(r => r.Activities).AsSplitQuery().OrderBy(r => r.Organization.Kana).ThenBy(r => r.Organization.Name).ToListAsync(ct);
        Snapshots = await db.SurveySnapshots.AsNoTracking().Where(s => s.SurveyId == id).Include(s => s.Attachments).OrderByDescending(s => s.CreatedAt).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: true, ct);
        return refusal ?? await this.CommitAsync(db, () => survey!.Close(clock.GetUtcNow()), () => audit.Add(AuditActions.Update, "Survey", id, detail: "調査を締め切った"),
            () => "調査を締め切りました。回答は確定し、回答コードは使えなくなりました。", $"/Surveys/Details/{id}", ct);
    }

    public async Task<IActionResult> OnPostReopenAsync(int id, int recipientId, string? reason, DateOnly? until, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var r = await db.SurveyRecipients.Include(x => x.Organization).SingleOrDefaultAsync(x => x.Id == recipientId && x.SurveyId == id, ct);
        if (r is null)
        {
            return NotFound();
        }

        var day = until ?? JapanTime.Today(clock).AddDays(7);
        return await this.CommitAsync(db, () => r.Reopen(survey!, reason ?? "", day, clock.GetUtcNow()),
            () => audit.Add(AuditActions.Update, "SurveyRecipient", r.Id, detail: $"締切後の回答を{JapaneseDate.Format(day)}まで再開: {reason?.Trim()}"),
            () => $"{r.Organization.Name}の回答を{JapaneseDate.Format(day)}まで変更できるようにしました。", $"/Surveys/Details/{id}", ct);
    }
}
