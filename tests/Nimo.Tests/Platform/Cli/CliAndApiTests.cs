using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Cli;

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;

/// <summary>The command-line face, run in-process through the real entry point (it swaps Console, so it runs alone).</summary>
[Collection("cli")]
public sealed class CliAndApiTests
{
    private static Task<(int Code, string Out, string Error)> RunAsync(TestDatabase database, params string[] args) => CliRunner.RunAsync(database, args);

    [Fact]
    public async Task Token_create_prints_a_token_that_opens_the_api_and_nothing_else_does()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("api-user", Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);

        var (code, output, _) = await RunAsync(app.Database, "token", "create", "--user", "api-user");
        Assert.Equal(0, code);
        var token = output.Trim().Split('\n').Last().Trim();
        Assert.StartsWith("nimo_", token, StringComparison.Ordinal);

        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var me = await client.GetStringAsync("/api/v1/me");
        Assert.Contains("api-user", me, StringComparison.Ordinal);
        Assert.Contains("みどり町", me, StringComparison.Ordinal);

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);

        // A browser session is not an API credential.
        var browser = await app.SignInAsync(user);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me")).StatusCode);

        var stored = await app.WithDbAsync((db, _) => db.ApiTokens.SingleAsync());
        Assert.NotEqual(token, stored.TokenHash);
        Assert.DoesNotContain(token, stored.TokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_create_for_an_unknown_user_fails_with_a_message()
    {
        using var app = new AppFactory();
        _ = app.Services;
        var (code, _, error) = await RunAsync(app.Database, "token", "create", "--user", "nobody");
        Assert.Equal(1, code);
        Assert.Contains("存在しません", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_then_restore_brings_back_the_data_and_the_chain_still_verifies()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        await app.CreateUserAsync("backup-user", Roles.ForumSecretariat, world.TownOffice.Id);
        var file = Path.Combine(Path.GetTempPath(), "nimo-tests", Guid.NewGuid().ToString("N") + ".backup");
        var (backup, backupOut, backupError) = await RunAsync(app.Database, "backup", "--out", file);
        Assert.True(backup == 0, backupOut + backupError);
        Assert.True(new FileInfo(file).Length > 0);
        var before = await app.WithDbAsync(async (db, _) => (await db.Organizations.CountAsync(), await db.Users.CountAsync()));

        // Something happens after the backup that the restore must undo.
        await app.WithDbAsync(async db =>
        {
            db.Organizations.Add(Organization.Create("バックアップ後の機関", "", OrganizationKind.Other, await db.Regions.SingleAsync(r => r.Code == "473014")));
            await db.SaveChangesAsync();
        });

        var (restore, restoreOut, restoreError) = await RunAsync(app.Database, "restore", "--from", file);
        Assert.True(restore == 0, restoreOut + restoreError);
        Assert.Contains("正常に連結しています", restoreOut, StringComparison.Ordinal);
        var after = await app.WithDbAsync(async (db, _) => (await db.Organizations.CountAsync(), await db.Users.CountAsync()));
        Assert.Equal(before, after);

        var (verify, verifyOut, _) = await RunAsync(app.Database, "verify-audit");
        Assert.Equal(0, verify);
        Assert.Contains("正常", verifyOut, StringComparison.Ordinal);
        var restoreAudited = await app.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Restore));
        Assert.True(restoreAudited);
        File.Delete(file);
    }

    [Fact]
    public async Task User_create_makes_an_account_with_a_generated_password()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var (code, output, error) = await RunAsync(app.Database, "user", "create", "--name", "first-admin", "--role", "Admin", "--org", world.Prefecture.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 0, output + error);
        var password = output.Trim().Split('\n').Last().Trim();
        Assert.True(password.Length >= 20);
        var response = await AppFactory.PostLoginAsync(app.CreateClient(), "first-admin", password);
        await Responses.AssertRedirectAsync(response);
    }

    [Fact]
    public async Task Init_starts_an_empty_installation_from_its_prefecture_and_only_once()
    {
        using var app = new AppFactory();
        _ = app.Services; // migrates the empty database
        var (code, output, error) = await RunAsync(app.Database, "init", "--prefecture", "岡山", "--org", "岡山県 障害福祉課", "--admin", "okayama-admin");
        Assert.True(code == 0, output + error);
        var password = output.Trim().Split('\n').Last().Trim();
        var admin = await app.WithDbAsync((db, _) => db.Users.Include(u => u.Organization).ThenInclude(o => o.Region).SingleAsync(u => u.UserName == "okayama-admin"));
        Assert.Equal("330001", admin.Organization.Region.Code);
        Assert.Equal("岡山県", admin.Organization.Region.Name);
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(app.CreateClient(), "okayama-admin", password));

        var (again, _, refusal) = await RunAsync(app.Database, "init", "--prefecture", "東京都", "--org", "別の機関", "--admin", "second");
        Assert.Equal(1, again);
        Assert.Contains("すでに利用者がいる", refusal, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.Users.AnyAsync(u => u.UserName == "second")));

        using var empty = new TestDatabase();
        var (unknown, _, message) = await RunAsync(empty, "init", "--prefecture", "架空県", "--org", "x", "--admin", "y");
        Assert.Equal(1, unknown);
        Assert.Contains("見つかりません", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_report_writes_a_standalone_sheet_in_plain_utf8_like_the_page()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        await app.WithDbAsync(async db =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == world.TownOffice.RegionId);
            var plan = Nimo.Features.Plans.Plan.Create(region, 2025);
            plan.AddChallenge("退院後の通院が途切れる", "<b>顔の見える関係づくり</b>", ["関係機関の調整", null, null, null], null);
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
        });
        var file = Path.Combine(Path.GetTempPath(), $"nimo-sheet-{Guid.NewGuid():N}.html");
        try
        {
            var (code, output, error) = await RunAsync(app.Database, "export-report", "--region", "473014", "--year", "2025", "--format", "html", "--out", file);
            Assert.True(code == 0, error);
            Assert.Contains("みどり町 令和7年度 の報告様式", output, StringComparison.Ordinal);
            var html = await File.ReadAllTextAsync(file, System.Text.Encoding.UTF8);
            Assert.DoesNotContain("&#x", html, StringComparison.Ordinal);
            Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
            Assert.Contains("<p class=\"sheet-region\">みどり町</p>", html, StringComparison.Ordinal);
            Assert.Contains("退院後の通院が途切れる", html, StringComparison.Ordinal);
            Assert.Contains("<title>みどり町 令和7年度 報告様式</title>", html, StringComparison.Ordinal);
            // Markup typed into the data is still escaped.
            Assert.Contains("&lt;b&gt;顔の見える関係づくり&lt;/b&gt;", html, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var user = await app.CreateUserAsync("sheet-reader", Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        var client = await app.SignInAsync(user);
        var page = await client.GetStringAsync($"/Plans/Sheet/{world.TownOffice.RegionId}?year=2025");
        Assert.DoesNotContain("&#x", page, StringComparison.Ordinal);
        Assert.Contains("退院後の通院が途切れる", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_prints_usage()
    {
        using var app = new AppFactory();
        _ = app.Services;
        var (code, _, error) = await RunAsync(app.Database, "token", "delete");
        Assert.Equal(2, code);
        Assert.Contains("使い方", error, StringComparison.Ordinal);
    }
}
