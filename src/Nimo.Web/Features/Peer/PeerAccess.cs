using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer;

/// <summary>
/// Who may do what with the peer registry (docs/decisions/0016):
/// <list type="bullet">
/// <item>coordinate a registry (its supporters, with their lived experience; its requests, offers, reports and statements):
/// staff of the registry's owner or its 委託先, in a role that handles personal data (two-factor sign-in);</item>
/// <item>a peer supporter: their own offers, schedule, reports and statements, through the supporter record linked to their
/// account, and nothing else (ADR 0015);</item>
/// <item>the rate table and the categories: the system administrator (master data; no supporter's record).</item>
/// </list>
/// </summary>
public static class PeerAccess
{
    public const string CoordinatorPolicy = "PeerCoordinator";
    public const string SupporterPolicy = "PeerSupporterSelf";

    /// <summary>The folder policy: a role that handles personal data, in an organisation. Which registries: the VisibleTo filters below.</summary>
    public static bool MayCoordinate(UserScope scope) => scope.HandlesPersonalData();

    public static bool IsSupporter(UserScope scope) => scope.IsAuthenticated && scope.Role == Roles.PeerSupporter;

    public static IQueryable<PeerProgramme> VisibleTo(this IQueryable<PeerProgramme> programmes, UserScope scope)
    {
        if (!MayCoordinate(scope))
        {
            return programmes.Where(_ => false);
        }

        var org = scope.OrganizationId;
        return programmes.Where(p => p.OwnerOrganizationId == org || p.OperatorOrganizationId == org);
    }

    public static IQueryable<PeerRequest> VisibleTo(this IQueryable<PeerRequest> requests, UserScope scope)
    {
        if (MayCoordinate(scope))
        {
            var org = scope.OrganizationId;
            return requests.Where(r => r.Programme.OwnerOrganizationId == org || r.Programme.OperatorOrganizationId == org);
        }

        if (IsSupporter(scope))
        {
            // A supporter sees the requests they were offered, and only while an offer to them exists.
            var user = scope.UserId;
            return requests.Where(r => r.Dispatches.Any(d => d.Supporter.UserId == user));
        }

        return requests.Where(_ => false);
    }

    public static IQueryable<PeerDispatch> VisibleTo(this IQueryable<PeerDispatch> dispatches, UserScope scope)
    {
        if (MayCoordinate(scope))
        {
            var org = scope.OrganizationId;
            return dispatches.Where(d => d.Request.Programme.OwnerOrganizationId == org || d.Request.Programme.OperatorOrganizationId == org);
        }

        if (IsSupporter(scope))
        {
            var user = scope.UserId;
            return dispatches.Where(d => d.Supporter.UserId == user);
        }

        return dispatches.Where(_ => false);
    }

    public static IQueryable<PeerSupporter> VisibleTo(this IQueryable<PeerSupporter> supporters, UserScope scope)
    {
        if (MayCoordinate(scope))
        {
            var org = scope.OrganizationId;
            return supporters.Where(s => s.Programme.OwnerOrganizationId == org || s.Programme.OperatorOrganizationId == org);
        }

        var user = scope.UserId;
        return IsSupporter(scope) ? supporters.Where(s => s.UserId == user) : supporters.Where(_ => false);
    }

    /// <summary>The supporter record of the signed-in peer supporter, or null.</summary>
    public static Task<PeerSupporter?> MineAsync(NimoDbContext db, UserScope scope, CancellationToken ct) =>
        IsSupporter(scope)
            ? db.PeerSupporters.Include(s => s.Programme).FirstOrDefaultAsync(s => s.UserId == scope.UserId, ct)
            : Task.FromResult<PeerSupporter?>(null);
}
