using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>Registers a regional issue raised at one of the forum's meetings or hearings.</summary>
public sealed class IssueEditModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public IssueInput Input { get; set; } = new();

    public Forum Forum { get; private set; } = null!;
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public IReadOnlyList<Hearing> Hearings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int forumId, int? meetingId, int? hearingId, CancellationToken ct)
    {
        Input = new IssueInput { MeetingId = meetingId, HearingId = hearingId };
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

        if (Input.HearingId is int h && Hearings.All(x => x.Id != h))
        {
            ModelState.AddModelError("Input.HearingId", "ヒアリングを選び直してください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.Attach(Forum);
        var meeting = Input.MeetingId is int mid ? await db.Meetings.FindAsync([mid], ct) : null;
        var hearing = Input.HearingId is int hid ? await db.Hearings.FindAsync([hid], ct) : null;
        RegionalIssue issue;
        try
        {
            issue = RegionalIssue.Raise(Forum, meeting, hearing, Input.Title!, Input.Description, Input.Category, Input.Owner, HttpContext.Scope().UserName, clock.GetUtcNow());
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        db.RegionalIssues.Add(issue);
        audit.Add(AuditActions.Create, "RegionalIssue", detail: $"{Forum.Name}: {issue.Title}");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = $"地域課題「{issue.Title}」を登録しました。";
        return Redirect($"/Forums/Issue/{issue.Id}");
    }

    private async Task<IActionResult?> LoadAsync(int forumId, CancellationToken ct)
    {
        var (forum, refusal) = await this.ForumToManageAsync(db, forumId, ct);
        if (forum is null)
        {
            return refusal;
        }

        Forum = forum;
        Meetings = await db.Meetings.AsNoTracking().Where(m => m.ForumId == forumId).OrderByDescending(m => m.StartsAt).ToListAsync(ct);
        Hearings = await db.Hearings.AsNoTracking().Where(h => h.ForumId == forumId).OrderByDescending(h => h.HeardOn).ToListAsync(ct);
        return null;
    }

    public sealed class IssueInput
    {
        [Display(Name = "課題")]
        [Required(ErrorMessage = "課題を入力してください。")]
        [StringLength(TextLength.Title)]
        public string? Title { get; set; }

        [Display(Name = "内容")]
        [StringLength(TextLength.Section)]
        public string? Description { get; set; }

        [Display(Name = "分類(にも包括の要素)")]
        public IssueCategory Category { get; set; } = IssueCategory.Coordination;

        [Display(Name = "担当")]
        [StringLength(TextLength.Title)]
        public string? Owner { get; set; }

        [Display(Name = "出た会議")]
        public int? MeetingId { get; set; }

        [Display(Name = "出たヒアリング")]
        public int? HearingId { get; set; }
    }
}
