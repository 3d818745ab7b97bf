using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations;

public static class OrganizationQueries
{
    /// <summary>
    /// Organisations the user may read: those in their own region's subtree, and those of the regions directly
    /// above it (the prefecture's centres, the area's 保健所). Another municipality's organisations are not listed.
    /// </summary>
    public static IQueryable<Organization> VisibleTo(this IQueryable<Organization> organizations, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return organizations;
        }

        var root = scope.RegionPath;
        var ancestors = scope.AncestorPaths.ToList();
        return root.Length == 0
            ? organizations.Where(_ => false)
            : organizations.Where(o => o.Region.Path.StartsWith(root) || ancestors.Contains(o.Region.Path));
    }

    public static IQueryable<Department> VisibleTo(this IQueryable<Department> departments, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return departments;
        }

        var root = scope.RegionPath;
        var ancestors = scope.AncestorPaths.ToList();
        return root.Length == 0
            ? departments.Where(_ => false)
            : departments.Where(d => d.Region.Path.StartsWith(root) || ancestors.Contains(d.Region.Path));
    }

    public static bool CanEdit(this UserScope scope, Organization organization) =>
        scope.CanEditMasterData && scope.Covers(organization.Region.Path);

    public static bool CanEdit(this UserScope scope, Department department) =>
        scope.CanEditMasterData && scope.Covers(department.Region.Path);
}
