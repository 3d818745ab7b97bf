using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Organizations;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Admin.Users;

public sealed class EditModel(NimoDbContext db, UserManager<NimoUser> users, SignInThrottle throttle, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public UserInput Input { get; set; } = new();

    public List<Organization> OrganizationChoices { get; private set; } = [];
    public NimoUser? Existing { get; private set; }
    public bool IsNew => string.IsNullOrEmpty(Input.Id);
    /// <summary>A freshly generated password, shown once on this response and never stored in clear.</summary>
    public string? NewPassword { get; private set; }
    public List<ApiToken> Tokens { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();
    public bool Slowed { get; private set; }
    public List<UserChangeRequest> Pending { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        if (id is not null)
        {
            Existing = await users.FindByIdAsync(id);
            if (Existing is null)
            {
                return NotFound();
            }

            Input = new UserInput
            {
                Id = Existing.Id,
                UserName = Existing.UserName ?? "",
                DisplayName = Existing.DisplayName,
                OrganizationId = Existing.OrganizationId,
                Role = (await users.GetRolesAsync(Existing)).FirstOrDefault() ?? Roles.ReadOnly,
            };
        }

        await LoadChoicesAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        await LoadChoicesAsync();
        if (!Roles.All.Contains(Input.Role))
        {
            ModelState.AddModelError("Input.Role", "役割を選んでください。");
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == Input.OrganizationId))
        {
            ModelState.AddModelError("Input.OrganizationId", "所属機関を選んでください。");
        }

        if (!ModelState.IsValid)
        {
            await LoadExistingAsync();
            return Page();
        }

        var scope = HttpContext.Scope();
        var now = clock.GetUtcNow();
        if (IsNew)
        {
            if (UserChangeRequest.NeedsSecondAdministrator(Input.Role))
            {
                // Nothing is created until another administrator agrees: the account would be a way in for whoever made it.
                var userName = Input.UserName.Trim();
                if (await users.FindByNameAsync(userName) is not null || await db.UserChangeRequests.AnyAsync(r => r.UserName == userName && r.State == UserChangeState.Pending))
                {
                    ModelState.AddModelError("Input.UserName", $"利用者名「{userName}」は既に使われているか、承認待ちです。");
                    return Page();
                }

                return await RequestAsync(UserChangeRequest.For(UserChangeKind.Create, null, userName, Input.DisplayName.Trim(), Input.OrganizationId, Input.Role, scope, now),
                    $"利用者「{userName}」({Roles.Label(Input.Role)})の追加を承認待ちにしました。別のシステム管理者が承認すると作成され、承認した人に初期パスワードが表示されます。",
                    "/Admin/Approvals");
            }

            var (created, password, result) = await AccountChanges.CreateAsync(users, audit, Input.UserName, Input.DisplayName, Input.OrganizationId, Input.Role, now, null);
            if (created is null)
            {
                AddErrors(result);
                return Page();
            }

            Existing = created;
            Input.Id = created.Id;
            NewPassword = password;
            return Page();
        }

        var existing = await users.FindByIdAsync(Input.Id!);
        if (existing is null)
        {
            return NotFound();
        }

        var currentRole = (await users.GetRolesAsync(existing)).FirstOrDefault();
        var scopeChanges = currentRole != Input.Role || existing.OrganizationId != Input.OrganizationId;
        if (scopeChanges && existing.Id == scope.UserId)
        {
            // The review's admin made itself MunicipalStaff of a 保健所 and read 28 clients.
            ModelState.AddModelError("Input.Role", "自分自身の役割と所属機関は変更できません。変更が必要なら別のシステム管理者に依頼してください。");
            Existing = existing;
            return Page();
        }

        existing.DisplayName = Input.DisplayName.Trim();
        var renamed = await users.UpdateAsync(existing);
        if (!renamed.Succeeded)
        {
            AddErrors(renamed);
            Existing = existing;
            return Page();
        }

        if (UserChangeRequest.IsGrant(currentRole, existing.OrganizationId, Input.Role, Input.OrganizationId))
        {
            return await RequestAsync(UserChangeRequest.For(UserChangeKind.Update, existing.Id, existing.UserName ?? "", existing.DisplayName, Input.OrganizationId, Input.Role, scope, now),
                $"利用者「{existing.UserName}」の表示名を保存し、役割・所属の変更({Roles.Label(Input.Role)})を承認待ちにしました。別のシステム管理者が承認すると反映されます。",
                null, existing.Id);
        }

        if (scopeChanges)
        {
            var update = await AccountChanges.SetRoleAsync(users, db, audit, existing, Input.Role, Input.OrganizationId, null);
            if (!update.Succeeded)
            {
                AddErrors(update);
                Existing = existing;
                return Page();
            }
        }
        else
        {
            await audit.WriteAsync(AuditActions.UserUpdated, "User", existing.Id, detail: "display name");
        }

        TempData[PageWrites.MessageKey] = $"利用者「{existing.UserName}」を保存しました。";
        return RedirectToPage(new { id = existing.Id });
    }

    /// <summary>Stores a request for a second administrator and records who asked.</summary>
    private async Task<IActionResult> RequestAsync(UserChangeRequest request, string message, string? page, string? userId = null)
    {
        db.UserChangeRequests.Add(request);
        await db.SaveChangesAsync();
        await audit.WriteAsync(AuditActions.UserChangeRequested, "UserChangeRequest", request.Id,
            detail: $"{request.Kind} {request.UserName} role={request.Role} org={request.OrganizationId}");
        TempData[PageWrites.MessageKey] = message;
        return page is null ? RedirectToPage(new { id = userId }) : Redirect(page);
    }

    public async Task<IActionResult> OnPostDisableAsync() => await ChangeAsync(async user =>
    {
        if (user.Id == HttpContext.Scope().UserId)
        {
            return "自分自身は停止できません。";
        }

        user.IsDisabled = true;
        await users.UpdateSecurityStampAsync(user);
        var ended = await DbTicketStore.EndAllAsync(db, user.Id);
        await audit.WriteAsync(AuditActions.UserDisabled, "User", user.Id, detail: $"{ended} sessions ended");
        // Revoked, not only refused while disabled: enabling the account again must not bring its tokens back.
        var revoked = await ApiTokens.RevokeAllAsync(db, audit, user, clock.GetUtcNow(), "user disabled");
        return revoked > 0
            ? $"利用者「{user.UserName}」を停止し、{ended}件のセッションを終了し、APIトークン{revoked}件を失効させました。"
            : $"利用者「{user.UserName}」を停止し、{ended}件のセッションを終了しました。";
    });

    public async Task<IActionResult> OnPostEnableAsync() => await ChangeAsync(async user =>
    {
        user.IsDisabled = false;
        await users.UpdateAsync(user);
        await throttle.ClearAsync(user);
        await audit.WriteAsync(AuditActions.UserEnabled, "User", user.Id);
        return $"利用者「{user.UserName}」を利用可能にしました。";
    });

    /// <summary>Forgets the failed sign-ins that slow this user down (after the person has called and been identified).</summary>
    public async Task<IActionResult> OnPostClearThrottleAsync() => await ChangeAsync(async user =>
    {
        var cleared = await throttle.ClearAsync(user);
        await audit.WriteAsync(AuditActions.UserUpdated, "User", user.Id, detail: $"sign-in throttle cleared ({cleared} rows)");
        return $"利用者「{user.UserName}」のログインの一時制限を解除しました。";
    });

    public async Task<IActionResult> OnPostResetTwoFactorAsync()
    {
        var user = await users.FindByIdAsync(Input.Id ?? "");
        if (user is null)
        {
            return NotFound();
        }

        // Removing someone's second factor and then their password is how an administrator would sign in as them.
        if (UserChangeRequest.NeedsSecondAdministrator((await users.GetRolesAsync(user)).FirstOrDefault() ?? ""))
        {
            return await RequestAsync(For(UserChangeKind.ResetTwoFactor, user, (await users.GetRolesAsync(user)).First()),
                $"利用者「{user.UserName}」の二要素認証の解除を承認待ちにしました。別のシステム管理者が承認すると解除されます。", null, user.Id);
        }

        await AccountChanges.ResetTwoFactorAsync(users, db, audit, user, null);
        TempData[PageWrites.MessageKey] = $"利用者「{user.UserName}」の二要素認証を解除しました(次回ログイン時に設定し直します)。";
        return RedirectToPage(new { id = user.Id });
    }

    public async Task<IActionResult> OnPostResetPasswordAsync()
    {
        // This form sends only Input.Id: the rest of Input is not part of it, and its "required" errors would be shown
        // beside the new password as if the reset had failed.
        ModelState.Clear();
        var user = await users.FindByIdAsync(Input.Id ?? "");
        if (user is null)
        {
            return NotFound();
        }

        var role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "";
        if (UserChangeRequest.NeedsSecondAdministrator(role))
        {
            return await RequestAsync(For(UserChangeKind.ResetPassword, user, role),
                $"利用者「{user.UserName}」のパスワード再発行を承認待ちにしました。別のシステム管理者が承認すると、その人に新しいパスワードが表示されます。", null, user.Id);
        }

        var (password, result) = await AccountChanges.ResetPasswordAsync(users, db, audit, user, clock.GetUtcNow(), null);
        if (!result.Succeeded)
        {
            AddErrors(result);
        }

        NewPassword = password;
        Existing = user;
        await LoadChoicesAsync();
        return Page();
    }

    private UserChangeRequest For(UserChangeKind kind, NimoUser user, string role) =>
        UserChangeRequest.For(kind, user.Id, user.UserName ?? "", user.DisplayName, user.OrganizationId, role, HttpContext.Scope(), clock.GetUtcNow());

    /// <summary>Revokes one API token of the user on this page.</summary>
    public async Task<IActionResult> OnPostRevokeTokenAsync(int tokenId)
    {
        var token = await db.ApiTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == Input.Id);
        if (token is null)
        {
            return NotFound();
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            audit.Add(AuditActions.ApiTokenRevoked, "ApiToken", token.Prefix, detail: $"for {token.User.UserName}, by admin");
            await db.SaveChangesAsync();
        }

        TempData[PageWrites.MessageKey] = $"利用者「{token.User.UserName}」のAPIトークン「{token.Name}」({token.Prefix}…)を失効させました。";
        return RedirectToPage(new { id = token.UserId });
    }

    private async Task<IActionResult> ChangeAsync(Func<NimoUser, Task<string>> change)
    {
        var user = await users.FindByIdAsync(Input.Id ?? "");
        if (user is null)
        {
            return NotFound();
        }

        TempData[PageWrites.MessageKey] = await change(user);
        return RedirectToPage(new { id = user.Id });
    }

    private async Task LoadExistingAsync()
    {
        if (!IsNew)
        {
            Existing = await users.FindByIdAsync(Input.Id!);
        }
    }

    private async Task LoadChoicesAsync()
    {
        OrganizationChoices = await db.Organizations.AsNoTracking().Include(o => o.Region).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync();
        if (!string.IsNullOrEmpty(Input.Id))
        {
            Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == Input.Id).OrderByDescending(t => t.Id).ToListAsync();
            Slowed = await users.FindByIdAsync(Input.Id) is { } shown && await throttle.IsSlowedAsync(shown);
            Pending = await db.UserChangeRequests.AsNoTracking().Where(r => r.TargetUserId == Input.Id && r.State == UserChangeState.Pending).OrderBy(r => r.Id).ToListAsync();
        }
    }

    private void AddErrors(IdentityResult result)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(string.Empty, error.Description);
        }
    }

    public sealed class UserInput
    {
        public string? Id { get; set; }

        [Required(ErrorMessage = "利用者名を入力してください。")]
        [RegularExpression(@"^[A-Za-z0-9\-._@]{2,64}$", ErrorMessage = "利用者名は半角英数字と「-._@」で2〜64文字にしてください。")]
        [Display(Name = "利用者名(ログインID)")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "表示名を入力してください。")]
        [StringLength(100, ErrorMessage = "表示名は100文字以内にしてください。")]
        [Display(Name = "表示名")]
        public string DisplayName { get; set; } = "";

        [Display(Name = "所属機関")]
        public int OrganizationId { get; set; }

        [Display(Name = "役割")]
        public string Role { get; set; } = Roles.ReadOnly;
    }
}
