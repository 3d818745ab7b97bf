namespace Nimo.Features.Cases;

/// <summary>
/// The addresses of 支援ケース (Cases) pages that other features link to: a feature links across by these, so a page that moves
/// is changed here, once.
/// </summary>
public static class CaseLinks
{
    /// <summary>A support case.</summary>
    public static string Details(int caseId) => $"/Cases/Details/{caseId}";

    /// <summary>Opening a case for a client.</summary>
    public static string Open(int clientId) => $"/Cases/Open?clientId={clientId}";
}
