using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Forums;

/// <summary>Records a 委員ヒアリング: who was heard, when, and the points they raised, optionally for a coming meeting.</summary>
public sealed class HearingModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public HearingInput Input { get; set; } = new();

    public Forum Forum { get; private set; } = null!;
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int forumId, int? meetingId, CancellationToken ct)
    {
        Input = new HearingInput { MeetingId = meetingId, HeardOn = JapanTime.Today(clock) };
        return await LoadAsync(forumId, ct) ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(int forumId, CancellationToken ct)
    {
        var denied = await LoadAsync(forumId, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (Input.MeetingId is int m && Meetings.All(x => x.Id != m))
        {
            ModelState.AddModelError("Input.MeetingId", "会議を選び直してください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var meeting = Input.MeetingId is int mid ? await db.Meetings.FindAsync([mid], ct) : null;
        var hearing = Hearing.Create(Forum, meeting, Input.HeardOn!.Value, Input.Who!, Input.Points!);
        db.Hearings.Add(hearing);
        audit.Add(AuditActions.Create, "Hearing", detail: $"{Forum.Name}: {hearing.Who}");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "委員ヒアリングを記録しました。出された意見から地域課題を登録できます。";
        return Redirect($"/Forums/IssueEdit?forumId={forumId}&hearingId={hearing.Id}");
    }

    private async Task<IActionResult?> LoadAsync(int forumId, CancellationToken ct)
    {
        var (forum, refusal) = await this.ForumToManageAsync(db, forumId, ct);
        if (forum is null)
        {
            return refusal;
        }

        Forum = forum;
        Meetings = await db.Meetings.AsNoTracking().Where(x => x.ForumId == forumId).OrderByDescending(x => x.StartsAt).ToListAsync(ct);
        return null;
    }

    public sealed class HearingInput
    {
        [Display(Name = "実施日")]
        [Required(ErrorMessage = "実施日を入力してください。")]
        public DateOnly? HeardOn { get; set; }

        [Display(Name = "ヒアリングした相手(委員・団体)")]
        [Required(ErrorMessage = "ヒアリングした相手を入力してください。")]
        [StringLength(200)]
        public string? Who { get; set; }

        [Display(Name = "出された意見・課題")]
        [Required(ErrorMessage = "出された意見を入力してください。")]
        [StringLength(4000)]
        public string? Points { get; set; }

        [Display(Name = "向けた会議")]
        public int? MeetingId { get; set; }
    }
}
