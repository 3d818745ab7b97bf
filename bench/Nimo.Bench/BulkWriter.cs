using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Nimo.Platform.Data;
using Npgsql;

namespace Nimo.Bench;

/// <summary>
/// Writes entities built by the app's own factories straight into their tables: prepared INSERTs in large transactions
/// on SQLite, binary COPY on PostgreSQL. Columns, names and value conversions come from the EF model, so the rows are
/// exactly what the app would have written; the caller assigns ids and foreign keys (nothing here reads them back).
/// </summary>
public sealed class BulkWriter : IAsyncDisposable
{
    private readonly NimoDbContext _model;
    private readonly DbConnection _connection;
    private readonly bool _postgres;

    private BulkWriter(NimoDbContext model, DbConnection connection)
    {
        _model = model;
        _connection = connection;
        _postgres = model.Provider == DatabaseProvider.Postgres;
    }

    public static async Task<BulkWriter> OpenAsync(NimoDbContext model, string connectionString)
    {
        DbConnection connection = model.Provider == DatabaseProvider.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        if (connection is SqliteConnection)
        {
            // A load that is rerun from scratch when it fails needs no per-transaction fsync.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        return new BulkWriter(model, connection);
    }

    /// <summary>The next free id of the entity's table.</summary>
    public async Task<int> NextIdAsync<T>()
    {
        var table = Table<T>();
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM \"{table.Name}\"";
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task WriteAsync<T>(IReadOnlyList<T> rows)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = Table<T>();
        if (_connection is NpgsqlConnection pg)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
            await using var importer = await pg.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)");
            foreach (var row in rows)
            {
                await importer.StartRowAsync();
                foreach (var column in table.Columns)
                {
                    var value = column.Read(row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync();
                    }
                    else
                    {
                        await importer.WriteAsync(value, column.StoreType);
                    }
                }
            }

            await importer.CompleteAsync();
            return;
        }

        await using var tx = await _connection.BeginTransactionAsync();
        await using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))})";
        var parameters = table.Columns.Select((_, i) => { var p = command.CreateParameter(); p.ParameterName = $"$p{i}"; command.Parameters.Add(p); return p; }).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = table.Columns[i].Read(row) ?? DBNull.Value;
            }

            await command.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
    }

    /// <summary>PostgreSQL identity columns do not see explicit ids: move each sequence past the loaded rows.</summary>
    public async Task FinishAsync(params Type[] types)
    {
        if (!_postgres)
        {
            return;
        }

        foreach (var type in types)
        {
            var name = _model.Model.FindEntityType(type)!.GetTableName();
            await using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'Id'), (SELECT MAX(\"Id\") FROM \"{name}\")); ANALYZE \"{name}\";";
            await command.ExecuteNonQueryAsync();
        }
    }

    public static void SetId(object entity, string property, int value) =>
        entity.GetType().GetProperty(property, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.SetValue(entity, value);

    private readonly Dictionary<Type, TableMap> _tables = [];

    private TableMap Table<T>()
    {
        if (_tables.TryGetValue(typeof(T), out var known))
        {
            return known;
        }

        var entity = _model.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var name = entity.GetTableName()!;
        var store = StoreObjectIdentifier.Table(name, entity.GetSchema());
        var columns = new List<ColumnMap>();
        foreach (var property in entity.GetProperties())
        {
            var member = (MemberInfo?)property.PropertyInfo ?? property.FieldInfo ?? throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} is a shadow property.");
            var mapping = property.GetRelationalTypeMapping();
            var converter = property.GetValueConverter() ?? mapping.Converter;
            Func<object, object?> get = member is PropertyInfo pi ? pi.GetValue : ((FieldInfo)member).GetValue;
            var guid = property.ClrType == typeof(Guid) || property.ClrType == typeof(Guid?);
            var sqlite = !_postgres;
            columns.Add(new ColumnMap(property.GetColumnName(store)!, StoreTypeName(mapping.StoreType), row =>
            {
                var value = get(row);
                if (value is not null && converter is not null)
                {
                    value = converter.ConvertToProvider(value);
                }

                // EF stores a Guid on SQLite as upper-case text; the ADO provider alone would write a blob.
                return sqlite && guid && value is Guid g ? g.ToString("D").ToUpperInvariant() : value;
            }));
        }

        var map = new TableMap(name, columns);
        _tables[typeof(T)] = map;
        return map;
    }

    // "character varying(200)" → "character varying": COPY needs the type, not its length.
    private static string StoreTypeName(string storeType) => storeType.Split('(')[0].Trim();

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private sealed record TableMap(string Name, IReadOnlyList<ColumnMap> Columns);

    private sealed record ColumnMap(string Name, string StoreType, Func<object, object?> Read);
}
