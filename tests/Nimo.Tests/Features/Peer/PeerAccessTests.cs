using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Peer;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;
using Nimo.Tests.Infrastructure;
using Nimo.Tests.AccessControl;
using Microsoft.Extensions.DependencyInjection;

namespace Nimo.Tests.Features.Peer;

/// <summary>
/// Who sees what (ADR 0015, 0016): a peer supporter is refused on every route of Clients, Cases, Liaison, the admin pages and
/// every coordinator page of the registry; lived experience shows on the coordinator's supporter page only, audited; the
/// feed, the API and the live counts.
/// </summary>
public sealed class PeerAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_peer_supporter_is_refused_on_every_route_of_clients_cases_liaison_administration_and_the_coordinators_pages()
    {
        var registry = await PeerKit.RegistryAsync(app);
        var user = await app.CreateUserAsync("peer-route-" + Guid.NewGuid().ToString("N")[..6], Roles.PeerSupporter, registry.World.CityHealthCenter.Id);
        var sid = await PeerKit.SupporterAsync(app, registry, "経路 しらべ", [2026], userId: user.Id);
        var rid = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 12, 1));
        var client = await app.SignInAsync(user);
        var api = await app.ApiClientAsync(user);
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Account/Manage"));
        var routes = RouteTable.Routes(app.Services);
        var checkedRoutes = 0;
        var problems = new List<string>();
        foreach (var route in routes)
        {
            var access = RouteTable.Classify(route);
            var coordinator = route.Key.StartsWith("/Peer/Desk/", StringComparison.Ordinal) || route.Key.StartsWith("/Peer/Settings/", StringComparison.Ordinal);
            var personal = route.Key.StartsWith("/Clients/", StringComparison.Ordinal) || route.Key.StartsWith("/Cases/", StringComparison.Ordinal)
                || route.Key.StartsWith("/Liaison/", StringComparison.Ordinal) || route.Key.StartsWith("/Admin/", StringComparison.Ordinal)
                || access is Access.PersonalRecord or Access.PersonalList or Access.Admin;
            if (!(coordinator || personal) || route.Key == "/Cases/Stats")
            {
                continue;
            }

            checkedRoutes++;
            var url = RouteTable.Url(route, RouteIds.Placeholder).Replace("/Peer/Request/1", $"/Peer/Request/{rid}", StringComparison.Ordinal)
                .Replace("/Peer/Supporter/1", $"/Peer/Supporter/{sid}", StringComparison.Ordinal);
            foreach (var u in route.GetHandlers.Select(h => RouteTable.WithHandler(url, h)).Prepend(url))
            {
                var response = await (route.Api ? api : client).GetAsync(u);
                if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                {
                    problems.Add($"GET {u}: {(int)response.StatusCode}");
                }
            }

            if (!route.Api)
            {
                foreach (var handler in route.PostHandlers)
                {
                    var action = RouteTable.WithHandler(url, handler);
                    var response = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["__RequestVerificationToken"] = token, ["supporterId"] = sid.ToString(System.Globalization.CultureInfo.InvariantCulture), ["dispatchId"] = "1", ["accept"] = "true",
                        ["text"] = "なりすまし", ["consentedOn"] = "2026-01-01", ["purpose"] = "なりすまし",
                    }));
                    if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                    {
                        problems.Add($"POST {action}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(checkedRoutes >= 30, $"only {checkedRoutes} routes checked");
        Assert.False(await app.WithDbAsync((db, _) => db.PeerDispatches.AnyAsync(d => d.RequestId == rid)));
        Assert.False(await app.WithDbAsync((db, _) => db.SupporterExperiences.AnyAsync(e => e.SupporterId == sid)));
        // Their own pages answer.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Peer/My")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Peer/My/Statement")).StatusCode);
        // And the coordinator's pages refuse a partner of another organisation, whose role handles personal data.
        var other = await app.SignInAsync(await app.CreateUserAsync("peer-other-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, registry.World.TownOffice.Id, twoFactor: true));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Peer/Request/{rid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Peer/Supporter/{sid}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Peer/Statements?programmeId={registry.ProgrammeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/Peer/My")).StatusCode);
    }

    [Fact]
    public async Task Lived_experience_shows_only_on_the_coordinators_supporter_page_and_each_read_is_audited()
    {
        const string Secret = "二十代で入院を経験し、退院後にピアサポートに出会った(テスト用の体験)";
        var registry = await PeerKit.RegistryAsync(app);
        var user = await app.CreateUserAsync("peer-exp-" + Guid.NewGuid().ToString("N")[..6], Roles.PeerSupporter, registry.World.CityHealthCenter.Id);
        var sid = await PeerKit.SupporterAsync(app, registry, "体験 ゆき", [2026], userId: user.Id);
        var saved = await PeerKit.FollowAsync(registry.Client, await AppFactory.PostFormAsync(registry.Client, $"/Peer/Supporter/{sid}?experience=true",
            new() { ["text"] = Secret, ["consentedOn"] = "2026-10-01", ["purpose"] = "体験発表の依頼に合う人を選ぶため" }, $"/Peer/Supporter/{sid}?handler=Experience"));
        Assert.Contains("体験 ゆきさんの本人の体験を記録しました。", saved, StringComparison.Ordinal);
        Assert.Contains(Secret, saved, StringComparison.Ordinal);
        Assert.Contains("体験発表の依頼に合う人を選ぶため", saved, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-10-01\"", saved, StringComparison.Ordinal);

        var before = await ReadsAsync(sid);
        var plain = WebUtility.HtmlDecode(await registry.Client.GetStringAsync($"/Peer/Supporter/{sid}"));
        Assert.DoesNotContain(Secret, plain, StringComparison.Ordinal);
        Assert.Equal(before, await ReadsAsync(sid));
        var shown = WebUtility.HtmlDecode(await registry.Client.GetStringAsync($"/Peer/Supporter/{sid}?experience=true"));
        Assert.Contains(Secret, shown, StringComparison.Ordinal);
        Assert.Equal(before + 1, await ReadsAsync(sid));

        var rid = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 10, 20), activity: ActivityType.Talk);
        await PeerKit.HoldAsync(app, rid, [sid]);
        var peer = await app.SignInAsync(user);
        foreach (var (who, c, url) in new[]
                 {
                     ("coordinator", registry.Client, $"/Peer?programmeId={registry.ProgrammeId}&year=2026"), ("coordinator", registry.Client, $"/Peer/Supporters?programmeId={registry.ProgrammeId}"),
                     ("coordinator", registry.Client, $"/Peer/Request/{rid}"), ("coordinator", registry.Client, $"/Peer/Statements?programmeId={registry.ProgrammeId}&year=2026&month=10"),
                     ("coordinator", registry.Client, $"/Peer/Statements?handler=Csv&programmeId={registry.ProgrammeId}&year=2026&month=10"),
                     ("supporter", peer, "/Peer/My"), ("supporter", peer, "/Peer/My/Statement?year=2026&month=10"), ("supporter", peer, $"/Peer/Supporter/{sid}?experience=true"),
                 })
        {
            var body = WebUtility.HtmlDecode(await (await c.GetAsync(url)).Content.ReadAsStringAsync());
            Assert.False(body.Contains(Secret, StringComparison.Ordinal), $"{who} {url} shows the lived experience");
        }

        var coordinatorApi = await app.ApiClientAsync(registry.Coordinator);
        Assert.DoesNotContain(Secret, await coordinatorApi.GetStringAsync("/api/v1/peer/dispatches"), StringComparison.Ordinal);
        Assert.DoesNotContain("体験", (await coordinatorApi.GetStringAsync("/api/v1/peer/requests")).Replace("体験発表", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(before + 1, await ReadsAsync(sid));
    }

    private Task<int> ReadsAsync(int supporterId) =>
        app.WithDbAsync((db, _) => db.AuditEntries.CountAsync(e => e.RecordType == "SupporterExperience" && e.RecordId == supporterId.ToString(System.Globalization.CultureInfo.InvariantCulture) && e.Action == "Read"));

    [Fact]
    public async Task The_personal_calendar_holds_the_supporters_accepted_activities_without_signing_in_and_stops_when_revoked()
    {
        var registry = await PeerKit.RegistryAsync(app);
        var user = await app.CreateUserAsync("peer-ics-" + Guid.NewGuid().ToString("N")[..6], Roles.PeerSupporter, registry.World.CityHealthCenter.Id);
        var sid = await PeerKit.SupporterAsync(app, registry, "予定 そら", [2026], userId: user.Id);
        var rid = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 12, 8), place: "カレンダー病院 デイルーム");
        await app.WithDbAsync(async db =>
        {
            var r = await db.PeerRequests.WithAll().SingleAsync(x => x.Id == rid);
            var s = await db.PeerSupporters.Include(x => x.Areas).ThenInclude(a => a.Region).SingleAsync(x => x.Id == sid);
            var d = r.Offer(s, r.Programme.RequiredTraining(r.Activity), [], app.Clock.GetUtcNow(), "test");
            r.Answer(d, true, AnswerChannel.Nimo, r.Programme.RequiredTraining(r.Activity), [], app.Clock.GetUtcNow(), "test");
            await db.SaveChangesAsync();
        });
        var peer = await app.SignInAsync(user);
        var issued = await PeerKit.FollowAsync(peer, await AppFactory.PostFormAsync(peer, "/Peer/My", [], "/Peer/My?handler=Feed"));
        var url = System.Text.RegularExpressions.Regex.Match(issued, "<code>https?://[^/]+(/peer/feed/[^<]+)</code>").Groups[1].Value;
        Assert.StartsWith("/peer/feed/", url, StringComparison.Ordinal);
        var anonymous = app.CreateClient();
        var ics = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, ics.StatusCode);
        var text = await ics.Content.ReadAsStringAsync();
        Assert.Contains("SUMMARY:病院交流会", text, StringComparison.Ordinal);
        Assert.Contains("LOCATION:カレンダー病院 デイルーム", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20261208T043000Z", text, StringComparison.Ordinal);
        Assert.False(ics.Headers.Contains("Set-Cookie"));

        await PeerKit.FollowAsync(peer, await AppFactory.PostFormAsync(peer, "/Peer/My", new() { ["revoke"] = "true" }, "/Peer/My?handler=Feed"));
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/peer/feed/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ics")).StatusCode);
    }

    [Fact]
    public async Task The_api_gives_coordinators_their_registrys_requests_a_supporter_only_what_was_offered_to_them_and_others_nothing()
    {
        var registry = await PeerKit.RegistryAsync(app);
        var user = await app.CreateUserAsync("peer-api-" + Guid.NewGuid().ToString("N")[..6], Roles.PeerSupporter, registry.World.CityHealthCenter.Id);
        var sid = await PeerKit.SupporterAsync(app, registry, "API みき", [2026], userId: user.Id);
        var offered = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 9, 1), place: "打診のあった病院");
        var notOffered = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 9, 2), place: "打診のない病院");
        await PeerKit.HoldAsync(app, offered, [sid]);

        var coordinator = await (await app.ApiClientAsync(registry.Coordinator)).GetStringAsync("/api/v1/peer/requests?year=2026");
        Assert.Contains("打診のあった病院", coordinator, StringComparison.Ordinal);
        Assert.Contains("打診のない病院", coordinator, StringComparison.Ordinal);
        var peerApi = await app.ApiClientAsync(user);
        var mine = await peerApi.GetStringAsync("/api/v1/peer/requests");
        Assert.Contains("打診のあった病院", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("打診のない病院", mine, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await peerApi.GetAsync($"/api/v1/peer/requests/{notOffered}")).StatusCode);
        Assert.Contains("\"minutes\":150", await peerApi.GetStringAsync("/api/v1/peer/dispatches"), StringComparison.Ordinal);
        var outsider = await app.ApiClientAsync(await app.CreateUserAsync("peer-api-o-" + Guid.NewGuid().ToString("N")[..6], Roles.PartnerStaff, registry.World.CityPartner.Id, twoFactor: true));
        Assert.Equal("[]", await outsider.GetStringAsync("/api/v1/peer/requests"));
        Assert.Equal("[]", await outsider.GetStringAsync("/api/v1/peer/dispatches"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/peer/requests/{offered}")).StatusCode);
    }

    [Fact]
    public async Task A_prefecture_level_supporter_sent_to_two_areas_counts_in_each_area_and_in_the_prefecture()
    {
        var registry = await PeerKit.RegistryAsync(app, prefecture: true);
        var (prefId, prefPath, north, south) = await app.WithDbAsync(async (db, _) =>
        {
            var pref = await db.Regions.SingleAsync(r => r.Id == registry.World.Prefecture.RegionId);
            var northArea = await db.Regions.SingleAsync(r => r.Name == "北部保健所圏域" && r.ParentId == pref.Id);
            var southArea = await db.Regions.SingleOrDefaultAsync(r => r.Name == "南部保健所圏域(派遣テスト)" && r.ParentId == pref.Id);
            if (southArea is null)
            {
                southArea = Region.Create(null, "南部保健所圏域(派遣テスト)", "なんぶ", RegionKind.HealthArea, MunicipalityFlags.None, pref);
                db.Regions.Add(southArea);
                await db.SaveChangesAsync();
            }

            return (pref.Id, pref.Path, northArea, southArea);
        });
        var sid = await PeerKit.SupporterAsync(app, registry, "広域 さとる", [2026], regionId: prefId);
        var r1 = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 7, 1), regionId: north.Id);
        var r2 = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 7, 8), regionId: south.Id);
        await PeerKit.HoldAsync(app, r1, [sid]);
        await PeerKit.HoldAsync(app, r2, [sid]);

        var source = app.Services.GetServices<ILiveCountSource>().Single(s => s.Key == "peer.dispatches.hospitalexchange");
        async Task<LiveCount> CountAsync(int regionId, string path, string name) => await app.WithDbAsync((db, _) =>
            source.CountAsync(new LiveCountQuery(db, regionId, path, name, new FiscalYear(2026), null, UserScope.Anonymous, new DateOnly(2026, 11, 20)), default));
        var northCount = await CountAsync(north.Id, north.Path, north.Name);
        var southCount = await CountAsync(south.Id, south.Path, south.Name);
        var prefCount = await CountAsync(prefId, prefPath, "テスト県");
        Assert.Equal(1, northCount.Count);
        Assert.Equal(1, southCount.Count);
        Assert.True(prefCount.Count >= 2);
        Assert.Equal(2, prefCount.Items.Count(i => i.Url == $"/Peer/Request/{r1}" || i.Url == $"/Peer/Request/{r2}"));
        Assert.All(prefCount.Items, i => Assert.False(i.Visible));
        var registered = app.Services.GetServices<ILiveCountSource>().Single(s => s.Key == "peer.registered");
        var inSouth = await app.WithDbAsync((db, _) => registered.CountAsync(new LiveCountQuery(db, south.Id, south.Path, south.Name, new FiscalYear(2026), null, UserScope.Anonymous, new DateOnly(2026, 11, 20)), default));
        Assert.Contains(inSouth.Items, i => i.Url == $"/Peer/Supporter/{sid}" && !i.Label.Contains("広域", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_indicator_of_hospital_exchanges_held_with_target_24_reads_75_percent_not_met_at_18_and_met_at_24_and_evaluation_freezes_it()
    {
        var registry = await PeerKit.RegistryAsync(app);
        var s1 = await PeerKit.SupporterAsync(app, registry, "交流 いち", [2024]);
        var ids = new List<int>();
        for (var i = 0; i < 24; i++)
        {
            ids.Add(await PeerKit.RequestAsync(app, registry, PeerKit.At(2024, 4, 10).AddDays(i * 14)));
        }

        foreach (var id in ids.Take(18))
        {
            await PeerKit.HoldAsync(app, id, [s1]);
        }

        var sources = app.Services.GetServices<ILiveCountSource>().ToList();
        var regionId = registry.World.CityHealthCenter.RegionId;
        var planId = await app.WithDbAsync(async (db, _) =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == regionId);
            var plan = Plan.Create(region, 2024);
            plan.AddIndicator(new IndicatorInput("病院交流会の開催回数", "回", PeriodBasis.PerYear, Direction.MoreIsBetter, null, "24回", null, null, null, null,
                sources.Single(s => s.Key == "peer.held.hospitalexchange"), null, null));
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
            return plan.Id;
        });

        async Task<(int Count, Achievement Judged)> JudgeAsync() => await app.WithDbAsync(async (db, _) =>
        {
            var plan = await db.Plans.Include(p => p.Indicators).SingleAsync(p => p.Id == planId);
            var counts = await LiveCounts.ForPlanAsync(db, sources, plan, UserScope.Anonymous, new DateOnly(2026, 11, 20), 10, default);
            var indicator = plan.Indicators.Single();
            var count = counts.TryGetValue(indicator.Id, out var c) ? c.Count : -1;
            return (count, indicator.Judge(indicator.IsLive ? count : null));
        });

        var at18 = await JudgeAsync();
        Assert.Equal(18, at18.Count);
        Assert.Equal(("75.0%", Verdict.NotMet), (at18.Judged.PercentText, at18.Judged.Verdict));
        foreach (var id in ids.Skip(18))
        {
            await PeerKit.HoldAsync(app, id, [s1]);
        }

        var at24 = await JudgeAsync();
        Assert.Equal(("100.0%", Verdict.Met), (at24.Judged.PercentText, at24.Judged.Verdict));
        await app.WithDbAsync(async db =>
        {
            var plan = await db.Plans.Include(p => p.Indicators).SingleAsync(p => p.Id == planId);
            var counts = await LiveCounts.ForPlanAsync(db, sources, plan, UserScope.Anonymous, new DateOnly(2026, 11, 20), 10, default);
            plan.Evaluate(counts.Numbers(), "test", app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        });
        var extra = await PeerKit.RequestAsync(app, registry, PeerKit.At(2025, 3, 20));
        await PeerKit.HoldAsync(app, extra, [s1]);
        var frozen = await app.WithDbAsync((db, _) => db.PlanIndicators.SingleAsync(i => i.PlanId == planId));
        Assert.Equal("24回", frozen.Actual);
        Assert.Equal(("100.0%", Verdict.Met), (frozen.Judge(null).PercentText, frozen.Judge(null).Verdict));
    }
}
