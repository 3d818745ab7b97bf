using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Features.Cases;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Faults;

/// <summary>
/// A backup restored over a database that has moved on brings back exactly what was backed up: every table, row for
/// row and value for value (count and a content hash per table), on the provider under test.
/// </summary>
[Collection("cli")]
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task Restore_brings_back_every_table_row_for_row_after_changes_of_every_kind()
    {
        using var app = new DemoAppFactory();
        _ = app.Services;
        // Demo data covers every feature; a record of the test's own makes sure the fingerprint sees new rows too.
        var world = await app.CreateWorldAsync();
        await app.WithDbAsync<int>(async (db, sp) =>
        {
            var supportCase = await db.SupportCases.OrderBy(c => c.Id).FirstAsync();
            supportCase.AddNote(app.Clock.GetUtcNow(), NoteKind.Visit, 30, "試験", "訪問", "バックアップ前の支援記録");
            sp.GetRequiredService<AuditLog>().Add(AuditActions.Create, "CaseNote", null, detail: "バックアップ前");
            return await db.SaveChangesAsync();
        });
        var before = await app.WithDbAsync((db, _) => FingerprintAsync(db));
        Assert.True(before["Clients"].Rows > 0 && before["CaseNotes"].Rows > 0 && before["Plans"].Rows > 0 && before["AuditEntries"].Rows > 0,
            "the demo data should fill the personal-data and plan tables: " + string.Join(", ", before.Select(p => $"{p.Key} {p.Value.Rows}")));
        var file = Path.Combine(Path.GetTempPath(), "nimo-tests", Guid.NewGuid().ToString("N") + ".backup");
        var (backup, backupOut, backupError) = await CliRunner.RunAsync(app.Database, "backup", "--out", file);
        Assert.True(backup == 0, backupOut + backupError);

        // After the backup: an insert, an update and a delete, in master data and in personal data.
        await app.WithDbAsync(async db =>
        {
            db.Organizations.Add(Organization.Create("バックアップ後に追加した機関", "", OrganizationKind.Other, await db.Regions.SingleAsync(r => r.Id == world.TownOffice.RegionId)));
            var client = await db.Clients.OrderBy(c => c.Id).FirstAsync();
            client.Update(null, "バックアップ後 変更", client.Kana, client.BirthDate, client.Sex, "変更後の住所", null, null, null, new DateOnly(2026, 11, 20));
            await db.SaveChangesAsync();
            await db.CaseNotes.Where(n => n.Id == db.CaseNotes.Min(x => x.Id)).ExecuteDeleteAsync();
        });
        var changed = await app.WithDbAsync((db, _) => FingerprintAsync(db));
        Assert.NotEqual(before["Organizations"], changed["Organizations"]);
        Assert.NotEqual(before["Clients"], changed["Clients"]);
        Assert.NotEqual(before["CaseNotes"], changed["CaseNotes"]);

        var (restore, restoreOut, restoreError) = await CliRunner.RunAsync(app.Database, "restore", "--from", file);
        Assert.True(restore == 0, restoreOut + restoreError);
        var after = await app.WithDbAsync((db, _) => FingerprintAsync(db, auditUpTo: before["AuditEntries"].Rows));
        File.Delete(file);

        // The audit log keeps growing by design (the restore itself is recorded); the part that was backed up must match.
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (table, print) in before)
        {
            Assert.True(print == after[table], $"{table}: {print} before the backup, {after[table]} after the restore");
        }
    }

    public sealed record TablePrint(long Rows, string Hash)
    {
        public override string ToString() => $"{Rows} rows, {Hash[..12]}";
    }

    /// <summary>Row count and a SHA-256 over every row (values in invariant text, rows in ordinal order) of every table.</summary>
    public static async Task<Dictionary<string, TablePrint>> FingerprintAsync(NimoDbContext db, long? auditUpTo = null)
    {
        var tables = db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Append("__EFMigrationsHistory").Distinct().ToList();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var prints = new Dictionary<string, TablePrint>();
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = table == "AuditEntries" && auditUpTo is long upTo
                    ? $"SELECT * FROM \"{table}\" WHERE \"Sequence\" <= {upTo.ToString(CultureInfo.InvariantCulture)}"
                    : $"SELECT * FROM \"{table}\"";
                var rows = new List<string>();
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        rows.Add(string.Join('\u001f', Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader, i))));
                    }
                }

                rows.Sort(StringComparer.Ordinal);
                var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', rows))));
                prints[table] = new TablePrint(rows.Count, hash);
            }

            return prints;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Cell(DbDataReader reader, int i) => reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
    {
        byte[] bytes => Convert.ToBase64String(bytes),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString() ?? "",
    };
}
