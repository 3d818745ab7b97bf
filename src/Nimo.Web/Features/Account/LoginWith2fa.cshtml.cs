using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Nimo.Platform;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;

namespace Nimo.Features.Account;

[EnableRateLimiting(PlatformSetup.LoginRateLimit)]
public sealed class LoginWith2faModel(SignInManager<NimoUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "確認コードを入力してください。")]
    [StringLength(10, MinimumLength = 6, ErrorMessage = "確認コードは6桁の数字です。")]
    [Display(Name = "確認コード(6桁)")]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("./Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("./Login");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code.Replace(" ", "", StringComparison.Ordinal), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignIn, "User", user.Id, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password+totp");
            return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.SignInLockedOut, "User", user.Id, AuditOutcome.Denied, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId);
            Error = "確認に続けて失敗したため、このアカウントは一時的にロックされています。";
            return Page();
        }

        await audit.WriteAsync(AuditActions.SignInFailed, "User", user.Id, AuditOutcome.Failure, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "totp");
        Error = "確認コードが正しくないか、既に使われています。認証アプリに表示されている新しいコードを入力してください。";
        return Page();
    }
}
