using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>
/// One organisation's answer: its own staff answer (and read only their own organisation's); the secretariat reads it and
/// types in a paper or fax reply. Every change is audited; after close the answer is frozen unless reopened.
/// </summary>
public sealed class AnswerModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public Survey Survey { get; private set; } = null!;
    public SurveyRecipient Recipient { get; private set; } = null!;
    public AnswerForm Form { get; private set; } = null!;
    public bool AsSecretariat { get; private set; }
    public string? Frozen { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, tracked: false, ct) is { } refusal)
        {
            return refusal;
        }

        Form = AnswerForm.From(Survey, Recipient);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, bool more, CancellationToken ct)
    {
        if (await LoadAsync(id, tracked: true, ct) is { } refusal)
        {
            return refusal;
        }

        Form = AnswerForm.Posted(Survey, Request.Form, more);
        if (more)
        {
            return Page();
        }

        var channel = AsSecretariat ? AnswerChannel.Paper : AnswerChannel.Staff;
        var scope = HttpContext.Scope();
        var was = Recipient.HasAnswered;
        if (!this.TryApply(() => Recipient.Submit(Survey, Form.ToSheet(), channel, scope.UserName, clock.GetUtcNow())))
        {
            return Page();
        }

        audit.Add(AuditActions.Update, "SurveyAnswer", Recipient.Id,
            detail: $"{Recipient.Organization.Name}の回答を{(was ? "変更" : "登録")}({SurveyLabels.Channels[channel]})");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", PageWrites.ConcurrentChange);
            return Page();
        }

        TempData[PageWrites.MessageKey] = AsSecretariat
            ? $"{Recipient.Organization.Name}の紙・FAXの回答を登録しました。"
            : "回答を受け付けました。締切日までは、この画面から修正できます。";
        return Redirect(AsSecretariat ? $"/Surveys/Details/{Survey.Id}" : $"/Surveys/Answer/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, bool tracked, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var query = db.SurveyRecipients.Include(r => r.Organization).Include(r => r.Answers).Include(r => r.Activities).AsSplitQuery();
        var recipient = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (recipient is null)
        {
            return NotFound();
        }

        var survey = await db.Surveys.AsNoTracking().Whole().SingleOrDefaultAsync(s => s.Id == recipient.SurveyId, ct);
        if (survey is null || !survey.IsSent)
        {
            return NotFound();
        }

        AsSecretariat = scope.CanManage(survey) && scope.OrganizationId != recipient.OrganizationId;
        if (!AsSecretariat && !scope.AnswersFor(recipient))
        {
            // Another organisation's answer does not exist for this user: 404, not 403, so ids reveal nothing.
            return NotFound();
        }

        Survey = survey;
        Recipient = recipient;
        Frozen = recipient.WhyFrozen(survey, clock.GetUtcNow());
        return null;
    }
}
