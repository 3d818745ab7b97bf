using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Forums;

/// <summary>
/// One meeting: what a reader may see of it, and for the secretariat the forms that record it (attendance with guests
/// as rows, minutes, decisions, action items, documents). Each POST loads only what it changes; the whole page is
/// read again only to show it.
/// </summary>
[RequestSizeLimit(DocumentType.MaxBytes + 256 * 1024)]
public sealed class MeetingModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>Guest rows one form may hold; more is not a meeting but a mistake or an attack.</summary>
    public const int MaxGuests = 100;

    public Meeting Meeting { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public bool CanReadMinutes { get; private set; }
    /// <summary>Records the meeting: the secretariat, or an administrator where the record is not members-only (or it is a member).</summary>
    public bool CanRecord => CanManage && CanReadMinutes;
    public DateTimeOffset Now => clock.GetUtcNow();
    public IReadOnlyList<MeetingDocumentInfo> Documents { get; private set; } = [];
    public IReadOnlyList<RegionalIssue> Issues { get; private set; } = [];
    public IReadOnlyList<Hearing> Hearings { get; private set; } = [];
    /// <summary>Organisations a guest may come from: those of the forum's region and the regions above it.</summary>
    public IReadOnlyList<Organization> OrganizationChoices { get; private set; } = [];

    public sealed record MeetingDocumentInfo(int Id, string FileName, long Size, DateTimeOffset UploadedAt, string UploadedBy);

    [BindProperty]
    public RecordInput Record { get; set; } = new();

    [BindProperty]
    public ActionInput NewAction { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        if (Meeting.MinutesMembersOnly && CanReadMinutes && Meeting.Minutes is not null)
        {
            // 構成員限り minutes are a record worth knowing who read.
            await audit.WriteAsync(AuditActions.Read, "MeetingMinutes", Meeting.Id, ct: ct);
        }

        return await ShowAsync(ct, freshForm: true);
    }

    public async Task<IActionResult> OnPostRecordAsync(int id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct, tracked: true, attendance: true))
        {
            return NotFound();
        }

        if (!CanRecord)
        {
            return Forbid();
        }

        ModelState.KeepOnly(nameof(Record));
        OrganizationChoices = await OrganizationChoicesAsync(Meeting.Forum, ct);
        var guests = await GuestsAsync(ct);
        if (!TryValidateModel(Record, nameof(Record)) || !ModelState.IsValid)
        {
            return await ShowAsync(ct);
        }

        var present = Meeting.Forum.Members.Where(m => Record.Present.Contains(m.Id)).ToList();
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
            return await ShowAsync(ct);
        }

        TempData[PageWrites.MessageKey] = "会議の記録を保存しました。";
        return Redirect($"/Forums/Meeting/{id}");
    }

    /// <summary>「出席者の行を追加」: the same form again, every value kept, with one more empty guest row. Nothing is saved.</summary>
    public async Task<IActionResult> OnPostAddGuestAsync(int id, CancellationToken ct) => await RedrawAsync(id, () =>
    {
        if (Record.Guests.Count < MaxGuests)
        {
            Record.Guests.Add(new GuestRow());
        }
    }, ct);

    /// <summary>「この行を削除」 on guest row <paramref name="removeGuest"/> (0-based): the form again without that row. Nothing is saved.</summary>
    public async Task<IActionResult> OnPostRemoveGuestAsync(int id, int? removeGuest, CancellationToken ct) => await RedrawAsync(id, () =>
    {
        if (removeGuest is int i && i >= 0 && i < Record.Guests.Count)
        {
            Record.Guests.RemoveAt(i);
        }
    }, ct);

    public async Task<IActionResult> OnPostAddActionAsync(int id, CancellationToken ct)
    {
        if (!await FindAsync(id, ct, tracked: true, actions: true))
        {
            return NotFound();
        }

        if (!CanRecord)
        {
            return Forbid();
        }

        ModelState.KeepOnly(nameof(NewAction));
        if (TryValidateModel(NewAction, nameof(NewAction)))
        {
            try
            {
                Meeting.AddAction(NewAction.Text!, NewAction.Owner, NewAction.Due);
                audit.Add(AuditActions.Update, "Meeting", Meeting.Id, detail: "対応事項を追加");
                await db.SaveChangesAsync(ct);
                TempData[PageWrites.MessageKey] = "対応事項を追加しました。";
                return Redirect($"/Forums/Meeting/{id}#actions");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError("NewAction.Text", e.Message);
            }
        }

        return await ShowAsync(ct, freshForm: true);
    }

    public async Task<IActionResult> OnPostActionStatusAsync(int id, int actionId, ActionStatus status, CancellationToken ct)
    {
        if (!await FindAsync(id, ct, tracked: true, actions: true))
        {
            return NotFound();
        }

        if (!CanRecord)
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
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanRecord)
        {
            return Forbid();
        }

        string? error = null;
        if (file is null || file.Length == 0)
        {
            error = "ファイルを選んでください。";
        }
        else if (file.Length > DocumentType.MaxBytes)
        {
            error = $"ファイルが大きすぎます({DocumentType.MaxBytes / 1024 / 1024}MBまで)。";
        }
        else
        {
            var bytes = await file.ReadAllAsync();
            var name = DocumentType.SafeName(file.FileName);
            var (type, refusal) = DocumentType.Detect(name, bytes);
            if (type is not null)
            {
                db.MeetingDocuments.Add(MeetingDocument.Create(id, name, type, bytes, clock.GetUtcNow(), HttpContext.Scope().UserName));
                audit.Add(AuditActions.Create, "MeetingDocument", detail: $"{name} ({bytes.Length:N0} bytes) to meeting {id}");
                await db.SaveChangesAsync(ct);
                TempData[PageWrites.MessageKey] = $"「{name}」を添付しました。";
                return Redirect($"/Forums/Meeting/{id}#documents");
            }

            error = refusal!;
            await audit.WriteAsync(AuditActions.Create, "MeetingDocument", outcome: AuditOutcome.Failure, detail: $"{name}: {error}", ct: ct);
        }

        ModelState.AddModelError("file", error);
        return await ShowAsync(ct, freshForm: true);
    }

    /// <summary>The add/remove row buttons: they post the whole record form, which comes back as typed, changed by <paramref name="change"/>.</summary>
    private async Task<IActionResult> RedrawAsync(int id, Action change, CancellationToken ct)
    {
        if (!await FindAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanRecord)
        {
            return Forbid();
        }

        change();
        // The fields are drawn from the model, not from what was posted: after a row is removed the indices have moved.
        ModelState.Clear();
        return await ShowAsync(ct);
    }

    /// <summary>The guest rows as checked guests; a row's problem goes to that row's field. Blank rows are left out.</summary>
    private async Task<List<MeetingGuest>> GuestsAsync(CancellationToken ct)
    {
        var guests = new List<MeetingGuest>();
        if (Record.Guests.Count > MaxGuests)
        {
            ModelState.AddModelError("Record.Guests", $"構成員以外の出席者は{MaxGuests}人まで記録できます。");
            return guests;
        }

        for (var i = 0; i < Record.Guests.Count; i++)
        {
            var row = Record.Guests[i];
            if (row.IsBlank)
            {
                continue;
            }

            if (row.OrganizationId is int o && OrganizationChoices.All(x => x.Id != o))
            {
                ModelState.AddModelError($"Record.Guests[{i}].OrganizationId", $"出席者{i + 1}: 所属の機関を一覧から選び直してください。");
                continue;
            }

            try
            {
                // The tracked instance (FindAsync): a member of the forum may already hold the same organisation.
                var organization = row.OrganizationId is int id ? await db.Organizations.FindAsync([id], ct) : null;
                guests.Add(MeetingGuest.Create(row.Name, organization, row.Affiliation, row.Sector));
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError($"Record.Guests[{i}].Name", $"出席者{i + 1}: {e.Message}");
            }
        }

        return guests;
    }

    /// <summary>The meeting with its forum and members (who runs it, who may read it), and only the collections the handler uses.</summary>
    private async Task<bool> FindAsync(int id, CancellationToken ct, bool tracked = false, bool attendance = false, bool actions = false)
    {
        var scope = HttpContext.Scope();
        var visible = db.Forums.VisibleTo(scope).Select(f => f.Id);
        IQueryable<Meeting> query = db.Meetings.Include(m => m.Forum).ThenInclude(f => f.Members).ThenInclude(m => m.Organization)
            .Include(m => m.Forum).ThenInclude(f => f.Region).Where(m => visible.Contains(m.ForumId));
        if (attendance)
        {
            query = query.Include(m => m.Attendance);
        }

        if (actions)
        {
            query = query.Include(m => m.Actions);
        }

        var meeting = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (meeting is null)
        {
            return false;
        }

        Meeting = meeting;
        CanManage = scope.CanManage(meeting.Forum);
        CanReadMinutes = scope.CanReadMinutes(meeting);
        return true;
    }

    /// <summary>
    /// The whole page: the meeting as stored now, and what this user may read of it. <paramref name="freshForm"/> fills
    /// the record form from the stored meeting; otherwise it shows what the user posted.
    /// </summary>
    private async Task<PageResult> ShowAsync(CancellationToken ct, bool freshForm = false)
    {
        var id = Meeting.Id;
        Meeting = await db.Meetings.AsNoTracking().AsSplitQuery()
            .Include(m => m.Forum).ThenInclude(f => f.Members).ThenInclude(m => m.Organization).Include(m => m.Forum).ThenInclude(f => f.Region)
            .Include(m => m.Attendance).ThenInclude(a => a.Organization).Include(m => m.Actions)
            .SingleAsync(m => m.Id == id, ct);
        if (freshForm)
        {
            Record = RecordInput.From(Meeting);
        }

        if (CanReadMinutes)
        {
            Documents = await db.MeetingDocuments.AsNoTracking().Where(d => d.MeetingId == id).OrderBy(d => d.UploadedAt)
                .Select(d => new MeetingDocumentInfo(d.Id, d.FileName, d.Size, d.UploadedAt, d.UploadedBy)).ToListAsync(ct);
            Hearings = await db.Hearings.AsNoTracking().Where(h => h.MeetingId == id).OrderBy(h => h.HeardOn).ToListAsync(ct);
        }

        Issues = await db.RegionalIssues.AsNoTracking().Include(i => i.Escalations).Where(i => i.MeetingId == id).ToListAsync(ct);
        if (CanRecord && OrganizationChoices.Count == 0)
        {
            OrganizationChoices = await OrganizationChoicesAsync(Meeting.Forum, ct);
        }

        if (CanRecord && Record.Guests.Count == 0)
        {
            Record.Guests.Add(new GuestRow());
        }

        return Page();
    }

    private async Task<IReadOnlyList<Organization>> OrganizationChoicesAsync(Forum forum, CancellationToken ct)
    {
        var regionPath = forum.Region.Path;
        var ancestors = UserScope.AncestorsOf(regionPath);
        return await db.Organizations.AsNoTracking().Include(o => o.Region)
            .Where(o => o.Region.Path.StartsWith(regionPath) || ancestors.Contains(o.Region.Path))
            .OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
    }

    public sealed class RecordInput
    {
        public Guid Version { get; set; }

        [Display(Name = "議題(1行に1つ)")]
        [StringLength(TextLength.Section)]
        public string? Agenda { get; set; }

        [Display(Name = "議事録")]
        [StringLength(TextLength.Minutes)]
        public string? Minutes { get; set; }

        [Display(Name = Meeting.MembersOnlyParts + "を「構成員限り」にする")]
        public bool MembersOnly { get; set; }

        [Display(Name = "決定事項(1行に1つ)")]
        [StringLength(TextLength.Section)]
        public string? Decisions { get; set; }

        public List<int> Present { get; set; } = [];

        /// <summary>構成員以外の出席者, one row each.</summary>
        public List<GuestRow> Guests { get; set; } = [];

        [Display(Name = "開催済にする")]
        public bool MarkHeld { get; set; } = true;

        public static RecordInput From(Meeting m) => new()
        {
            Version = m.Version, Agenda = m.Agenda, Minutes = m.Minutes, MembersOnly = m.MinutesMembersOnly, Decisions = m.Decisions,
            Present = [.. m.Attendance.Where(a => a.MemberId is not null).Select(a => a.MemberId!.Value)],
            Guests = [.. m.Attendance.Where(a => a.IsGuest).Select(a => new GuestRow { Name = a.Name.Length == 0 ? null : a.Name, OrganizationId = a.OrganizationId, Affiliation = a.Affiliation, Sector = a.Sector })],
            MarkHeld = m.Status != MeetingStatus.Cancelled,
        };
    }

    /// <summary>One guest row of the form: a name, a registered organisation or an unregistered body, and a sector.</summary>
    public sealed class GuestRow
    {
        [Display(Name = "氏名")]
        [StringLength(MeetingGuest.MaxLength)]
        public string? Name { get; set; }

        [Display(Name = "所属(登録済みの機関)")]
        public int? OrganizationId { get; set; }

        [Display(Name = "所属(登録のない団体)")]
        [StringLength(MeetingGuest.MaxLength)]
        public string? Affiliation { get; set; }

        [Display(Name = "分野")]
        public Sector Sector { get; set; } = Sector.Other;

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && OrganizationId is null && string.IsNullOrWhiteSpace(Affiliation);
    }

    public sealed class ActionInput
    {
        [Display(Name = "対応事項")]
        [Required(ErrorMessage = "対応事項を入力してください。")]
        [StringLength(500)]
        public string? Text { get; set; }

        [Display(Name = "担当")]
        [StringLength(TextLength.Title)]
        public string? Owner { get; set; }

        [Display(Name = "期限")]
        public DateOnly? Due { get; set; }
    }
}
