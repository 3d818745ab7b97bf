using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Data;

public sealed class DataTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Migrations_created_the_schema_and_the_model_has_no_pending_changes()
    {
        await app.WithDbAsync(async db =>
        {
            // The run really is on the provider asked for; test.sh runs this suite once for each.
            Assert.Equal(TestDatabase.IsPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
            Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration for " + db.Provider);
        });
    }

    [Fact]
    public async Task Sqlite_runs_in_wal_mode_with_foreign_keys()
    {
        if (TestDatabase.IsPostgres)
        {
            return;
        }

        await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
            command.CommandText = "PRAGMA foreign_keys;";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        });
    }

    [Fact]
    public async Task On_sqlite_a_scope_filter_walks_the_region_path_index_instead_of_reading_every_organisation()
    {
        if (TestDatabase.IsPostgres)
        {
            return;
        }

        var world = await app.CreateWorldAsync();
        await app.WithDbAsync(async db =>
        {
            var root = (await db.Regions.SingleAsync(r => r.Id == world.CityHealthCenter.RegionId)).Path;
            // The shape of every scope filter: the area's regions by path prefix, or the regions above by exact path.
            var ancestors = new List<string> { root[..(root.TrimEnd('/').LastIndexOf('/') + 1)] };
            var sql = db.Organizations.Where(o => o.Region.Path.StartsWith(root) || ancestors.Contains(o.Region.Path)).ToQueryString();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            // ToQueryString writes each parameter as a `.param set @name 'value'` line before the statement; bind them, so
            // that SQLite plans the LIKE with the prefix it is given, as it does when EF runs the query.
            foreach (var line in sql.Split('\n').Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
            {
                var parts = line[".param set ".Length..].Split(' ', 2);
                command.Parameters.AddWithValue(parts[0], parts[1].Trim('\''));
            }

            // The statement alone: ToQueryString may add a note after it, past a blank line.
            command.CommandText = "EXPLAIN QUERY PLAN " + sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..].Split("\n\n")[0];
            var plan = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }

            Assert.Contains(plan, p => p.Contains("IX_Regions_Path_Prefix", StringComparison.Ordinal));
            // No table is read whole; json_each's virtual table is the list of ancestor paths itself.
            Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal) && !p.Contains("VIRTUAL TABLE", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Two_people_editing_one_organisation_one_wins_and_the_other_keeps_what_they_typed()
    {
        var world = await app.CreateWorldAsync();
        var a = await app.CreateUserAsync("edit-a-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var b = await app.CreateUserAsync("edit-b-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var clientA = await app.SignInAsync(a);
        var clientB = await app.SignInAsync(b);
        var id = world.TownFamilyAssociation.Id;
        var formA = await clientA.GetStringAsync($"/Organizations/Edit/{id}");
        var formB = await clientB.GetStringAsync($"/Organizations/Edit/{id}");
        var version = System.Text.RegularExpressions.Regex.Match(formA, "name=\"Input.Version\" value=\"([^\"]+)\"").Groups[1].Value;

        Dictionary<string, string> Fields(string html, string phone) => new()
        {
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(html),
            ["Input.Id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Version"] = version,
            ["Input.Name"] = "みどり家族会",
            ["Input.Kind"] = "FamilyAssociation",
            ["Input.RegionId"] = world.TownFamilyAssociation.RegionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Phone"] = phone,
            ["Input.IsActive"] = "true",
        };

        var first = await clientA.PostAsync($"/Organizations/Edit/{id}", new FormUrlEncodedContent(Fields(formA, "0120-111-111")));
        await Responses.AssertRedirectAsync(first);
        var second = await clientB.PostAsync($"/Organizations/Edit/{id}", new FormUrlEncodedContent(Fields(formB, "0120-222-222")));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var html = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        Assert.Contains("他の利用者が更新しました", html, StringComparison.Ordinal);
        Assert.Contains("value=\"0120-222-222\"", html, StringComparison.Ordinal); // B's input is still in the form
        var stored = await app.WithDbAsync((db, _) => db.Organizations.Where(o => o.Id == id).Select(o => o.Phone).SingleAsync());
        Assert.Equal("0120-111-111", stored);
    }

    [Fact]
    public async Task Region_rules_live_on_the_entity()
    {
        var prefecture = Region.Create("470007", "テスト県", "", RegionKind.Prefecture, MunicipalityFlags.None, null);
        Assert.Throws<DomainRuleException>(() => Region.Create("472019", "チェック誤り市", "", RegionKind.Municipality, MunicipalityFlags.None, prefecture));
        Assert.Throws<DomainRuleException>(() => Region.Create("112038", "よその県の市", "", RegionKind.Municipality, MunicipalityFlags.None, prefecture));
        Assert.Throws<DomainRuleException>(() => Region.Create("472018", "上位なし市", "", RegionKind.Municipality, MunicipalityFlags.None, null));
        Assert.Throws<DomainRuleException>(() => Region.Create("472018", "区と中核市", "", RegionKind.Municipality, MunicipalityFlags.SpecialWard | MunicipalityFlags.CoreCity, prefecture));
        Assert.Throws<DomainRuleException>(() => Region.Create("470008", "圏域にコード", "", RegionKind.HealthArea, MunicipalityFlags.None, prefecture));
        var city = Region.Create("472018", "あおば市", "", RegionKind.Municipality, MunicipalityFlags.None, prefecture);
        Assert.StartsWith(prefecture.Path, city.Path, StringComparison.Ordinal);

        var area = Region.Create(null, "圏域", "", RegionKind.HealthArea, MunicipalityFlags.None, prefecture);
        prefecture.Children.AddRange([area, city]);
        city.PlaceUnder(area);
        Assert.StartsWith(area.Path, city.Path, StringComparison.Ordinal);
        Assert.Throws<DomainRuleException>(() => area.PlaceUnder(city));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Moving_a_region_moves_its_subtree_and_scope_follows()
    {
        var world = await app.CreateWorldAsync();
        var admin = await app.CreateUserAsync("mover-" + Guid.NewGuid().ToString("N")[..6], Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var client = await app.SignInAsync(admin);
        var (area, daily) = await app.WithDbAsync(async (db, _) =>
        {
            var a = Region.Create(null, "移動先圏域-" + Guid.NewGuid().ToString("N")[..4], "", RegionKind.HealthArea, MunicipalityFlags.None,
                await db.Regions.SingleAsync(r => r.Code == "470007"));
            var town = await db.Regions.SingleAsync(r => r.Code == "472018");
            var d = Region.Create(null, "中央地区-" + Guid.NewGuid().ToString("N")[..4], "", RegionKind.DailyLifeArea, MunicipalityFlags.None, town);
            db.Regions.AddRange(a, d);
            await db.SaveChangesAsync();
            return (a, d);
        });
        var town = await app.WithDbAsync((db, _) => db.Regions.AsNoTracking().SingleAsync(r => r.Code == "472018"));
        var response = await AppFactory.PostFormAsync(client, $"/Regions/Edit/{town.Id}", new()
        {
            ["Input.Id"] = town.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Version"] = town.Version.ToString(),
            ["Input.Code"] = "472018",
            ["Input.Name"] = town.Name,
            ["Input.Kana"] = town.Kana,
            ["Input.Kind"] = "Municipality",
            ["Input.ParentId"] = area.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Flags"] = "CoreCity",
        });
        await Responses.AssertRedirectAsync(response);
        var (movedTown, movedDaily, areaPath) = await app.WithDbAsync(async (db, _) => (
            await db.Regions.SingleAsync(r => r.Id == town.Id),
            await db.Regions.SingleAsync(r => r.Id == daily.Id),
            (await db.Regions.SingleAsync(r => r.Id == area.Id)).Path));
        Assert.StartsWith(areaPath, movedTown.Path, StringComparison.Ordinal);
        Assert.StartsWith(movedTown.Path, movedDaily.Path, StringComparison.Ordinal);
        Assert.Equal(3, movedDaily.Depth);

        // Move it back so the shared world stays as other tests expect.
        await app.WithDbAsync(async db =>
        {
            var t = await db.Regions.Include(r => r.Children).SingleAsync(r => r.Id == town.Id);
            await db.Regions.Where(r => r.Path.StartsWith(t.Path)).LoadAsync();
            t.PlaceUnder(await db.Regions.SingleAsync(r => r.Code == "470007"));
            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task Organisation_search_ignores_kana_and_width()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("search-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var client = await app.SignInAsync(user);
        foreach (var q in new[] { "ミドリカゾク", "ﾐﾄﾞﾘｶｿﾞｸ", "みどり 家族会" })
        {
            var html = await client.GetStringAsync("/Organizations?q=" + Uri.EscapeDataString(q));
            Assert.Contains("みどり家族会", html, StringComparison.Ordinal);
        }
    }
}
