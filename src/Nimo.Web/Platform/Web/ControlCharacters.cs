using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Nimo.Platform.Web;

/// <summary>
/// Control characters (NUL and the like) have no place in what people type, and PostgreSQL refuses a NUL in text:
/// a URL carrying one is answered 400, and form values lose them before anything else sees them.
/// </summary>
public static class ControlCharacters
{
    public static bool Contains(string? s) => s is not null && s.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'));

    public static string Strip(string s) => Contains(s) ? new string([.. s.Where(c => !char.IsControl(c) || c is '\r' or '\n' or '\t')]) : s;

    public static IApplicationBuilder UseControlCharacterGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (Contains(request.Path.Value) || request.Query.Any(q => Contains(q.Key) || q.Value.Any(Contains)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        // The framework refuses a NUL in a url-encoded form on every read; read it once here, and on failure answer
        // 400 with an empty form so the error page (re-executed as the same POST) can still be drawn.
        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                await request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(FormCollection.Empty));
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
        }

        await next();
    });

    public static void Apply(MvcOptions options) => options.ModelBinderProviders.Insert(0, new StringBinderProvider());

    private sealed class StringBinderProvider : IModelBinderProvider
    {
        public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
            context.Metadata.ModelType == typeof(string) ? new StringBinder() : null;
    }

    private sealed class StringBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
            var value = result.FirstValue is string raw ? Strip(raw) : null;
            // As the built-in binder does: an empty field is null unless the model says otherwise.
            if (string.IsNullOrWhiteSpace(value) && bindingContext.ModelMetadata.ConvertEmptyStringToNull)
            {
                value = null;
            }

            bindingContext.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }
    }
}
