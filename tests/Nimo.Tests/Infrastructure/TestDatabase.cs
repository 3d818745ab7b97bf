using Microsoft.Data.Sqlite;
using Npgsql;

namespace Nimo.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database per app instance, on the provider named by NIMO_TEST_PROVIDER (Sqlite by default).
/// PostgreSQL comes from NIMO_TEST_PG (an admin connection string to a throwaway cluster); if it is asked for
/// and not reachable the tests fail: they never fall back silently to SQLite.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public string Provider { get; }
    public string ConnectionString { get; }

    /// <summary>
    /// The installation's state outside the database (the audit chain's key and anchors), one folder per database: every
    /// app and command line on this database shares it, as the instances of one installation do.
    /// </summary>
    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), "nimo-tests", "state-" + Guid.NewGuid().ToString("N"));
    private readonly string? _file;
    private readonly string? _pgDatabase;

    public static string ProviderName => (Environment.GetEnvironmentVariable("NIMO_TEST_PROVIDER") ?? "Sqlite").Trim();
    public static bool IsPostgres => ProviderName.Equals("Postgres", StringComparison.OrdinalIgnoreCase);

    public TestDatabase()
    {
        Provider = IsPostgres ? "Postgres" : "Sqlite";
        if (IsPostgres)
        {
            var admin = Environment.GetEnvironmentVariable("NIMO_TEST_PG")
                ?? throw new InvalidOperationException("NIMO_TEST_PROVIDER=Postgres needs NIMO_TEST_PG (run ./test.sh, which starts a cluster).");
            _pgDatabase = "nimo_test_" + Guid.NewGuid().ToString("N")[..16];
            using (var connection = new NpgsqlConnection(admin))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = $"CREATE DATABASE {_pgDatabase}";
                command.ExecuteNonQuery();
            }

            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _pgDatabase, Pooling = true, MaxPoolSize = 20 }.ToString();
        }
        else
        {
            _file = Path.Combine(Path.GetTempPath(), "nimo-tests", Guid.NewGuid().ToString("N") + ".db");
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = _file }.ToString();
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(StateDirectory))
            {
                Directory.Delete(StateDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // As with the database file: the temp folder is disposable anyway.
        }

        if (_file is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                try
                {
                    File.Delete(f);
                }
                catch (IOException)
                {
                    // A pooled handle may linger on a busy machine; the temp folder is disposable anyway.
                }
            }
        }

        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("NIMO_TEST_PG"));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)";
            command.ExecuteNonQuery();
        }
    }
}
