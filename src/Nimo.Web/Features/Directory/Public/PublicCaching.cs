using System.Globalization;
using Microsoft.Net.Http.Headers;
using Nimo.Platform.Japanese;
using Nimo.Platform.Web;

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

/// <summary>
/// The residents' search, service page and booklet kept rendered (<see cref="AnonymousPageCache"/>). A copy belongs to one
/// published directory and one day (the directory's token and the date in Japan): a change published on this instance is
/// never answered from an older copy, and one published on another instance stops being answered within the directory's
/// stamp check (1 s). The map page is not kept: its CSP names the tile server per response.
/// </summary>
public sealed class PublishedDirectoryOutputPolicy : AnonymousPageCache
{
    public const string Name = "PublishedDirectory";

    protected override TimeSpan Lifetime => TimeSpan.FromMinutes(10);

    protected override async ValueTask<string> VersionAsync(HttpContext http, CancellationToken ct)
    {
        var directory = await http.RequestServices.GetRequiredService<DirectoryCache>().GetAsync(ct);
        var today = JapanTime.Today(http.RequestServices.GetRequiredService<TimeProvider>());
        return directory.Token.ToString("N") + today.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
    }
}
