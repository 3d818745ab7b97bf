using Nimo.Platform.Scoping;

namespace Nimo.Features.Liaison;

public static class LiaisonAccess
{
    /// <summary>A sheet is the sender's and the receiver's: staff of those two organisations who handle personal data.</summary>
    public static IQueryable<LiaisonSheet> VisibleTo(this IQueryable<LiaisonSheet> sheets, UserScope scope)
    {
        if (!scope.HandlesPersonalData())
        {
            return sheets.Where(_ => false);
        }

        var org = scope.OrganizationId;
        return sheets.Where(s => s.FromOrganizationId == org || s.ToOrganizationId == org);
    }
}
