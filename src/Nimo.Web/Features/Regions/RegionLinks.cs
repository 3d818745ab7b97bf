namespace Nimo.Features.Regions;

/// <summary>
/// The addresses of 地域 (Regions) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class RegionLinks
{
    /// <summary>A region.</summary>
    public static string Details(int regionId) => $"/Regions/Details/{regionId}";
}
