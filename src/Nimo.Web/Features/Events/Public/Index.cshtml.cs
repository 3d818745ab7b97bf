using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events.Public;

/// <summary>The residents' list of coming events, by area and kind, 20 to a page, from the in-memory catalogue.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublicListOutputPolicy.Name)]
public sealed class IndexModel(NimoDbContext db, PublicCatalog catalog, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    public IReadOnlyList<PublicEventRow> Events { get; private set; } = [];
    public IReadOnlyList<PublicArea> Areas { get; private set; } = [];
    public int Total { get; private set; }
    public int? AreaId { get; private set; }
    public EventKind? Kind { get; private set; }
    public int PageNumber { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? area, EventKind? kind, [FromQuery] int page, CancellationToken ct)
    {
        var snapshot = await catalog.CurrentAsync(db, ct);
        if (PublicCache.NotModified(HttpContext, snapshot.Stamp, snapshot.Day))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        Now = clock.GetUtcNow();
        Areas = snapshot.Areas;
        AreaId = area is int a && Areas.Any(x => x.RegionId == a) ? a : null;
        Kind = kind is EventKind k && Enum.IsDefined(k) && !EventLabels.IsSensitiveKind(k) ? k : null;
        IEnumerable<PublicEventRow> rows = snapshot.Events;
        if (AreaId is int id)
        {
            var path = Areas.Single(x => x.RegionId == id).Path;
            rows = rows.Where(r => r.RegionPath.StartsWith(path, StringComparison.Ordinal));
        }

        if (Kind is EventKind kk)
        {
            rows = rows.Where(r => r.Kind == kk);
        }

        var list = rows.ToList();
        Total = list.Count;
        PageNumber = Math.Clamp(page, 1, Math.Max(1, (Total + PageSize - 1) / PageSize));
        Events = [.. list.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    public string Query(int page) => $"?area={AreaId}&kind={Kind}&page={page}";

    public static string When(PublicEventRow e) => When(e.StartsAt, e.EndsAt);

    /// <summary>「令和8年12月5日(土) 14:00〜16:00」.</summary>
    public static string When(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        var start = JapanTime.ToJst(startsAt);
        var end = JapanTime.ToJst(endsAt);
        var day = JapaneseDate.Format(DateOnly.FromDateTime(start.DateTime)) + "(" + "日月火水木金土"[(int)start.DayOfWeek] + ")";
        return start.Date == end.Date
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{day} {start:HH:mm}〜{end:HH:mm}")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{day} {start:HH:mm}〜{JapaneseDate.Format(DateOnly.FromDateTime(end.DateTime))} {end:HH:mm}");
    }
}
