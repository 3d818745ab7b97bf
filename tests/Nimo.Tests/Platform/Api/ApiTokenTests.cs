using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Api;

/// <summary>API tokens have an end: a lifetime of at most a year, revocation by their owner or an administrator, and their user's password.</summary>
[Collection("cli")]
public sealed class ApiTokenTests
{
    private static Task<(int Code, string Out, string Error)> RunAsync(TestDatabase database, params string[] args) => CliRunner.RunAsync(database, args);

    private static string LastLine(string output) => output.Trim().Split('\n').Last().Trim();

    private static async Task<HttpStatusCode> CallAsync(AppFactory app, string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/v1/me")).StatusCode;
    }

    [Fact]
    public async Task A_token_lives_at_most_365_days()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        await app.CreateUserAsync("long-lived", Roles.ForumSecretariat, world.TownOffice.Id);
        var (refused, _, error) = await RunAsync(app.Database, "token", "create", "--user", "long-lived", "--days", "3650");
        Assert.Equal(2, refused);
        Assert.Contains("1〜365", error, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync((db, _) => db.ApiTokens.CountAsync()));

        var (code, output, _) = await RunAsync(app.Database, "token", "create", "--user", "long-lived", "--days", "365");
        Assert.Equal(0, code);
        var token = LastLine(output);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, token));
        // The command line ran on the machine's clock; the app's is the test's.
        var row = await app.WithDbAsync((db, _) => db.ApiTokens.SingleAsync());
        Assert.Equal(TimeSpan.FromDays(365), row.ExpiresAt - row.CreatedAt);
        app.Clock.Advance(row.ExpiresAt!.Value - app.Clock.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, token));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, token));
    }

    [Fact]
    public async Task An_old_token_without_an_expiry_ends_a_year_after_it_was_made()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("legacy-token", Roles.ForumSecretariat, world.TownOffice.Id);
        var token = await app.WithDbAsync(async (db, _) =>
        {
            var (row, clear) = ApiTokens.Issue(await db.Users.SingleAsync(u => u.Id == user.Id), "旧形式", app.Clock.GetUtcNow(), null);
            db.ApiTokens.Add(row);
            await db.SaveChangesAsync();
            return clear;
        });
        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, token));
        app.Clock.Advance(TimeSpan.FromDays(366));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, token));
    }

    [Fact]
    public async Task Token_list_and_revoke_on_the_command_line()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        await app.CreateUserAsync("listed", Roles.ForumSecretariat, world.TownOffice.Id);
        var first = LastLine((await RunAsync(app.Database, "token", "create", "--user", "listed", "--name", "集計スクリプト")).Out);
        var second = LastLine((await RunAsync(app.Database, "token", "create", "--user", "listed", "--name", "予定表", "--days", "30")).Out);

        var (code, list, _) = await RunAsync(app.Database, "token", "list", "--user", "listed");
        Assert.Equal(0, code);
        Assert.Contains("集計スクリプト", list, StringComparison.Ordinal);
        Assert.Contains("予定表", list, StringComparison.Ordinal);
        Assert.Contains(first[..12], list, StringComparison.Ordinal);
        Assert.DoesNotContain(first, list, StringComparison.Ordinal);

        var id = await app.WithDbAsync((db, _) => db.ApiTokens.Where(t => t.Name == "集計スクリプト").Select(t => t.Id).SingleAsync());
        var (revoked, revokeOut, revokeError) = await RunAsync(app.Database, "token", "revoke", "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(revoked == 0, revokeOut + revokeError);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, first));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, second));
        Assert.Contains("失効", (await RunAsync(app.Database, "token", "list", "--user", "listed")).Out, StringComparison.Ordinal);
        var prefix = first[..12];
        Assert.True(await app.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ApiTokenRevoked && a.RecordId == prefix)));

        var (all, _, _) = await RunAsync(app.Database, "token", "revoke", "--user", "listed", "--all");
        Assert.Equal(0, all);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, second));
    }

    [Fact]
    public async Task A_user_revokes_their_own_token_and_an_administrator_anyones_in_the_browser_pages()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var owner = await app.CreateUserAsync("own-token", Roles.ForumSecretariat, world.TownOffice.Id);
        var other = await app.CreateUserAsync("other-token", Roles.ForumSecretariat, world.TownOffice.Id);
        var admin = await app.CreateUserAsync("token-admin", Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var mine = LastLine((await RunAsync(app.Database, "token", "create", "--user", "own-token", "--name", "自分の集計")).Out);
        var theirs = LastLine((await RunAsync(app.Database, "token", "create", "--user", "other-token", "--name", "他人の集計")).Out);
        var ids = await app.WithDbAsync((db, _) => db.ApiTokens.ToDictionaryAsync(t => t.Name, t => t.Id));

        // The owner sees and revokes only their own.
        var client = await app.SignInAsync(owner);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage"));
        Assert.Contains("自分の集計", page, StringComparison.Ordinal);
        Assert.DoesNotContain("他人の集計", page, StringComparison.Ordinal);
        var foreign = await AppFactory.PostFormAsync(client, "/Account/Manage", new() { ["tokenId"] = ids["他人の集計"].ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/Account/Manage?handler=RevokeToken");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, theirs));
        var own = await AppFactory.PostFormAsync(client, "/Account/Manage", new() { ["tokenId"] = ids["自分の集計"].ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/Account/Manage?handler=RevokeToken");
        await Responses.AssertRedirectAsync(own);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, mine));

        // An administrator revokes another user's from the user's page.
        var adminClient = await app.SignInAsync(admin);
        var userPage = WebUtility.HtmlDecode(await adminClient.GetStringAsync($"/Admin/Users/Edit/{other.Id}"));
        Assert.Contains("他人の集計", userPage, StringComparison.Ordinal);
        var byAdmin = await AppFactory.PostFormAsync(adminClient, $"/Admin/Users/Edit/{other.Id}",
            new() { ["Input.Id"] = other.Id, ["tokenId"] = ids["他人の集計"].ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/Admin/Users/Edit/{other.Id}?handler=RevokeToken");
        await Responses.AssertRedirectAsync(byAdmin);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, theirs));
        var revocations = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.Action == AuditActions.ApiTokenRevoked).Select(a => a.UserName).ToListAsync());
        Assert.Contains("own-token", revocations);
        Assert.Contains("token-admin", revocations);
    }

    [Fact]
    public async Task Tokens_die_with_a_password_change_and_stay_dead_when_a_disabled_user_is_enabled_again()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("changes-password", Roles.ForumSecretariat, world.TownOffice.Id);
        var disabled = await app.CreateUserAsync("gets-disabled", Roles.ForumSecretariat, world.TownOffice.Id);
        var admin = await app.CreateUserAsync("disabling-admin", Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var token = LastLine((await RunAsync(app.Database, "token", "create", "--user", "changes-password")).Out);
        var other = LastLine((await RunAsync(app.Database, "token", "create", "--user", "gets-disabled")).Out);

        var client = await app.SignInAsync(user);
        var changed = await AppFactory.PostFormAsync(client, "/Account/Manage/ChangePassword", new()
        {
            ["Input.Current"] = AppFactory.Password,
            ["Input.New"] = "a completely different sentence 77",
            ["Input.Confirm"] = "a completely different sentence 77",
        });
        await Responses.AssertRedirectAsync(changed);
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, token));

        var adminClient = await app.SignInAsync(admin);
        await AppFactory.PostFormAsync(adminClient, $"/Admin/Users/Edit/{disabled.Id}", new() { ["Input.Id"] = disabled.Id }, $"/Admin/Users/Edit/{disabled.Id}?handler=Disable");
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, other));
        await AppFactory.PostFormAsync(adminClient, $"/Admin/Users/Edit/{disabled.Id}", new() { ["Input.Id"] = disabled.Id }, $"/Admin/Users/Edit/{disabled.Id}?handler=Enable");
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, other));
    }
}
