using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>
/// Who may do what with a forum: users of the region (and the regions below it) read its public parts, members
/// always see their forums, the secretariat edits, and 「構成員限り」 minutes are for members and the secretariat only:
/// an administrator runs every forum (to repair it) but reads a members-only record only as a member.
/// </summary>
public static class ForumAccess
{
    public static IQueryable<Forum> VisibleTo(this IQueryable<Forum> forums, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return forums;
        }

        var root = scope.RegionPath;
        var ancestors = scope.AncestorPaths.ToList();
        var userId = scope.UserId;
        var orgId = scope.OrganizationId;
        return root.Length == 0
            ? forums.Where(_ => false)
            : forums.Where(f => f.Region.Path.StartsWith(root) || ancestors.Contains(f.Region.Path)
                || f.Members.Any(m => m.UserId == userId || (orgId > 0 && m.OrganizationId == orgId)));
    }

    /// <summary>Runs the forum: its secretariat organisation's staff, a member marked 事務局 with an account, or an administrator.</summary>
    public static bool CanManage(this UserScope scope, Forum forum) => scope.IsAdmin || scope.IsSecretariat(forum);

    /// <summary>
    /// Is the forum's secretariat: its secretariat organisation's staff, or a member marked 事務局 with an account. An
    /// administrator account is not staff of its organisation here (the first one is made in the prefecture's office).
    /// </summary>
    public static bool IsSecretariat(this UserScope scope, Forum forum) =>
        (scope.Role is not (Roles.ReadOnly or Roles.Admin) && scope.OrganizationId > 0 && forum.SecretariatOrganizationId == scope.OrganizationId)
        || forum.Members.Any(m => m.Role == MemberRole.Secretariat && m.UserId == scope.UserId && scope.UserId.Length > 0);

    /// <summary>A member in person (an account named on the roll) or through the organisation (not for an administrator account).</summary>
    public static bool IsMember(this UserScope scope, Forum forum) =>
        forum.Members.Any(m => (m.UserId is not null && m.UserId == scope.UserId)
            || (!scope.IsAdmin && scope.OrganizationId > 0 && m.OrganizationId == scope.OrganizationId));

    /// <summary>May read what a 「構成員限り」 meeting hides (<see cref="Meeting.MembersOnlyParts"/>): the secretariat and the members, not an administrator as such.</summary>
    public static bool CanReadRestricted(this UserScope scope, Forum forum) => scope.IsSecretariat(forum) || scope.IsMember(forum);

    public static bool CanReadMinutes(this UserScope scope, Meeting meeting) => !meeting.MinutesMembersOnly || scope.CanReadRestricted(meeting.Forum);

    /// <summary>May set up a new forum in the region: an editing role or a forum secretary, within their own area.</summary>
    public static bool CanCreateForumIn(this UserScope scope, Region region) =>
        scope.CanEdit(region) || (scope.Role == Roles.ForumSecretariat && scope.Covers(region.Path));

    /// <summary>Loads, tracked, the forums above <paramref name="forum"/>, so that <see cref="Forum.CheckParent"/> sees the whole chain.</summary>
    public static async Task LoadAncestorsAsync(this NimoDbContext db, Forum forum, CancellationToken ct)
    {
        var seen = new HashSet<int>();
        for (var current = forum; current.ParentId is int up && seen.Add(current.Id);)
        {
            current = current.Parent ?? await db.Forums.SingleAsync(f => f.Id == up, ct);
        }
    }

    /// <summary>
    /// The forum a secretariat page works on, untracked with its members; or the answer to give instead: 404 when
    /// the user cannot see it, 403 when they see it but do not run it.
    /// </summary>
    public static async Task<(Forum? Forum, IActionResult? Refusal)> ForumToManageAsync(this PageModel page, NimoDbContext db, int forumId, CancellationToken ct)
    {
        var scope = page.HttpContext.Scope();
        var forum = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Members).SingleOrDefaultAsync(f => f.Id == forumId, ct);
        return forum is null ? (null, page.NotFound()) : scope.CanManage(forum) ? (forum, null) : (null, page.Forbid());
    }
}
