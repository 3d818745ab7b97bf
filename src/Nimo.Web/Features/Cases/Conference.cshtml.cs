using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Cases;

/// <summary>
/// 支援関係者会議 / ケース会議 with its attendees. The police rule of the guideline is enforced on the entity: a police
/// attendee needs the reason and the agreement of the person, the family and the members, or the record is refused.
/// </summary>
public sealed class ConferenceModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ConferenceInput Input { get; set; } = new();

    public SupportCase Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Input.HeldOn = JapanTime.Today(clock);
        Input.Purpose = Case.Programme == Programme.DischargeSupport ? "支援関係者会議(退院後支援計画の協議)" : "ケース会議(困難事例の共有)";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var attendees = new List<(string, string?, AttendeeKind)>();
        var n = 0;
        foreach (var line in (Input.Attendees ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            n++;
            var parts = line.Split('|', '｜').Select(p => p.Trim()).ToArray();
            var kind = parts.Length > 2 ? CaseConference.KindLabels.FirstOrDefault(k => k.Value == parts[2] || k.Value.StartsWith(parts[2], StringComparison.Ordinal)).Key : AttendeeKind.Other;
            if (parts[0].Length == 0 || (parts.Length > 2 && parts[2].Length > 0 && !CaseConference.KindLabels.Values.Any(v => v == parts[2] || v.StartsWith(parts[2], StringComparison.Ordinal))))
            {
                ModelState.AddModelError("Input.Attendees", $"参加者の{n}行目: 「氏名|所属|種別」で書き、種別は{string.Join("・", CaseConference.KindLabels.Values)}から選んでください。");
                continue;
            }

            attendees.Add((parts[0], parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null, kind));
        }

        if (attendees.Count == 0)
        {
            ModelState.AddModelError("Input.Attendees", "参加者を1人以上入力してください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            if (Input.HeldOn > JapanTime.Today(clock))
            {
                throw new DomainRuleException("会議の記録は開催後に入力してください(未来の日付です)。");
            }

            var conference = Case.HoldConference(Input.HeldOn!.Value, Input.Purpose!, Input.Summary);
            conference.SetAttendees(attendees, Input.PoliceReason, Input.PersonAgreed, Input.FamilyAgreed, Input.MembersAgreed);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(AuditActions.Create, "CaseConference", null, detail: $"ケース#{id} 参加{attendees.Count}名");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "会議を記録しました。";
        return Redirect($"/Cases/Details/{id}");
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
        return null;
    }

    public sealed class ConferenceInput
    {
        [Display(Name = "開催日")] [Required(ErrorMessage = "開催日を入力してください。")] public DateOnly? HeldOn { get; set; }
        [Display(Name = "会議の目的")] [Required(ErrorMessage = "会議の目的を入力してください。")] [StringLength(200)] public string? Purpose { get; set; }
        [Display(Name = "参加者(1行に1人: 氏名|所属|種別)")] [StringLength(4000)] public string? Attendees { get; set; }
        [Display(Name = "協議の内容")] [StringLength(8000)] public string? Summary { get; set; }
        [Display(Name = "警察が参加する場合の理由(本人の支援のための例外に限る)")] [StringLength(1000)] public string? PoliceReason { get; set; }
        [Display(Name = "本人が警察の参加に同意した")] public bool PersonAgreed { get; set; }
        [Display(Name = "家族が警察の参加に同意した")] public bool FamilyAgreed { get; set; }
        [Display(Name = "他の参加者が警察の参加に同意した")] public bool MembersAgreed { get; set; }
    }
}
