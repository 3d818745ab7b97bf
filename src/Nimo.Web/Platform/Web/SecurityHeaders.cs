namespace Nimo.Platform.Web;

/// <summary>
/// Headers ASP.NET Core does not set by itself (ASVS 3.4.x). No inline script or style is ever needed:
/// every page works without JavaScript and the CSS is one file.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// An HttpContext item: one more origin the page may load images from (the map's tile server, Nimo:Map:TileUrl). Set only
    /// by the residents' map page, and only when an administrator configured a tile server.
    /// </summary>
    public const string ExtraImageSources = "Nimo.Csp.ImgSrc";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Items.TryGetValue(ExtraImageSources, out var origin) && origin is string extra
                ? ContentSecurityPolicy.Replace("img-src 'self' data:", "img-src 'self' data: " + extra, StringComparison.Ordinal)
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            // Static files may be cached; everything else can carry personal data and must not be (ASVS 14.3.2). A page of the
            // public surface that said how it may be cached (Features/Events/Public/PublicCache.cs), or an anonymous response
            // that said it is public (the residents' directory and its HSDS feed, with an ETag), keeps what it said.
            var publicAndCacheable = headers.CacheControl.Count > 0 && context.GetEndpoint()?.Metadata.GetMetadata<PublicSurfaceAttribute>() is not null;
            var saidPublic = headers.CacheControl.ToString().StartsWith("public", StringComparison.Ordinal) && context.User.Identity?.IsAuthenticated != true;
            if (!IsStatic(context.Request.Path) && !publicAndCacheable && !saidPublic)
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return Task.CompletedTask;
        });
        await next();
    });

    private static bool IsStatic(PathString path) =>
        path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/img") || path.StartsWithSegments("/lib") || path.StartsWithSegments("/favicon.ico");
}
