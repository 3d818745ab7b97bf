using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Nimo.Platform.Data;

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/nimo.db";

    public static DatabaseProvider ProviderFrom(IConfiguration configuration) =>
        (configuration["Database:Provider"] ?? "Sqlite").Trim().ToUpperInvariant() switch
        {
            "SQLITE" => DatabaseProvider.Sqlite,
            "POSTGRES" or "POSTGRESQL" or "NPGSQL" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException($"Database:Provider '{other}' is not Sqlite or Postgres."),
        };

    public static IServiceCollection AddNimoDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = ProviderFrom(configuration);
        var connection = configuration.GetConnectionString("Nimo");
        if (provider == DatabaseProvider.Sqlite)
        {
            var cs = PrepareSqlite(string.IsNullOrWhiteSpace(connection) ? DefaultSqlite : connection, contentRoot);
            services.AddDbContextPool<NimoDbContext, SqliteNimoDbContext>(o => ConfigureSqlite(o, cs));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new InvalidOperationException("ConnectionStrings:Nimo is required when Database:Provider is Postgres.");
            }

            services.AddDbContextPool<NimoDbContext, PostgresNimoDbContext>(o => ConfigurePostgres(o, connection));
        }

        return services;
    }

    // Split queries for collection includes: as one query, SQLite materialised every consent of the installation to join
    // a single client's (48 ms at 100,000 clients, measured with bench/run.sh).
    // A list in a query (`ids.Contains(x.Id)`, and every scope filter's ancestor paths) goes to the database as one
    // parameter (json_each on SQLite, = ANY(array) on PostgreSQL). EF 10's default writes one parameter per element, and
    // a SQL text that depends on the list's length is generated again on every execution instead of coming from EF's
    // command cache: on the home page that regeneration was a quarter of what triggered garbage collections (issue 20).
    internal static void ConfigureSqlite(DbContextOptionsBuilder o, string connectionString) =>
        o.UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(NimoDbContext).Assembly.FullName).UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)
                .UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
         .AddInterceptors(SqlitePragmas.Instance, RequestConnection.Keeper.Instance, Features.Clients.ClientAuditTrail.Instance, Identity.SessionCache.Writes.Instance);

    internal static void ConfigurePostgres(DbContextOptionsBuilder o, string connectionString) =>
        o.UseNpgsql(connectionString, n => n.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
         .AddInterceptors(Features.Clients.ClientAuditTrail.Instance, Identity.SessionCache.Writes.Instance);

    /// <summary>Makes a relative file path absolute under the content root and creates its folder.</summary>
    public static string PrepareSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(file) ? file : Path.GetFullPath(Path.Combine(contentRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        builder.Pooling = true;
        return builder.ToString();
    }

    /// <summary>Applies migrations (never the schema-without-history shortcut) and, on SQLite, switches the file to WAL once.</summary>
    public static async Task MigrateAsync(NimoDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>
    /// Every SQLite connection: wait for locks instead of failing at once, enforce foreign keys, and keep
    /// synchronous=FULL so an acknowledged write survives power loss. Pooled connections keep their settings, so the pragmas
    /// run once per underlying SQLite handle rather than on every open: EF opens the connection for each statement.
    /// </summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();
        private const string Sql = "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> Prepared = [];

        private static bool FirstOpen(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, handle);

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (FirstOpen(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Sql;
                command.ExecuteNonQuery();
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (FirstOpen(connection))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Sql;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}

/// <summary>
/// PostgreSQL advisory lock keys, in one place so that no two uses collide (operators see them in pg_locks).
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Transaction-level: "read the last hash, append" of the audit chain, across requests and instances.</summary>
    public const long AuditChain = 7316001;

    /// <summary>Session-level, held by the instance that runs the scheduled work (Platform/Scheduling).</summary>
    public const long ScheduledWork = 7316002;

    /// <summary>Session-level, held while an instance migrates and seeds at start-up, so instances started together take turns.</summary>
    public const long Startup = 7316003;
}

/// <summary>Used by `dotnet ef migrations add --context SqliteNimoDbContext`.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteNimoDbContext>
{
    public SqliteNimoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteNimoDbContext>();
        DatabaseSetup.ConfigureSqlite(options, "Data Source=design.db");
        return new SqliteNimoDbContext(options.Options);
    }
}

/// <summary>Used by `dotnet ef migrations add --context PostgresNimoDbContext`; no server is contacted.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresNimoDbContext>
{
    public PostgresNimoDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresNimoDbContext>();
        DatabaseSetup.ConfigurePostgres(options, "Host=localhost;Database=nimo_design;Username=nimo");
        return new PostgresNimoDbContext(options.Options);
    }
}
