using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;

namespace Nimo.Features.Surveys;

/// <summary>
/// Printable A4 letters, one organisation a page: the request (依頼状) and the reminder (督促状) for those that have not
/// answered. An organisation without a Nimo account gets a one-time code on its letter; the code is shown only on the
/// letters printed now (it is kept as a hash), so printing again issues a new one and the old stops working.
/// </summary>
public sealed class LettersModel(NimoDbContext db, TimeProvider clock, AuditLog audit, IConfiguration configuration) : PageModel
{
    public sealed record Candidate(SurveyRecipient Recipient, bool HasAccount);

    public sealed record Letter(string Organization, string? Code, bool HasAccount);

    public Survey Survey { get; private set; } = null!;
    public List<Candidate> Candidates { get; private set; } = [];
    public List<Letter> Letters { get; private set; } = [];
    public bool Remind { get; private set; }
    public string PublicUrl { get; private set; } = "";
    public DateOnly Today { get; private set; }
    public bool Closed { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? kind, CancellationToken ct) => await LoadAsync(id, kind, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, string? kind, List<int> recipientIds, List<int> codeFor, CancellationToken ct)
    {
        if (await LoadAsync(id, kind, ct) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        if (Survey.IsClosed(now))
        {
            ModelState.AddModelError("", "締め切った調査の依頼状・督促状は印刷できません。");
            return Page();
        }

        var chosen = Candidates.Where(c => recipientIds.Contains(c.Recipient.Id)).Select(c => c.Recipient.Id).ToList();
        if (chosen.Count == 0)
        {
            ModelState.AddModelError("", "印刷する機関を1つ以上選んでください。");
            return Page();
        }

        var tracked = await db.SurveyRecipients.Include(r => r.Organization).Where(r => chosen.Contains(r.Id)).ToListAsync(ct);
        foreach (var r in tracked.OrderBy(r => r.Organization.Kana).ThenBy(r => r.Organization.Name))
        {
            var hasAccount = Candidates.Single(c => c.Recipient.Id == r.Id).HasAccount;
            var code = codeFor.Contains(r.Id) ? r.IssueCode(Survey, now) : null;
            if (Remind)
            {
                r.MarkReminded(now);
            }

            Letters.Add(new Letter(r.Organization.Name, code, hasAccount));
        }

        var codes = Letters.Count(l => l.Code is not null);
        audit.Add(AuditActions.Update, "Survey", id, detail: $"{(Remind ? "督促状" : "依頼状")}を{Letters.Count}通印刷(回答コード{codes}件を発行)");
        await db.SaveChangesAsync(ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, string? kind, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!survey!.IsSent)
        {
            return Redirect($"/Surveys/Recipients/{id}");
        }

        Survey = survey;
        Remind = kind == "remind";
        Closed = survey.IsClosed(clock.GetUtcNow());
        Today = Platform.Japanese.JapanTime.Today(clock);
        var recipients = await db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == id && (!Remind || r.AnsweredAt == null))
            .Include(r => r.Organization).OrderBy(r => r.Organization.Kana).ThenBy(r => r.Organization.Name).ToListAsync(ct);
        var orgIds = recipients.Select(r => r.OrganizationId).ToList();
        var withAccounts = await db.Users.AsNoTracking().Where(u => orgIds.Contains(u.OrganizationId) && !u.IsDisabled).Select(u => u.OrganizationId).Distinct().ToListAsync(ct);
        Candidates = [.. recipients.Select(r => new Candidate(r, withAccounts.Contains(r.OrganizationId)))];
        var configured = configuration["Nimo:PublicBaseUrl"];
        PublicUrl = (string.IsNullOrWhiteSpace(configured) ? $"{Request.Scheme}://{Request.Host}" : configured.TrimEnd('/')) + "/public/surveys";
        return null;
    }
}
