using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

public sealed class DemoDataTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task Demo_mode_loads_the_five_seed_regions_and_saitamas_tree()
    {
        await app.WithDbAsync(async db =>
        {
            foreach (var code in new[] { "112038", "131105", "131059", "332020", "110001" })
            {
                Assert.True(await db.Regions.AnyAsync(r => r.Code == code), code);
            }

            var saitama = await db.Regions.SingleAsync(r => r.Code == "110001");
            Assert.Equal(63, await db.Regions.CountAsync(r => r.Kind == RegionKind.Municipality && r.Path.StartsWith(saitama.Path)));
            Assert.Equal(13, await db.Regions.CountAsync(r => r.Kind == RegionKind.HealthArea && r.Path.StartsWith(saitama.Path)));
            var kawaguchi = await db.Regions.SingleAsync(r => r.Code == "112038");
            Assert.True(kawaguchi.Flags.HasFlag(MunicipalityFlags.CoreCity) && kawaguchi.Flags.HasFlag(MunicipalityFlags.HasHealthCenter));
            Assert.True((await db.Regions.SingleAsync(r => r.Code == "131105")).Flags.HasFlag(MunicipalityFlags.SpecialWard));
            Assert.True(await db.Departments.AnyAsync(d => d.Name == "障害者福祉推進課" && d.Role == Nimo.Features.Organizations.DepartmentRole.Lead));
        });
    }

    [Fact]
    public async Task Every_demo_account_signs_in_with_the_documented_password()
    {
        foreach (var (userName, _, _, _) in DemoData.Accounts)
        {
            var response = await AppFactory.PostLoginAsync(app.CreateClient(), userName, DemoData.DemoPassword);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString == "/", userName);
        }
    }

    [Fact]
    public async Task Demo_accounts_see_their_own_region_only()
    {
        var kawaguchi = app.CreateClient();
        await AppFactory.PostLoginAsync(kawaguchi, "kawaguchi", DemoData.DemoPassword);
        var orgs = await kawaguchi.GetStringAsync("/Organizations");
        Assert.Contains("川口市保健所", orgs, StringComparison.Ordinal);
        Assert.DoesNotContain("倉敷市保健所", orgs, StringComparison.Ordinal);
        Assert.DoesNotContain("目黒区", orgs, StringComparison.Ordinal);

        var saitama = app.CreateClient();
        await AppFactory.PostLoginAsync(saitama, "saitama", DemoData.DemoPassword);
        var regions = await saitama.GetStringAsync("/Regions");
        Assert.Contains("川口市", regions, StringComparison.Ordinal);
        Assert.Contains("秩父保健所圏域", regions, StringComparison.Ordinal);
        Assert.DoesNotContain("倉敷市", regions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loading_the_demo_again_adds_nothing()
    {
        var before = await app.WithDbAsync(async (db, _) => (await db.Regions.CountAsync(), await db.Organizations.CountAsync(), await db.Departments.CountAsync(), await db.Users.CountAsync()));
        await DemoData.LoadAsync(app.Services);
        var after = await app.WithDbAsync(async (db, _) => (await db.Regions.CountAsync(), await db.Organizations.CountAsync(), await db.Departments.CountAsync(), await db.Users.CountAsync()));
        Assert.Equal(before, after);
    }
}
