using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events.Public;

/// <summary>
/// Caching of the public pages: anyone may store them (nothing personal is on them) but must ask again each time, and the
/// answer is a bare 304 while the public list's stamp, the day and the address are unchanged. The stamp moves with every
/// change a resident could see, on whichever instance it was made.
/// </summary>
public static class PublicCache
{
    /// <summary>Sets the headers; true when the browser's copy is current and a 304 should be sent instead of the page.</summary>
    public static bool NotModified(HttpContext http, long stamp, DateOnly day)
    {
        var tag = new EntityTagHeaderValue("\"" + string.Create(CultureInfo.InvariantCulture,
            $"{stamp:x}-{day:yyyyMMdd}-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(http.Request.Path + http.Request.QueryString.ToString())).AsSpan(0, 8))}") + "\"");
        http.Response.Headers.CacheControl = "public, no-cache";
        http.Response.Headers.ETag = tag.ToString();
        return http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false));
    }
}

/// <summary>
/// The server's own copy of the rendered list of coming events, so that the same list asked again is not filtered and
/// rendered again. Its key holds the public list's stamp (read on every request, as the page itself does: a change on any
/// instance is a new key at once) and the minute in Japan (「受付終了」 follows the registration deadline, which is set to
/// the minute). Only an answer to a request without a cookie or credentials, that sets no cookie, with status 200, is kept.
/// </summary>
public sealed class PublicListOutputPolicy : IOutputCachePolicy
{
    public const string Name = "PublicEventList";

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        context.EnableOutputCaching = read;
        context.AllowCacheLookup = read;
        context.AllowCacheStorage = read && !request.Headers.ContainsKey(HeaderNames.Cookie) && !request.Headers.ContainsKey(HeaderNames.Authorization);
        context.AllowLocking = true;
        if (!read)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var snapshot = await services.GetRequiredService<PublicCatalog>().CurrentAsync(services.GetRequiredService<NimoDbContext>(), cancellation);
        var minute = JapanTime.ToJst(services.GetRequiredService<TimeProvider>().GetUtcNow());
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["events"] = string.Create(CultureInfo.InvariantCulture, $"{snapshot.Stamp:x}-{minute:yyyyMMddHHmm}");
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(2);
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || !StringValues.IsNullOrEmpty(response.Headers.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
