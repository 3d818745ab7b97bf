using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Nimo.Platform.Web;

/// <summary>
/// A body larger than the endpoint allows ([RequestSizeLimit], else Kestrel's limit) is refused with 413 and the Japanese
/// error page before anything reads it. Left to the form reader, the overflow surfaced as an exception inside antiforgery or
/// model binding and the user got a 500 (or a 400) for a file that was simply too big.
/// </summary>
public static class RequestSizeGuard
{
    public static IApplicationBuilder UseRequestSizeGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The error page drawn for this refusal runs through here again, with the limit routing already lowered to the
        // refused endpoint's: it must be let through, or the 413 goes out without its page.
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null)
        {
            await next();
            return;
        }

        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is long max && context.Request.ContentLength > max)
        {
            // The error page is re-executed as the same POST: an empty form keeps it from reading the body in turn.
            context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        await next();
    });
}
