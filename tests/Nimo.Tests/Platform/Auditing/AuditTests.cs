using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Auditing;

public sealed class AuditTests
{
    /// <summary>A fresh app whose audit log holds <paramref name="count"/> export entries after its keyed start.</summary>
    internal static async Task<AppFactory> AppWithEntriesAsync(int count)
    {
        var app = new AppFactory();
        await app.WithDbAsync(async (_, sp) =>
        {
            var audit = sp.GetRequiredService<AuditLog>();
            for (var i = 0; i < count; i++)
            {
                await audit.WriteAsync(AuditActions.Export, "Region", i, detail: $"entry {i}");
            }

            return 0;
        });
        return app;
    }

    [Fact]
    public async Task An_untouched_chain_verifies()
    {
        using var app = await AppWithEntriesAsync(5);
        var result = await app.WithDbAsync((db, _) => AuditLog.VerifyAsync(db));
        Assert.True(result.Intact, result.Message);
        // And the keyed start every new installation's chain begins with (AuditChainKeyed).
        Assert.Equal(6, result.Checked);
    }

    [Fact]
    public async Task An_edited_row_is_detected_at_its_sequence_number()
    {
        using var app = await AppWithEntriesAsync(5);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'nothing to see' WHERE \"Sequence\" = 3"));
        var result = await app.WithDbAsync((db, _) => AuditLog.VerifyAsync(db));
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public async Task A_deleted_row_is_detected()
    {
        using var app = await AppWithEntriesAsync(5);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 2"));
        var result = await app.WithDbAsync((db, _) => AuditLog.VerifyAsync(db));
        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenAt);
    }

    [Fact]
    public async Task A_rewritten_row_with_a_recomputed_hash_is_detected_at_its_own_row()
    {
        using var app = await AppWithEntriesAsync(4);
        await app.WithDbAsync(async db =>
        {
            var entry = await db.AuditEntries.SingleAsync(a => a.Sequence == 2);
            entry.Detail = "forged";
            entry.Hash = entry.ComputeHash();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = {0}, \"Hash\" = {1} WHERE \"Sequence\" = 2", entry.Detail, entry.Hash);
        });
        var result = await app.WithDbAsync((db, _) => AuditLog.VerifyAsync(db));
        Assert.False(result.Intact);
        // The hash is keyed (AuditChain): a recomputed hash without the key is wrong at the row itself, not only at the next link.
        Assert.Equal(2, result.BrokenAt);
    }

    [Fact]
    public async Task Concurrent_writers_keep_one_unbroken_chain()
    {
        using var app = new AppFactory();
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => app.WithDbAsync(async (_, sp) =>
        {
            await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Export, "Region", i);
            return 0;
        })));
        var result = await app.WithDbAsync((db, _) => AuditLog.VerifyAsync(db));
        Assert.True(result.Intact, result.Message);
        Assert.Equal(41, result.Checked);
    }

    [Fact]
    public async Task The_admin_viewer_filters_exports_and_verifies()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var admin = await app.CreateUserAsync("auditor", Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var client = await app.SignInAsync(admin);
        var page = await client.GetStringAsync("/Admin/Audit?actionName=SignIn");
        Assert.Contains("auditor", page, StringComparison.Ordinal);
        Assert.Contains("ログイン", page, StringComparison.Ordinal);
        var csv = await client.GetStringAsync("/Admin/Audit?handler=Export");
        Assert.Contains("連番,日時(JST)", csv, StringComparison.Ordinal);
        var verify = await AppFactory.PostFormAsync(client, "/Admin/Audit", [], "/Admin/Audit?handler=Verify");
        Assert.Contains("正常に連結しています", WebUtility.HtmlDecode(await verify.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var secretary = await app.CreateUserAsync("not-admin", Roles.ForumSecretariat, world.TownOffice.Id);
        var other = await app.SignInAsync(secretary);
        var denied = await other.GetAsync("/Admin/Audit");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("権限がありません", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var refusal = await app.WithDbAsync((db, _) => db.AuditEntries
            .Where(a => a.UserId == secretary.Id && a.Action == AuditActions.AccessDenied).Select(a => a.RecordId).SingleAsync());
        Assert.Equal("/Admin/Audit", refusal);
    }
}
