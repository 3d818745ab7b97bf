using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>Events the user can see, by 年度, area, kind and state, with registrations and attendance at a glance.</summary>
public sealed class IndexModel(NimoDbContext db, TimeProvider clock, IOptions<PrivacyOptions> privacy) : PageModel
{
    public const int PageSize = 50;

    public int Year { get; private set; }
    public int CurrentYear { get; private set; }
    public int SuppressBelow => privacy.Value.SuppressBelow;
    public int? RegionId { get; private set; }
    public EventKind? Kind { get; private set; }
    public EventStatus? Status { get; private set; }
    public bool PublishedOnly { get; private set; }
    public int PageNumber { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<(Region Region, int Depth)> RegionChoices { get; private set; } = [];
    public bool CanCreate { get; private set; }

    public sealed record Row(Event Event, int Confirmed, int Waiting, int Attended, bool Manages);

    public async Task OnGetAsync(int? year, int? regionId, EventKind? kind, EventStatus? status, bool published, [FromQuery] int page, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var today = JapanTime.Today(clock);
        CurrentYear = FiscalYear.Of(today).StartYear;
        Year = year is int y && FiscalYear.IsSupported(y) ? y : FiscalYear.Of(today).StartYear;
        Kind = kind is EventKind k && Enum.IsDefined(k) ? k : null;
        Status = status is EventStatus s && Enum.IsDefined(s) ? s : null;
        PublishedOnly = published;
        PageNumber = Math.Max(1, page);
        RegionChoices = await EventChoices.ReadableRegionsAsync(db, scope, ct);
        RegionId = regionId is int rid && RegionChoices.Any(c => c.Region.Id == rid) ? rid : null;
        CanCreate = await EventChoices.CanCreateAnyAsync(db, scope, ct);

        var fy = new FiscalYear(Year);
        var from = new DateTimeOffset(fy.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var to = new DateTimeOffset(fy.Next.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var query = db.Events.AsNoTracking().VisibleTo(scope).Where(e => e.StartsAt >= from && e.StartsAt < to);
        if (RegionId is int id)
        {
            var path = RegionChoices.Single(c => c.Region.Id == id).Region.Path;
            query = query.Where(e => e.Region.Path.StartsWith(path));
        }

        if (Kind is EventKind kk)
        {
            query = query.Where(e => e.Kind == kk);
        }

        if (Status is EventStatus ss)
        {
            query = query.Where(e => e.Status == ss);
        }

        if (PublishedOnly)
        {
            query = query.Where(e => e.IsPublished);
        }

        Total = await query.CountAsync(ct);
        var events = await query.Include(e => e.Organizer).ThenInclude(o => o.Region).Include(e => e.Region)
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        var counts = await EventChoices.CountsAsync(db, ids, ct);
        Rows = [.. events.Select(e => new Row(e, counts.GetValueOrDefault(e.Id).Confirmed, counts.GetValueOrDefault(e.Id).Waiting, counts.GetValueOrDefault(e.Id).Attended, scope.CanManage(e)))];
    }

    public string Query(int page) =>
        $"?year={Year}&regionId={RegionId}&kind={Kind}&status={Status}&published={(PublishedOnly ? "true" : "false")}&page={page}";
}
