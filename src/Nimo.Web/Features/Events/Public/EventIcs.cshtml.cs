using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events.Public;

/// <summary>One published event as an .ics file for the resident's calendar app.</summary>
public sealed class EventIcsModel(NimoDbContext db, PublicCatalog catalog, TimeProvider clock, IConfiguration configuration) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var stamp = (await catalog.CurrentAsync(db, ct)).Stamp;
        var e = await db.Events.AsNoTracking().Where(x => x.Id == id && x.IsPublished && !x.IsSensitive)
            .Select(x => new { x.Id, x.Title, x.StartsAt, x.EndsAt, x.Venue, x.Status, x.Description }).SingleOrDefaultAsync(ct);
        if (e is null)
        {
            return NotFound();
        }

        if (PublicCache.NotModified(HttpContext, stamp, JapanTime.Today(clock)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        var bytes = EventCalendar.ToIcs(e.Title, [(e.Id, e.Title, e.StartsAt, e.EndsAt, e.Venue, e.Status, e.Description)], configuration["Nimo:PublicBaseUrl"], clock.GetUtcNow());
        return File(bytes, EventCalendar.ContentType, $"event-{e.Id}.ics");
    }
}
