using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// 閲覧記録の確認者: the staff member (in a role that handles personal data) whom the system administrator designates to
/// read 「閲覧記録」 for their own organisation's clients (ADR 0005). Stored as a claim on the user whose value is the
/// organisation, so that moving the user to another organisation ends the designation by itself.
/// </summary>
public static class AccessReviewers
{
    public const string ClaimType = "nimo:access-reviewer";

    public static string ClaimValue(int organizationId) => organizationId.ToString(CultureInfo.InvariantCulture);

    /// <summary>True for a designated reviewer of the user's own organisation, read from the database on every request.</summary>
    public static Task<bool> IsReviewerAsync(NimoDbContext db, UserScope scope, CancellationToken ct)
    {
        if (!scope.HandlesPersonalData())
        {
            return Task.FromResult(false);
        }

        var value = ClaimValue(scope.OrganizationId);
        return db.UserClaims.AnyAsync(c => c.UserId == scope.UserId && c.ClaimType == ClaimType && c.ClaimValue == value, ct);
    }
}
