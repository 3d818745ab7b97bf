using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

public static class ProfileQueries
{
    /// <summary>
    /// Regions whose 基礎情報 the user may read: every region of their own prefecture. The figures are published
    /// aggregate statistics (no person in them), and comparing a municipality with its neighbours is the point;
    /// editing stays within the user's own subtree (<see cref="RegionQueries.EditableBy"/>).
    /// </summary>
    public static IQueryable<Region> StatisticsVisibleTo(this IQueryable<Region> regions, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return regions;
        }

        var prefecture = PrefecturePath(scope.RegionPath);
        return prefecture.Length == 0 ? regions.Where(_ => false) : regions.Where(r => r.Path.StartsWith(prefecture));
    }

    public static IQueryable<RegionProfile> VisibleTo(this IQueryable<RegionProfile> profiles, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return profiles;
        }

        var prefecture = PrefecturePath(scope.RegionPath);
        return prefecture.Length == 0 ? profiles.Where(_ => false) : profiles.Where(p => p.Region.Path.StartsWith(prefecture));
    }

    public static bool CanEditProfile(this UserScope scope, Region region) => scope.CanEdit(region);

    /// <summary>"/ab12cd/" of "/ab12cd/ef34gh/…": the root of the tree the path belongs to.</summary>
    public static string PrefecturePath(string path)
    {
        var end = path.Length > 1 ? path.IndexOf('/', 1) : -1;
        return end > 0 ? path[..(end + 1)] : "";
    }

    /// <summary>The newest profile of each region (at or before <paramref name="year"/> when given), with figures.</summary>
    public static async Task<Dictionary<int, RegionProfile>> LatestByRegionAsync(this NimoDbContext db, IReadOnlyCollection<int> regionIds, int? year, CancellationToken ct)
    {
        var profiles = await db.RegionProfiles.AsNoTracking()
            .Where(p => regionIds.Contains(p.RegionId) && (year == null || p.FiscalYear <= year))
            .Include(p => p.Figures).ThenInclude(f => f.AreaRegion)
            .ToListAsync(ct);
        return profiles.GroupBy(p => p.RegionId).ToDictionary(g => g.Key, g => g.MaxBy(p => p.FiscalYear)!);
    }
}
