using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Admin.Users;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Admin.Approvals;

/// <summary>
/// 承認待ちの変更: changes to accounts that one administrator asked for and a second must approve (four eyes). Approving
/// applies the change; the initial or new password of an approved account is shown once, to the approver.
/// </summary>
public sealed class IndexModel(NimoDbContext db, UserManager<NimoUser> users, AuditLog audit, TimeProvider clock) : PageModel
{
    public List<UserChangeRequest> Pending { get; private set; } = [];
    public List<UserChangeRequest> Decided { get; private set; } = [];
    public Dictionary<int, string> Organizations { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>Shown once after approving an account or a password reset; never stored in clear.</summary>
    public (string UserName, string Password)? Issued { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public string Me => HttpContext.Scope().UserId;

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostApproveAsync(int requestId)
    {
        var request = await db.UserChangeRequests.SingleOrDefaultAsync(r => r.Id == requestId);
        if (request is null)
        {
            return NotFound();
        }

        var scope = HttpContext.Scope();
        var now = clock.GetUtcNow();
        try
        {
            request.Approve(scope, now);
        }
        catch (DomainRuleException e)
        {
            return await ShowAsync(e.Message);
        }

        var approval = AccountChanges.Approval(request);
        var target = request.TargetUserId is null ? null : await users.FindByIdAsync(request.TargetUserId);
        if (request.Kind != UserChangeKind.Create && target is null)
        {
            return await ShowAsync("対象の利用者が見つかりません。");
        }

        IdentityResult result;
        switch (request.Kind)
        {
            case UserChangeKind.Create:
                var (created, password, createdResult) = await AccountChanges.CreateAsync(users, audit, request.UserName, request.DisplayName, request.OrganizationId, request.Role, now, approval);
                result = createdResult;
                if (created is not null)
                {
                    request.Created(created.Id);
                    Issued = (created.UserName ?? "", password!);
                }

                break;
            case UserChangeKind.Update:
                result = await AccountChanges.SetRoleAsync(users, db, audit, target!, request.Role, request.OrganizationId, approval);
                break;
            case UserChangeKind.ResetPassword:
                var (newPassword, resetResult) = await AccountChanges.ResetPasswordAsync(users, db, audit, target!, now, approval);
                result = resetResult;
                if (newPassword is not null)
                {
                    Issued = (target!.UserName ?? "", newPassword);
                }

                break;
            default:
                await AccountChanges.ResetTwoFactorAsync(users, db, audit, target!, approval);
                result = IdentityResult.Success;
                break;
        }

        if (!result.Succeeded)
        {
            // The request stays pending; the account is as it was.
            db.ChangeTracker.Clear();
            return await ShowAsync(string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        audit.Add(AuditActions.UserChangeApproved, "UserChangeRequest", request.Id,
            detail: $"{request.Kind} {request.UserName} role={request.Role} org={request.OrganizationId}, requested by {request.RequestedByName}");
        await db.SaveChangesAsync();
        if (Issued is not null)
        {
            // The password is in this response only.
            return await ShowAsync(null);
        }

        TempData[PageWrites.MessageKey] = $"承認し、反映しました(「{request.UserName}」: {request.KindLabel})。";
        return RedirectToPage();
    }

    /// <summary>Another administrator refuses, or the one who asked withdraws; nothing changes either way.</summary>
    public async Task<IActionResult> OnPostRejectAsync(int requestId)
    {
        var request = await db.UserChangeRequests.SingleOrDefaultAsync(r => r.Id == requestId);
        if (request is null)
        {
            return NotFound();
        }

        try
        {
            request.Reject(HttpContext.Scope(), clock.GetUtcNow());
        }
        catch (DomainRuleException e)
        {
            return await ShowAsync(e.Message);
        }

        var withdrawn = request.RequestedById == HttpContext.Scope().UserId;
        audit.Add(AuditActions.UserChangeRejected, "UserChangeRequest", request.Id,
            detail: $"{request.Kind} {request.UserName} role={request.Role}, {(withdrawn ? "withdrawn" : "rejected")}, requested by {request.RequestedByName}");
        await db.SaveChangesAsync();
        TempData[PageWrites.MessageKey] = withdrawn ? $"「{request.UserName}」の{request.KindLabel}の依頼を取り下げました。" : $"却下しました(「{request.UserName}」: {request.KindLabel})。";
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(string? error)
    {
        Error = error;
        db.ChangeTracker.Clear();
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        var since = Now.AddDays(-30);
        Pending = await db.UserChangeRequests.AsNoTracking().Where(r => r.State == UserChangeState.Pending).OrderBy(r => r.Id).ToListAsync();
        Decided = await db.UserChangeRequests.AsNoTracking().Where(r => r.State != UserChangeState.Pending && r.DecidedAt > since).OrderByDescending(r => r.Id).Take(50).ToListAsync();
        var ids = Pending.Concat(Decided).Select(r => r.OrganizationId).Distinct().ToList();
        Organizations = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name);
    }
}
