using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Cases;

/// <summary>
/// One support case: its state and the moves its programme allows (each rule enforced on the entity), the 退院後支援
/// plan and period, grants, conferences and notes. The owner's staff move the case; staff of an organisation the
/// consent covers read it and add notes.
/// </summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<DischargeSupportRules> rules) : PageModel
{
    public SupportCase Case { get; private set; } = null!;
    public bool Owner { get; private set; }
    public DateOnly Today { get; private set; }
    public DischargeSupportRules Rules => rules.Value;
    public IReadOnlyList<Consent> ActiveConsents { get; private set; } = [];

    /// <summary>The newest notes shown on the page; a case followed for years has hundreds.</summary>
    public const int NotesShown = 50;

    [BindProperty(SupportsGet = true, Name = "notes")]
    public string? NotesMode { get; set; }

    public bool AllNotes => NotesMode == "all";
    public int NoteCount { get; private set; }
    public IReadOnlyList<Organizations.Organization> Receivers { get; private set; } = [];

    /// <summary>Recorders of the notes, by name.</summary>
    public StaffNames Names { get; private set; } = StaffNames.None;

    /// <summary>Within this many days of its period or grant running out, a case's next step is its review.</summary>
    public const int ReviewWithinDays = IndexModel.DueWithinDays;

    public int? DaysOverdue => Case.DaysOverdue(Today);

    /// <summary>The period or the grant runs out soon or has run out: extending, renewing or ending is the next step.</summary>
    public bool ReviewDue => Case.DueOn is DateOnly due && due <= Today.AddDays(ReviewWithinDays);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, forChange: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        return Page();
    }

    public Task<IActionResult> OnPostReviewAsync(int id, CancellationToken ct) =>
        ChangeAsync(id, "所内会議にかけた", c => c.SendToReview(), _ => "所内会議にかけました。", ct);

    public Task<IActionResult> OnPostDecideAsync(int id, bool eligible, DateOnly? meetingDate, string? note, CancellationToken ct) =>
        ChangeAsync(id, eligible ? "所内会議で対象と決定" : "所内会議で対象外と決定", c =>
            {
                var on = meetingDate ?? Required("所内会議の日付");
                c.DecideEligibility(eligible, on, note);
                // A case taken on keeps the meeting's reasons too (a declined one keeps them as its closing note): they
                // go into the record as the 所内会議's note rather than being dropped.
                if (eligible && !string.IsNullOrWhiteSpace(note))
                {
                    c.AddNote(on, null, NoteKind.Conference, null, HttpContext.Scope().UserName, "所内会議", note);
                }
            },
            _ => eligible ? "所内会議で支援の対象と決めました。支援を始めてください。" : "所内会議で対象外と決めました。このケースは終了しています。", ct);

    public Task<IActionResult> OnPostConsultationOnlyAsync(int id, string? note, CancellationToken ct) =>
        ChangeAsync(id, "同意が得られず相談支援のみ", c => c.ConsultationOnly(note), _ => "同意が得られなかったため、相談支援のみとして記録しました。", ct);

    public Task<IActionResult> OnPostPlanAsync(int id, int consentId, CancellationToken ct) =>
        ChangeAsync(id, "退院後支援計画を作成", c => c.MakeDischargePlan(Consent(c, consentId), Today), _ => "退院後支援計画を作成しました。計画の内容を入力してください。", ct,
            thenTo: $"/Cases/Plan/{id}");

    public Task<IActionResult> OnPostDischargeAsync(int id, DateOnly? dischargedOn, CancellationToken ct) =>
        ChangeAsync(id, "退院・支援開始", c => c.StartSupport(dischargedOn ?? Required("退院日"), Rules, Today), _ => "退院日を記録しました。支援期間が始まりました。", ct);

    public Task<IActionResult> OnPostExtendAsync(int id, DateOnly? until, string? reason, int consentId, CancellationToken ct) =>
        ChangeAsync(id, "支援期間の延長", c => PlanOf(c).Extend(until ?? Required("延長後の期限"), reason ?? "", Consent(c, consentId), Rules, Today), _ => "支援期間を延長しました。", ct);

    public Task<IActionResult> OnPostMoveAsync(int id, string? municipality, int? consentId, int? receiverId, CancellationToken ct) =>
        ChangeAsync(id, "転居による引継ぎ", c => PlanOf(c).MoveTo(municipality ?? "", consentId is int k ? Consent(c, k) : null, Today, receiverId),
            c => c.DischargePlan!.Handover == HandoverState.Sent
                ? "転居による引継ぎを記録しました。同意に基づき情報を引き継ぎます。"
                : "転居を記録しました。転居先への情報提供の同意がないため、引継ぎは保留しています。", ct);

    public Task<IActionResult> OnPostGrantAsync(int id, DateOnly? decidedOn, int? months, bool groupHome, CancellationToken ct) =>
        ChangeAsync(id, "支給決定", c => c.AddGrant(c.Programme == Programme.CommunityTransition ? GrantKind.Transition : GrantKind.Retention,
            decidedOn ?? Required("支給決定日"), months, groupHome), _ => "支給決定を記録しました。", ct);

    public Task<IActionResult> OnPostEndAsync(int id, EndReason reason, DateOnly? endedOn, string? note, CancellationToken ct) =>
        ChangeAsync(id, "支援の終了", c => c.End(Enum.IsDefined(reason) ? reason : throw new DomainRuleException("終了理由を選んでください。"), endedOn ?? Required("終了日"), note),
            _ => "支援を終了しました。", ct);

    public async Task<IActionResult> OnPostNoteAsync(int id, DateOnly? date, TimeOnly? time, NoteKind kind, int? minutes, string? topic, string? content, CancellationToken ct)
    {
        // Adding a note reads only the case row: the page's notes, conferences and consents are not needed to append one,
        // and loading them made each note slower than the last (bench/run.sh posts to one case).
        Today = JapanTime.Today(clock);
        var found = await db.SupportCases.VisibleTo(db, HttpContext.Scope(), Today).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (found is null)
        {
            return NotFound();
        }

        Case = found;
        return await this.CommitAsync(db, () =>
            {
                var day = date ?? Required("日付");
                if (new DateTimeOffset(day.ToDateTime(time ?? TimeOnly.MinValue), JapanTime.Offset) > clock.GetUtcNow().AddMinutes(5))
                {
                    throw new DomainRuleException("支援記録に未来の日時は入力できません。");
                }

                // Without a time the note keeps its day only: it shows no 00:00.
                Case.AddNote(day, time, Enum.IsDefined(kind) ? kind : NoteKind.Other, minutes, HttpContext.Scope().UserName, topic, content ?? "");
            },
            () => audit.Add(AuditActions.Create, "CaseNote", null, detail: $"ケース#{id}"), () => "支援記録を追加しました。", $"/Cases/Details/{id}#notes", ct);
    }

    /// <summary>
    /// One move of the case: load, act on the entity, audit, save. <paramref name="message"/> is the whole sentence the
    /// person reads afterwards, written out for each move (never assembled from <paramref name="what"/>).
    /// </summary>
    private async Task<IActionResult> ChangeAsync(int id, string what, Action<SupportCase> change, Func<SupportCase, string> message, CancellationToken ct, string? thenTo = null)
    {
        var refusal = await LoadAsync(id, forChange: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        return await this.CommitAsync(db, () => change(Case),
            () => audit.Add(AuditActions.Update, "SupportCase", id, detail: $"{what}({Case.ProgrammeLabel}、状態: {Case.StateLabel})"),
            () => message(Case), $"/Cases/Details/{id}", ct, thenTo);
    }

    private static DateOnly Required(string label) => throw new DomainRuleException($"{label}を入力してください。");

    private Consent Consent(SupportCase c, int consentId) =>
        ActiveConsents.FirstOrDefault(k => k.Id == consentId) ?? throw new DomainRuleException("有効な同意を選んでください。同意がない場合は、先に対象者の画面で同意を記録してください。");

    private static DischargePlan PlanOf(SupportCase c) => c.DischargePlan ?? throw new DomainRuleException("退院後支援計画がありません。");

    private async Task<IActionResult?> LoadAsync(int id, bool forChange, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Today = JapanTime.Today(clock);
        // The visibility rule runs once, on the case row with its references; the collections are then read by key into the
        // same context. As split includes each statement repeated the rule, and the newest-notes filter numbered every
        // note of the installation (1.6 s a page in bench/run.sh).
        var found = await db.SupportCases.VisibleTo(db, scope, Today)
            .Include(c => c.Client).Include(c => c.OwnerOrganization).Include(c => c.DischargePlan).ThenInclude(p => p!.Consent)
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (found is null)
        {
            return NotFound();
        }

        if (found.DischargePlan is { } plan)
        {
            await db.Entry(plan).Collection(p => p.Services).LoadAsync(ct);
        }

        await db.CaseNotes.Where(n => n.CaseId == id).OrderByDescending(n => n.OccurredAt).ThenByDescending(n => n.Id)
            .Take(AllNotes ? int.MaxValue : NotesShown).LoadAsync(ct);
        await db.CaseConferences.Include(k => k.Attendees).Where(k => k.CaseId == id).LoadAsync(ct);
        await db.Grants.Where(g => g.CaseId == id).LoadAsync(ct);
        Case = found;
        NoteCount = found.Notes.Count < NotesShown ? found.Notes.Count : await db.CaseNotes.CountAsync(n => n.CaseId == id, ct);
        Owner = scope.Owns(found);
        if (forChange && !Owner)
        {
            return Forbid();
        }

        await HttpContext.AuditReadAsync(audit, found.ClientId, $"支援ケース#{id}", ct);
        if (!forChange)
        {
            Names = await StaffNames.LoadAsync(db, found.Notes.Select(n => n.Staff), ct);
        }

        ActiveConsents = [.. (await db.Consents.AsNoTracking().Include(k => k.Organizations).Where(k => k.ClientId == found.ClientId).ToListAsync(ct)).Where(k => k.IsActiveOn(Today))];
        if (Owner && found.Programme == Programme.DischargeSupport)
        {
            Receivers = await db.Organizations.AsNoTracking().Include(o => o.Region)
                .Where(o => o.Kind == Organizations.OrganizationKind.HealthCenter && o.Id != scope.OrganizationId).OrderBy(o => o.Region.Path).ToListAsync(ct);
        }

        return null;
    }
}
