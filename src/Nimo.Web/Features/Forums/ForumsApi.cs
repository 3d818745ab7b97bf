using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

public static class ForumsApi
{
    public sealed record ForumItem(int Id, string Name, string Kind, string KindLabel, string Layer, string LayerLabel, string RegionCode, string RegionName,
        int? ParentId, string? ParentName, string? Frequency, decimal? MeetingsPerYear, string Status, int MemberCount,
        IReadOnlyDictionary<string, int> MembersBySector, IReadOnlyDictionary<string, int> MeetingsHeldByFiscalYear);

    public static void MapForumsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/regions/{code}/forums", async (string code, HttpContext http, NimoDbContext db, CancellationToken ct) =>
            {
                var scope = http.Scope();
                var region = await db.Regions.AsNoTracking().VisibleTo(scope).SingleOrDefaultAsync(r => r.Code == code, ct);
                if (region is null)
                {
                    return Results.NotFound();
                }

                var forums = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Region).Include(f => f.Parent).Include(f => f.Members)
                    .Where(f => f.RegionId == region.Id).OrderBy(f => f.Id).ToListAsync(ct);
                var ids = forums.Select(f => f.Id).ToList();
                var held = await db.Meetings.AsNoTracking().Where(m => ids.Contains(m.ForumId) && m.Status == MeetingStatus.Held)
                    .Select(m => new { m.ForumId, m.StartsAt }).ToListAsync(ct);
                return Results.Ok(forums.Select(f => new ForumItem(f.Id, f.Name, f.Kind.ToString(), f.KindLabel, f.Layer.ToString(), f.LayerLabel,
                    f.Region.Code ?? "", f.Region.Name, f.ParentId, f.Parent?.Name, f.FrequencyText, f.MeetingsPerYear, f.Status.ToString(), f.Members.Count,
                    f.Members.GroupBy(m => m.Sector).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count()),
                    held.Where(h => h.ForumId == f.Id).GroupBy(h => FiscalYear.Of(h.StartsAt).StartYear).OrderBy(g => g.Key)
                        .ToDictionary(g => g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g => g.Count()))));
            })
            .WithName("ListRegionForums").WithSummary("地域の協議の場(階層、上位、開催頻度、分野別の構成員数、年度別の開催回数)");

        api.MapGet("/forums/{id:int}/calendar.ics", async (int id, HttpContext http, NimoDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var forum = await db.Forums.AsNoTracking().VisibleTo(http.Scope()).SingleOrDefaultAsync(f => f.Id == id, ct);
                if (forum is null)
                {
                    return Results.NotFound();
                }

                var meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Where(m => m.ForumId == id).OrderBy(m => m.StartsAt).ToListAsync(ct);
                return Results.Text(ForumCalendar.ToIcs(forum.Name, meetings, clock.GetUtcNow()), ForumCalendar.ContentType);
            })
            .WithName("ForumCalendar").WithSummary("協議の場の会議予定(iCalendar)");

        api.MapGet("/me/calendar.ics", async (HttpContext http, NimoDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var scope = http.Scope();
                var meetings = await CalendarModel.MineAsync(db, scope, clock.GetUtcNow(), ct);
                return Results.Text(ForumCalendar.ToIcs($"{scope.UserName} の協議の場", meetings, clock.GetUtcNow()), ForumCalendar.ContentType);
            })
            .WithName("MyCalendar").WithSummary("自分が構成員・事務局の協議の場の会議予定(iCalendar)");
    }
}
