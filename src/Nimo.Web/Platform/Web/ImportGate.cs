using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Nimo.Platform.Web;

/// <summary>
/// One import at a time per instance. An import holds a file of up to 10 MB, the rows read from it and the records it
/// stages; a few of them at once on a small municipal server is how the review's four uploads reached 6 GB. A second one
/// is not queued (the person would wait behind a stranger's upload without knowing why) but told to try again.
/// </summary>
public sealed class ImportGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    /// <summary>Holds the gate until disposed; null when another import is running.</summary>
    public IDisposable? TryEnter() => _semaphore.Wait(0) ? new Releaser(_semaphore) : null;

    public void Dispose() => _semaphore.Dispose();

    public const string Busy = "別の取り込みを処理しています。しばらく待ってから、もう一度ファイルを選んで取り込んでください。";

    /// <summary>Applied to every page named Import (Program.cs): their POST runs inside the gate.</summary>
    public static void ApplyTo(Microsoft.AspNetCore.Mvc.ApplicationModels.PageApplicationModel page)
    {
        if (page.ViewEnginePath.EndsWith("/Import", StringComparison.Ordinal))
        {
            page.Filters.Add(new Filter());
        }
    }

    private sealed class Filter : IAsyncPageFilter
    {
        public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

        public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
        {
            if (!HttpMethods.IsPost(context.HttpContext.Request.Method))
            {
                await next();
                return;
            }

            using var held = context.HttpContext.RequestServices.GetRequiredService<ImportGate>().TryEnter();
            if (held is null)
            {
                // Back to the same import page, where the layout shows the message.
                var tempData = context.HttpContext.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(context.HttpContext);
                tempData["Message"] = Busy;
                context.Result = new RedirectResult(context.HttpContext.Request.Path + context.HttpContext.Request.QueryString);
                return;
            }

            await next();
        }
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
