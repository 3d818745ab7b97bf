using Microsoft.EntityFrameworkCore;
using Nimo.Features.Peer;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Peer;

/// <summary>A registry of the test world's city (あおば市保健所), its coordinator, and supporters made through the entities' own rules.</summary>
public sealed record Registry(int ProgrammeId, TestUser Coordinator, HttpClient Client, World World);

public static class PeerKit
{
    public static DateTimeOffset At(int y, int m, int d, int h = 13, int min = 30) => new(new DateTime(y, m, d, h, min, 0), JapanTime.Offset);

    public static async Task<Registry> RegistryAsync(AppFactory app, int hourlyYen = 1_500, RoundingRule rounding = RoundingRule.Down, int flatTravel = 500, bool pairs = false,
        bool prefecture = false)
    {
        var world = await app.CreateWorldAsync();
        var owner = prefecture ? world.Prefecture : world.CityHealthCenter;
        var tag = Guid.NewGuid().ToString("N")[..6];
        var id = await app.WithDbAsync(async (db, _) =>
        {
            var org = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == owner.Id);
            var p = PeerProgramme.Create(org, "テスト派遣事業 " + tag, null, pairs, null);
            db.PeerProgrammes.Add(p);
            await db.SaveChangesAsync();
            foreach (var fy in new[] { 2024, 2025, 2026 })
            {
                db.PeerRates.Add(PeerRate.Create(p.Id, fy, hourlyYen, rounding, flatTravel > 0 ? TravelBasis.Flat : TravelBasis.Actual, flatTravel, "報償費", "旅費"));
            }

            await db.SaveChangesAsync();
            return p.Id;
        });
        var role = prefecture ? Roles.PrefectureStaff : Roles.MunicipalStaff;
        var coordinator = await app.CreateUserAsync("peer-co-" + tag, role, owner.Id, twoFactor: true);
        return new Registry(id, coordinator, await app.SignInAsync(coordinator), world);
    }

    /// <summary>A supporter serving <paramref name="regionId"/> (the registry's own region when null), trained, registered for the 年度s given.</summary>
    public static async Task<int> SupporterAsync(AppFactory app, Registry registry, string name, int[] years, ActivityTypes activities = ActivityTypes.HospitalExchange | ActivityTypes.Talk,
        SupporterKind kind = SupporterKind.Peer, int? regionId = null, DateOnly? registeredOn = null, string? userId = null) =>
        await app.WithDbAsync(async (db, _) =>
        {
            var p = await db.PeerProgrammes.Include(x => x.OwnerOrganization).ThenInclude(o => o.Region).SingleAsync(x => x.Id == registry.ProgrammeId);
            var area = await db.Regions.SingleAsync(r => r.Id == (regionId ?? p.OwnerOrganization.RegionId));
            var s = PeerSupporter.Create(p, new SupporterDetails(kind, name, "てすと", null, null, null, null, "P-" + name.Length, activities, null, null), app.Clock.GetUtcNow());
            s.SetAreas([area], p.OwnerOrganization.Region.Path);
            var today = JapanTime.Today(app.Clock);
            s.AddTraining(TrainingLevel.Basic, new DateOnly(2023, 6, 1), "テスト県", today);
            if (kind == SupporterKind.Visitor)
            {
                s.AddTraining(TrainingLevel.VisitorInduction, new DateOnly(2023, 7, 1), "テスト県", today);
            }

            foreach (var y in years)
            {
                var fy = new FiscalYear(y);
                s.Register(fy, registeredOn ?? fy.Start, kind == SupporterKind.Visitor ? fy.Start : null, null, today);
            }

            s.LinkUser(userId);
            db.PeerSupporters.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });

    public static async Task<int> RequestAsync(AppFactory app, Registry registry, DateTimeOffset startsAt, double hours = 2.5, ActivityType activity = ActivityType.HospitalExchange,
        int needed = 1, int? regionId = null, string place = "テスト病院 デイルーム") =>
        await app.WithDbAsync(async (db, _) =>
        {
            var p = await db.PeerProgrammes.Include(x => x.OwnerOrganization).ThenInclude(o => o.Region).SingleAsync(x => x.Id == registry.ProgrammeId);
            var region = await db.Regions.SingleAsync(r => r.Id == (regionId ?? p.OwnerOrganization.RegionId));
            var r = PeerRequest.Create(p, new RequestDetails(activity, RequesterKind.Hospital, "テスト病院 地域連携室", place, startsAt, startsAt.AddHours(hours), "病院交流会", needed),
                region, null, p.OwnerOrganization.Region.Path, app.Clock.GetUtcNow(), "test");
            db.PeerRequests.Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });

    /// <summary>Offers, accepts and reports through the entities (for counts and statements built from many activities).</summary>
    public static async Task HoldAsync(AppFactory app, int requestId, int[] supporterIds, int? minutes = null) =>
        await app.WithDbAsync(async db =>
        {
            var r = await db.PeerRequests.WithAll().SingleAsync(x => x.Id == requestId);
            foreach (var sid in supporterIds)
            {
                var s = await db.PeerSupporters.Include(x => x.Areas).ThenInclude(a => a.Region).SingleAsync(x => x.Id == sid);
                var bookings = await PeerPages.BookingsAsync(db, sid, r.StartsAt, r.EndsAt, default);
                var d = r.Offer(s, r.Programme.RequiredTraining(r.Activity), bookings, app.Clock.GetUtcNow(), "test");
                r.Answer(d, true, AnswerChannel.Phone, r.Programme.RequiredTraining(r.Activity), bookings, app.Clock.GetUtcNow(), "test");
            }

            await db.SaveChangesAsync();
            var rate = await db.PeerRates.SingleAsync(x => x.ProgrammeId == r.ProgrammeId && x.FiscalYear == r.Year.StartYear);
            r.Report(new ReportDetails("交流会を実施した。", 10, null, [.. r.Dispatches.Select(d => new DispatchTime(d.Id, minutes, null))]), [], rate, app.Clock.GetUtcNow(), "test");
            await db.SaveChangesAsync();
        });

    public static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Headers.Location!.OriginalString;
        var page = await client.GetAsync(location);
        Assert.True(page.IsSuccessStatusCode, $"GET {location} after the redirect: {(int)page.StatusCode}");
        return System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
    }
}
