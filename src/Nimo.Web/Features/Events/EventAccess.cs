using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>
/// Who may do what with events (ADR 0006, README "Events"):
/// <list type="bullet">
/// <item>see an event: anyone whose area holds its region or lies under it, and the staff of its organiser and co-hosts;</item>
/// <item>create and run one (edit, publish, registrations, attendance, questionnaire): 保健所・市区町村担当, 協議の場事務局 and
/// 都道府県担当 whose area covers the organiser's region, and staff of the organiser itself in those roles or as 関係機関職員;</item>
/// <item>a sensitive event (家族教室, 当事者活動, or marked so): only the organiser's own staff in a role that handles personal
/// data (two-factor sign-in). Everyone else who sees it gets counts only, with small ones shown as 「10未満」;</item>
/// <item>administrators, peer supporters and read-only users see events and counts, never names.</item>
/// </list>
/// </summary>
public static class EventAccess
{
    private static bool IsAreaEditor(string role) => role is Roles.MunicipalStaff or Roles.ForumSecretariat or Roles.PrefectureStaff;

    private static bool IsOrganizerRole(string role) => IsAreaEditor(role) || role == Roles.PartnerStaff;

    public static IQueryable<Event> VisibleTo(this IQueryable<Event> events, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return events;
        }

        var root = scope.RegionPath;
        if (root.Length == 0)
        {
            return events.Where(_ => false);
        }

        var ancestors = scope.AncestorPaths.ToList();
        var org = scope.OrganizationId;
        return events.Where(e => e.Region.Path.StartsWith(root) || ancestors.Contains(e.Region.Path)
            || e.OrganizerId == org || e.CoHosts.Any(c => c.OrganizationId == org));
    }

    /// <summary>
    /// The events <see cref="CanManage(UserScope, Event)"/> may allow: organised by the user's own organisation, or, for an
    /// area editor, by an organisation whose region lies in the user's area. A query for the events a user runs starts here
    /// and still applies <c>CanManage</c> to what it reads (the sensitive rule needs the loaded event). The area is written
    /// as ids nested from the regions outwards so that SQLite walks the region-path index, the organisations' region index
    /// and the events' organiser index instead of reading every event of the nation in the date range (issue 20).
    /// </summary>
    public static IQueryable<Event> ManageableBy(this IQueryable<Event> events, NimoDbContext db, UserScope scope)
    {
        var org = scope.OrganizationId;
        if (org <= 0)
        {
            return events.Where(_ => false);
        }

        if (!IsAreaEditor(scope.Role) || scope.RegionPath.Length == 0)
        {
            return events.Where(e => e.OrganizerId == org);
        }

        var root = scope.RegionPath;
        var area = db.Organizations.Where(o => db.Regions.Where(r => r.Path.StartsWith(root)).Select(r => r.Id).Contains(o.RegionId)).Select(o => o.Id);
        return events.Where(e => e.OrganizerId == org || area.Contains(e.OrganizerId));
    }

    /// <summary>May create an event organised by <paramref name="organizer"/> (the sensitive rule is checked when the kind is known).</summary>
    public static bool CanOrganizeFor(this UserScope scope, Organization organizer, string organizerRegionPath) =>
        scope.OrganizationId > 0
        && ((IsAreaEditor(scope.Role) && scope.Covers(organizerRegionPath)) || (IsOrganizerRole(scope.Role) && scope.OrganizationId == organizer.Id));

    /// <summary>Runs the event: edits it and sees and changes its registrations. The event's organiser must be loaded with its region.</summary>
    public static bool CanManage(this UserScope scope, Event e) => e.IsSensitive
        ? scope.HandlesPersonalData() && scope.OrganizationId == e.OrganizerId
        : scope.CanOrganizeFor(e.Organizer, e.Organizer.Region.Path);

    /// <summary>The same rule for a new or changed event before it is saved: a sensitive kind narrows who may hold it.</summary>
    public static bool CanManage(this UserScope scope, Organization organizer, string organizerRegionPath, bool sensitive) => sensitive
        ? scope.HandlesPersonalData() && scope.OrganizationId == organizer.Id
        : scope.CanOrganizeFor(organizer, organizerRegionPath);

    /// <summary>Counts of an event's people as this reader may see them: exact for those who run it and for events that are not sensitive.</summary>
    public static string Count(this UserScope scope, Event e, int count, int suppressBelow) =>
        !e.IsSensitive || scope.CanManage(e) ? count.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) : Suppression.Show(count, suppressBelow);

    /// <summary>
    /// The event a page shows, untracked with its organiser, region and co-hosts; or the answer to give instead: 404 when
    /// the user cannot see it, 403 when <paramref name="manage"/> is asked and they do not run it.
    /// </summary>
    public static async Task<(Event? Event, IActionResult? Refusal)> EventForAsync(this PageModel page, NimoDbContext db, int id, bool manage, CancellationToken ct)
    {
        var scope = page.HttpContext.Scope();
        var e = await db.Events.AsNoTracking().VisibleTo(scope)
            .Include(x => x.Organizer).ThenInclude(o => o.Region).Include(x => x.Region).Include(x => x.CoHosts).ThenInclude(c => c.Organization)
            .SingleOrDefaultAsync(x => x.Id == id, ct);
        return e is null ? (null, page.NotFound()) : !manage || scope.CanManage(e) ? (e, null) : (null, page.Forbid());
    }
}
