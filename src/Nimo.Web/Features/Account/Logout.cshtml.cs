using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Account;

public sealed class LogoutModel(SignInManager<NimoUser> signIn, AuditLog audit) : PageModel
{
    // Sign-out only by POST with an antiforgery token: a link or image cannot log a user out (ASVS 3.5.3).
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            await audit.WriteAsync(AuditActions.SignOut, "User", HttpContext.Scope().UserId);
            await signIn.SignOutAsync();
        }

        return RedirectToPage("./Login");
    }
}
