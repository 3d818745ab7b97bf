using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scheduling;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Auditing;

/// <summary>
/// The four attacks of the review, by someone who can write to the database but holds neither the chain's key nor the
/// anchors: each passed `verify-audit` before the chain was keyed and anchored outside the database.
/// </summary>
[Collection("cli")]
public sealed class AuditChainTests
{
    private static Task<AppFactory> AppWithEntriesAsync(int count) => AuditTests.AppWithEntriesAsync(count);

    /// <summary>A scheduled tick, as the leader runs it every quarter hour.</summary>
    private static async Task TickAsync(AppFactory app)
    {
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await app.Services.GetRequiredService<ScheduledWork>().RunTickAsync(ScheduledWork.NextTick(app.Clock.GetUtcNow(), TimeSpan.FromMinutes(15)), CancellationToken.None);
    }

    /// <summary>What the attacker can do without the key: rewrite every hash from <paramref name="from"/> on with the published recipe.</summary>
    private static async Task RechainAsync(NimoDbContext db, long from)
    {
        var entries = await db.AuditEntries.OrderBy(a => a.Sequence).ToListAsync();
        var previous = entries.LastOrDefault(e => e.Sequence < from)?.Hash ?? AuditEntry.GenesisHash;
        foreach (var entry in entries.Where(e => e.Sequence >= from))
        {
            entry.PreviousHash = previous;
            entry.Hash = previous = entry.ComputeHash();
        }

        await db.SaveChangesAsync();
    }

    private static Task<AuditVerification> VerifyAsync(AppFactory app) => app.WithDbAsync((db, _) => AuditLog.VerifyAsync(db));

