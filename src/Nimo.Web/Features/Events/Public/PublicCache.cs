using System.Globalization;
using Microsoft.Net.Http.Headers;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Web;

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
/// The residents' list of coming events kept rendered (<see cref="AnonymousPageCache"/>). Its version is the public list's
/// stamp (read on every request, as the page itself does: a change on any instance is a new version at once) and the minute
/// in Japan (「受付終了」 follows the registration deadline, which is set to the minute).
/// </summary>
public sealed class PublicListOutputPolicy : AnonymousPageCache
{
    public const string Name = "PublicEventList";

    protected override TimeSpan Lifetime => TimeSpan.FromMinutes(2);

    protected override async ValueTask<string> VersionAsync(HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var snapshot = await services.GetRequiredService<PublicCatalog>().CurrentAsync(services.GetRequiredService<NimoDbContext>(), ct);
        var minute = JapanTime.ToJst(services.GetRequiredService<TimeProvider>().GetUtcNow());
        return string.Create(CultureInfo.InvariantCulture, $"{snapshot.Stamp:x}-{minute:yyyyMMddHHmm}");
    }
}
