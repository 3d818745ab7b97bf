using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events;

/// <summary>
/// The reception list (受付名簿): printed on A4 for the desk, or used on the day to check people in, add walk-ins, take a
/// registration by phone or fax, cancel one, and mark supporter-course completions. Only those who run the event see it;
/// every view and download is audited with the registrations it showed.
/// </summary>
public sealed class RosterModel(NimoDbContext db, AuditLog audit, RegistrationDesk desk, TimeProvider clock) : PageModel
{
    public Event Event { get; private set; } = null!;
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    /// <summary>Why no registration can be taken now (ended or cancelled), or null: the roster then offers no 申込 button.</summary>
    public string? RegisterRefusal { get; private set; }

    /// <summary>A cancelled event has no one in the room: no 当日参加 either. An ended one may still record who came.</summary>
    public bool WalkInRefused => Event.Status == EventStatus.Cancelled;

    [BindProperty]
    public PersonForm Person { get; set; } = new();

    public sealed record Line(EventRegistration Registration, int? WaitingNumber);

    public sealed class PersonForm
    {
        [Display(Name = "氏名")]
        [StringLength(100, ErrorMessage = "氏名は100文字以内で入力してください。")]
        public string? Name { get; set; }

        [Display(Name = "連絡先(電話番号またはメールアドレス)")]
        [StringLength(200, ErrorMessage = "連絡先は200文字以内で入力してください。")]
        public string? Contact { get; set; }

        [Display(Name = "所属")]
        [StringLength(200, ErrorMessage = "所属は200文字以内で入力してください。")]
        public string? Affiliation { get; set; }

        [Display(Name = "区分")]
        public Audience? Category { get; set; }

        [Display(Name = "配慮が必要なこと")]
        [StringLength(500, ErrorMessage = "配慮が必要なことは500文字以内で入力してください。")]
        public string? Accommodation { get; set; }

        public RegistrationDetails Details => new(Name, Contact, Affiliation, Category, Accommodation);
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        await AuditShownAsync("受付名簿を表示", ct);
        return Page();
    }

