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
public sealed class LoginModel(SignInManager<NimoUser> signIn, UserManager<NimoUser> users, AuditLog audit, IConfiguration configuration) : PageModel
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
        var user = await users.FindByNameAsync(userName);
        if (user is null || user.IsDisabled)
        {
            await audit.WriteAsync(AuditActions.SignInFailed, "User", outcome: AuditOutcome.Failure, userName: Clip(userName), detail: user is null ? "unknown user" : "disabled");
            Error = "利用者名またはパスワードが正しくありません。";
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.SignIn, "User", user.Id, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password");
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl });
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditActions.SignInLockedOut, "User", user.Id, AuditOutcome.Denied, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId);
            Error = "ログインに続けて失敗したため、このアカウントは一時的にロックされています。しばらくしてからやり直すか、管理者に連絡してください。";
            return Page();
        }

        await audit.WriteAsync(AuditActions.SignInFailed, "User", user.Id, AuditOutcome.Failure, userId: user.Id, userName: user.UserName, organizationId: user.OrganizationId, detail: "password");
        Error = "利用者名またはパスワードが正しくありません。";
        return Page();
    }

    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : "/";

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
