namespace Nimo.Features.Organizations;

/// <summary>
/// The addresses of 機関・部署 (Organizations) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class OrganizationLinks
{
    /// <summary>An organisation.</summary>
    public static string Details(int organizationId) => $"/Organizations/Details/{organizationId}";

    /// <summary>Adding an organisation in a region.</summary>
    public static string New(int regionId) => $"/Organizations/Edit?regionId={regionId}";

    /// <summary>Adding a department in a region.</summary>
    public static string NewDepartment(int regionId) => $"/Organizations/Departments/Edit?regionId={regionId}";

    /// <summary>Editing a department.</summary>
    public static string EditDepartment(int departmentId) => $"/Organizations/Departments/Edit/{departmentId}";
}
