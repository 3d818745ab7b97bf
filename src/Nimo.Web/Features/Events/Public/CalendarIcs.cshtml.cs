using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Data;

namespace Nimo.Features.Events.Public;

/// <summary>Every coming published event as one calendar feed (a calendar app can subscribe to it).</summary>
public sealed class CalendarIcsModel(NimoDbContext db, PublicCatalog catalog, TimeProvider clock, IConfiguration configuration) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int? area, CancellationToken ct)
    {
        var snapshot = await catalog.CurrentAsync(db, ct);
        if (PublicCache.NotModified(HttpContext, snapshot.Stamp, snapshot.Day))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        var path = snapshot.Areas.FirstOrDefault(a => a.RegionId == area)?.Path;
        var events = snapshot.Events.Where(e => path is null || e.RegionPath.StartsWith(path, StringComparison.Ordinal))
            .Select(e => (e.Id, e.Title, e.StartsAt, e.EndsAt, e.Venue, e.Status, (string?)null));
        return File(EventCalendar.ToIcs("研修・講演会のご案内", events, configuration["Nimo:PublicBaseUrl"], clock.GetUtcNow()), EventCalendar.ContentType, "events.ics");
    }
}
