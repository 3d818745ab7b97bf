using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>A month of the events the user can see, closed ones included, as a grid that needs no script.</summary>
public sealed class CalendarModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public DateOnly Month { get; private set; }
    public IReadOnlyList<Event> Events { get; private set; } = [];

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        var today = JapanTime.Today(clock);
        Month = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && FiscalYear.IsSupported(m.Year)
            ? m
            : new DateOnly(today.Year, today.Month, 1);
        var from = new DateTimeOffset(Month.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var to = from.AddMonths(1);
        Events = await db.Events.AsNoTracking().VisibleTo(HttpContext.Scope()).Include(e => e.Region)
            .Where(e => e.StartsAt >= from && e.StartsAt < to).OrderBy(e => e.StartsAt).ToListAsync(ct);
    }

    public IEnumerable<DateOnly?[]> Weeks()
    {
        var start = Month.AddDays(-(int)Month.DayOfWeek);
        for (var week = start; week <= Month.AddMonths(1).AddDays(-1); week = week.AddDays(7))
        {
            yield return [.. Enumerable.Range(0, 7).Select(i => week.AddDays(i)).Select(d => d.Month == Month.Month ? (DateOnly?)d : null)];
        }
    }

    public IEnumerable<Event> On(DateOnly day) => Events.Where(e => DateOnly.FromDateTime(JapanTime.ToJst(e.StartsAt).DateTime) == day);

    public static string Key(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
