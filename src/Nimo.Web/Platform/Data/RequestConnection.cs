using System.Data.Common;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nimo.Platform.Data;

/// <summary>
/// On SQLite, the statements of a signed-in user's page share one connection: once EF has opened it for the page's first
/// statement, it stays open until the page is done.
/// </summary>
/// <remarks>
/// EF opens and closes the connection around every statement it did not find open. On SQLite each open takes a handle from
/// the pool and registers EF's SQL functions on it again (regexp and the ef_* arithmetic), and each close unregisters
/// them. On the home page's 17 statements that was a sixth of what the request allocated (dotnet-trace; 603 → 502 KB a
/// page once the connection stays open, issue 20), and collecting garbage is a fifth of the page's time on two cores.
/// The connection is kept from the first statement, not opened in advance: a signed-in request that asks nothing of the
/// database (the user's scope is cached for 750 ms) would otherwise pay for an open it does not use (opened in advance,
/// the empty page allocated 61.5 KB instead of 57.0). Nothing is held
/// between statements: SQLite takes its locks per statement or per transaction, not per connection, so readers and writers
/// wait for each other no more than before. PostgreSQL keeps EF's way: its pool hands a connection back between statements,
/// so a slow page does not hold one for its whole length, and the middleware is not added at all. Only signed-in pages and handlers keep it
/// (<see cref="ActionDescriptor"/>): the public pages, mostly answered from the output cache, keep EF's way.
/// </remarks>
public static class RequestConnection
{
    internal enum Keeping
    {
        No,
        Wanted,
        Kept,
    }

    public static IApplicationBuilder UseRequestConnection(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated != true || context.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() is null
            || context.RequestServices.GetRequiredService<NimoDbContext>() is not SqliteNimoDbContext db)
        {
            await next(context);
            return;
        }

        db.ConnectionKeeping = Keeping.Wanted;
        try
        {
            await next(context);
        }
        finally
        {
            // The pooled context outlives the request: it must not carry the wish, or the open, to the next one.
            var kept = db.ConnectionKeeping == Keeping.Kept;
            db.ConnectionKeeping = Keeping.No;
            if (kept)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    });

    /// <summary>
    /// Runs before each statement, when EF has opened the connection: the first statement of a page that wants its connection
    /// kept opens it once more (EF counts opens and closes the connection at the last close), so EF's own close after the
    /// statement leaves it open until the page's close above.
    /// </summary>
    internal sealed class Keeper : DbCommandInterceptor
    {
        public static readonly Keeper Instance = new();

        private static void Keep(DbContext? context)
        {
            if (context is SqliteNimoDbContext { ConnectionKeeping: Keeping.Wanted } db)
            {
                db.ConnectionKeeping = Keeping.Kept;
                db.Database.OpenConnection();
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Keep(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Keep(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Keep(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
            CancellationToken cancellationToken = default)
        {
            Keep(eventData.Context);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Keep(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Keep(eventData.Context);
            return ValueTask.FromResult(result);
        }
    }
}
