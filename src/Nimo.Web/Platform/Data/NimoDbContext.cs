using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;

namespace Nimo.Platform.Data;

/// <summary>
/// The one model. Each provider has a thin subclass so that each keeps its own migration set;
/// pages and features only ever see this type.
/// </summary>
public abstract partial class NimoDbContext(DbContextOptions options) : IdentityDbContext<NimoUser>(options), IDataProtectionKeyContext
{
    // Each feature declares its own tables in a partial of this class in its folder (Features/Forums/ForumSets.cs …).
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<SignInAttempts> SignInAttempts => Set<SignInAttempts>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditSubject> AuditSubjects => Set<AuditSubject>();
    public DbSet<AuditQuery> AuditQueries => Set<AuditQuery>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The process-wide write gate of this SQLite file, or null on PostgreSQL.</summary>
    internal virtual WriteGate? WriteGate => null;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(NimoDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ChangeTracker.DetectChanges();
        // Nothing to write: do not queue behind the SQLite write gate for it.
        if (!ChangeTracker.HasChanges())
        {
            return 0;
        }

        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                entry.Entity.Version = Guid.NewGuid();
            }
        }

        var audits = ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        using var gate = WriteGate is null || Database.CurrentTransaction is not null ? null : await WriteGate.EnterAsync(cancellationToken);
        if (audits.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The chain needs "read the last hash, append" to be atomic across requests and instances.
        var owned = Database.CurrentTransaction is null;
        await using var tx = owned ? await Database.BeginTransactionAsync(cancellationToken) : null;
        await LockAuditChainAsync(cancellationToken);

        var last = await AuditEntries.AsNoTracking().OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? AuditEntry.GenesisHash;
        // Keyed with the chain's secret, which is not in the database: whoever can write here cannot re-chain an edit.
        var chain = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<AuditChain>(this);
        foreach (var audit in audits)
        {
            audit.Sequence = ++sequence;
            audit.PreviousHash = previous;
            audit.Hash = previous = chain.Seal(audit);
        }

        var count = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }

        return count;
    }

    /// <summary>
    /// Inside the current transaction, waits until no other instance is appending to the audit chain (PostgreSQL; on SQLite
    /// the write gate and the file lock serialise writers already). Held until commit; taking it twice is harmless.
    /// </summary>
    internal async Task LockAuditChainAsync(CancellationToken ct)
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLocks.AuditChain})", ct);
        }
    }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class SqliteNimoDbContext(DbContextOptions<SqliteNimoDbContext> options) : NimoDbContext(options)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, WriteGate> Gates = new(StringComparer.Ordinal);
    private WriteGate? _gate;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>Whether this request's page keeps its connection between statements (<see cref="RequestConnection"/>).</summary>
    internal RequestConnection.Keeping ConnectionKeeping { get; set; }

    // One gate per database file per process: SQLite allows one writer per file anyway.
    internal override WriteGate? WriteGate => _gate ??= Gates.GetOrAdd(Database.GetConnectionString() ?? "", _ => new WriteGate());

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type: EF would store text and evaluate comparisons on the client. UTC ticks sort and compare in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class PostgresNimoDbContext(DbContextOptions<PostgresNimoDbContext> options) : NimoDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Npgsql refuses a timestamptz with a non-zero offset; a time entered in JST is stored as the same instant in UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }
}

internal sealed class ToUtcConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(),
    v => v);

internal sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));

/// <summary>
/// One writer at a time for SQLite: with many concurrent writers SQLite's busy-retry gives ~1 s p99;
/// queueing in-process gives ~30 ms at the same throughput (see shared research notes).
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken);
        return new Releaser(_semaphore);
    }

    public void Dispose() => _semaphore.Dispose();

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
