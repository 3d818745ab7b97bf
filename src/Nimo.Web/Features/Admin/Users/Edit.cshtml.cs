using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Cli;
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

        if (IsNew)
        {
            var user = new NimoUser { UserName = Input.UserName.Trim(), DisplayName = Input.DisplayName.Trim(), OrganizationId = Input.OrganizationId, CreatedAt = clock.GetUtcNow() };
            var password = PasswordGenerator.Generate();
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, Input.Role);
            }

            if (!result.Succeeded)
            {
                AddErrors(result);
                return Page();
            }

            await audit.WriteAsync(AuditActions.UserCreated, "User", user.Id, detail: $"{user.UserName} role={Input.Role} org={Input.OrganizationId}");
            Existing = user;
            Input.Id = user.Id;
            NewPassword = password;
            return Page();
        }

        var existing = await users.FindByIdAsync(Input.Id!);
        if (existing is null)
        {
            return NotFound();
        }

        var changedScope = existing.OrganizationId != Input.OrganizationId;
        existing.DisplayName = Input.DisplayName.Trim();
        existing.OrganizationId = Input.OrganizationId;
        var update = await users.UpdateAsync(existing);
        var currentRoles = await users.GetRolesAsync(existing);
        if (update.Succeeded && !currentRoles.SequenceEqual([Input.Role]))
        {
            changedScope = true;
            update = await users.RemoveFromRolesAsync(existing, currentRoles);
            if (update.Succeeded)
            {
                update = await users.AddToRoleAsync(existing, Input.Role);
            }
        }

        if (!update.Succeeded)
        {
            AddErrors(update);
            Existing = existing;
            return Page();
        }

        // A new role or organisation changes what the user may see: their open sessions must not keep the old view.
        if (changedScope)
        {
            await DbTicketStore.EndAllAsync(db, existing.Id);
        }

        await audit.WriteAsync(AuditActions.UserUpdated, "User", existing.Id, detail: $"role={Input.Role} org={Input.OrganizationId}");
        TempData["Message"] = $"利用者「{existing.UserName}」を保存しました。";
        return RedirectToPage(new { id = existing.Id });
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

    public async Task<IActionResult> OnPostResetTwoFactorAsync() => await ChangeAsync(async user =>
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        var ended = await DbTicketStore.EndAllAsync(db, user.Id);
        await audit.WriteAsync(AuditActions.TwoFactorReset, "User", user.Id, detail: "by admin");
        return $"利用者「{user.UserName}」の二要素認証を解除しました(次回ログイン時に設定し直します)。";
    });

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

        var password = PasswordGenerator.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            AddErrors(result);
        }
        else
        {
            await DbTicketStore.EndAllAsync(db, user.Id);
            await audit.WriteAsync(AuditActions.PasswordChanged, "User", user.Id, detail: "reset by admin");
            await ApiTokens.RevokeAllAsync(db, audit, user, clock.GetUtcNow(), "password reset by admin");
            NewPassword = password;
        }

        Existing = user;
        await LoadChoicesAsync();
        return Page();
    }

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

        TempData["Message"] = $"利用者「{token.User.UserName}」のAPIトークン「{token.Name}」({token.Prefix}…)を失効させました。";
        return RedirectToPage(new { id = token.UserId });
    }

    private async Task<IActionResult> ChangeAsync(Func<NimoUser, Task<string>> change)
    {
        var user = await users.FindByIdAsync(Input.Id ?? "");
        if (user is null)
        {
            return NotFound();
        }

        TempData["Message"] = await change(user);
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
