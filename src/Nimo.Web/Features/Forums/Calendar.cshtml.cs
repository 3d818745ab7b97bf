using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>A month of meetings the user can see, as a calendar grid that needs no script; and the user's own .ics feed.</summary>
public sealed class CalendarModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public DateOnly Month { get; private set; }
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];

    public async Task OnGetAsync(string? month, CancellationToken ct)
    {
        var today = JapanTime.Today(clock);
        Month = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && FiscalYear.IsSupported(m.Year)
            ? m
            : new DateOnly(today.Year, today.Month, 1);
        var from = new DateTimeOffset(Month.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var to = from.AddMonths(1);
        var visible = db.Forums.VisibleTo(HttpContext.Scope()).Select(f => f.Id);
        Meetings = await db.Meetings.AsNoTracking().Include(x => x.Forum)
            .Where(x => visible.Contains(x.ForumId) && x.StartsAt >= from && x.StartsAt < to).OrderBy(x => x.StartsAt).ToListAsync(ct);
    }

    /// <summary>The meetings of the forums the user belongs to or runs, for a calendar app (about a year back and ahead).</summary>
    public async Task<IActionResult> OnGetIcsAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var meetings = await MineAsync(db, scope, clock.GetUtcNow(), ct);
        return File(System.Text.Encoding.UTF8.GetBytes(ForumCalendar.ToIcs($"{scope.UserName} の協議の場", meetings, clock.GetUtcNow())), ForumCalendar.ContentType, "nimo-meetings.ics");
    }

    public static async Task<List<Meeting>> MineAsync(NimoDbContext db, UserScope scope, DateTimeOffset now, CancellationToken ct)
    {
        var forums = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Members).ToListAsync(ct);
        var mine = forums.Where(f => scope.IsMember(f) || scope.CanManage(f)).Select(f => f.Id).ToList();
        var from = now.AddYears(-1);
        var to = now.AddYears(1);
        return await db.Meetings.AsNoTracking().Include(m => m.Forum)
            .Where(m => mine.Contains(m.ForumId) && m.StartsAt >= from && m.StartsAt <= to).OrderBy(m => m.StartsAt).ToListAsync(ct);
    }

    /// <summary>Weeks of the month, Sunday first, with null for days outside it.</summary>
    public IEnumerable<DateOnly?[]> Weeks()
    {
        var first = Month;
        var start = first.AddDays(-(int)first.DayOfWeek);
        for (var week = start; week <= first.AddMonths(1).AddDays(-1); week = week.AddDays(7))
        {
            yield return [.. Enumerable.Range(0, 7).Select(i => week.AddDays(i)).Select(d => d.Month == first.Month ? (DateOnly?)d : null)];
        }
    }

    public IEnumerable<Meeting> On(DateOnly day) => Meetings.Where(m => DateOnly.FromDateTime(JapanTime.ToJst(m.StartsAt).DateTime) == day);
}
