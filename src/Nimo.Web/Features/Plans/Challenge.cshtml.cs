using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// One 課題 of a plan with its 取組方針 and each sector's role. Started from a regional issue (issueId), it keeps the
/// link, so the chain from a forum's meeting to the plan stays clickable.
/// </summary>
public sealed class ChallengeModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ChallengeInput Input { get; set; } = new();

    public Plan Plan { get; private set; } = null!;
    public RegionalIssue? Issue { get; private set; }
    public bool IsNew => Input.Id == 0;

    public async Task<IActionResult> OnGetAsync(int planId, int? id, int? issueId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        if (id is int cid)
        {
            var c = plan.Challenges.SingleOrDefault(x => x.Id == cid);
            if (c is null)
            {
                return NotFound();
            }

            Input = new ChallengeInput { Id = c.Id, Title = c.Title, Policy = c.Policy, Roles = [.. c.Roles], RegionalIssueId = c.RegionalIssueId };
        }
        else if (issueId is int iid)
        {
            Issue = await FindIssueAsync(iid, ct);
            if (Issue is null)
            {
                return NotFound();
            }

            Input = new ChallengeInput { Title = Issue.Title, Policy = Issue.Description, RegionalIssueId = Issue.Id };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int planId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        if (Input.RegionalIssueId is int iid)
        {
            // Only an issue the user can see may be linked; a forged id is refused like any unknown one.
            Issue = await FindIssueAsync(iid, ct);
            if (Issue is null)
            {
                return NotFound();
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var roles = Enumerable.Range(0, 4).Select(i => Input.Roles.ElementAtOrDefault(i)).ToList();
        PlanChallenge challenge;
        try
        {
            if (IsNew)
            {
                challenge = plan.AddChallenge(Input.Title!, Input.Policy, roles, Issue?.Id);
            }
            else
            {
                challenge = plan.Challenges.SingleOrDefault(c => c.Id == Input.Id) ?? throw new KeyNotFoundException();
                plan.UpdateChallenge(challenge, Input.Title!, Input.Policy, roles);
            }
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        return await this.CommitAsync(db, audit, clock, plan, IsNew ? AuditActions.Create : AuditActions.Update, "PlanChallenge", IsNew ? null : challenge.Id,
            $"課題「{challenge.Title}」" + (Issue is null ? "" : $" 地域課題#{Issue.Id}から"), $"課題「{challenge.Title}」を保存しました。", "", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int planId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        var challenge = plan.Challenges.SingleOrDefault(c => c.Id == Input.Id);
        if (challenge is null)
        {
            return NotFound();
        }

        plan.RemoveChallenge(challenge);
        return await this.CommitAsync(db, audit, clock, plan, AuditActions.Update, "PlanChallenge", challenge.Id, $"削除: 課題「{challenge.Title}」",
            $"課題「{challenge.Title}」を削除しました。", "", ct);
    }

    private Task<RegionalIssue?> FindIssueAsync(int id, CancellationToken ct) =>
        db.RegionalIssues.AsNoTracking().Include(i => i.Forum)
            .Where(i => db.Forums.VisibleTo(HttpContext.Scope()).Any(f => f.Id == i.ForumId))
            .SingleOrDefaultAsync(i => i.Id == id, ct);

    public sealed class ChallengeInput
    {
        public int Id { get; set; }
        public int? RegionalIssueId { get; set; }

        [Display(Name = "課題")]
        [Required(ErrorMessage = "課題を入力してください。")]
        [StringLength(TextLength.Paragraph)]
        public string? Title { get; set; }

        [Display(Name = "課題解決に向けた取組方針")]
        [StringLength(TextLength.Section)]
        public string? Policy { get; set; }

        public List<string?> Roles { get; set; } = [null, null, null, null];
    }
}
