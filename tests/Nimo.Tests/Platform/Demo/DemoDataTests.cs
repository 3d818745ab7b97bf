using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Demo;

public sealed class DemoDataTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task Demo_mode_loads_the_published_figures_of_kawaguchi_kurashiki_and_saitama()
    {
        var kawaguchi = await app.WithDbAsync((db, _) => db.RegionProfiles.Include(p => p.Figures).ThenInclude(f => f.AreaRegion)
            .SingleAsync(p => p.Region.Code == "112038"));
        var today = new DateOnly(2026, 11, 20);
        var c = Nimo.Features.Profiles.ProfileCalculator.Compute(kawaguchi, today);
        Assert.Equal([26.7m, 18.9m, 54.4m], Nimo.Features.Profiles.ProfileCalculator.StayBands.Select(b => c.Shares[b].Value!.Value));
        Assert.Equal(72.4m, c.BedsPer100k.Value);
        Assert.Empty(c.Findings);
        Assert.Equal("埼玉県", kawaguchi.Figure(Nimo.Features.Profiles.FigureKey.DischargeRate3Months)!.AreaRegion!.Name);

        var kurashiki = await app.WithDbAsync((db, _) => db.RegionProfiles.Include(p => p.Figures).SingleAsync(p => p.Region.Code == "332020"));
        var k = Nimo.Features.Profiles.ProfileCalculator.Compute(kurashiki, today);
        Assert.Equal(180.2m, k.BedsPer100k.Value);
        Assert.Equal(0m, kurashiki.Value(Nimo.Features.Profiles.FigureKey.InpatientsTotal));
        Assert.False(kurashiki.Figure(Nimo.Features.Profiles.FigureKey.InpatientsTotal)!.AsOf.IsKnown); // 「R●年●月」
        Assert.Equal("—", k.Shares[Nimo.Features.Profiles.FigureKey.InpatientsUnder3Months].Display);

        var saitama = await app.WithDbAsync((db, _) => db.RegionProfiles.Include(p => p.Figures).SingleAsync(p => p.Region.Code == "110001"));
        Assert.Equal(77.8m, Nimo.Features.Profiles.ProfileCalculator.Compute(saitama, today).ForumMunicipalityCoverage.Value);

        var client = app.CreateClient();
        await AppFactory.PostLoginAsync(client, "kurashiki", DemoData.DemoPassword);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Profiles/Region/{kurashiki.RegionId}"));
        Assert.Contains("入院精神障害者数の合計が0のため計算できません", page, StringComparison.Ordinal);
        Assert.DoesNotContain("#DIV/0!", page, StringComparison.Ordinal);
        Assert.Contains("180.2床", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_mode_loads_the_seed_forums_their_layers_and_kawaguchis_three_issues()
    {
        await app.WithDbAsync(async db =>
        {
            var kawaguchi = await db.RegionalIssues.Where(i => i.Forum.Region.Code == "112038").Select(i => i.Title).ToListAsync();
            Assert.Contains("誰もが受け取りやすい情報の周知", kawaguchi);
            Assert.Contains("点から円につながる連携", kawaguchi);
            Assert.Contains("平時の時も途切れない支援", kawaguchi);

            var meguro = await db.Forums.Where(f => f.Region.Code == "131105").OrderBy(f => f.Id).Select(f => new { f.FrequencyText, f.MeetingsPerYear }).ToListAsync();
            Assert.Equal(["年2回", "年2回", "月1回", "未定"], meguro.Select(f => f.FrequencyText));
            Assert.Equal([2m, 2m, 12m, null], meguro.Select(f => f.MeetingsPerYear));

            // 埼玉: the prefecture's 部会 with its WG, and one forum per 保健所圏域 under it.
            var saitamaAreaForums = await db.Forums.Where(f => f.Layer == Nimo.Features.Forums.ForumLayer.Area && f.Parent!.Region.Code == "110001").CountAsync();
            Assert.Equal(13, saitamaAreaForums);
            Assert.True(await db.Forums.AnyAsync(f => f.Region.Code == "332020" && f.Kind == Nimo.Features.Forums.ForumKind.CoreMembers && f.Parent!.Kind == Nimo.Features.Forums.ForumKind.Section));
            Assert.True(await db.Meetings.AnyAsync(m => m.Forum.Region.Code == "131059"));

            // 取組の経緯 as the sheets list them: 目黒 9 lines, 倉敷 12 (some 「～」, one a 年度).
            Assert.Equal(9, await db.HistoryEntries.CountAsync(h => h.Region.Code == "131105"));
            Assert.Equal(12, await db.HistoryEntries.CountAsync(h => h.Region.Code == "332020"));
            Assert.True(await db.HistoryEntries.AnyAsync(h => h.Region.Code == "332020" && h.Ongoing && h.WhenYear == 2006));
        });
    }

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
    public async Task The_asaka_health_center_account_runs_its_area_forum_and_sees_only_its_area()
    {
        var forumId = await app.WithDbAsync((db, _) => db.Forums.Where(f => f.Name == "朝霞保健所圏域の協議の場").Select(f => f.Id).SingleAsync());
        var asaka = app.CreateClient();
        var login = await AppFactory.PostLoginAsync(asaka, "asaka", DemoData.DemoPassword);
        await Responses.AssertRedirectAsync(login);
        var forum = WebUtility.HtmlDecode(await asaka.GetStringAsync($"/Forums/Details/{forumId}"));
        Assert.Contains("会議を追加", forum, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await asaka.GetAsync($"/Forums/MeetingEdit?forumId={forumId}")).StatusCode);
        var orgs = await asaka.GetStringAsync("/Organizations");
        Assert.Contains("埼玉県朝霞保健所", orgs, StringComparison.Ordinal);
        Assert.DoesNotContain("埼玉県南部保健所", orgs, StringComparison.Ordinal);
        var other = await app.WithDbAsync((db, _) => db.Forums.Where(f => f.Name == "南部保健所圏域の協議の場").Select(f => f.Id).SingleAsync());
        // Another 保健所's forum is not its to see, let alone to run.
        Assert.Equal(HttpStatusCode.NotFound, (await asaka.GetAsync($"/Forums/Details/{other}")).StatusCode);
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
