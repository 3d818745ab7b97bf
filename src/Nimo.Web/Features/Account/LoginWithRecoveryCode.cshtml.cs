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
public sealed class LoginWithRecoveryCodeModel(SignInManager<NimoUser> signIn, SignInThrottle throttle, AuditLog audit) : PageModel
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

        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (await throttle.WaitAsync(SignInThrottle.Code, user.Id, address, HttpContext.RequestAborted) is { } wait && wait > TimeSpan.Zero)
        {
            await audit.WriteAsync(AuditActions.SignInThrottled, "User", user.Id, AuditOutcome.Denied, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: $"recovery-code, wait {wait.TotalSeconds:0} s");
            Error = LoginWith2faModel.ThrottledCode(wait);
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            await throttle.SucceededAsync(SignInThrottle.Code, user.Id, address, signedIn: true, HttpContext.RequestAborted);
            await throttle.SucceededAsync(SignInThrottle.Password, user.UserName ?? "", address, signedIn: true, HttpContext.RequestAborted);
            await audit.WriteAsync(AuditActions.SignIn, "User", user.Id, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password+recovery-code");
            return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        }

        await throttle.FailedAsync(SignInThrottle.Code, user.Id, address, HttpContext.RequestAborted);
        await audit.WriteAsync(AuditActions.SignInFailed, "User", user.Id, AuditOutcome.Failure,
            userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "recovery-code");
        Error = "回復コードが正しくないか、既に使われています。";
        return Page();
    }
}
