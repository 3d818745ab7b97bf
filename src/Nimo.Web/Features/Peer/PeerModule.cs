using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer;

/// <summary>
/// Peer support and hospital visiting (issue 18): the coordinator's pages under /Peer (registry, requests, dispatch, reports,
/// statements), the supporter's own pages under /Peer/My, the administrators' rate table and categories under
/// /Peer/Settings, the personal calendar feed, live counts for plan indicators, the API and the demo registries.
/// </summary>
public sealed class PeerModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature)
    {
        feature.Nav("ピアサポート", "/Peer", 67, PeerAccess.MayCoordinate);
        feature.Nav("わたしの活動", "/Peer/My", 68, PeerAccess.IsSupporter);
        feature.Nav("派遣の単価表", "/Peer/Settings", 95, s => s.IsAdmin);
        feature.Services.AddAuthorizationBuilder()
            .AddPolicy(PeerAccess.CoordinatorPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.Resource is HttpContext http && PeerAccess.MayCoordinate(http.Scope())))
            .AddPolicy(PeerAccess.SupporterPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.Resource is HttpContext http && PeerAccess.IsSupporter(http.Scope())));
        feature.Pages(c =>
        {
            c.AuthorizeFolder("/Peer/Desk", PeerAccess.CoordinatorPolicy);
            c.AuthorizeFolder("/Peer/My", PeerAccess.SupporterPolicy);
            c.AuthorizeFolder("/Peer/Settings", Platform.PlatformSetup.AdminPolicy);
        });

        foreach (var activity in Enum.GetValues<ActivityType>())
        {
            feature.Services.AddSingleton<ILiveCountSource>(new DispatchesSource(activity));
        }

        feature.LiveCount<HospitalExchangesHeldSource>()
            .LiveCount<VisitsMadeSource>()
            .LiveCount<RequestsNotMetSource>()
            .LiveCount<SupportersRegisteredSource>()
            .DemoSeed<PeerDemoSeed>();
    }

    public sealed record RequestItem(int Id, string Programme, string Activity, string RequesterKind, string Requester, string RegionCode, string RegionName, string Place,
        DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Purpose, int SupportersNeeded, int SupportersAccepted, string Status, string? AdmissionCategory,
        bool? AdmissionMeetsLawConditions);

    public sealed record DispatchItem(int Id, int RequestId, string Activity, string Place, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Supporter,
        string State, string? Channel, int? Minutes, int? HonorariumYen, int? TravelYen);

    /// <summary>Read endpoints with the pages' rules: a coordinator sees their registries' records, a peer supporter their own, everyone else nothing.</summary>
    public static void MapApi(RouteGroupBuilder api)
    {
        api.MapGet("/peer/requests", async (int? year, HttpContext http, NimoDbContext db, CancellationToken ct) =>
            {
                var query = db.PeerRequests.AsNoTracking().VisibleTo(http.Scope());
                if (year is int fy)
                {
                    var from = new DateTimeOffset(new DateTime(fy, 4, 1), Platform.Japanese.JapanTime.Offset);
                    var to = from.AddYears(1);
                    query = query.Where(r => r.StartsAt >= from && r.StartsAt < to);
                }

                var rows = await Shape(query.OrderBy(r => r.StartsAt).ThenBy(r => r.Id).Take(1000)).ToListAsync(ct);
                return Results.Ok(rows.Select(ToItem));
            })
            .WithName("ListPeerRequests").WithSummary("ピアサポーター・入院者訪問支援員の派遣依頼(調整担当者は担当事業のもの、ピアサポーターは自分に打診されたもの)");

        api.MapGet("/peer/requests/{id:int}", async (int id, HttpContext http, NimoDbContext db, CancellationToken ct) =>
                await Shape(db.PeerRequests.AsNoTracking().VisibleTo(http.Scope()).Where(r => r.Id == id)).SingleOrDefaultAsync(ct) is { } r ? Results.Ok(ToItem(r)) : Results.NotFound())
            .WithName("GetPeerRequest").WithSummary("派遣依頼1件");

        api.MapGet("/peer/dispatches", async (HttpContext http, NimoDbContext db, CancellationToken ct) =>
            {
                var rows = await db.PeerDispatches.AsNoTracking().VisibleTo(http.Scope()).OrderBy(d => d.StartsAt).ThenBy(d => d.Id).Take(1000)
                    .Select(d => new { d.Id, d.RequestId, d.Request.Activity, d.Request.Place, d.StartsAt, d.EndsAt, d.Supporter.Name, d.State, d.Channel, d.Minutes, d.HonorariumYen, d.TravelYen })
                    .ToListAsync(ct);
                return Results.Ok(rows.Select(d => new DispatchItem(d.Id, d.RequestId, PeerLabels.Activities[d.Activity], d.Place, d.StartsAt, d.EndsAt, d.Name,
                    d.State.ToString(), d.Channel?.ToString(), d.Minutes, d.HonorariumYen, d.TravelYen)));
            })
            .WithName("ListPeerDispatches").WithSummary("派遣(打診・承諾・辞退・取消・不参加と、実施後の時間と謝金)");
    }

    private sealed record RequestRow(int Id, string Programme, ActivityType Activity, RequesterKind RequesterKind, string Requester, string? RegionCode, string RegionName,
        string Place, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Purpose, int SupportersNeeded, int Accepted, RequestStatus Status, string? Admission, bool? Meets);

    private static IQueryable<RequestRow> Shape(IQueryable<PeerRequest> q) => q.Select(r => new RequestRow(r.Id, r.Programme.Name, r.Activity, r.RequesterKind, r.Requester,
        r.Region.Code, r.Region.Name, r.Place, r.StartsAt, r.EndsAt, r.Purpose, r.SupportersNeeded, r.Dispatches.Count(d => d.State == DispatchState.Accepted), r.Status,
        r.AdmissionCategory != null ? r.AdmissionCategory.Name : null, r.AdmissionCategory != null ? r.AdmissionCategory.MeetsLawConditions : null));

    private static RequestItem ToItem(RequestRow r) => new(r.Id, r.Programme, PeerLabels.Activities[r.Activity], PeerLabels.Requesters[r.RequesterKind], r.Requester,
        r.RegionCode ?? "", r.RegionName, r.Place, r.StartsAt, r.EndsAt, r.Purpose, r.SupportersNeeded, r.Accepted, PeerLabels.Statuses[r.Status], r.Admission, r.Meets);

    /// <summary>
    /// The supporter's personal calendar: a secret URL their calendar app fetches without signing in (calendar apps cannot),
    /// holding only their accepted activities (what, where, when: no requester's details beyond the place). The token is
    /// stored as a hash; issuing a new one or revoking it stops the old URL at once.
    /// </summary>
    public static void Map(WebApplication app)
    {
        app.MapGet("/peer/feed/{token}.ics", async (string token, NimoDbContext db, TimeProvider clock, AuditLog audit, CancellationToken ct) =>
            {
                if (token.Length is < 20 or > 64)
                {
                    return Results.NotFound();
                }

                var hash = PeerSupporter.HashToken(token);
                var supporter = await db.PeerSupporters.AsNoTracking().Where(s => s.FeedTokenHash == hash).Select(s => new { s.Id, s.Name }).SingleOrDefaultAsync(ct);
                if (supporter is null)
                {
                    return Results.NotFound();
                }

                var bookings = await db.PeerDispatches.AsNoTracking().Where(d => d.SupporterId == supporter.Id && d.State == DispatchState.Accepted)
                    .OrderBy(d => d.StartsAt).Select(d => new { d.Id, d.StartsAt, d.EndsAt, d.Request.Activity, d.Request.Place, RequestStatus = d.Request.Status }).ToListAsync(ct);
                var calendar = new Calendar { ProductId = "-//Nimo//ピアサポート//JA" };
                calendar.AddProperty("X-WR-CALNAME", "わたしのピアサポート活動");
                calendar.AddProperty("X-WR-TIMEZONE", "Asia/Tokyo");
                foreach (var b in bookings)
                {
                    calendar.Events.Add(new CalendarEvent
                    {
                        Uid = $"nimo-peer-dispatch-{b.Id}",
                        Summary = PeerLabels.Activities[b.Activity],
                        Start = new CalDateTime(b.StartsAt.UtcDateTime),
                        End = new CalDateTime(b.EndsAt.UtcDateTime),
                        Location = b.Place,
                        Status = b.RequestStatus == RequestStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
                        DtStamp = new CalDateTime(clock.GetUtcNow().UtcDateTime),
                    });
                }

                await audit.WriteAsync(AuditActions.Download, "PeerFeed", supporter.Id, detail: $"個人カレンダー(.ics)の取得({bookings.Count}件)", ct: ct);
                return Results.Text(new CalendarSerializer().SerializeToString(calendar) ?? "", "text/calendar; charset=utf-8");
            })
            .AllowAnonymous().WithName("PeerSupporterFeed").ExcludeFromDescription();
    }
}
