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
public sealed class LoginWith2faModel(SignInManager<NimoUser> signIn, SignInThrottle throttle, AuditLog audit) : PageModel
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

        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (await throttle.WaitAsync(SignInThrottle.Code, user.Id, address, HttpContext.RequestAborted) is { } wait && wait > TimeSpan.Zero)
        {
            await audit.WriteAsync(AuditActions.SignInThrottled, "User", user.Id, AuditOutcome.Denied, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: $"totp, wait {wait.TotalSeconds:0} s");
            Error = ThrottledCode(wait);
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(Code.Replace(" ", "", StringComparison.Ordinal), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await throttle.SucceededAsync(SignInThrottle.Code, user.Id, address, signedIn: true, HttpContext.RequestAborted);
            await throttle.SucceededAsync(SignInThrottle.Password, user.UserName ?? "", address, signedIn: true, HttpContext.RequestAborted);
            await audit.WriteAsync(AuditActions.SignIn, "User", user.Id, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password+totp");
            return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        }

        await throttle.FailedAsync(SignInThrottle.Code, user.Id, address, HttpContext.RequestAborted);
        await audit.WriteAsync(AuditActions.SignInFailed, "User", user.Id, AuditOutcome.Failure, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "totp");
        Error = "確認コードが正しくないか、既に使われています。認証アプリに表示されている新しいコードを入力してください。";
        return Page();
    }

    /// <summary>Shared with the recovery-code page: both guess the second factor.</summary>
    public static string ThrottledCode(TimeSpan wait) =>
        $"確認コードの誤りが続いたため、受付を一時的に止めています。{SignInThrottle.Say(wait)}後にもう一度お試しください。";
}
