using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>The events that carry out a plan's schedule row, shown in that row of the plan page (one small query per row).</summary>
public sealed class ScheduleEventsViewComponent(NimoDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int scheduleItemId, bool canAdd)
    {
        var events = await db.Events.AsNoTracking().VisibleTo(HttpContext.Scope()).Where(e => e.ScheduleItemId == scheduleItemId)
            .OrderBy(e => e.StartsAt).ToListAsync(HttpContext.RequestAborted);
        return View("/Features/Events/_ScheduleEvents.cshtml", (events, scheduleItemId, canAdd));
    }
}

/// <summary>The events linked to a forum (its 委員研修, 交流会 …), listed on the forum's page.</summary>
public sealed class ForumEventsViewComponent(NimoDbContext db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int forumId)
    {
        var events = await db.Events.AsNoTracking().VisibleTo(HttpContext.Scope()).Where(e => e.ForumId == forumId)
            .OrderByDescending(e => e.StartsAt).Take(50).ToListAsync(HttpContext.RequestAborted);
        return View("/Features/Events/_ForumEvents.cshtml", events);
    }
}
