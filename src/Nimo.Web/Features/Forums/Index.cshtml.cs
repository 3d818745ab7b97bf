using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>The forums a user can see, as the tree they form (prefecture → area → municipality, sub-bodies under their forum).</summary>
public sealed class IndexModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<Forum> Forums { get; private set; } = [];
    public IReadOnlyDictionary<int, int> OpenIssues { get; private set; } = new Dictionary<int, int>();
    public IReadOnlyDictionary<int, Meeting> NextMeetings { get; private set; } = new Dictionary<int, Meeting>();
    public IReadOnlyList<Region> CreatableRegions { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Forums = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Region).Include(f => f.Members).Include(f => f.SecretariatOrganization)
            .OrderBy(f => f.Region.Path).ThenBy(f => f.ParentId != null).ThenBy(f => f.Name).ToListAsync(ct);
        var ids = Forums.Select(f => f.Id).ToList();
        var now = clock.GetUtcNow();
        OpenIssues = await db.RegionalIssues.Where(i => ids.Contains(i.ForumId) && i.Status != IssueStatus.Resolved)
            .GroupBy(i => i.ForumId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var upcoming = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.ForumId) && m.StartsAt >= now && m.Status == MeetingStatus.Planned).ToListAsync(ct);
        NextMeetings = upcoming.GroupBy(m => m.ForumId).ToDictionary(g => g.Key, g => g.MinBy(m => m.StartsAt)!);
        CreatableRegions = [.. (await db.Regions.AsNoTracking().Within(scope).Where(r => r.Kind != RegionKind.DailyLifeArea).OrderBy(r => r.Path).ToListAsync(ct))
            .Where(scope.CanCreateForumIn)];
    }

    /// <summary>Forums in tree order: each forum followed by the ones whose parent it is.</summary>
    public IEnumerable<(Forum Forum, int Depth)> Tree()
    {
        var byParent = Forums.ToLookup(f => f.ParentId);
        var visible = Forums.Select(f => f.Id).ToHashSet();
        IEnumerable<(Forum, int)> Walk(Forum f, int depth)
        {
            yield return (f, depth);
            foreach (var child in byParent[f.Id])
            {
                foreach (var x in Walk(child, depth + 1))
                {
                    yield return x;
                }
            }
        }

        return Forums.Where(f => f.ParentId is null || !visible.Contains(f.ParentId.Value)).SelectMany(f => Walk(f, 0));
    }
}
