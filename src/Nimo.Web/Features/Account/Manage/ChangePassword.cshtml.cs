using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Web;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;

namespace Nimo.Features.Account.Manage;

public sealed class ChangePasswordModel(UserManager<NimoUser> users, SignInManager<NimoUser> signIn, NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return Page();
        }

        // A new password ends every other session at once (ASVS 7.4.3).
        var ended = await DbTicketStore.EndAllAsync(db, user.Id, DbTicketStore.CurrentSessionId(HttpContext));
        await audit.WriteAsync(AuditActions.PasswordChanged, "User", user.Id, detail: $"{ended} other sessions ended");
        // API tokens were made on the old password's authority: whoever knew it may hold one.
        var revoked = await ApiTokens.RevokeAllAsync(db, audit, user, clock.GetUtcNow(), "password changed");
        await signIn.RefreshSignInAsync(user);
        TempData[PageWrites.MessageKey] = revoked > 0
            ? $"パスワードを変更しました。他の端末のセッションは終了し、APIトークン{revoked}件は失効しました。"
            : "パスワードを変更しました。他の端末のセッションは終了しました。";
        return RedirectToPage("./Index");
    }

    public sealed class PasswordInput
    {
        [Required(ErrorMessage = "現在のパスワードを入力してください。")]
        [DataType(DataType.Password)]
        [Display(Name = "現在のパスワード")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "新しいパスワードを入力してください。")]
        [StringLength(128, MinimumLength = 13, ErrorMessage = "新しいパスワードは13〜128文字にしてください。")]
        [DataType(DataType.Password)]
        [Display(Name = "新しいパスワード(13文字以上)")]
        public string New { get; set; } = "";

        [Compare(nameof(New), ErrorMessage = "確認用のパスワードが一致しません。")]
        [DataType(DataType.Password)]
        [Display(Name = "新しいパスワード(確認)")]
        public string Confirm { get; set; } = "";
    }
}