    [Fact]
    public async Task An_edited_row_with_the_whole_chain_recomputed_is_detected()
    {
        using var app = await AppWithEntriesAsync(6);
        await TickAsync(app);
        var target = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Detail == "entry 2").Select(a => a.Sequence).SingleAsync());
        await app.WithDbAsync(async db =>
        {
            await db.AuditEntries.Where(a => a.Sequence == target).ExecuteUpdateAsync(s => s.SetProperty(a => a.Detail, "nothing to see"));
            await RechainAsync(db, target);
        });
        var result = await VerifyAsync(app);
        Assert.False(result.Intact, result.Message);
        Assert.Equal(target, result.BrokenAt);
        var (code, output, _) = await CliRunner.RunAsync(app.Database, "verify-audit");
        Assert.True(code == 1, output);
    }

    [Fact]
    public async Task A_deleted_row_with_the_rest_renumbered_and_recomputed_is_detected()
    {
        using var app = await AppWithEntriesAsync(6);
        await TickAsync(app);
        var target = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Detail == "entry 2").Select(a => a.Sequence).SingleAsync());
        await app.WithDbAsync(async db =>
        {
            await db.AuditEntries.Where(a => a.Sequence == target).ExecuteDeleteAsync();
            foreach (var sequence in await db.AuditEntries.Where(a => a.Sequence > target).OrderBy(a => a.Sequence).Select(a => a.Sequence).ToListAsync())
            {
                await db.AuditEntries.Where(a => a.Sequence == sequence).ExecuteUpdateAsync(s => s.SetProperty(a => a.Sequence, sequence - 1));
            }

            await RechainAsync(db, target);
        });
        var result = await VerifyAsync(app);
        Assert.False(result.Intact, result.Message);
        var (code, output, _) = await CliRunner.RunAsync(app.Database, "verify-audit");
        Assert.True(code == 1, output);
    }

    [Fact]
    public async Task A_log_cut_short_at_its_end_is_detected_against_the_anchor()
    {
        using var app = await AppWithEntriesAsync(6);
        await TickAsync(app);
        var head = await app.WithDbAsync((db, _) => db.AuditEntries.MaxAsync(a => a.Sequence));
        await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Sequence > head - 3).ExecuteDeleteAsync());
        var result = await VerifyAsync(app);
        Assert.False(result.Intact, result.Message);
        Assert.Contains("末尾", result.Message, StringComparison.Ordinal);
        var (code, output, _) = await CliRunner.RunAsync(app.Database, "verify-audit");
        Assert.True(code == 1, output);
    }

    [Fact]
    public async Task An_emptied_log_is_detected()
    {
        using var app = await AppWithEntriesAsync(6);
        await TickAsync(app);
        await app.WithDbAsync(db => db.AuditEntries.ExecuteDeleteAsync());
        var result = await VerifyAsync(app);
        Assert.False(result.Intact, result.Message);
        var (code, output, _) = await CliRunner.RunAsync(app.Database, "verify-audit");
        Assert.True(code == 1, output);
    }

    [Fact]
    public async Task An_untouched_chain_verifies_after_ticks_and_on_the_command_line()
    {
        using var app = await AppWithEntriesAsync(6);
        await TickAsync(app);
        await app.WithDbAsync(async (_, sp) =>
        {
            await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Export, "Region", 99, detail: "after the anchor");
            return 0;
        });
        await TickAsync(app);
        var result = await VerifyAsync(app);
        Assert.True(result.Intact, result.Message);
        var (code, output, error) = await CliRunner.RunAsync(app.Database, "verify-audit");
        Assert.True(code == 0, output + error);

        // Each tick appended the head (start, then two ticks) and recorded that it did, in the log itself.
        var anchors = File.ReadAllLines(Path.Combine(app.Database.StateDirectory, "audit-anchors", AuditChain.AnchorFileName));
        Assert.Equal(3, anchors.Length);
        var recorded = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Action == AuditActions.AuditAnchored).Select(a => a.Detail).ToListAsync());
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, d => Assert.Contains("までをアンカーに記録しました", d, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restore_of_a_dump_older_than_the_anchors_says_what_was_lost_and_verifies_from_there()
    {
        using var app = await AppWithEntriesAsync(3);
        var file = Path.Combine(Path.GetTempPath(), "nimo-tests", Guid.NewGuid().ToString("N") + (TestDatabase.IsPostgres ? ".dump" : ".db"));
        try
        {
            var (code, output, error) = await CliRunner.RunAsync(app.Database, "backup", "--out", file);
            Assert.True(code == 0, output + error);
            await app.WithDbAsync(async (_, sp) =>
            {
                await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Export, "Region", 7, detail: "after the backup");
                return 0;
            });
            await TickAsync(app);

            (code, output, error) = await CliRunner.RunAsync(app.Database, "restore", "--from", file);
            Assert.True(code == 0, output + error);
            Assert.Contains("バックアップ以降の記録は失われました", output, StringComparison.Ordinal);
            (code, output, error) = await CliRunner.RunAsync(app.Database, "verify-audit");
            Assert.True(code == 0, output + error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Outside_development_the_app_refuses_to_start_without_a_key_and_starts_with_one()
    {
        using var database = new TestDatabase();
        var (code, output, error) = await CliRunner.RunInAsync("Production", database, "migrate");
        Assert.True(code == 1, output + error);
        Assert.Contains("監査ログの鍵がありません", error, StringComparison.Ordinal);
        Assert.Contains("audit.key", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(database.StateDirectory, "audit.key")), "no key may be made outside development");

        // The operator makes the key (docs/deploy.md) and starts again.
        System.IO.Directory.CreateDirectory(database.StateDirectory);
        await File.WriteAllTextAsync(Path.Combine(database.StateDirectory, "audit.key"), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        (code, output, error) = await CliRunner.RunInAsync("Production", database, "migrate");
        Assert.True(code == 0, output + error);
        (code, output, error) = await CliRunner.RunInAsync("Production", database, "verify-audit");
        Assert.True(code == 0, output + error);
    }

    [Fact]
    public async Task In_development_the_first_start_makes_a_key_file_that_the_database_backup_does_not_contain()
    {
        using var app = await AppWithEntriesAsync(2);
        var keyFile = Path.Combine(app.Database.StateDirectory, "audit.key");
        Assert.True(File.Exists(keyFile));
        var keyText = (await File.ReadAllTextAsync(keyFile)).Trim();
        Assert.Equal(32, Convert.FromBase64String(keyText).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.True(File.Exists(Path.Combine(app.Database.StateDirectory, "audit-anchors", AuditChain.AnchorFileName)));
        if (!TestDatabase.IsPostgres)
        {
            var backup = Path.Combine(Path.GetTempPath(), "nimo-tests", Guid.NewGuid().ToString("N") + ".db");
            try
            {
                var (code, output, error) = await CliRunner.RunAsync(app.Database, "backup", "--out", backup);
                Assert.True(code == 0, output + error);
                var bytes = await File.ReadAllBytesAsync(backup);
                Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(keyText)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Convert.FromBase64String(keyText)));
            }
            finally
            {
                File.Delete(backup);
            }
        }
    }

    [Fact]
    public async Task Another_key_is_refused_at_start_rather_than_appended_with()
    {
        using var app = await AppWithEntriesAsync(2);
        var keyFile = Path.Combine(app.Database.StateDirectory, "audit.key");
        var original = await File.ReadAllTextAsync(keyFile);
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var (code, output, error) = await CliRunner.RunAsync(app.Database, "verify-audit");
        Assert.True(code == 1, output + error);
        Assert.Contains("この監査ログを連結した鍵ではありません", error, StringComparison.Ordinal);
        await File.WriteAllTextAsync(keyFile, original);
        (code, output, error) = await CliRunner.RunAsync(app.Database, "verify-audit");
        Assert.True(code == 0, output + error);
    }
}
