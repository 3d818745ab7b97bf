namespace Nimo.Features.Clients;

/// <summary>
/// The addresses of 対象者 (Clients) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class ClientLinks
{
    /// <summary>The client's record.</summary>
    public static string Details(int clientId) => $"/Clients/Details/{clientId}";

    /// <summary>Recording the client's consent.</summary>
    public static string Consent(int clientId) => $"/Clients/Consent/{clientId}";
}
