using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>A schedule row: this year's by month (optionally a forum meeting, done when held) or a long-term one by 年度.</summary>
public sealed class ScheduleModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ScheduleInput Input { get; set; } = new();

    public Plan Plan { get; private set; } = null!;
    public IReadOnlyList<Meeting> MeetingChoices { get; private set; } = [];
    public bool IsNew => Input.Id == 0;

    public async Task<IActionResult> OnGetAsync(int planId, int? id, ScheduleKind? kind, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        Input.Kind = kind ?? ScheduleKind.ThisYear;
        Input.FiscalYear = plan.FiscalYear;
        if (id is int sid)
        {
            var s = plan.Schedule.SingleOrDefault(x => x.Id == sid);
            if (s is null)
            {
                return NotFound();
            }

            Input = new ScheduleInput { Id = s.Id, Kind = s.Kind, FiscalYear = s.FiscalYear, When = s.WhenText, Title = s.Title, Detail = s.Detail, MeetingId = s.MeetingId };
        }

        await LoadChoicesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int planId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        await LoadChoicesAsync(ct);
        if (Input.MeetingId is int mid && MeetingChoices.All(m => m.Id != mid))
        {
            ModelState.AddModelError("Input.MeetingId", "この地域(と管内)の協議の場の、この年度の会議から選んでください。");
        }

        if (!Enum.IsDefined(Input.Kind))
        {
            ModelState.AddModelError(string.Empty, "選択肢にない値が送られました。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        ScheduleItem item;
        try
        {
            if (IsNew)
            {
                item = plan.AddScheduleItem(Input.Kind, Input.FiscalYear, Input.When, Input.Title!, Input.Detail, Input.Kind == ScheduleKind.ThisYear ? Input.MeetingId : null);
            }
            else
            {
                item = plan.Schedule.SingleOrDefault(s => s.Id == Input.Id) ?? throw new KeyNotFoundException();
                plan.UpdateScheduleItem(item, Input.FiscalYear, Input.When, Input.Title!, Input.Detail, item.Kind == ScheduleKind.ThisYear ? Input.MeetingId : null);
            }
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        return await this.CommitAsync(db, audit, clock, plan, IsNew ? AuditActions.Create : AuditActions.Update, "ScheduleItem", IsNew ? null : item.Id,
            $"{item.WhenText} {item.Title}", "スケジュールを保存しました。", "#schedule", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int planId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        var item = plan.Schedule.SingleOrDefault(s => s.Id == Input.Id);
        if (item is null)
        {
            return NotFound();
        }

        plan.RemoveScheduleItem(item);
        return await this.CommitAsync(db, audit, clock, plan, AuditActions.Update, "ScheduleItem", item.Id, $"削除: {item.WhenText} {item.Title}",
            "スケジュールの行を削除しました。", "#schedule", ct);
    }

    /// <summary>Meetings of the 年度 held or planned by forums of the plan's region and below, that the user can see.</summary>
    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var path = Plan.Region.Path;
        var fy = new FiscalYear(Plan.FiscalYear);
        var from = new DateTimeOffset(fy.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var to = new DateTimeOffset(fy.Next.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var forums = db.Forums.VisibleTo(HttpContext.Scope()).Where(f => f.Region.Path.StartsWith(path)).Select(f => f.Id);
        MeetingChoices = await db.Meetings.AsNoTracking().Include(m => m.Forum)
            .Where(m => forums.Contains(m.ForumId) && m.StartsAt >= from && m.StartsAt < to).OrderBy(m => m.StartsAt).ToListAsync(ct);
    }

    public sealed class ScheduleInput
    {
        public int Id { get; set; }
        public ScheduleKind Kind { get; set; }

        [Display(Name = "年度")]
        public int? FiscalYear { get; set; }

        [Display(Name = "時期(月)")]
        [StringLength(30)]
        public string? When { get; set; }

        [Display(Name = "実施内容")]
        [Required(ErrorMessage = "実施内容を入力してください。")]
        [StringLength(TextLength.Note)]
        public string? Title { get; set; }

        [Display(Name = "具体的な取組")]
        [StringLength(TextLength.Section)]
        public string? Detail { get; set; }

        [Display(Name = "協議の場の会議(会議のときに選ぶ)")]
        public int? MeetingId { get; set; }
    }
}
