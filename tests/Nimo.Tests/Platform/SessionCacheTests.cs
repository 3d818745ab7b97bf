using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform;

/// <summary>
/// The per-instance memory of sessions and scopes (issue 20) keeps the guarantees it must not trade for speed: a session
/// another instance ended is refused here within a second, one ended here is refused at once, a disabled user is out at
/// the next request, and a read of a client is in the audit log before the page reaches the reader.
/// </summary>
public sealed class SessionCacheTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>Runs SQL on the database the way another instance would: not through this app's EF pipeline and its interceptors.</summary>
    private async Task BehindTheAppsBackAsync(string sql, string userId)
    {
        await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            try
            {
                await using DbCommand command = connection.CreateCommand();
                command.CommandText = sql;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@user";
                parameter.Value = userId;
                command.Parameters.Add(parameter);
                Assert.True(await command.ExecuteNonQueryAsync() > 0);
            }
            finally
            {
                await connection.CloseAsync();
            }
        });
    }

    private async Task<(TestUser User, HttpClient Client)> SignedInAsync(string prefix)
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(prefix + Guid.NewGuid().ToString("N")[..8], Roles.ForumSecretariat, world.TownOffice.Id);
        var client = app.CreateClient();
        await AppFactory.PostLoginAsync(client, user.UserName, AppFactory.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/About")).StatusCode);
        return (user, client);
    }

    private static bool SentToLogin(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/Account/Login";

    [Fact]
    public async Task A_session_another_instance_ended_is_refused_here_within_a_second()
    {
        var (user, client) = await SignedInAsync("other-instance-");
        await BehindTheAppsBackAsync("DELETE FROM \"UserSessions\" WHERE \"UserId\" = @user", user.Id);

        // This instance may still serve what it read in the last 750 ms; past that, the row's absence decides.
        await Task.Delay(SessionCache.Lifetime + TimeSpan.FromMilliseconds(100));
        Assert.True(SentToLogin(await client.GetAsync("/About")));
    }

    [Fact]
    public async Task A_user_another_instance_disabled_is_refused_here_within_a_second()
    {
        var (user, client) = await SignedInAsync("disabled-elsewhere-");
        await BehindTheAppsBackAsync("UPDATE \"AspNetUsers\" SET \"IsDisabled\" = TRUE WHERE \"Id\" = @user", user.Id);

        await Task.Delay(SessionCache.Lifetime + TimeSpan.FromMilliseconds(100));
        Assert.True(SentToLogin(await client.GetAsync("/About")));
    }

    [Fact]
    public async Task Sessions_ended_on_this_instance_are_refused_at_the_very_next_request()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("ended-here-" + Guid.NewGuid().ToString("N")[..8], Roles.ForumSecretariat, world.TownOffice.Id);
        var desk = app.CreateClient();
        var laptop = app.CreateClient();
        await AppFactory.PostLoginAsync(desk, user.UserName, AppFactory.Password);
        await AppFactory.PostLoginAsync(laptop, user.UserName, AppFactory.Password);
        // Both sessions were just read, so both are in this instance's memory.
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/About")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/About")).StatusCode);

        var ended = await AppFactory.PostFormAsync(desk, "/Account/Manage", [], "/Account/Manage?handler=EndOthers");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.True(SentToLogin(await laptop.GetAsync("/About")));
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/About")).StatusCode);
    }

    [Fact]
    public async Task The_read_of_a_client_is_in_the_audit_log_before_the_page_reaches_the_reader()
    {
        var world = await app.CreateWorldAsync();
        var clientId = await app.WithDbAsync(async (db, _) =>
        {
            var owner = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var today = JapanTime.Today(app.Clock);
            var person = Client.Register(owner, owner.Region, "見本 監査子", "みほん かんさこ", new DateOnly(1979, 5, 1), Sex.Female, today, "seed", app.Clock.GetUtcNow());
            db.Clients.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        });
        var nurse = await app.CreateUserAsync("reader-" + Guid.NewGuid().ToString("N")[..8], Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var client = await app.SignInAsync(nurse);

        for (var i = 1; i <= 3; i++)
        {
            var page = await client.GetAsync($"/Clients/Details/{clientId}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            // Counted the moment the response is in hand: nothing is queued to be written after it.
            var reads = await app.WithDbAsync((db, _) => db.AuditEntries.CountAsync(a =>
                a.Action == AuditActions.Read && a.RecordType == "Client" && a.RecordId == clientId.ToString(System.Globalization.CultureInfo.InvariantCulture) && a.UserId == nurse.Id));
            Assert.Equal(i, reads);
        }
    }
}
