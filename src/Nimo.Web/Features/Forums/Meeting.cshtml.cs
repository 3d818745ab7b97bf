using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Forums;

/// <summary>
/// One meeting: what a reader may see of it, and for the secretariat the forms that record it (attendance, minutes,
/// decisions, action items, documents).
/// </summary>
[RequestSizeLimit(DocumentType.MaxBytes + 256 * 1024)]
public sealed class MeetingModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public Meeting Meeting { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool CanReadMinutes { get; private set; }
    public IReadOnlyList<MeetingDocumentInfo> Documents { get; private set; } = [];
    public IReadOnlyList<RegionalIssue> Issues { get; private set; } = [];
    public IReadOnlyList<Hearing> Hearings { get; private set; } = [];

    public sealed record MeetingDocumentInfo(int Id, string FileName, long Size, DateTimeOffset UploadedAt, string UploadedBy);

    [BindProperty]
    public RecordInput Record { get; set; } = new();

    [BindProperty]
    public ActionInput NewAction { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: false, ct))
        {
            return NotFound();
        }

        Record = RecordInput.From(Meeting);
        if (Meeting.MinutesMembersOnly && CanReadMinutes && Meeting.Minutes is not null)
        {
            // 構成員限り minutes are a record worth knowing who read.
            await audit.WriteAsync(AuditActions.Read, "MeetingMinutes", Meeting.Id, ct: ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRecordAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        ModelState.KeepOnly(nameof(Record));
        if (!TryValidateModel(Record, nameof(Record)))
        {
            return Page();
        }

        var present = Meeting.Forum.Members.Where(m => Record.Present.Contains(m.Id)).ToList();
        var guests = new List<(string, Sector)>();
        foreach (var line in (Record.Guests ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            // 「氏名,分野」; the sector may be left out (その他).
            var parts = line.Split([',', '、', '，'], 2);
            var sector = parts.Length > 1 ? ForumLabels.Sectors.FirstOrDefault(s => s.Value == parts[1].Trim()).Key : Sector.Other;
            if (parts.Length > 1 && !ForumLabels.Sectors.Values.Contains(parts[1].Trim()))
            {
                ModelState.AddModelError("Record.Guests", $"「{parts[1].Trim()}」は分野として読めません({string.Join("・", ForumLabels.Sectors.Values)})。");
                return Page();
            }

            guests.Add((parts[0].Trim(), sector));
        }

        db.Entry(Meeting).Property(m => m.Version).OriginalValue = Record.Version;
        Meeting.Record(Record.Agenda, Record.Minutes, Record.MembersOnly, Record.Decisions);
        Meeting.SetAttendance(present, guests);
        if (Record.MarkHeld && Meeting.Status == MeetingStatus.Planned)
        {
            Meeting.Schedule(Meeting.Title, Meeting.StartsAt, Meeting.EndsAt, Meeting.Format, Meeting.Place, MeetingStatus.Held);
        }

        audit.Add(AuditActions.Update, "Meeting", Meeting.Id, detail: $"議事録・出席を記録({present.Count + guests.Count}名)");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "記録している間に他の利用者がこの会議を更新しました。あなたの入力は残っています。別の画面で最新の内容を確かめてから保存し直してください。");
            return Page();
        }

        TempData["Message"] = "会議の記録を保存しました。";
        return Redirect($"/Forums/Meeting/{id}");
    }

    public async Task<IActionResult> OnPostAddActionAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        ModelState.KeepOnly(nameof(NewAction));
        if (!TryValidateModel(NewAction, nameof(NewAction)))
        {
            Record = RecordInput.From(Meeting);
            return Page();
        }

        try
        {
            Meeting.AddAction(NewAction.Text!, NewAction.Owner, NewAction.Due);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError("NewAction.Text", e.Message);
            Record = RecordInput.From(Meeting);
            return Page();
        }

        audit.Add(AuditActions.Update, "Meeting", Meeting.Id, detail: "対応事項を追加");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "対応事項を追加しました。";
        return Redirect($"/Forums/Meeting/{id}#actions");
    }

    public async Task<IActionResult> OnPostActionStatusAsync(int id, int actionId, ActionStatus status, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        var action = Meeting.Actions.FirstOrDefault(a => a.Id == actionId);
        if (action is null)
        {
            return NotFound();
        }

        action.SetStatus(status);
        audit.Add(AuditActions.Update, "Meeting", Meeting.Id, detail: $"対応事項 {actionId} → {status}");
        await db.SaveChangesAsync(ct);
        return Redirect($"/Forums/Meeting/{id}#actions");
    }

    public async Task<IActionResult> OnPostUploadAsync(int id, IFormFile? file, CancellationToken ct)
    {
        if (!await LoadAsync(id, tracked: false, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        Record = RecordInput.From(Meeting);
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", "ファイルを選んでください。");
            return Page();
        }

        if (file.Length > DocumentType.MaxBytes)
        {
            ModelState.AddModelError("file", $"ファイルが大きすぎます({DocumentType.MaxBytes / 1024 / 1024}MBまで)。");
            return Page();
        }

        var bytes = await file.ReadAllAsync();
        var name = DocumentType.SafeName(file.FileName);
        var (type, error) = DocumentType.Detect(name, bytes);
        if (type is null)
        {
            ModelState.AddModelError("file", error!);
            await audit.WriteAsync(AuditActions.Create, "MeetingDocument", outcome: AuditOutcome.Failure, detail: $"{name}: {error}", ct: ct);
            return Page();
        }

        db.MeetingDocuments.Add(MeetingDocument.Create(id, name, type, bytes, clock.GetUtcNow(), HttpContext.Scope().UserName));
        audit.Add(AuditActions.Create, "MeetingDocument", detail: $"{name} ({bytes.Length:N0} bytes) to meeting {id}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"「{name}」を添付しました。";
        return Redirect($"/Forums/Meeting/{id}#documents");
    }

    private async Task<bool> LoadAsync(int id, bool tracked, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var visible = db.Forums.VisibleTo(scope).Select(f => f.Id);
        var query = db.Meetings.Include(m => m.Forum).ThenInclude(f => f.Members).ThenInclude(m => m.Organization)
            .Include(m => m.Forum).ThenInclude(f => f.Region).Include(m => m.Attendance).Include(m => m.Actions)
            .Where(m => visible.Contains(m.ForumId));
        var meeting = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return false;
        }

        Meeting = meeting;
        CanManage = scope.CanManage(meeting.Forum);
        CanReadMinutes = scope.CanReadMinutes(meeting);
        Documents = CanReadMinutes
            ? await db.MeetingDocuments.AsNoTracking().Where(d => d.MeetingId == id).OrderBy(d => d.UploadedAt)
                .Select(d => new MeetingDocumentInfo(d.Id, d.FileName, d.Size, d.UploadedAt, d.UploadedBy)).ToListAsync(ct)
            : [];
        Issues = await db.RegionalIssues.AsNoTracking().Include(i => i.Escalations).Where(i => i.MeetingId == id).ToListAsync(ct);
        Hearings = await db.Hearings.AsNoTracking().Where(h => h.MeetingId == id).OrderBy(h => h.HeardOn).ToListAsync(ct);
        return true;
    }

    public sealed class RecordInput
    {
        public Guid Version { get; set; }

        [Display(Name = "議題(1行に1つ)")]
        [StringLength(4000)]
        public string? Agenda { get; set; }

        [Display(Name = "議事録")]
        [StringLength(50_000)]
        public string? Minutes { get; set; }

        [Display(Name = "議事録・決定事項・資料を「構成員限り」にする")]
        public bool MembersOnly { get; set; }

        [Display(Name = "決定事項(1行に1つ)")]
        [StringLength(4000)]
        public string? Decisions { get; set; }

        public List<int> Present { get; set; } = [];

        [Display(Name = "構成員以外の出席者(1行に「氏名または所属,分野」)")]
        [StringLength(4000)]
        public string? Guests { get; set; }

        [Display(Name = "開催済にする")]
        public bool MarkHeld { get; set; } = true;

        public static RecordInput From(Meeting m) => new()
        {
            Version = m.Version, Agenda = m.Agenda, Minutes = m.Minutes, MembersOnly = m.MinutesMembersOnly, Decisions = m.Decisions,
            Present = [.. m.Attendance.Where(a => a.MemberId is not null).Select(a => a.MemberId!.Value)],
            Guests = string.Join("\n", m.Attendance.Where(a => a.MemberId is null).Select(a => $"{a.Name},{ForumLabels.Sectors[a.Sector]}")),
            MarkHeld = m.Status != MeetingStatus.Cancelled,
        };
    }

    public sealed class ActionInput
    {
        [Display(Name = "対応事項")]
        [Required(ErrorMessage = "対応事項を入力してください。")]
        [StringLength(500)]
        public string? Text { get; set; }

        [Display(Name = "担当")]
        [StringLength(200)]
        public string? Owner { get; set; }

        [Display(Name = "期限")]
        public DateOnly? Due { get; set; }
    }
}
