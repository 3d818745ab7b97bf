using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Clients;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Cases;

/// <summary>
/// 支援関係者会議 / ケース会議 with its attendees, one row each: name, organisation (picked from the registered ones, or
/// typed when it is not registered) and kind. Rows are added and removed by submit buttons that draw the form again
/// with every value kept, so no JavaScript is needed. The police rule of the guideline is enforced on the entity.
/// </summary>
public sealed class ConferenceModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>More rows than any meeting has; a bound list longer than this is refused rather than drawn.</summary>
    public const int MaxAttendees = 40;

    [BindProperty]
    public ConferenceInput Input { get; set; } = new();

    public SupportCase Case { get; private set; } = null!;
    public IReadOnlyList<Organization> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var scope = HttpContext.Scope();
        Input.HeldOn = JapanTime.Today(clock);
        Input.Purpose = Case.Programme == Programme.DischargeSupport ? "支援関係者会議(退院後支援計画の協議)" : "ケース会議(困難事例の共有)";
        // The person takes part in principle (ガイドライン), and the writer's own office is there: both start filled in.
        Input.Attendees =
        [
            new() { Name = Case.Client.Name, Kind = AttendeeKind.Person },
            new() { Name = await StaffNames.OfUserAsync(db, scope.UserId, "", ct), OrganizationId = scope.OrganizationId, Kind = AttendeeKind.HealthCenter },
            new(),
        ];
        return Page();
    }

    public async Task<IActionResult> OnPostAddAttendeeAsync(int id, CancellationToken ct) => await RedrawAsync(id, rows => rows.Add(new AttendeeRow()), ct);

    public async Task<IActionResult> OnPostRemoveAttendeeAsync(int id, int? row, CancellationToken ct) =>
        await RedrawAsync(id, rows =>
        {
            if (row is int r && r >= 0 && r < rows.Count)
            {
                rows.RemoveAt(r);
            }
        }, ct);

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var entries = new List<ConferenceAttendeeEntry>();
        for (var i = 0; i < Input.Attendees.Count && i < MaxAttendees; i++)
        {
            var row = Input.Attendees[i];
            var organization = row.OrganizationId is int oid ? Organizations.FirstOrDefault(o => o.Id == oid) : null;
            if (row.OrganizationId is not null && organization is null)
            {
                ModelState.AddModelError($"Input.Attendees[{i}].OrganizationId", $"参加者の{i + 1}行目: 所属は一覧から選ぶか、登録されていない場合は名前を入力してください。");
                continue;
            }

            var entry = new ConferenceAttendeeEntry(row.Name, organization, row.Affiliation, row.Kind ?? AttendeeKind.Other);
            if (!entry.IsBlank && row.Kind is null)
            {
                ModelState.AddModelError($"Input.Attendees[{i}].Kind", $"参加者の{i + 1}行目: 種別を選んでください(本人、家族、入院先病院など)。");
                continue;
            }

            entries.Add(entry);
        }

        if (Input.Attendees.Count > MaxAttendees)
        {
            ModelState.AddModelError(string.Empty, $"参加者は{MaxAttendees}人までです。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        CaseConference conference;
        try
        {
            if (Input.HeldOn > JapanTime.Today(clock))
            {
                throw new DomainRuleException("会議の記録は開催後に入力してください(未来の日付です)。");
            }

            conference = Case.HoldConference(Input.HeldOn!.Value, Input.Purpose!, Input.Summary);
            conference.SetAttendees(entries, Input.PoliceReason, Input.PersonAgreed, Input.FamilyAgreed, Input.MembersAgreed);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(AuditActions.Create, "CaseConference", null, detail: $"ケース#{id} 参加{conference.Attendees.Count}名");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "会議を記録しました。";
        return Redirect($"/Cases/Details/{id}#conferences");
    }

    /// <summary>The form again with a row more or fewer and every value kept; nothing is checked or saved yet.</summary>
    private async Task<IActionResult> RedrawAsync(int id, Action<List<AttendeeRow>> change, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        ModelState.Clear();
        if (Input.Attendees.Count > MaxAttendees)
        {
            Input.Attendees = Input.Attendees.GetRange(0, MaxAttendees);
        }

        change(Input.Attendees);
        if (Input.Attendees.Count == 0)
        {
            Input.Attendees.Add(new AttendeeRow());
        }

        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var found = await db.SupportCases.VisibleTo(db, scope, JapanTime.Today(clock)).Include(c => c.Client).Include(c => c.Conferences).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (found is null)
        {
            return NotFound();
        }

        if (!scope.Owns(found) || !found.IsOpen)
        {
            return Forbid();
        }

        Case = found;
        await HttpContext.AuditReadAsync(audit, found.ClientId, $"会議の記録 ケース#{id}", ct);
        Organizations = await OrganizationChoices.ForCaseworkAsync(db, scope, includeOwn: true, ct);
        return null;
    }

    public sealed class ConferenceInput
    {
        [Display(Name = "開催日")] [Required(ErrorMessage = "開催日を入力してください。")] public DateOnly? HeldOn { get; set; }
        [Display(Name = "会議の目的")] [Required(ErrorMessage = "会議の目的を入力してください。")] [StringLength(200)] public string? Purpose { get; set; }
        public List<AttendeeRow> Attendees { get; set; } = [];
        [Display(Name = "協議の内容")] [StringLength(8000)] public string? Summary { get; set; }
        [Display(Name = "警察が参加する理由(本人の支援のための例外に限る)")] [StringLength(1000)] public string? PoliceReason { get; set; }
        [Display(Name = "本人が警察の参加に同意した")] public bool PersonAgreed { get; set; }
        [Display(Name = "家族が警察の参加に同意した")] public bool FamilyAgreed { get; set; }
        [Display(Name = "他の参加者が警察の参加に同意した")] public bool MembersAgreed { get; set; }
    }

    public sealed class AttendeeRow
    {
        [Display(Name = "氏名・職名")] [StringLength(100)] public string? Name { get; set; }
        [Display(Name = "所属(登録済みの機関)")] public int? OrganizationId { get; set; }
        [Display(Name = "所属(一覧にない場合)")] [StringLength(200)] public string? Affiliation { get; set; }
        [Display(Name = "種別")] public AttendeeKind? Kind { get; set; }
    }
}
