using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Platform.Data;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Robustness;

/// <summary>
/// Sees every INSERT, UPDATE and DELETE the app sends to the database, by table. A refused request must leave no
/// trace in the data: only the audit log, session bookkeeping and key storage may be written on a refusal.
/// Requests are sent one at a time, so what the probe saw between two marks belongs to the request in between.
/// </summary>
public sealed partial class WriteProbe : DbCommandInterceptor, ISaveChangesInterceptor
{
    /// <summary>Written on any request, accepted or not: the audit trail of refusals, sessions, data-protection keys.</summary>
    public static readonly HashSet<string> Bookkeeping = new(StringComparer.OrdinalIgnoreCase) { "AuditEntries", "AuditSubjects", "AuditQueries", "UserSessions", "DataProtectionKeys" };

    private readonly Lock _lock = new();
    private readonly List<string?> _writes = [];
    private readonly ConcurrentDictionary<DbContext, int> _saving = new();

    public int Mark
    {
        get
        {
            lock (_lock)
            {
                return _writes.Count;
            }
        }
    }

    /// <summary>The tables written since <paramref name="mark"/>, bookkeeping left out.</summary>
    public IReadOnlyList<string> Since(int mark)
    {
        lock (_lock)
        {
            return [.. _writes.Skip(mark).OfType<string>().Where(t => !Bookkeeping.Contains(t)).Distinct(StringComparer.Ordinal)];
        }
    }

    private void Record(DbCommand command)
    {
        lock (_lock)
        {
            foreach (Match m in WriteStatement().Matches(command.CommandText))
            {
                _writes.Add(m.Groups[1].Value);
            }
        }
    }

    // A SaveChanges that throws (a concurrency conflict, say) is rolled back whole: its statements wrote nothing.
    private void Saving(DbContext? context)
    {
        if (context is not null)
        {
            _saving[context] = Mark;
        }
    }

    private void Failed(DbContext? context)
    {
        if (context is not null && _saving.TryRemove(context, out var start))
        {
            lock (_lock)
            {
                for (var i = start; i < _writes.Count; i++)
                {
                    _writes[i] = null;
                }
            }
        }
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Saving(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Saving(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    // A concurrency conflict does not go through SaveChangesFailed: EF reports it here, before it throws.
    public InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Failed(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    [GeneratedRegex("""(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z_][A-Za-z0-9_]*)"?""", RegexOptions.IgnoreCase)]
    private static partial Regex WriteStatement();
}

/// <summary>The demo installation (seed regions, forums, plans, clients and the demo accounts) with a write probe on its database.</summary>
public class FuzzAppFactory : AppFactory
{
    public WriteProbe Probe { get; } = new();

    protected override bool Demo => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.ConfigureDbContext<SqliteNimoDbContext>(o => o.AddInterceptors(Probe));
            services.ConfigureDbContext<PostgresNimoDbContext>(o => o.AddInterceptors(Probe));
        });
    }

    /// <summary>Row counts of every table of the model, bookkeeping left out: a second, coarser check that a refusal wrote nothing.</summary>
    public Task<Dictionary<string, int>> CountsAsync() => WithDbAsync(async (db, _) =>
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Where(t => !WriteProbe.Bookkeeping.Contains(t)))
        {
            var connection = db.Database.GetDbConnection();
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await db.Database.OpenConnectionAsync();
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    });
}
