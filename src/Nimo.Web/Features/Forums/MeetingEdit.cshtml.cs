using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Forums;

/// <summary>Schedules a meeting or changes when, where and how it takes place.</summary>
public sealed class MeetingEditModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public MeetingInput Input { get; set; } = new();

    public Forum Forum { get; private set; } = null!;
    public bool IsNew => Input.Id == 0;

    public async Task<IActionResult> OnGetAsync(int? forumId, int? id, CancellationToken ct)
    {
        if (id is int meetingId)
        {
            var meeting = await db.Meetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, ct);
            if (meeting is null)
            {
                return NotFound();
            }

            forumId = meeting.ForumId;
            var jst = JapanTime.ToJst(meeting.StartsAt);
            Input = new MeetingInput
            {
                Id = meeting.Id, Version = meeting.Version, Title = meeting.Title, Date = DateOnly.FromDateTime(jst.DateTime), Start = TimeOnly.FromDateTime(jst.DateTime),
                End = meeting.EndsAt is DateTimeOffset e ? TimeOnly.FromDateTime(JapanTime.ToJst(e).DateTime) : null, Format = meeting.Format, Place = meeting.Place, Status = meeting.Status,
            };
        }

        var denied = await LoadForumAsync(forumId ?? 0, ct);
        return denied ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(int? forumId, CancellationToken ct)
    {
        Meeting? meeting = null;
        if (!IsNew)
        {
            meeting = await db.Meetings.SingleOrDefaultAsync(m => m.Id == Input.Id, ct);
            if (meeting is null)
            {
                return NotFound();
            }

            forumId = meeting.ForumId;
        }

        var denied = await LoadForumAsync(forumId ?? 0, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (Input.Date is DateOnly day && !FiscalYear.IsSupported(day.Year))
        {
            ModelState.AddModelError("Input.Date", "開催日が正しくありません。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var starts = At(Input.Date!.Value, Input.Start!.Value);
        DateTimeOffset? ends = Input.End is TimeOnly end ? At(Input.Date.Value, end) : null;
        try
        {
            if (meeting is null)
            {
                db.Attach(Forum);
                meeting = Meeting.Create(Forum, Input.Title!, starts, ends, Input.Format, Input.Place);
                db.Meetings.Add(meeting);
            }
            else
            {
                db.Entry(meeting).Property(m => m.Version).OriginalValue = Input.Version;
                meeting.Schedule(Input.Title!, starts, ends, Input.Format, Input.Place, Input.Status);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "Meeting", IsNew ? null : meeting.Id, detail: $"{Forum.Name} {meeting.Title}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "編集している間に他の利用者がこの会議を更新しました。会議の画面から開き直してください。");
            return Page();
        }

        TempData[PageWrites.MessageKey] = $"「{meeting.Title}」を保存しました。";
        return Redirect($"/Forums/Meeting/{meeting.Id}");
    }

    private static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), JapanTime.Offset);

    private async Task<IActionResult?> LoadForumAsync(int forumId, CancellationToken ct)
    {
        var (forum, refusal) = await this.ForumToManageAsync(db, forumId, ct);
        if (forum is null)
        {
            return refusal;
        }

        Forum = forum;
        if (IsNew && Input.Title is null)
        {
            Input.Title = $"{forum.Name} 会議";
        }

        return null;
    }

    public sealed class MeetingInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "会議名")]
        [Required(ErrorMessage = "会議名を入力してください。")]
        [StringLength(TextLength.Title)]
        public string? Title { get; set; }

        [Display(Name = "開催日")]
        [Required(ErrorMessage = "開催日を入力してください。")]
        public DateOnly? Date { get; set; }

        [Display(Name = "開始時刻")]
        [Required(ErrorMessage = "開始時刻を入力してください。")]
        public TimeOnly? Start { get; set; }

        [Display(Name = "終了時刻")]
        public TimeOnly? End { get; set; }

        [Display(Name = "形式")]
        public MeetingFormat Format { get; set; }

        [Display(Name = "場所(オンラインの場合は会議の案内)")]
        [StringLength(TextLength.Title)]
        public string? Place { get; set; }

        [Display(Name = "状態")]
        public MeetingStatus Status { get; set; }
    }
}
