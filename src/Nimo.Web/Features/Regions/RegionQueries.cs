using Nimo.Platform.Scoping;

namespace Nimo.Features.Regions;

public static class RegionQueries
{
    /// <summary>Regions the user may read: their own subtree plus the chain of regions above it.</summary>
    public static IQueryable<Region> VisibleTo(this IQueryable<Region> regions, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return regions;
        }

        var root = scope.RegionPath;
        var ancestors = scope.AncestorPaths.ToList();
        return root.Length == 0
            ? regions.Where(_ => false)
            : regions.Where(r => r.Path.StartsWith(root) || ancestors.Contains(r.Path));
    }

    /// <summary>The user's own region and everything below it.</summary>
    public static IQueryable<Region> Within(this IQueryable<Region> regions, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return regions;
        }

        var root = scope.RegionPath;
        return root.Length == 0 ? regions.Where(_ => false) : regions.Where(r => r.Path.StartsWith(root));
    }

    /// <summary>Regions the user may change: only inside their own subtree, and only with an editing role.</summary>
    public static IQueryable<Region> EditableBy(this IQueryable<Region> regions, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return regions;
        }

        var root = scope.RegionPath;
        return !scope.CanEditMasterData || root.Length == 0 ? regions.Where(_ => false) : regions.Where(r => r.Path.StartsWith(root));
    }

    public static bool CanEdit(this UserScope scope, Region region) => scope.CanEditMasterData && scope.Covers(region.Path);
}
