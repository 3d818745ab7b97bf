using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Nimo.Features.Directory;
using Nimo.Features.Events;
using Nimo.Platform.Web;
using Nimo.Tests.Infrastructure;
using Npgsql;
using static Nimo.Tests.Features.Directory.DirectorySetup;

namespace Nimo.Tests.Features.Directory;

/// <summary>
/// The directory on a Public instance (Nimo:Surface=Public, the residents' side): it serves the published directory with
/// the database role <c>public-role</c> prepares, whose grants and row-level rules let it read no confidential place, no
/// unpublished service, no proposal and nothing of an organisation but its name; and a URL that matches nothing is a 404,
/// not a login page.
/// </summary>
public sealed class DirectorySurfaceTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed class Instance(TestDatabase database, string name, Surface surface, string? connection) : AppFactory(database, name)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Nimo:Surface", surface.ToString());
            if (connection is not null)
            {
                builder.UseSetting("ConnectionStrings:Nimo", connection);
            }
        }
    }

    /// <summary>On PostgreSQL, a login role given what <c>public-role</c> gives (the events' statements, then the modules'); null on SQLite.</summary>
    private static async Task<(string Role, string Connection)?> PublicRoleAsync(TestDatabase database)
    {
        if (!TestDatabase.IsPostgres)
        {
            return null;
        }

        var role = "nimo_dir_" + Tag();
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await using var owner = new NpgsqlConnection(database.ConnectionString);
        await owner.OpenAsync();
        foreach (var sql in EventsModule.PublicRoleSql(role).Concat(DirectoryModule.PublicRoleSql(role)).Prepend($"CREATE ROLE {role} LOGIN PASSWORD '{password}'"))
        {
            await using var command = new NpgsqlCommand(sql, owner);
            await command.ExecuteNonQueryAsync();
        }

        return (role, new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password, Pooling = false }.ToString());
    }

    [Fact]
    public async Task A_public_instance_serves_the_published_directory_through_a_role_that_cannot_read_a_confidential_place()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        var open = await LocationAsync(app, world.CityHealthCenter.Id, "公開の窓口" + tag, "本町2-2-2", false, 35.5m, 136.5m, "472-0003");
        var secret = await LocationAsync(app, world.CityHealthCenter.Id, "非公開ホーム" + tag, "隠れ町8-8-8", true, 35.888888m, 139.777777m, "888-8888");
        var both = await ServiceAsync(app, world.CityHealthCenter.Id, "グループホームもみじ" + tag, "ぐるーぷほーむもみじ", ["housing"], "毎週水曜 10:00〜11:00", [open, secret], ["group-home"]);
        var hiddenOnly = await ServiceAsync(app, world.CityHealthCenter.Id, "避難先の相談" + tag, "ひなんさき", ["consultation"], null, [secret]);
        await ServiceAsync(app, world.CityHealthCenter.Id, "準備中の教室" + tag, "じゅんびちゅう", ["awareness"], publish: false);
        var role = await PublicRoleAsync(app.Database);
        try
        {
            using var pub = new Instance(app.Database, "public-directory", Surface.Public, role?.Connection);
            var anonymous = pub.CreateClient();
            var outputs = new List<(string Url, string Text)>();
            foreach (var url in new[]
            {
                "/public/services", $"/public/services?q=もみじ", $"/public/services/{both}", $"/public/services/{hiddenOnly}", "/public/services/booklet",
                "/public/services/map", "/public/services/map?handler=Data", "/api/hsds/", "/api/hsds/services?full=true&per_page=500", $"/api/hsds/services/{both}",
                "/api/hsds/service_at_locations?full=true&per_page=500", "/api/hsds/organizations?full=true&full_service=true", "/api/hsds/taxonomy_terms", "/api/hsds/tabular.zip",
            })
            {
                var response = await anonymous.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode} on the Public instance");
                Assert.False(response.Headers.Contains("Set-Cookie"), $"{url} set a cookie");
                outputs.Add((url, url.EndsWith(".zip", StringComparison.Ordinal) ? "" : WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync())));
            }

            Assert.Contains("グループホームもみじ" + tag, outputs[0].Text, StringComparison.Ordinal);
            Assert.Contains("公開の窓口" + tag, outputs.Single(o => o.Url == "/public/services/map?handler=Data").Text, StringComparison.Ordinal);
            // The service whose only place is confidential says so there too, though the role cannot read that place.
            Assert.Contains("所在地は公開していません", outputs.Single(o => o.Url == $"/public/services/{hiddenOnly}").Text, StringComparison.Ordinal);
            foreach (var (url, text) in outputs)
            {
                foreach (var hidden in new[] { "非公開ホーム", "隠れ町", "8-8-8", "35.888888", "139.777777", "888-8888", secret.ToString(), "準備中の教室" })
                {
                    Assert.False(text.Contains(hidden, StringComparison.Ordinal), $"{url} on the Public instance shows {hidden}");
                }
            }

            // Nothing matches these: a 404 (the residents' error page), never a redirect to a staff login.
            foreach (var url in new[] { "/no-such-page", "/public/services/no/such/page", "/public/nothing", "/Directory/Nothing" })
            {
                var response = await anonymous.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode} {response.Headers.Location} on the Public instance");
            }

            if (role is { } r)
            {
                // The role itself, whatever query it is given: no confidential place, no unpublished service, no proposal,
                // no revision, nothing of an organisation but its name and kana, and no writing.
                await using var connection = new NpgsqlConnection(r.Connection);
                await connection.OpenAsync();
                async Task<long> CountAsync(string sql)
                {
                    await using var command = new NpgsqlCommand(sql, connection);
                    return (long)(await command.ExecuteScalarAsync())!;
                }

                Assert.Equal(0, await CountAsync("SELECT count(*) FROM \"DirectoryLocations\" WHERE \"IsConfidential\""));
                Assert.Equal(0, await CountAsync("SELECT count(*) FROM \"DirectoryServices\" WHERE NOT \"IsPublished\""));
                Assert.Equal(0, await CountAsync($"SELECT count(*) FROM \"ServiceAtLocations\" a JOIN \"DirectoryLocations\" l ON l.\"Id\" = a.\"LocationId\" WHERE l.\"Id\" = '{secret}'"));
                Assert.True(await CountAsync($"SELECT count(*) FROM \"DirectoryLocations\" WHERE \"Id\" = '{open}'") == 1, "the role cannot read a public place");
                foreach (var refused in new[]
                {
                    "SELECT count(*) FROM \"ServiceProposals\"", "SELECT count(*) FROM \"ServiceRevisions\"", "SELECT count(*) FROM \"GeocodePoints\"",
                    "SELECT count(\"Notes\") FROM \"Organizations\"", "SELECT count(\"Phone\") FROM \"Organizations\"",
                    $"UPDATE \"DirectoryServices\" SET \"Name\" = 'x' WHERE \"Id\" = '{both}'", $"DELETE FROM \"DirectoryLocations\" WHERE \"Id\" = '{open}'",
                    "UPDATE \"DirectoryStamps\" SET \"Token\" = \"Token\"",
                })
                {
                    var e = await Assert.ThrowsAsync<PostgresException>(() => CountAsync(refused));
                    Assert.True(e.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{refused}: {e.SqlState} {e.MessageText}");
                }
            }
        }
        finally
        {
            if (role is { } r)
            {
                await using var owner = new NpgsqlConnection(app.Database.ConnectionString);
                await owner.OpenAsync();
                await using var command = new NpgsqlCommand($"DROP OWNED BY {r.Role}", owner);
                await command.ExecuteNonQueryAsync();
            }
        }
    }
}
