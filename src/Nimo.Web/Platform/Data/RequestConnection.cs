using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.EntityFrameworkCore;

namespace Nimo.Platform.Data;

/// <summary>
/// On SQLite, the statements of a signed-in user's page share one connection, opened before the user's scope is read and
/// closed after the page.
/// </summary>
/// <remarks>
/// EF opens and closes the connection around every statement it did not find open. On SQLite each open takes a handle from
/// the pool and registers EF's SQL functions on it again (regexp and the ef_* arithmetic), and each close unregisters
/// them. On the home page's 18 statements that was a seventh of what the request allocated (dotnet-trace; 600 → 518 KB a
/// page once the connection stays open, issue 20), and collecting garbage is a fifth of the page's time on two cores. A
/// connection opened here stays open until the page is done, so the functions are registered once. Nothing is held between statements: SQLite takes its locks per statement or
/// per transaction, not per connection, so readers and writers wait for each other no more than before. PostgreSQL keeps
/// EF's way: its pool hands a connection back between statements, so a slow page does not hold one for its whole length.
/// Only signed-in pages and handlers open it (<see cref="ActionDescriptor"/>): static files and the health probe do not
/// use the request's context, and the public pages, mostly answered from the output cache, keep EF's way.
/// </remarks>
public static class RequestConnection
{
    public static IApplicationBuilder UseRequestConnection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true || context.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() is null
            || context.RequestServices.GetRequiredService<NimoDbContext>() is not { Provider: DatabaseProvider.Sqlite } db)
        {
            await next(context);
            return;
        }

        await db.Database.OpenConnectionAsync(context.RequestAborted);
        try
        {
            await next(context);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });
}
