using Npgsql;
using Nimo.Platform.Data;

namespace Nimo.Platform.Scheduling;

/// <summary>
/// This process as other instances and the logs see it: <c>Nimo:InstanceName</c>, or the machine name and process id.
/// </summary>
public sealed record AppInstance(string Name)
{
    public static AppInstance From(IConfiguration configuration) =>
        new(configuration["Nimo:InstanceName"] is { Length: > 0 } name
            ? name.Trim()
            : $"{Environment.MachineName}:{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
}

/// <summary>
/// Decides which instance runs the scheduled work. On PostgreSQL the leader holds a session-level advisory lock on a
/// connection of its own, outside the pool, for as long as it leads: if the process dies its connection closes, the
/// server releases the lock, and whichever instance asks next takes over. No table, so no migration. SQLite is one
/// file for one instance by design, so that instance always leads.
/// </summary>
public sealed class Leadership(IConfiguration configuration, AppInstance instance, ILogger<Leadership> log) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private bool? _leading;

    /// <summary>True while this instance leads; checks on PostgreSQL that the lock is still held, and tries to take it if not.</summary>
    public async Task<bool> TryLeadAsync(CancellationToken ct)
    {
        if (DatabaseSetup.ProviderFrom(configuration) == DatabaseProvider.Sqlite)
        {
            Report(true, "SQLite: one instance, no election");
            return true;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_connection is not null)
            {
                if (await StillHeldAsync(_connection, ct))
                {
                    return true;
                }

                await DropAsync();
            }

            NpgsqlConnection? connection = new(LockConnectionString());
            try
            {
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLocks.ScheduledWork})", connection);
                if (await command.ExecuteScalarAsync(ct) is true)
                {
                    (_connection, connection) = (connection, null);
                    Report(true, $"PostgreSQL advisory lock {AdvisoryLocks.ScheduledWork}");
                    return true;
                }

                Report(false, await LeaderNameAsync(connection, ct));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                log.LogWarning(e, "Scheduled work: {Instance} could not reach the database to take the lead.", instance.Name);
                _leading = null;
            }
            finally
            {
                // Not leading: this connection must not linger (with a lock taken at the last moment, say).
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }

            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private string LockConnectionString()
    {
        // Pooling off: closing must really close, or a pooled connection would keep the lock after we let it go.
        // The application name lets an operator see the leader in pg_stat_activity (docs/deploy.md).
        var builder = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("Nimo"))
        {
            Pooling = false,
            ApplicationName = ApplicationNamePrefix + instance.Name,
            KeepAlive = 30,
        };
        return builder.ToString();
    }

    public const string ApplicationNamePrefix = "nimo-scheduler ";

    // How pg_locks shows a granted pg_advisory_lock(bigint) below 2^32: high half in classid, low half in objid, objsubid 1.
    private static readonly string LockFilter =
        $"locktype = 'advisory' AND granted AND classid = 0 AND objid = {AdvisoryLocks.ScheduledWork} AND objsubid = 1";

    /// <summary>A lost connection (database restart, network) means a lost lock, perhaps already someone else's.</summary>
    private async Task<bool> StillHeldAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND " + LockFilter + ")", connection);
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                return true;
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            log.LogWarning(e, "Scheduled work: {Instance} lost its connection to the database.", instance.Name);
        }

        log.LogWarning("Scheduled work: {Instance} no longer holds the lock and stops leading.", instance.Name);
        _leading = null;
        return false;
    }

    /// <summary>Who holds the lock, for the log only: the instance name in its connection's application name.</summary>
    private static async Task<string> LeaderNameAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE " + LockFilter + " LIMIT 1", connection);
        var name = await command.ExecuteScalarAsync(ct) as string;
        return string.IsNullOrEmpty(name) ? "another instance" : name.Replace(ApplicationNamePrefix, "", StringComparison.Ordinal);
    }

    private void Report(bool leading, string detail)
    {
        // State changes only: a line per tick would bury everything else in the log.
        if (_leading == leading)
        {
            return;
        }

        _leading = leading;
        if (leading)
        {
            log.LogInformation("Scheduled work: {Instance} leads ({How}).", instance.Name, detail);
        }
        else
        {
            log.LogInformation("Scheduled work: {Leader} leads; {Instance} stands by.", detail, instance.Name);
        }
    }

    private async Task DropAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the connection releases the lock at once, so another instance need not wait for a dead one.
        await DropAsync();
        _gate.Dispose();
    }
}