    /// <summary>The list as .xlsx for the desk's own sheet; a download of personal data, audited with its rows.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        var rows = Lines.Select((l, i) => (IReadOnlyList<XlsxFile.Cell>)
        [
            new(null, i + 1), l.Registration.Name ?? "(氏名なし)", l.Registration.Affiliation, Category(l.Registration), l.Registration.Contact,
            l.Registration.Accommodation, Status(l), SourceLabel(l.Registration.Source),
            l.Registration.CheckedInAt is DateTimeOffset t ? JapaneseDate.Format(t) : null, Event.Kind == EventKind.SupporterCourse ? (l.Registration.Completed ? "修了" : "") : null,
        ]);
        var bytes = XlsxFile.Write("受付名簿", ["No.", "氏名", "所属", "区分", "連絡先", "配慮が必要なこと", "状態", "申込方法", "受付", "修了"], rows);
        await audit.WriteAsync(AuditActions.Download, "EventRegistration", Event.Id, detail: Shown("受付名簿をExcelで出力"), ct: ct);
        return File(bytes, XlsxFile.ContentType, $"名簿-{Event.Id}.xlsx");
    }

    public Task<IActionResult> OnPostRegisterAsync(int id, CancellationToken ct) => AddAsync(id, RegistrationSource.Staff, ct);

    public Task<IActionResult> OnPostWalkInAsync(int id, CancellationToken ct) => AddAsync(id, RegistrationSource.WalkIn, ct);

    public Task<IActionResult> OnPostCheckInAsync(int id, int registrationId, CancellationToken ct) =>
        ChangeAsync(id, registrationId, "受付しました。", (b, r) => b.Book.CheckIn(b.Event, r, b.Now), ct);

    public Task<IActionResult> OnPostUndoCheckInAsync(int id, int registrationId, CancellationToken ct) =>
        ChangeAsync(id, registrationId, "受付を取り消しました。", (b, r) => b.Book.UndoCheckIn(r, b.Now), ct);

    public Task<IActionResult> OnPostCompletedAsync(int id, int registrationId, bool completed, CancellationToken ct) =>
        ChangeAsync(id, registrationId, completed ? "修了にしました。" : "修了を取り消しました。", (b, r) => b.Book.SetCompleted(b.Event, r, completed, b.Now), ct);

    public async Task<IActionResult> OnPostCancelAsync(int id, int registrationId, CancellationToken ct)
    {
        IReadOnlyList<EventRegistration> promoted = [];
        var result = await ChangeAsync(id, registrationId, "申込みを取り消しました。", (b, r) => promoted = b.Book.Cancel(b.Event, r, b.Active, byStaff: true, b.Now), ct);
        if (promoted.Count > 0 && TempData["Message"] is string m)
        {
            TempData["Message"] = m + $"キャンセル待ちの{promoted.Count}人({string.Join("、", promoted.Select(p => p.Name ?? "氏名なし"))})の参加が確定しました。本人に連絡してください。";
        }

        return result;
    }

    /// <summary>Every attendee who was checked in completes the course (the usual case at a supporter course's end).</summary>
    public async Task<IActionResult> OnPostCompleteAllAsync(int id, CancellationToken ct)
    {
        var (e, refusal) = await this.EventForAsync(db, id, manage: true, ct);
        if (e is null)
        {
            return refusal!;
        }

        try
        {
            var count = await desk.ChangeAsync(id, false, b =>
            {
                var attended = b.Active.Where(r => r.CheckedInAt is not null && !r.Completed).ToList();
                attended.ForEach(r => b.Book.SetCompleted(b.Event, r, true, b.Now));
                audit.Add(AuditActions.Update, "EventRegistration", id, detail: $"{b.Event.Title}: 受付済み{attended.Count}人を修了に");
                return new StrongBox<int>(attended.Count);
            }, ct);
            TempData["Message"] = $"受付済みの{count!.Value}人を修了にしました。";
        }
        catch (DomainRuleException x)
        {
            TempData["Error"] = x.Message;
        }

        return Redirect($"/Events/Roster/{id}");
    }

    private async Task<IActionResult> AddAsync(int id, RegistrationSource source, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        if (!ModelState.IsValid)
        {
            await AuditShownAsync("受付名簿を表示", ct);
            return Page();
        }

        try
        {
            var result = source == RegistrationSource.WalkIn
                ? await desk.ChangeAsync(id, false, b =>
                {
                    var r = b.Book.AddWalkIn(b.Event, Person.Details, b.Now);
                    b.Db.EventRegistrations.Add(r);
                    audit.Add(AuditActions.Create, "EventRegistration", id, detail: $"{b.Event.Title}: 当日参加を記録");
                    return r;
                }, ct)
                : (await desk.RegisterAsync(id, Person.Details, source, (b, r) =>
                    audit.Add(AuditActions.Create, "EventRegistration", id, detail: $"{b.Event.Title}: 電話・FAX等の申込みを受付"), ct))?.Registration;
            TempData["Message"] = source == RegistrationSource.WalkIn ? "当日参加を記録しました。"
                : result?.Status == RegistrationStatus.Waitlisted ? "定員に達しているため、キャンセル待ちとして受け付けました。" : "申込みを受け付けました。";
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
            await LoadAsync(id, ct);
            await AuditShownAsync("受付名簿を表示", ct);
            return Page();
        }

        return Redirect($"/Events/Roster/{id}");
    }

    private async Task<IActionResult> ChangeAsync(int id, int registrationId, string done, Action<Booking, EventRegistration> change, CancellationToken ct)
    {
        var (e, refusal) = await this.EventForAsync(db, id, manage: true, ct);
        if (e is null)
        {
            return refusal!;
        }

        try
        {
            var found = await desk.ChangeAsync(id, false, b =>
            {
                var r = b.Active.FirstOrDefault(x => x.Id == registrationId);
                if (r is not null)
                {
                    change(b, r);
                    audit.Add(AuditActions.Update, "EventRegistration", registrationId, detail: $"{b.Event.Title}: {done}");
                }

                return new StrongBox<EventRegistration?>(r);
            }, ct);
            if (found?.Value is null)
            {
                return NotFound();
            }

            TempData["Message"] = done;
        }
        catch (DomainRuleException x)
        {
            TempData["Error"] = x.Message;
        }

        return Redirect($"/Events/Roster/{id}#r{registrationId}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (e, refusal) = await this.EventForAsync(db, id, manage: true, ct);
        if (e is null)
        {
            return refusal;
        }

        Event = e;
        // The same rule the desk applies on a post (kept there): a form that would always be refused is not offered.
        RegisterRefusal = e.RegistrationRefusal(clock.GetUtcNow(), byStaff: true);
        var all = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == id).OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).ToListAsync(ct);
        var waiting = all.Where(r => r.Status == RegistrationStatus.Waitlisted).Select((r, i) => (r.Id, Number: i + 1)).ToDictionary(x => x.Id, x => x.Number);
        // Confirmed first in the order they came, then the waitlist in its order, then cancellations.
        Lines = [.. all.OrderBy(r => r.Status switch { RegistrationStatus.Confirmed => 0, RegistrationStatus.Waitlisted => 1, _ => 2 })
            .Select(r => new Line(r, waiting.TryGetValue(r.Id, out var n) ? n : null))];
        return null;
    }

    private Task AuditShownAsync(string what, CancellationToken ct) => audit.StoreReadAsync("EventRegistration", Event.Id, Shown(what), ct);

    private string Shown(string what) => $"{Event.Title}: {what}({Lines.Count}件: {string.Join(",", Lines.Select(l => l.Registration.Id))})";

    public string Category(EventRegistration r) => r.Category is Audience a ? EventLabels.AudienceNames[a] : "";

    public static string Status(Line l) => l.Registration.Status switch
    {
        RegistrationStatus.Confirmed => l.Registration.PromotedAt is null ? "参加確定" : "参加確定(繰り上がり)",
        RegistrationStatus.Waitlisted => $"キャンセル待ち {l.WaitingNumber}番",
        RegistrationStatus.Cancelled => l.Registration.CancelledByStaff ? "取消し(事務局)" : "取消し(本人)",
    };

    public static string SourceLabel(RegistrationSource source) => source switch
    {
        RegistrationSource.Online => "公開ページ",
        RegistrationSource.Staff => "電話・FAX等",
        RegistrationSource.WalkIn => "当日参加",
    };

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; } = value;
    }
}
