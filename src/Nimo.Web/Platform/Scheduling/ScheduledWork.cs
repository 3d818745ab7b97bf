using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Platform.Scheduling;

public sealed class SchedulingOptions
{
    /// <summary>Off only in tests that drive ticks by hand; a real installation always runs its housekeeping.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Ticks fall on multiples of this since the Unix epoch (every quarter hour: :00, :15, :30, :45).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The hour (JST) from which the day's audit-chain verification is due; at night, when nobody waits for the database.</summary>
    public int AuditVerificationHour { get; set; } = 3;
}

/// <summary>What one tick did: <see cref="Led"/> false means another instance leads; null parts were already done or not due; <see cref="JobsRun"/> names the feature jobs recorded.</summary>
public sealed record TickOutcome(bool Led, int? SessionsPurged, AuditVerification? Verification, IReadOnlyList<string> JobsRun);

/// <summary>
/// Housekeeping for the whole installation, run by one instance at a time (<see cref="Leadership"/>): on every tick,
/// removes sessions past their idle or absolute limit (a session nobody comes back to is otherwise never deleted); once a
/// day, walks the audit hash chain. Each run leaves an audit entry whose record id names its tick or day, and the entry is
/// written in the same transaction as the check that it is not there yet, under the audit chain's lock: even if two
/// instances believed they led (a connection lost mid-tick), a tick's work is recorded once.
/// </summary>
public sealed class ScheduledWork(IServiceScopeFactory scopes, Leadership leadership, TimeProvider clock, IOptions<SchedulingOptions> options,
    IOptions<Identity.SessionOptions> sessions, AppInstance instance, IEnumerable<IScheduledJob> jobs, ILogger<ScheduledWork> log) : BackgroundService
{
    public const string RecordType = "ScheduledWork";
    public const string UserName = "system";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (!options.Value.Enabled || interval <= TimeSpan.Zero)
        {
            log.LogWarning("Scheduled work is off (Nimo:Scheduling).");
            return;
        }

        var last = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Strictly after the last tick: a timer may wake a little early, and the same tick must not run twice.
            var now = clock.GetUtcNow();
            var tick = NextTick(now > last ? now : last, interval);
            try
            {
                await Task.Delay(tick - now > TimeSpan.Zero ? tick - now : TimeSpan.Zero, clock, stoppingToken);
                await RunTickAsync(tick, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed tick (database restarting) is retried at the next one; the service must not stop for it.
                log.LogError(e, "Scheduled work: the tick at {Tick:O} failed on {Instance}.", tick, instance.Name);
            }

            last = tick;
        }
    }

    /// <summary>The first multiple of <paramref name="interval"/> after <paramref name="after"/>: every instance wakes at the same moments.</summary>
    public static DateTimeOffset NextTick(DateTimeOffset after, TimeSpan interval)
    {
        var ticks = after.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return DateTimeOffset.UnixEpoch.AddTicks((ticks / interval.Ticks + 1) * interval.Ticks);
    }

    /// <summary>One tick, named by its scheduled moment; does nothing unless this instance leads.</summary>
    public async Task<TickOutcome> RunTickAsync(DateTimeOffset tick, CancellationToken ct)
    {
        if (!await leadership.TryLeadAsync(ct))
        {
            return new TickOutcome(false, null, null, []);
        }

        var purged = await PurgeSessionsAsync(tick, ct);
        var verification = await VerifyAuditIfDueAsync(ct);
        var run = new List<string>();
        foreach (var job in jobs)
        {
            if (await RunJobIfDueAsync(job, tick, ct))
            {
                run.Add(job.Name);
            }
        }

        return new TickOutcome(true, purged, verification, run);
    }

    /// <summary>
    /// A feature's job (Platform/Modules), once per period it names. Like the audit verification it runs outside the chain's
    /// lock and is only recorded under it, so a job must be harmless to repeat if two instances ever both believed they led.
    /// </summary>
    private async Task<bool> RunJobIfDueAsync(IScheduledJob job, DateTimeOffset tick, CancellationToken ct)
    {
        if (job.DueKey(tick) is not { } key || await DoneAsync(job.Name, key, ct))
        {
            return false;
        }

        (AuditOutcome Outcome, string Detail) result;
        await using (var scope = scopes.CreateAsyncScope())
        {
            result = await job.RunAsync(scope.ServiceProvider, tick, ct);
        }

        var (recorded, _) = await OnceAsync(job.Name, key, _ => Task.FromResult((true, result.Outcome, $"{result.Detail} ({instance.Name})")), ct);
        return recorded;
    }

    private async Task<int?> PurgeSessionsAsync(DateTimeOffset tick, CancellationToken ct)
    {
        var tickId = tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var (ran, removed) = await OnceAsync(AuditActions.SessionsPurged, tickId, async db =>
        {
            var now = clock.GetUtcNow();
            var idleSince = now - TimeSpan.FromMinutes(sessions.Value.IdleMinutes);
            // The same two limits DbTicketStore applies when a session comes back; here for those that never do.
            var removed = await db.UserSessions.Where(s => s.ExpiresAt <= now || s.LastSeenAt < idleSince).ExecuteDeleteAsync(ct);
            return (removed, AuditOutcome.Success, $"{removed}件の期限切れセッションを削除 ({instance.Name})");
        }, ct);
        return ran ? removed : null;
    }

    private async Task<AuditVerification?> VerifyAuditIfDueAsync(CancellationToken ct)
    {
        var jst = JapanTime.ToJst(clock.GetUtcNow());
        if (jst.Hour < options.Value.AuditVerificationHour)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(jst.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (await DoneAsync(AuditActions.AuditVerified, day, ct))
        {
            return null;
        }

        // The walk reads the whole log, so it runs outside the lock; only recording it is serialised.
        AuditVerification verification;
        await using (var scope = scopes.CreateAsyncScope())
        {
            verification = await AuditLog.VerifyAsync(scope.ServiceProvider.GetRequiredService<NimoDbContext>(), ct);
        }

        var (recorded, _) = await OnceAsync(AuditActions.AuditVerified, day, _ =>
            Task.FromResult((true, verification.Intact ? AuditOutcome.Success : AuditOutcome.Failure, $"定期検証: {verification.Message} ({instance.Name})")), ct);
        if (recorded && !verification.Intact)
        {
            log.LogCritical("The audit chain is broken at sequence {Sequence}: {Message}", verification.BrokenAt, verification.Message);
        }

        return recorded ? verification : null;
    }

    private async Task<bool> DoneAsync(string action, string recordId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        return await db.AuditEntries.AnyAsync(a => a.RecordType == RecordType && a.RecordId == recordId && a.Action == action, ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> and records it, unless an entry for the same action and record id exists: check, work and
    /// entry in one transaction that holds the audit chain's lock, so no other instance can do the same in between.
    /// </summary>
    private async Task<(bool Ran, T Result)> OnceAsync<T>(string action, string recordId, Func<NimoDbContext, Task<(T Result, AuditOutcome Outcome, string Detail)>> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.LockAuditChainAsync(ct);
        if (await db.AuditEntries.AnyAsync(a => a.RecordType == RecordType && a.RecordId == recordId && a.Action == action, ct))
        {
            return (false, default!);
        }

        var (result, outcome, detail) = await work(db);
        scope.ServiceProvider.GetRequiredService<AuditLog>().Add(action, RecordType, recordId, outcome, detail, userName: UserName);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (true, result);
    }
}
