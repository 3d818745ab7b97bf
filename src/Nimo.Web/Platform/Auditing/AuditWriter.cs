using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Nimo.Platform.Data;

namespace Nimo.Platform.Auditing;

/// <summary>
/// Group commit for audit entries that stand alone (a read of a client's record): each request hands its entry over
/// and waits until it is durable, while one writer commits everything waiting in a single transaction. On SQLite a
/// commit per read (fsync behind the write gate) capped the client page near 200 requests/s; sharing the commit keeps
/// "no response before its audit entry is stored" and lifts the cap. The hash chain is the same SaveChanges path.
/// </summary>
public sealed class AuditWriter(IServiceScopeFactory scopes, ILogger<AuditWriter> log) : BackgroundService
{
    private const int MaxBatch = 500;

    // Two parameters a row; well under the smallest limit of either database (SQLite 32,766, PostgreSQL 65,535).
    private const int SubjectsPerStatement = 500;
    private readonly Channel<(AuditEntry Entry, TaskCompletionSource Stored)> _queue =
        Channel.CreateUnbounded<(AuditEntry, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes once the entry is committed; faults if the commit failed (the caller must not answer then).</summary>
    public Task StoreAsync(AuditEntry entry, CancellationToken ct)
    {
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((entry, stored)))
        {
            throw new InvalidOperationException("The audit writer has stopped.");
        }

        return stored.Task.WaitAsync(ct);
    }

    /// <summary>
    /// The entries and their subjects in one transaction. On SQLite the subjects go in as multi-row inserts once the entries have
    /// their ids: through SaveChanges, SQLite took one statement per subject (EF does not batch there), and a case list
    /// names 50 clients, so its read cost 50 statements of about 0.1 ms each on the writer before it could be answered.
    /// </summary>
    private static async Task SaveAsync(NimoDbContext db, List<AuditEntry> entries)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            // Npgsql already sends SaveChanges' inserts as one batch: the statements below would only add SQL text that
            // differs with every row count.
            db.AuditEntries.AddRange(entries);
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        // Each entry keeps its first subject for SaveChanges: an entry without any would be named again by ClientAuditTrail.
        var subjects = entries.SelectMany(e => e.Subjects.Skip(1).Select(s => (Entry: e, s.ClientId))).ToList();
        foreach (var entry in entries.Where(e => e.Subjects.Count > 1))
        {
            entry.Subjects.RemoveRange(1, entry.Subjects.Count - 1);
        }

        // The transaction is ours, so SaveChanges does not take the SQLite write gate: take it first, as every writer does.
        using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync(CancellationToken.None);
        var sql = db.GetService<ISqlGenerationHelper>();
        var type = db.Model.FindEntityType(typeof(AuditSubject))!;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var insert = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({sql.DelimitIdentifier(type.FindProperty(nameof(AuditSubject.ClientId))!.GetColumnName(table)!)}, "
            + $"{sql.DelimitIdentifier(type.FindProperty(nameof(AuditSubject.AuditEntryId))!.GetColumnName(table)!)}) VALUES ";
        foreach (var chunk in subjects.Chunk(SubjectsPerStatement))
        {
            var values = string.Join(", ", chunk.Select((_, i) => $"({{{2 * i}}}, {{{(2 * i) + 1}}})"));
            // Identifiers from the model and numbered placeholders only: every value goes as a parameter.
            var statement = FormattableStringFactory.Create(insert + values, [.. chunk.SelectMany(s => new object[] { s.ClientId, s.Entry.Id })]);
            await db.Database.ExecuteSqlAsync(statement, CancellationToken.None);
        }

        await tx.CommitAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<(AuditEntry Entry, TaskCompletionSource Stored)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
                    await SaveAsync(db, batch.ConvertAll(b => b.Entry));
                    batch.ForEach(b => b.Stored.TrySetResult());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Audit entries could not be stored ({Count}).", batch.Count);
                    batch.ForEach(b => b.Stored.TrySetException(e));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Nothing waits forever on shutdown: what was not stored is reported as not stored.
            batch.ForEach(b => b.Stored.TrySetCanceled(stoppingToken));
            while (_queue.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled(stoppingToken);
            }
        }
    }
}
