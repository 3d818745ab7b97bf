using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;

namespace Nimo.Features.Forums;

/// <summary>
/// The forums' part of 「いま対応が必要なこと」: regional issues waiting for the user's answer, meetings to record and join
/// requests (<see cref="ForumToDo"/>), action items due soon or late, and the next meetings of the forums the user runs or
/// sits on. Administrators see the queue of everyone, which is no to-do list, so they get none.
/// </summary>
public sealed class ForumsHomePanel(NimoDbContext db) : IHomePanel
{
    /// <summary>Action items due within this many days are shown before they are late.</summary>
    public const int DueSoonDays = 14;

    public sealed record Model(DateOnly Today, IReadOnlyList<RegionalIssue> AnswersOwed, ForumToDo ToDo, IReadOnlyList<(ActionItem Item, Meeting Meeting)> ActionsDue,
        IReadOnlyList<Meeting> UpcomingMeetings);

    public async Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct)
    {
        var scope = home.Scope;
        if (scope.IsAdmin || !scope.IsAuthenticated)
        {
            return null;
        }

        // Only forums the user may run or sits on can appear here: those whose secretariat is the user's organisation or that
        // list the user or the organisation as a member, each found by its index (a subquery in the same statement), then
        // read behind the same visibility filter. Reading every visible forum (a scan of the nation's forums: the filter's OR
        // cannot use an index) cost 2 ms a page. With their members in the same statement: a user sits on a few forums of
        // tens of members, and a second statement cost more to prepare than the repeated forum columns cost to read.
        var userId = scope.UserId;
        var orgId = scope.OrganizationId;
        var candidates = db.Forums.Where(f => f.SecretariatOrganizationId == orgId).Select(f => f.Id);
        if (userId.Length > 0)
        {
            candidates = candidates.Union(db.ForumMembers.Where(m => m.UserId == userId).Select(m => m.ForumId));
        }

        if (orgId > 0)
        {
            candidates = candidates.Union(db.ForumMembers.Where(m => m.OrganizationId == orgId).Select(m => m.ForumId));
        }

        var forums = await db.Forums.AsNoTracking().VisibleTo(scope).Where(f => candidates.Contains(f.Id)).Include(f => f.Members)
            .AsSingleQuery().ToListAsync(ct);
        var run = forums.Where(scope.CanManage).Select(f => f.Id).ToList();
        var mine = forums.Where(f => scope.CanManage(f) || scope.IsMember(f)).Select(f => f.Id).ToList();
        if (mine.Count == 0)
        {
            return null;
        }

        IReadOnlyList<RegionalIssue> answersOwed = [];
        IReadOnlyList<(ActionItem, Meeting)> actionsDue = [];
        var toDo = ForumToDo.None;
        if (run.Count > 0)
        {
            var owed = await db.RegionalIssues.AsNoTracking().Include(i => i.Forum).Include(i => i.Escalations)
                .Where(i => i.Status != IssueStatus.Resolved && i.Escalations.Any(e => e.AnsweredAt == null && run.Contains(e.ToForumId))).ToListAsync(ct);
            answersOwed = [.. owed.Where(i => run.Contains(i.CurrentForumId)).OrderBy(i => i.RaisedAt)];

            var horizon = home.Today.AddDays(DueSoonDays);
            var meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Include(m => m.Actions)
                .Where(m => run.Contains(m.ForumId) && m.Actions.Any(a => a.Status == ActionStatus.Open && a.DueDate != null && a.DueDate <= horizon))
                .ToListAsync(ct);
            actionsDue = [.. meetings.SelectMany(m => m.Actions.Where(a => a.Status == ActionStatus.Open && a.DueDate <= horizon).Select(a => (a, m))).OrderBy(x => x.a.DueDate)];
            toDo = await ForumToDo.ForAsync(db, run, home.Now, ct);
        }

        var upcoming = await db.Meetings.AsNoTracking().Include(m => m.Forum)
            .Where(m => mine.Contains(m.ForumId) && m.Status == MeetingStatus.Planned && m.StartsAt >= home.Now)
            .OrderBy(m => m.StartsAt).Take(5).ToListAsync(ct);
        var count = answersOwed.Count + toDo.Count + actionsDue.Count + upcoming.Count;
        return count == 0 ? null : new HomePanelContent("/Features/Forums/_HomeForums.cshtml", new Model(home.Today, answersOwed, toDo, actionsDue, upcoming), count);
    }
}
