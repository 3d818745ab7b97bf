using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>
/// Who does what with the directory. The secretariat of an area (保健所・市区町村担当, 協議の場事務局, the prefecture for its
/// whole tree) curates the services of organisations in its area; partner staff propose changes to their own organisation's
/// services only; every signed-in user reads the directory of their region. Confidential locations are shown only to the
/// curators of their area and to the organisation that runs them.
/// </summary>
public static class DirectoryAccess
{
    /// <summary>Roles that curate: they edit, publish and review proposals inside their own region's subtree.</summary>
    public static bool IsCuratorRole(this UserScope scope) =>
        scope.Role is Roles.Admin or Roles.PrefectureStaff or Roles.MunicipalStaff or Roles.ForumSecretariat;

    public static bool CanCurate(this UserScope scope, Organization organization) =>
        scope.IsCuratorRole() && scope.Covers(organization.Region.Path);

    public static bool CanCurateAnything(this UserScope scope) => scope.IsCuratorRole() && (scope.IsAdmin || scope.RegionPath.Length > 0);

    /// <summary>Partner staff propose for their own organisation; a curator edits directly instead.</summary>
    public static bool CanPropose(this UserScope scope, int organizationId) =>
        scope.Role == Roles.PartnerStaff && scope.OrganizationId > 0 && scope.OrganizationId == organizationId;

    /// <summary>Services the user may read: those of organisations in their region's subtree and the regions above it.</summary>
    public static IQueryable<DirectoryService> VisibleTo(this IQueryable<DirectoryService> services, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return services;
        }

        var root = scope.RegionPath;
        var ancestors = scope.AncestorPaths.ToList();
        var own = scope.OrganizationId;
        return root.Length == 0
            ? services.Where(_ => false)
            : services.Where(s => s.Organization.Region.Path.StartsWith(root) || ancestors.Contains(s.Organization.Region.Path) || s.OrganizationId == own);
    }

    /// <summary>Services the user curates (the lists of work: proposals to review, entries to confirm).</summary>
    public static IQueryable<DirectoryService> CuratedBy(this IQueryable<DirectoryService> services, UserScope scope)
    {
        if (!scope.IsCuratorRole())
        {
            return services.Where(_ => false);
        }

        if (scope.IsAdmin)
        {
            return services;
        }

        var root = scope.RegionPath;
        return root.Length == 0 ? services.Where(_ => false) : services.Where(s => s.Organization.Region.Path.StartsWith(root));
    }

    /// <summary>Locations the user may see: confidential ones only for the area's curators and the organisation itself.</summary>
    public static IQueryable<DirectoryLocation> VisibleTo(this IQueryable<DirectoryLocation> locations, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return locations;
        }

        var root = scope.RegionPath;
        var ancestors = scope.AncestorPaths.ToList();
        var own = scope.OrganizationId;
        var curator = scope.IsCuratorRole();
        return root.Length == 0
            ? locations.Where(_ => false)
            : locations.Where(l => l.OrganizationId == own
                || (curator && l.Organization.Region.Path.StartsWith(root))
                || (!l.IsConfidential && (l.Organization.Region.Path.StartsWith(root) || ancestors.Contains(l.Organization.Region.Path))));
    }

    public static IQueryable<ServiceProposal> VisibleTo(this IQueryable<ServiceProposal> proposals, NimoDbContext db, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return proposals;
        }

        var own = scope.OrganizationId;
        var root = scope.RegionPath;
        var curator = scope.IsCuratorRole() && root.Length > 0;
        return proposals.Where(p => p.OrganizationId == own
            || (curator && db.Organizations.Any(o => o.Id == p.OrganizationId && o.Region.Path.StartsWith(root))));
    }

    /// <summary>
    /// The pages' ids are HSDS UUIDs taken as plain route values, not <c>{id:guid}</c>: with a constraint, a malformed id
    /// matches no endpoint at all, and a request without an endpoint gets the fallback policy's redirect to the login page
    /// instead of the surface's 404 (on a Public instance that login page does not exist). A bound <see cref="Guid"/> is then
    /// <see cref="Guid.Empty"/> and finds nothing; an optional one is null, which must not read as "a new entry": this says
    /// when the URL carried an id that is not one.
    /// </summary>
    public static bool MalformedId(this PageModel page, Guid? id) =>
        id is null && page.RouteData.Values.TryGetValue("id", out var value) && value is string { Length: > 0 };

    /// <summary>The service a page works on with its organisation and region, tracked; or 404 when the user may not see it.</summary>
    public static async Task<(DirectoryService? Service, IActionResult? Refusal)> ServiceAsync(this PageModel page, NimoDbContext db, Guid id, bool full, CancellationToken ct)
    {
        var scope = page.HttpContext.Scope();
        var query = db.DirectoryServices.VisibleTo(scope).Include(s => s.Organization).ThenInclude(o => o.Region).AsQueryable();
        if (full)
        {
            query = query.Include(s => s.Phones).Include(s => s.Schedules).Include(s => s.Areas).ThenInclude(a => a.Region).Include(s => s.Terms)
                .Include(s => s.Locations).ThenInclude(l => l.Location).Include(s => s.Documents).Include(s => s.Languages).AsSplitQuery();
        }

        var service = await query.SingleOrDefaultAsync(s => s.Id == id, ct);
        return service is null ? (null, page.NotFound()) : (service, null);
    }
}
