using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events.Public;

/// <summary>A month of coming public events as a grid that needs no script, with the same events listed below it.</summary>
public sealed class CalendarModel(NimoDbContext db, PublicCatalog catalog, TimeProvider clock) : PageModel
{
    public DateOnly Month { get; private set; }
    public DateOnly ThisMonth { get; private set; }
    public IReadOnlyList<PublicEventRow> Events { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? month, CancellationToken ct)
    {
        var snapshot = await catalog.CurrentAsync(db, ct);
        if (PublicCache.NotModified(HttpContext, snapshot.Stamp, snapshot.Day))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        Now = clock.GetUtcNow();
        ThisMonth = new DateOnly(snapshot.Day.Year, snapshot.Day.Month, 1);
        Month = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && m >= ThisMonth && m <= ThisMonth.AddYears(2)
            ? m
            : ThisMonth;
        var from = new DateTimeOffset(Month.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var to = from.AddMonths(1);
        Events = [.. snapshot.Events.Where(e => e.StartsAt >= from && e.StartsAt < to)];
        return Page();
    }

    public IEnumerable<DateOnly?[]> Weeks()
    {
        var start = Month.AddDays(-(int)Month.DayOfWeek);
        for (var week = start; week <= Month.AddMonths(1).AddDays(-1); week = week.AddDays(7))
        {
            yield return [.. Enumerable.Range(0, 7).Select(i => week.AddDays(i)).Select(d => d.Month == Month.Month ? (DateOnly?)d : null)];
        }
    }

    public IEnumerable<PublicEventRow> On(DateOnly day) => Events.Where(e => DateOnly.FromDateTime(JapanTime.ToJst(e.StartsAt).DateTime) == day);

    public static string Key(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
