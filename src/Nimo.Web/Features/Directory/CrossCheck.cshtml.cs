using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>§1's 相談支援事業所数 beside the directory, and the areas lacking a category, with a button that raises the regional issue.</summary>
public sealed class CrossCheckModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public List<RegionCheck> Counts { get; private set; } = [];
    public List<AreaGap> Gaps { get; private set; } = [];
    /// <summary>Per municipality, the main forum the user may raise an issue on (null when there is none they run).</summary>
    public Dictionary<int, Forum?> Forums { get; private set; } = [];
    /// <summary>Issue titles already open on those forums, so the same gap is not raised twice.</summary>
    public Dictionary<string, int> Raised { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!scope.CanCurateAnything())
        {
            return Forbid();
        }

        await LoadAsync(scope, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRaiseAsync(int areaId, string? category, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!scope.CanCurateAnything())
        {
            return Forbid();
        }

        await LoadAsync(scope, ct);
        var gap = Gaps.FirstOrDefault(g => g.Area.Id == areaId && g.CategoryCode == category);
        if (gap is null)
        {
            TempData["Message"] = "その圏域・分野の不足は見つかりませんでした(すでにサービスが登録された可能性があります)。";
            return Redirect("/Directory/CrossCheck");
        }

        if (Raised.TryGetValue(CrossCheck.IssueTitle(gap), out var existing))
        {
            return Redirect($"/Forums/Issue/{existing}");
        }

        if (Forums.GetValueOrDefault(gap.Municipality.Id) is not { } forum)
        {
            TempData["Message"] = $"{gap.Municipality.Name}に、あなたが事務局を務める協議の場がないため、地域課題として提起できません。";
            return Redirect("/Directory/CrossCheck");
        }

        var tracked = await db.Forums.Include(f => f.Members).SingleAsync(f => f.Id == forum.Id, ct);
        var issue = RegionalIssue.Raise(tracked, null, null, CrossCheck.IssueTitle(gap), CrossCheck.IssueDescription(gap, JapanTime.Today(clock)),
            CrossCheck.IssueCategoryOf(gap.CategoryCode), null, scope.UserName, clock.GetUtcNow());
        db.RegionalIssues.Add(issue);
        audit.Add(AuditActions.Create, "RegionalIssue", detail: $"directory gap: area {gap.Area.Id}, {gap.CategoryCode}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "地域課題として協議の場に提起しました。";
        return Redirect($"/Forums/Issue/{issue.Id}");
    }

    private async Task LoadAsync(UserScope scope, CancellationToken ct)
    {
        Counts = await CrossCheck.CountsAsync(db, scope, ct);
        Gaps = await CrossCheck.GapsAsync(db, scope, ct);
        var municipalities = Gaps.Select(g => g.Municipality.Id).Distinct().ToList();
        var forums = await db.Forums.AsNoTracking().Include(f => f.Members).Where(f => municipalities.Contains(f.RegionId) && f.Kind == ForumKind.Main).ToListAsync(ct);
        Forums = municipalities.ToDictionary(m => m, m => forums.Where(f => f.RegionId == m).FirstOrDefault(scope.CanManage));
        var forumIds = Forums.Values.OfType<Forum>().Select(f => f.Id).ToList();
        Raised = (await db.RegionalIssues.AsNoTracking().Where(i => forumIds.Contains(i.ForumId) && i.Status != IssueStatus.Resolved).Select(i => new { i.Title, i.Id }).ToListAsync(ct))
            .GroupBy(i => i.Title).ToDictionary(g => g.Key, g => g.First().Id);
    }
}
