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
public sealed class LoginModel(SignInManager<NimoUser> signIn, UserManager<NimoUser> users, IPasswordHasher<NimoUser> hasher, SignInThrottle throttle, AuditLog audit,
    IConfiguration configuration) : PageModel
{
    /// <summary>
    /// The residents' pages: on this instance when it serves them, else at Nimo:PublicBaseUrl (a Public instance elsewhere),
    /// else nowhere to link to.
    /// </summary>
    public string? PublicUrl => Platform.Web.Surfaces.ServesPublic(Platform.Web.Surfaces.Of(configuration))
        ? "/public/events"
        : configuration["Nimo:PublicBaseUrl"] is { Length: > 0 } url ? url.TrimEnd('/') + "/public/events" : null;

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() => User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl(ReturnUrl)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var userName = Input.UserName.Trim();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString();
        // The same steps and the same words whether or not the name exists: nothing here may tell a guesser which names do.
        if (await throttle.WaitAsync(SignInThrottle.Password, userName, address, HttpContext.RequestAborted) is { } wait && wait > TimeSpan.Zero)
        {
            await audit.WriteAsync(AuditActions.SignInThrottled, "User", outcome: AuditOutcome.Denied, userName: Clip(userName), detail: $"password, wait {wait.TotalSeconds:0} s");
            Error = Throttled(wait);
            return Page();
        }

        var user = await users.FindByNameAsync(userName);
        if (user is null || user.IsDisabled)
        {
            // A password check all the same: an unknown name answered in 5 ms against 130 ms for a real one.
            if (user is null)
            {
                SignInThrottle.SpendPasswordCheck(hasher, Input.Password);
            }
            else
            {
                await users.CheckPasswordAsync(user, Input.Password);
            }

            await throttle.FailedAsync(SignInThrottle.Password, userName, address, HttpContext.RequestAborted);
            await audit.WriteAsync(AuditActions.SignInFailed, "User", user?.Id, AuditOutcome.Failure, userId: user?.Id, userName: Clip(userName), detail: user is null ? "unknown user" : "disabled");
            Error = WrongNameOrPassword;
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            await throttle.SucceededAsync(SignInThrottle.Password, userName, address, signedIn: true, HttpContext.RequestAborted);
            await audit.WriteAsync(AuditActions.SignIn, "User", user.Id, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password");
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            // The password was right from here; the address becomes a known one only once the second factor is too.
            await throttle.SucceededAsync(SignInThrottle.Password, userName, address, signedIn: false, HttpContext.RequestAborted);
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl });
        }

        await throttle.FailedAsync(SignInThrottle.Password, userName, address, HttpContext.RequestAborted);
        await audit.WriteAsync(AuditActions.SignInFailed, "User", user.Id, AuditOutcome.Failure, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password");
        Error = WrongNameOrPassword;
        return Page();
    }

    public const string WrongNameOrPassword = "利用者名またはパスワードが正しくありません。";

    /// <summary>The one answer to a throttled attempt, for real and unknown names alike.</summary>
    public static string Throttled(TimeSpan wait) =>
        $"ログインの失敗が続いたため、受付を一時的に止めています。{SignInThrottle.Say(wait)}後にもう一度お試しください。";

    /// <summary>
    /// A path on this site, or home. Only printable ASCII: the return address the sign-in redirect builds is percent-encoded
    /// already, and anything else (an ideographic space, a control character) cannot go into a Location header at all:
    /// Kestrel refused it with a 500.
    /// </summary>
    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && url.All(c => c is > ' ' and < '\x7f') ? url : "/";

    private static string Clip(string s) => s.Length > 64 ? s[..64] : s;

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "利用者名を入力してください。")]
        [StringLength(256, ErrorMessage = "利用者名が長すぎます。")]
        [Display(Name = "利用者名")]
        public string UserName { get; set; } = "";

        [Required(ErrorMessage = "パスワードを入力してください。")]
        [StringLength(256, ErrorMessage = "パスワードが長すぎます。")]
        [DataType(DataType.Password)]
        [Display(Name = "パスワード")]
        public string Password { get; set; } = "";
    }
}
