using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Nimo.Platform.Web;

/// <summary>
/// The server's own copy of a rendered anonymous page (the residents' pages), as an output-cache policy. What may be kept
/// is decided here once: only GET and HEAD; only an answer to a request that carried no cookie and no credentials (it
/// cannot have been made for someone); only status 200 without <c>Set-Cookie</c>. The key is the address with every query
/// value plus the <see cref="VersionAsync">version</see> the feature names (what else the page depends on: a data stamp,
/// the day, the minute), so a copy is never served for another version. The store is bounded (Nimo:OutputCacheMegabytes).
/// </summary>
public abstract class AnonymousPageCache : IOutputCachePolicy
{
    /// <summary>How long a copy may live at most; older versions are never asked for again and leave with it.</summary>
    protected abstract TimeSpan Lifetime { get; }

    /// <summary>Everything besides the address the page's content depends on, as one string.</summary>
    protected abstract ValueTask<string> VersionAsync(HttpContext http, CancellationToken ct);

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

        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["version"] = await VersionAsync(context.HttpContext, cancellation);
        context.ResponseExpirationTimeSpan = Lifetime;
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
