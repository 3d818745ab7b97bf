using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Platform.Identity;
using Nimo.Platform.Web;
using Nimo.Tests.Infrastructure;
using Npgsql;
using static Nimo.Tests.Features.Events.EventKit;

namespace Nimo.Tests.Features.Events;

/// <summary>
/// Nimo:Surface. A Public instance (the residents' side, in the internet segment) on the staff side's database answers 404
/// to every staff route, reads no staff key, and on PostgreSQL connects with the role <c>public-role</c> prepares, which
/// the database itself keeps to published events. A Staff instance answers 404 to the public pages.
/// </summary>
public sealed class SurfaceTests(EventsAppFactory staff) : IClassFixture<EventsAppFactory>
{
    /// <summary>Another instance of the app on the staff factory's database, with its own surface (and, on PostgreSQL, its own role).</summary>
    private sealed class Instance(TestDatabase database, string name, Surface surface, string? connection) : AppFactory(database, name)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Nimo:Surface", surface.ToString());
            builder.UseSetting("Nimo:PublicFormRateLimitPerMinute", "100000");
            if (connection is not null)
            {
                builder.UseSetting("ConnectionStrings:Nimo", connection);
            }
        }
    }

    /// <summary>On PostgreSQL, a login role prepared by the <c>public-role</c> statements, and its connection string; null on SQLite.</summary>
    private static async Task<(string Role, string Connection)?> PublicRoleAsync(TestDatabase database)
    {
        if (!TestDatabase.IsPostgres)
        {
            return null;
        }

        var role = "nimo_pub_" + Tag();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await using var owner = new NpgsqlConnection(database.ConnectionString);
        await owner.OpenAsync();
        foreach (var sql in EventsModule.PublicRoleSql(role).Prepend($"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
        {
            await using var command = new NpgsqlCommand(sql, owner);
            await command.ExecuteNonQueryAsync();
        }

        return (role, new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password, Pooling = false }.ToString());
    }

    private static async Task DropRoleAsync(TestDatabase database, string role)
    {
        await using var owner = new NpgsqlConnection(database.ConnectionString);
        await owner.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP OWNED BY {role}", owner);
        await command.ExecuteNonQueryAsync();
    }

    private static IEnumerable<(string Url, string Method)> Routes(AppFactory app, Func<EndpointMetadataCollection, bool> which) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => which(e.Metadata) && e.Metadata.GetMetadata<AnySurfaceAttribute>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
                .Select(m => ("/" + System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimStart('/'), @"\{[^}]+\}", "1"), m)))
            .Distinct();

    [Fact]
    public async Task A_public_instance_answers_404_to_every_staff_route_and_serves_the_residents()
    {
        var world = await staff.CreateWorldAsync();
        var title = "公開インスタンス " + Tag();
        var id = await CreateAsync(staff, world.CityHealthCenter, Input(InDays(staff, 14), title), publish: true);
        var role = await PublicRoleAsync(staff.Database);
        try
        {
            using var pub = new Instance(staff.Database, "public", Surface.Public, role?.Connection);
            var anonymous = pub.CreateClient();
            var checkedRoutes = 0;
            foreach (var (url, method) in Routes(pub, m => m.GetMetadata<PublicSurfaceAttribute>() is null))
            {
                var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "GET" ? null : new FormUrlEncodedContent([]) });
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url} answered {(int)response.StatusCode} on a Public instance");
                checkedRoutes++;
            }

            Assert.True(checkedRoutes > 60, $"only {checkedRoutes} staff routes found");
            foreach (var url in new[] { "/", "/Account/Login", "/api/v1/me", "/api/v1/regions", "/openapi/v1.json", "/Admin/Users", "/Events", $"/Events/Roster/{id}", "/Clients" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
            }

            // A staff session cookie (and a bearer token) open nothing there either.
            var secretary = await staff.CreateUserAsync("surf-sec-" + Tag(), Roles.ForumSecretariat, world.TownOffice.Id);
            var login = await AppFactory.PostLoginAsync(staff.CreateClient(), secretary.UserName, AppFactory.Password);
            var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
            Assert.Contains("__Host-Nimo=", cookie, StringComparison.Ordinal);
            foreach (var url in new[] { "/", "/Events", "/Account/Manage" })
            {
                var withCookie = new HttpRequestMessage(HttpMethod.Get, url);
                withCookie.Headers.Add("Cookie", cookie);
                withCookie.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "nimo_anything");
                Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(withCookie)).StatusCode);
            }

            var user = await staff.CreateUserAsync("surf-" + Tag(), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
            staff.Clock.Advance(TimeSpan.FromSeconds(30));
            var signedIn = await staff.SignInAsync(user);
            Assert.Equal("ok", await anonymous.GetStringAsync("/healthz"));
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/css/site.css")).StatusCode);
            var list = await anonymous.GetAsync("/public/events");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            Assert.False(list.Headers.Contains("Set-Cookie"));
            Assert.Contains(title, await TextAsync(list), StringComparison.Ordinal);

            // A registration taken by the Public instance is on the organiser's list on the staff side, and a cancellation too.
            var html = await TextAsync(await RegisterAsync(anonymous, id, "見本 公開太郎", "090-6060-6060"));
            var number = NumberIn(html) ?? throw new InvalidOperationException(html);
            Assert.Contains("見本 公開太郎", await TextAsync(await signedIn.GetAsync($"/Events/Roster/{id}")), StringComparison.Ordinal);
            Assert.Contains("申込みを取り消しました", await TextAsync(await CancelAsync(anonymous, number)), StringComparison.Ordinal);
            Assert.Contains("取消し(本人)", await TextAsync(await signedIn.GetAsync($"/Events/Roster/{id}")), StringComparison.Ordinal);
            // A 404 there is the residents' error page, without links into the staff side.
            var missing = await TextAsync(await anonymous.GetAsync("/Clients"));
            Assert.Contains("催しの一覧へ戻る", missing, StringComparison.Ordinal);
            Assert.DoesNotContain("href=\"/Regions\"", missing, StringComparison.Ordinal);
        }
        finally
        {
            if (role is { } r)
            {
                await DropRoleAsync(staff.Database, r.Role);
            }
        }
    }

    [Fact]
    public async Task A_staff_instance_answers_404_to_every_public_route()
    {
        var world = await staff.CreateWorldAsync();
        var id = await CreateAsync(staff, world.CityHealthCenter, Input(InDays(staff, 14), "職員側 " + Tag()), publish: true);
        using var inside = new Instance(staff.Database, "staff", Surface.Staff, null);
        var client = inside.CreateClient();
        var routes = Routes(inside, m => m.GetMetadata<PublicSurfaceAttribute>() is not null).ToList();
        Assert.True(routes.Count >= 7);
        foreach (var (url, method) in routes)
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url.Replace("/1", $"/{id}", StringComparison.Ordinal))
                { Content = method == "GET" ? null : new FormUrlEncodedContent([]) });
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {url} answered {(int)response.StatusCode} on a Staff instance");
        }

        var login = await TextAsync(await client.GetAsync("/Account/Login"));
        Assert.Contains("ログイン", login, StringComparison.Ordinal);
        Assert.DoesNotContain("/public/events", login, StringComparison.Ordinal);
        // The one-machine installation links to them.
        Assert.Contains("/public/events", await TextAsync(await staff.CreateClient().GetAsync("/Account/Login")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_instance_holds_no_key_that_opens_what_the_staff_side_protected()
    {
        await staff.CreateWorldAsync();
        var role = await PublicRoleAsync(staff.Database);
        try
        {
            using var pub = new Instance(staff.Database, "public", Surface.Public, role?.Connection);
            pub.CreateClient();
            var sealedByStaff = staff.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Microsoft.AspNetCore.Authentication.Cookies").Protect("staff session");
            var publicProtector = pub.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Microsoft.AspNetCore.Authentication.Cookies");
            Assert.ThrowsAny<CryptographicException>(() => publicProtector.Unprotect(sealedByStaff));
            Assert.IsType<EphemeralDataProtectionProvider>(pub.Services.GetRequiredService<IDataProtectionProvider>());
            var keysBefore = await staff.WithDbAsync(async (db, _) => await db.DataProtectionKeys.CountAsync());
            await pub.CreateClient().GetAsync("/public/events");
            Assert.Equal(keysBefore, await staff.WithDbAsync(async (db, _) => await db.DataProtectionKeys.CountAsync()));
        }
        finally
        {
            if (role is { } r)
            {
                await DropRoleAsync(staff.Database, r.Role);
            }
        }
    }

    [Fact]
    public async Task The_public_database_role_reads_published_events_only_and_nothing_that_opens_a_staff_session()
    {
        var world = await staff.CreateWorldAsync();
        var published = await CreateAsync(staff, world.CityHealthCenter, Input(InDays(staff, 14), "公開 " + Tag()), publish: true);
        var closed = await CreateAsync(staff, world.CityHealthCenter, Input(InDays(staff, 14), "非公開 " + Tag(), kind: EventKind.Training));
        await staff.WithDbAsync(async db =>
        {
            var desk = new RegistrationDesk(db, staff.Clock);
            await desk.RegisterAsync(closed, new RegistrationDetails("見本 職員", "090-1212-1212", "テスト病院", null, null), RegistrationSource.Staff, null, default);
        });
        var role = await PublicRoleAsync(staff.Database);
        if (role is null)
        {
            // SQLite has no roles: the verb refuses, and a Public instance on a file warns that it is for trying out only.
            Assert.False(TestDatabase.IsPostgres);
            return;
        }

        try
        {
            await using var connection = new NpgsqlConnection(role.Value.Connection);
            await connection.OpenAsync();
            async Task<long> CountAsync(string sql)
            {
                await using var command = new NpgsqlCommand(sql, connection);
                return (long)(await command.ExecuteScalarAsync())!;
            }

            foreach (var table in Surfaces.StaffSecrets.Concat(["SupportCases", "Consents", "LiaisonSheets", "Plans", "Meetings"]))
            {
                var denied = await Assert.ThrowsAsync<PostgresException>(() => CountAsync($"SELECT count(*) FROM \"{table}\""));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            }

            Assert.Equal(1, await CountAsync($"SELECT count(*) FROM \"Events\" WHERE \"Id\" IN ({published}, {closed})"));
            Assert.Equal(0, await CountAsync($"SELECT count(*) FROM \"EventRegistrations\" WHERE \"EventId\" = {closed}"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege,
                (await Assert.ThrowsAsync<PostgresException>(() => CountAsync("SELECT count(\"Kana\") FROM \"Organizations\""))).SqlState);
            Assert.True(await CountAsync("SELECT count(\"Name\") FROM \"Organizations\"") > 0);
            // Writing where it may not: a registration for the closed event is refused by the row rule.
            var insert = await Assert.ThrowsAsync<PostgresException>(() => CountAsync(
                $"WITH x AS (INSERT INTO \"EventRegistrations\" (\"EventId\", \"Status\", \"Source\", \"Name\", \"RegisteredAt\", \"Completed\", \"CancelledByStaff\") VALUES ({closed}, 'Confirmed', 'Online', '侵入', now(), false, false) RETURNING 1) SELECT count(*) FROM x"));
            Assert.Equal("42501", insert.SqlState);
        }
        finally
        {
            await DropRoleAsync(staff.Database, role.Value.Role);
        }
    }
}
