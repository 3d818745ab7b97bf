using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// The registered organisations a caseworker picks from (共有先, 会議の参加者の所属, 支援を担当する機関): those of the
/// user's prefecture, where a person's hospital, 保健所 and 相談支援事業所 are. Anything else is typed as free text.
/// </summary>
public static class OrganizationChoices
{
    public static async Task<IReadOnlyList<Organization>> ForCaseworkAsync(NimoDbContext db, UserScope scope, bool includeOwn, CancellationToken ct)
    {
        var prefecture = Profiles.ProfileQueries.PrefecturePath(scope.RegionPath);
        if (prefecture.Length == 0)
        {
            return [];
        }

        var own = scope.OrganizationId;
        return await db.Organizations.AsNoTracking().Include(o => o.Region)
            .Where(o => o.Region.Path.StartsWith(prefecture) && (includeOwn || o.Id != own))
            .OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
    }

    /// <summary>The choices grouped by kind, in the order of the kinds, for a select's option groups.</summary>
    public static IEnumerable<IGrouping<OrganizationKind, Organization>> ByKind(IEnumerable<Organization> organizations) =>
        organizations.GroupBy(o => o.Kind).OrderBy(g => g.Key);
}
