using System.Threading.Channels;
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
                    db.AuditEntries.AddRange(batch.Select(b => b.Entry));
                    await db.SaveChangesAsync(CancellationToken.None);
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
