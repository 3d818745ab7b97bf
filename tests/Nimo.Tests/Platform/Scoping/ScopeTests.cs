using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Scoping;

/// <summary>A user of one municipality cannot list, open, edit or export another municipality's records.</summary>
public sealed class ScopeTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(World World, HttpClient Town, HttpClient City)> ArrangeAsync()
    {
        var world = await app.CreateWorldAsync();
        // ForumSecretariat needs no second factor, which keeps these tests about scope alone.
        var town = await app.CreateUserAsync(Name("town"), Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        var city = await app.CreateUserAsync(Name("city"), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return (world, await app.SignInAsync(town), await app.SignInAsync(city));
    }

    [Fact]
    public async Task Another_municipalitys_organisations_are_not_listed_searched_or_exported()
    {
        var (world, town, _) = await ArrangeAsync();
        var list = await town.GetStringAsync("/Organizations");
        Assert.Contains("みどり家族会", list, StringComparison.Ordinal);
        Assert.Contains("テスト県 障害福祉課", list, StringComparison.Ordinal); // the prefecture above is readable
        Assert.Contains("北部保健所", list, StringComparison.Ordinal);     // so is the area's health centre
        Assert.DoesNotContain("あおば相談支援センター", list, StringComparison.Ordinal);

        var search = await town.GetStringAsync("/Organizations?q=" + Uri.EscapeDataString("あおば"));
        Assert.DoesNotContain("あおば相談支援センター", search, StringComparison.Ordinal);

        var byRegion = await town.GetStringAsync($"/Organizations?regionId={world.CityPartner.RegionId}");
        Assert.DoesNotContain("あおば相談支援センター", byRegion, StringComparison.Ordinal);

        var csv = await town.GetStringAsync("/Organizations?handler=Export");
        Assert.Contains("みどり家族会", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("あおば", csv, StringComparison.Ordinal);

        var regions = await town.GetStringAsync("/Regions?handler=Export");
        Assert.DoesNotContain("あおば市", regions, StringComparison.Ordinal);
        Assert.Contains("みどり町", regions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_municipalitys_records_cannot_be_opened_or_edited()
    {
        var (world, town, _) = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await town.GetAsync($"/Organizations/Details/{world.CityPartner.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await town.GetAsync($"/Organizations/Edit/{world.CityPartner.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await town.GetAsync($"/Regions/Details/{world.CityPartner.RegionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await town.GetAsync($"/Regions/Edit/{world.CityPartner.RegionId}")).StatusCode);

        // A forged edit of the other city's organisation, with a valid token from the user's own page.
        var forged = await AppFactory.PostFormAsync(town, $"/Organizations/Edit/{world.TownFamilyAssociation.Id}", new()
        {
            ["Input.Id"] = world.CityPartner.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Name"] = "乗っ取り",
            ["Input.Kind"] = "Other",
            ["Input.RegionId"] = world.CityPartner.RegionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.IsActive"] = "true",
        }, $"/Organizations/Edit/{world.CityPartner.Id}");
        Assert.NotEqual(HttpStatusCode.Redirect, forged.StatusCode);
        var name = await app.WithDbAsync((db, _) => db.Organizations.Where(o => o.Id == world.CityPartner.Id).Select(o => o.Name).SingleAsync());
        Assert.Equal("あおば相談支援センター", name);
    }

    [Fact]
    public async Task The_prefecture_above_can_be_read_but_not_edited_by_a_municipality()
    {
        var (world, town, _) = await ArrangeAsync();
        Assert.Equal(HttpStatusCode.OK, (await town.GetAsync($"/Organizations/Details/{world.Prefecture.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.GetAsync($"/Organizations/Edit/{world.Prefecture.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await town.GetAsync($"/Regions/Edit/{world.Prefecture.RegionId}")).StatusCode);
    }

    [Fact]
    public async Task A_prefecture_user_sees_the_whole_prefecture_but_not_another()
    {
        var world = await app.CreateWorldAsync();
        var other = await app.WithDbAsync(async (db, _) =>
        {
            var prefecture = Region.Create("460001", "よその県", "よそのけん", RegionKind.Prefecture, MunicipalityFlags.None, null);
            db.Regions.Add(prefecture);
            if (await db.Regions.AnyAsync(r => r.Code == "460001"))
            {
                db.Regions.Remove(prefecture);
            }

            await db.SaveChangesAsync();
            return await db.Regions.SingleAsync(r => r.Code == "460001");
        });
        var user = await app.CreateUserAsync(Name("pref"), Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var client = await app.SignInAsync(user);
        var orgs = await client.GetStringAsync("/Organizations");
        Assert.Contains("あおば相談支援センター", orgs, StringComparison.Ordinal);
        Assert.Contains("みどり家族会", orgs, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Regions/Details/{other.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_api_applies_the_same_scope()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("api"), Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        var client = await app.ApiClientAsync(user);
        var list = await client.GetStringAsync("/api/v1/organizations");
        Assert.Contains("みどり家族会", list, StringComparison.Ordinal);
        Assert.DoesNotContain("あおば相談支援センター", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/organizations/{world.CityPartner.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/regions/472018")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/regions/473014")).StatusCode);
    }
}
