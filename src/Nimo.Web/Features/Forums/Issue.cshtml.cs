using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>
/// A regional issue and its trail up the forum tree. The forum holding it may escalate it to its parent; the forum
/// it was sent to answers; everyone who can see the forum that raised it sees every step and answer.
/// </summary>
public sealed class IssueModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public RegionalIssue Issue { get; private set; } = null!;
    public Forum? Holder { get; private set; }
    public bool CanEscalate { get; private set; }
    public bool CanAnswer { get; private set; }
    public bool CanManageOwner { get; private set; }
    /// <summary>Runs the forum now holding the issue (whether or not it can pass it on).</summary>
    public bool RunsHolder { get; private set; }
    /// <summary>The holder's pending request to join a parent forum, when it has none yet.</summary>
    public JoinRequest? HolderJoinRequest { get; private set; }

    /// <summary>Plans of this 年度 the user can take the issue into as a 課題: the raising forum's region, the holder's region.</summary>
    public IReadOnlyList<(Region Region, int Year, int? PlanId)> PlanTargets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, tracked: false, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEscalateAsync(int id, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanEscalate)
        {
            return Forbid();
        }

        try
        {
            var step = Issue.Escalate(Holder!, note ?? "", HttpContext.Scope().UserName, clock.GetUtcNow());
            audit.Add(AuditActions.Escalate, "RegionalIssue", Issue.Id, detail: $"{step.FromForum.Name} → {step.ToForum.Name}");
            await db.SaveChangesAsync(ct);
            TempData[PageWrites.MessageKey] = $"「{step.ToForum.Name}」に提起しました。";
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("note", e.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflicted();
        }

        return Redirect($"/Forums/Issue/{id}");
    }

    public async Task<IActionResult> OnPostAnswerAsync(int id, string? answer, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanAnswer)
        {
            return Forbid();
        }

        try
        {
            Issue.Answer(Holder!, answer ?? "", HttpContext.Scope().UserName, clock.GetUtcNow());
            audit.Add(AuditActions.Answer, "RegionalIssue", Issue.Id, detail: Holder!.Name);
            await db.SaveChangesAsync(ct);
            TempData[PageWrites.MessageKey] = "回答を記録しました。提起した協議の場に表示されます。";
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("answer", e.Message);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflicted();
        }

        return Redirect($"/Forums/Issue/{id}");
    }

    public async Task<IActionResult> OnPostResolveAsync(int id, bool reopen, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanManageOwner)
        {
            return Forbid();
        }

        if (reopen)
        {
            Issue.Reopen();
        }
        else
        {
            Issue.Resolve();
        }

        audit.Add(AuditActions.Update, "RegionalIssue", Issue.Id, detail: reopen ? "再開" : "解決");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Conflicted();
        }

        return Redirect($"/Forums/Issue/{id}");
    }

    // Two secretaries acting at once: the second is told, and nothing of the first is lost.
    private RedirectResult Conflicted()
    {
        TempData[PageWrites.ErrorKey] = PageWrites.ConcurrentChange;
        return Redirect($"/Forums/Issue/{Issue.Id}");
    }

    private async Task<bool> LoadAsync(int id, bool tracked, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var visible = db.Forums.VisibleTo(scope).Select(f => f.Id);
        var query = db.RegionalIssues
            .Include(i => i.Forum).ThenInclude(f => f.Members)
            .Include(i => i.Forum).ThenInclude(f => f.Parent)
            .Include(i => i.Meeting).Include(i => i.Hearing)
            .Include(i => i.Escalations).ThenInclude(e => e.FromForum)
            .Include(i => i.Escalations).ThenInclude(e => e.ToForum)
            .Where(i => visible.Contains(i.ForumId) || i.Escalations.Any(e => visible.Contains(e.ToForumId)));
        var issue = await (tracked ? query : query.AsNoTracking()).AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (issue is null)
        {
            return false;
        }

        Issue = issue;
        // The forum now holding the issue, with its members (who runs it) and its parent (where it would go next).
        Holder = await (tracked ? db.Forums : db.Forums.AsNoTracking()).Include(f => f.Members).Include(f => f.Parent)
            .SingleOrDefaultAsync(f => f.Id == issue.CurrentForumId, ct);
        var runsHolder = Holder is not null && scope.CanManage(Holder);
        RunsHolder = runsHolder;
        CanEscalate = runsHolder && Holder!.Parent is not null && issue.Status != IssueStatus.Resolved;
        CanAnswer = runsHolder && issue.Escalations.Any(e => e.AnsweredAt is null && e.ToForumId == Holder!.Id);
        if (Holder is { Parent: null })
        {
            HolderJoinRequest = await db.JoinRequests.AsNoTracking().Include(r => r.Parent)
                .Where(r => r.ForumId == Holder.Id && r.State == JoinRequestState.Pending).OrderByDescending(r => r.RequestedAt).FirstOrDefaultAsync(ct);
        }

        CanManageOwner = scope.CanManage(issue.Forum);
        var year = FiscalYear.Of(JapanTime.Today(clock)).StartYear;
        var regionIds = new[] { issue.Forum.RegionId, Holder?.RegionId ?? issue.Forum.RegionId }.Distinct().ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).ToListAsync(ct);
        var plans = await db.Plans.AsNoTracking().Where(p => regionIds.Contains(p.RegionId) && p.FiscalYear == year && p.State == PlanState.Draft)
            .Select(p => new { p.Id, p.RegionId }).ToListAsync(ct);
        PlanTargets = [.. regions.Where(scope.CanEditPlan).Select(r => (r, year, plans.FirstOrDefault(p => p.RegionId == r.Id)?.Id))];
        return true;
    }
}
