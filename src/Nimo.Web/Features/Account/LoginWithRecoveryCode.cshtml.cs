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
public sealed class LoginWithRecoveryCodeModel(SignInManager<NimoUser> signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "回復コードを入力してください。")]
    [StringLength(20, ErrorMessage = "回復コードが長すぎます。")]
    [Display(Name = "回復コード")]
    public string RecoveryCode { get; set; } = "";

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

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignIn, "User", user.Id, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password+recovery-code");
            return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        }

        await audit.WriteAsync(result.IsLockedOut ? AuditActions.SignInLockedOut : AuditActions.SignInFailed, "User", user.Id, AuditOutcome.Failure,
            userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "recovery-code");
        Error = result.IsLockedOut ? "このアカウントは一時的にロックされています。" : "回復コードが正しくないか、既に使われています。";
        return Page();
    }
}
