using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Platform.Web;

/// <summary>
/// Roles that can see personal data must have two factors before they do anything else. Outside demo mode,
/// such a user who signed in with a password only can reach nothing but the enrolment and sign-out pages.
/// </summary>
public static class TwoFactorEnforcement
{
    public const string EnrolPath = "/Account/Manage/TwoFactor";

    public static IApplicationBuilder UseTwoFactorEnforcement(this IApplicationBuilder app, bool demoMode) => app.Use(async (context, next) =>
    {
        var scope = context.Scope();
        if (!demoMode && scope.IsAuthenticated && !scope.TwoFactorEnabled && Roles.RequiresTwoFactor(scope.Role) && !IsAllowed(context.Request.Path))
        {
            if (HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.Redirect(EnrolPath + "?required=1");
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }

            return;
        }

        await next();
    });

    private static bool IsAllowed(PathString path) =>
        path.StartsWithSegments(EnrolPath) || path.StartsWithSegments("/Account/Logout") || path.StartsWithSegments("/Account/Manage/RecoveryCodes")
        || path.StartsWithSegments("/Error") || path.StartsWithSegments("/css") || path.StartsWithSegments("/healthz");
}
