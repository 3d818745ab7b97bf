namespace Nimo.Features.Profiles;

/// <summary>
/// The addresses of 基礎情報 (Profiles) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class ProfileLinks
{
    /// <summary>A region's 基礎情報 over the years.</summary>
    public static string Region(int regionId) => $"/Profiles/Region/{regionId}";
}
