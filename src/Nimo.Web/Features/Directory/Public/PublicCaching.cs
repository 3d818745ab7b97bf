using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Nimo.Features.Directory.Public;

/// <summary>
/// Caching of the residents' pages: anyone may store them (nothing personal is on them) but must revalidate; the answer is a
/// bare 304 while the published directory, the day (「今日やっている」 changes at midnight) and the address are the same.
/// </summary>
public static class PublicCaching
{
    public static bool NotModified(HttpContext http, Guid token, DateOnly today)
    {
        var tag = new EntityTagHeaderValue("\"" + token.ToString("N") + "-" + today.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-"
            + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(http.Request.Path + http.Request.QueryString.ToString()))[..8]) + "\"");
        http.Response.Headers.CacheControl = "public, no-cache";
        http.Response.Headers.ETag = tag.ToString();
        return http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false));
    }
}
