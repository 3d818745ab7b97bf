using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Features.Events;

/// <summary>
/// The plan's schedule row an event carries out. Holding the event marks the row 実施済み, as a held meeting does; taking the
/// 開催済み back un-marks it, but only if this event marked it and no other held event carries the same row.
/// </summary>
public static class ScheduleLink
{
    /// <summary>Stages the change on the row (in the caller's unit of work); returns a sentence for the user, or null.</summary>
    public static async Task<string?> ApplyAsync(NimoDbContext db, Event e, bool held, CancellationToken ct)
    {
        if (e.ScheduleItemId is not int itemId)
        {
            return null;
        }

        var plan = await db.Plans.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.Schedule.Any(s => s.Id == itemId), ct);
        var item = plan?.Schedule.Single(s => s.Id == itemId);
        if (plan is null || item is null)
        {
            return null;
        }

        if (plan.IsEvaluated)
        {
            return $"{plan.Year.ToWareki()}の計画は評価を確定済みのため、スケジュールの行は変更していません。";
        }

        if (held && !item.Done)
        {
            plan.SetScheduleDone(item, true);
            e.SetScheduleMark(true);
            return $"計画のスケジュール「{item.WhenText}」を実施済みにしました。";
        }

        if (!held && e.MarkedScheduleDone)
        {
            e.SetScheduleMark(false);
            var others = await db.Events.AnyAsync(x => x.Id != e.Id && x.ScheduleItemId == itemId && x.Status == EventStatus.Held, ct);
            if (!others)
            {
                plan.SetScheduleDone(item, false);
                return $"計画のスケジュール「{item.WhenText}」を未実施に戻しました。";
            }
        }

        return null;
    }
}
