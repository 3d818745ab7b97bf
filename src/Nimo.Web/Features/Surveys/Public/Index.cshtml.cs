using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;

namespace Nimo.Features.Surveys.Public;

/// <summary>
/// The answer page for an organisation without an account: the one-time code from the letter is the only key. It is
/// posted (never in an address), compared by its hash, works until the survey closes (or the answer is reopened), and
/// the page sets no cookie and runs no script. An unknown code says only that it is unknown.
/// </summary>
public sealed class IndexModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public string? Code { get; private set; }
    public Survey? Survey { get; private set; }
    public SurveyRecipient? Recipient { get; private set; }
    public AnswerForm? Form { get; private set; }
    public string? Problem { get; private set; }
    public string? Done { get; private set; }

    // The build's id: a new release is a new version of the form.
    private static readonly string FormTag = "\"" + typeof(IndexModel).Assembly.ManifestModule.ModuleVersionId.ToString("N") + "\"";

    /// <summary>The code form is the same for everyone and changes only with a release: cacheable, and answered 304 when unchanged.</summary>
    public IActionResult OnGet()
    {
        var tag = FormTag;
        Response.Headers.CacheControl = "public, max-age=300";
        Response.Headers.ETag = tag;
        return Request.Headers.IfNoneMatch.ToString().Contains(tag, StringComparison.Ordinal) ? StatusCode(StatusCodes.Status304NotModified) : Page();
    }

    /// <summary>The code is typed: show the form, filled with the organisation's answer if it has one.</summary>
    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken ct)
    {
        if (await FindAsync(code, tracked: false, ct))
        {
            Form = AnswerForm.From(Survey!, Recipient);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(string? code, bool more, CancellationToken ct)
    {
        if (!await FindAsync(code, tracked: true, ct))
        {
            return Page();
        }

        Form = AnswerForm.Posted(Survey!, Request.Form, more);
        if (more)
        {
            return Page();
        }

        var was = Recipient!.HasAnswered;
        try
        {
            Recipient.Submit(Survey!, Form.ToSheet(), AnswerChannel.Code, "回答コード", clock.GetUtcNow());
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("", e.Message);
            return Page();
        }

        audit.Add(AuditActions.Update, "SurveyAnswer", Recipient.Id, detail: $"{Recipient.Organization.Name}の回答を{(was ? "変更" : "登録")}(回答コード)",
            userName: "回答コード", organizationId: Recipient.OrganizationId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", "同じ時に別の方がこの回答を更新しました。もう一度回答コードを入力して、内容を確かめてください。");
            return Page();
        }

        Done = $"{Recipient.Organization.Name}の回答を受け付けました。ご協力ありがとうございました。締切日({Nimo.Platform.Japanese.JapaneseDate.Format(Survey!.ClosesOn)})までは、同じ回答コードで修正できます。";
        Form = null;
        return Page();
    }

    private async Task<bool> FindAsync(string? code, bool tracked, CancellationToken ct)
    {
        var normalized = AnswerCode.Normalize(code);
        if (normalized is null)
        {
            Problem = "回答コードは、依頼状に記載の英数字16文字(例: 7K3M-Q9XP-2D4H-8RTW)で入力してください。";
            return false;
        }

        var hash = AnswerCode.Hash(normalized);
        var query = db.SurveyRecipients.Include(r => r.Organization).Include(r => r.Answers).Include(r => r.Activities).AsSplitQuery();
        var recipient = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(r => r.CodeHash == hash, ct);
        var survey = recipient is null ? null : await db.Surveys.AsNoTracking().Whole().SingleOrDefaultAsync(s => s.Id == recipient.SurveyId, ct);
        if (recipient is null || survey is null || !survey.IsSent)
        {
            Problem = "この回答コードは見つかりません。依頼状の回答コードをお確かめください。";
            return false;
        }

        Code = normalized;
        if (recipient.WhyFrozen(survey, clock.GetUtcNow()) is { } why)
        {
            Problem = survey.IsClosed(clock.GetUtcNow())
                ? "この調査は締め切られたため、この回答コードは使えなくなりました。回答は確定しています。変更が必要な場合は事務局にご連絡ください。"
                : why;
            Code = null;
            return false;
        }

        Survey = survey;
        Recipient = recipient;
        return true;
    }
}
