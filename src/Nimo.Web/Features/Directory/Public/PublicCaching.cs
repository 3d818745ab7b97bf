using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Nimo.Platform.Japanese;

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
/// The server's own copy of a rendered residents' page (search, service page, booklet), so that the same search asked again
/// is not searched and rendered again. A copy belongs to one published directory and one day: both are part of its key (the
/// directory's token and the date in Japan), so a change published on this instance is never answered from an older copy,
/// and one published on another instance stops being answered within the directory's stamp check (1 s). Only an answer to a
/// request that carried no cookie and no credentials, and that sets no cookie, is kept. The map page is not kept: its CSP
/// names the tile server per response. Copies of an older directory are never asked for again and leave within their 10
/// minutes; the store is bounded (Nimo:OutputCacheMegabytes, 32 MB), so odd query strings cannot fill memory.
/// </summary>
public sealed class PublishedDirectoryOutputPolicy : IOutputCachePolicy
{
    public const string Name = "PublishedDirectory";

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
        var directory = await services.GetRequiredService<DirectoryCache>().GetAsync(cancellation);
        var today = JapanTime.Today(services.GetRequiredService<TimeProvider>());
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["directory"] = directory.Token.ToString("N") + today.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        context.ResponseExpirationTimeSpan = TimeSpan.FromMinutes(10);
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
