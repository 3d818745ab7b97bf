using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;

namespace Nimo.Features.Events;

/// <summary>「開催結果が未記録の催し」: events the user runs whose end has passed with neither 開催済み nor 中止 recorded.</summary>
public sealed class EventsHomePanel(NimoDbContext db) : IHomePanel
{
    public sealed record Model(IReadOnlyList<Event> Unrecorded, IReadOnlyList<Event> Soon);

    public async Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct)
    {
        if (!home.Scope.IsAuthenticated)
        {
            return null;
        }

        var since = home.Now.AddDays(-180);
        var until = home.Now.AddDays(14);
        var candidates = await db.Events.AsNoTracking().VisibleTo(home.Scope).ManageableBy(db, home.Scope)
            .Include(e => e.Organizer).ThenInclude(o => o.Region)
            .Where(e => e.Status == EventStatus.Planned && e.StartsAt >= since && e.StartsAt < until)
            .OrderBy(e => e.StartsAt).Take(200).ToListAsync(ct);
        var mine = candidates.Where(e => home.Scope.CanManage(e)).ToList();
        var unrecorded = mine.Where(e => e.EndsAt < home.Now).ToList();
        var soon = mine.Where(e => e.EndsAt >= home.Now).Take(10).ToList();
        return unrecorded.Count + soon.Count == 0 ? null : new HomePanelContent("/Features/Events/_HomeEvents.cshtml", new Model(unrecorded, soon), unrecorded.Count);
    }
}
