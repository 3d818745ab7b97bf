namespace Nimo.Features.Liaison;

/// <summary>
/// The addresses of 地域連携票 (Liaison) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class LiaisonLinks
{
    /// <summary>A liaison sheet.</summary>
    public static string Details(int sheetId) => $"/Liaison/Details/{sheetId}";

    /// <summary>Sending a sheet about a client.</summary>
    public static string Send(int clientId) => $"/Liaison/Send?clientId={clientId}";
}
