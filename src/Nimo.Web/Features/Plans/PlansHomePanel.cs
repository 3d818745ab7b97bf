using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Plans;

/// <summary>「予定の月を過ぎた計画のスケジュール」: this 年度's schedule rows past their month and not done, in the regions the user plans for.</summary>
public sealed class PlansHomePanel(NimoDbContext db) : IHomePanel
{
    public sealed record Model(IReadOnlyList<(ScheduleItem Item, Region Region)> LateSchedule);

    public async Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct)
    {
        var scope = home.Scope;
        if (!scope.CanEditMasterData || scope.IsAdmin)
        {
            return null;
        }

        var today = home.Today;
        var year = FiscalYear.Of(today).StartYear;
        var monthKey = (today.Year * 100) + today.Month;
        var editable = db.Regions.EditableBy(scope).Select(r => r.Id);
        var rows = await db.ScheduleItems.AsNoTracking().Include(s => s.Plan).ThenInclude(p => p.Region)
            .Where(s => editable.Contains(s.Plan.RegionId) && s.Plan.FiscalYear == year && s.Plan.State == PlanState.Draft
                && s.Kind == ScheduleKind.ThisYear && !s.Done && s.MonthKey < monthKey)
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return null;
        }

        var meetingIds = rows.Where(r => r.MeetingId is not null).Select(r => r.MeetingId!.Value).ToList();
        var held = meetingIds.Count == 0 ? [] : await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id) && m.Status == MeetingStatus.Held).Select(m => m.Id).ToListAsync(ct);
        List<(ScheduleItem, Region)> late = [.. rows.Where(r => r.IsOverdue(today, r.MeetingId is int id && held.Contains(id))).OrderBy(r => r.MonthKey).Select(r => (r, r.Plan.Region))];
        return late.Count == 0 ? null : new HomePanelContent("/Features/Plans/_HomePlans.cshtml", new Model(late), late.Count);
    }
}
