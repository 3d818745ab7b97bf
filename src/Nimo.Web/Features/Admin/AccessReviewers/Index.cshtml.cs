using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;

namespace Nimo.Features.Admin.AccessReviewers;

/// <summary>
/// 閲覧記録の確認者: the system administrator designates, per organisation, the staff who may read 「閲覧記録」 of that
/// organisation's clients. Only staff in a role that handles personal data can be designated, so an administrator cannot
/// designate itself (and so read client names); the designation follows the user's organisation and is audited.
/// </summary>
public sealed class IndexModel(NimoDbContext db, UserManager<NimoUser> users, AuditLog audit) : PageModel
{
    public sealed record Reviewer(string UserName, string DisplayName, string Organization, string Role, bool Effective);

    public IReadOnlyList<Reviewer> Reviewers { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(string? userName, CancellationToken ct)
    {
        var user = userName is null ? null : await users.FindByNameAsync(userName.Trim());
        var role = user is null ? null : (await users.GetRolesAsync(user)).FirstOrDefault();
        if (user is null || user.IsDisabled)
        {
            Error = "その利用者名の利用者はいません(停止中の利用者は指定できません)。";
        }
        else if (role is not (Roles.MunicipalStaff or Roles.PrefectureStaff or Roles.PartnerStaff))
        {
            Error = "閲覧記録の確認者には、個人情報を扱う役割(保健所・市区町村担当、都道府県担当、関係機関職員)の利用者だけを指定できます。";
        }

        if (Error is not null)
        {
            await LoadAsync(ct);
            return Page();
        }

        var claims = await users.GetClaimsAsync(user!);
        foreach (var old in claims.Where(c => c.Type == Clients.AccessReviewers.ClaimType))
        {
            await users.RemoveClaimAsync(user!, old);
        }

        await users.AddClaimAsync(user!, new System.Security.Claims.Claim(Clients.AccessReviewers.ClaimType, Clients.AccessReviewers.ClaimValue(user!.OrganizationId)));
        await audit.WriteAsync(AuditActions.UserUpdated, "User", user.Id, detail: $"閲覧記録の確認者に指定 org={user.OrganizationId}", ct: ct);
        TempData[PageWrites.MessageKey] = $"{user.UserName} を、所属する機関の閲覧記録の確認者に指定しました。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? userName, CancellationToken ct)
    {
        var user = userName is null ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            return NotFound();
        }

        foreach (var old in (await users.GetClaimsAsync(user)).Where(c => c.Type == Clients.AccessReviewers.ClaimType))
        {
            await users.RemoveClaimAsync(user, old);
        }

        await audit.WriteAsync(AuditActions.UserUpdated, "User", user.Id, detail: "閲覧記録の確認者の指定を解除", ct: ct);
        TempData[PageWrites.MessageKey] = $"{user.UserName} の閲覧記録の確認者の指定を解除しました。";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var rows = await (from c in db.UserClaims
                          where c.ClaimType == Clients.AccessReviewers.ClaimType
                          join u in db.Users on c.UserId equals u.Id
                          select new
                          {
                              u.UserName, u.DisplayName, u.IsDisabled, u.OrganizationId, Organization = u.Organization.Name, c.ClaimValue,
                              Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
                          }).OrderBy(r => r.Organization).ThenBy(r => r.UserName).ToListAsync(ct);
        Reviewers = [.. rows.Select(r => new Reviewer(r.UserName ?? "", r.DisplayName, r.Organization, Roles.Label(r.Role ?? ""),
            !r.IsDisabled && r.ClaimValue == Clients.AccessReviewers.ClaimValue(r.OrganizationId) && r.Role is Roles.MunicipalStaff or Roles.PrefectureStaff or Roles.PartnerStaff))];
    }
}
