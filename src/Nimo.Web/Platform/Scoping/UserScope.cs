using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;

namespace Nimo.Platform.Scoping;

/// <summary>
/// Who the current user is in the region tree: their organisation, its region's path and their role.
/// Every list query filters through this (the VisibleTo extensions in each feature).
/// </summary>
public sealed class UserScope
{
    public static readonly UserScope Anonymous = new("", "", "", 0, "", 0, "", "", [], false);

    public UserScope(string userId, string userName, string role, int organizationId, string organizationName,
        int regionId, string regionName, string regionPath, IReadOnlyList<string> ancestorPaths, bool twoFactorEnabled)
    {
        TwoFactorEnabled = twoFactorEnabled;
        UserId = userId;
        UserName = userName;
        Role = role;
        OrganizationId = organizationId;
        OrganizationName = organizationName;
        RegionId = regionId;
        RegionName = regionName;
        RegionPath = regionPath;
        AncestorPaths = ancestorPaths;
    }

    public string UserId { get; }
    public string UserName { get; }
    public string Role { get; }
    public int OrganizationId { get; }
    public string OrganizationName { get; }
    public int RegionId { get; }
    public string RegionName { get; }
    /// <summary>Path of the user's organisation's region: the root of everything they may work on.</summary>
    public string RegionPath { get; }
    /// <summary>Paths of the regions above the user's own, which they may read but not edit.</summary>
    public IReadOnlyList<string> AncestorPaths { get; }

    public bool TwoFactorEnabled { get; }
    public string RoleLabel => Roles.Label(Role);
    public bool IsAuthenticated => UserId.Length > 0;
    public bool IsAdmin => Role == Roles.Admin;
    public bool CanEditMasterData => Roles.CanEditMasterData(Role);

    /// <summary>Staff of an organisation whose role reaches 要配慮個人情報 (<see cref="Roles.Grants"/>); what records they see is ClientAccess's rule.</summary>
    public bool HandlesPersonalData() => OrganizationId > 0 && Roles.Has(Role, Capability.PersonalData);

    /// <summary>True when the region at <paramref name="path"/> is the user's own region or below it.</summary>
    public bool Covers(string path) => IsAdmin || (RegionPath.Length > 0 && path.StartsWith(RegionPath, StringComparison.Ordinal));

    public bool CanRead(string path) => Covers(path) || AncestorPaths.Contains(path);

    public static IReadOnlyList<string> AncestorsOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var list = new List<string>();
        for (var i = 1; i < segments.Length; i++)
        {
            list.Add("/" + string.Join('/', segments.Take(i)) + "/");
        }

        return list;
    }

    public static async Task<UserScope?> LoadAsync(NimoDbContext db, string userId, CancellationToken ct)
    {
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && !u.IsDisabled)
            .Select(u => new
            {
                u.Id,
                u.UserName,
                u.OrganizationId,
                u.TwoFactorEnabled,
                OrganizationName = u.Organization.Name,
                u.Organization.RegionId,
                RegionName = u.Organization.Region.Name,
                RegionPath = u.Organization.Region.Path,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        return row is null
            ? null
            : new UserScope(row.Id, row.UserName ?? "", row.Role ?? Roles.ReadOnly, row.OrganizationId, row.OrganizationName,
                row.RegionId, row.RegionName, row.RegionPath, AncestorsOf(row.RegionPath), row.TwoFactorEnabled);
    }
}

public static class UserScopeHttpExtensions
{
    private static readonly object Key = new();

    public static UserScope Scope(this HttpContext context) =>
        context.Items.TryGetValue(Key, out var scope) && scope is UserScope s ? s : UserScope.Anonymous;

    /// <summary>
    /// Loads the scope once per request after authentication. A user disabled since sign-in has no scope
    /// and is treated as signed out, even if a session row survived.
    /// </summary>
    public static IApplicationBuilder UseUserScope(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null)
        {
            // Read within the last 750 ms by this instance, or from the database (SessionCache: a disabled user or a
            // changed role reaches every instance within a second, this one at once).
            var scope = SessionCache.Scope(userId);
            if (scope is null)
            {
                var generation = SessionCache.Generation;
                var db = context.RequestServices.GetRequiredService<NimoDbContext>();
                scope = await UserScope.LoadAsync(db, userId, context.RequestAborted);
                if (scope is not null)
                {
                    SessionCache.Keep(userId, scope, generation);
                }
            }

            if (scope is null)
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                context.Items[Key] = scope;
            }
        }

        await next();
    });
}
