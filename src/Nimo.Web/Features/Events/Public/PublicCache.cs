using System.Globalization;
using Microsoft.Net.Http.Headers;

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
