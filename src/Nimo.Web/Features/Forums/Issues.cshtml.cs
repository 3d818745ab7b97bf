using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>Every regional issue the user can see, with those waiting for an answer from a forum they run first.</summary>
public sealed class IssuesModel(NimoDbContext db) : PageModel
{
    public IReadOnlyList<RegionalIssue> Waiting { get; private set; } = [];
    public IReadOnlyList<RegionalIssue> All { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var forums = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Members).ToListAsync(ct);
        var visible = forums.Select(f => f.Id).ToList();
        var run = forums.Where(scope.CanManage).Select(f => f.Id).ToHashSet();
        All = await db.RegionalIssues.AsNoTracking().Include(i => i.Forum).Include(i => i.Escalations)
            .Where(i => visible.Contains(i.ForumId) || i.Escalations.Any(e => visible.Contains(e.ToForumId)))
            .OrderByDescending(i => i.RaisedAt).ToListAsync(ct);
        Waiting = [.. All.Where(i => i.Escalations.Any(e => e.AnsweredAt is null && run.Contains(e.ToForumId) && e.ToForumId == i.CurrentForumId))];
    }
}
