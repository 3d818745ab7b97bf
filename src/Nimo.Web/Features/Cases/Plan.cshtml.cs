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

/// <summary>退院後支援計画 (参考様式1): the items of the guideline, edited by the owner while the case is open.</summary>
public sealed class PlanModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public PlanInput Input { get; set; } = new();

    public SupportCase Case { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var p = Case.DischargePlan!;
        Input = new PlanInput
        {
            AdmissionType = p.AdmissionType, Hospital = p.Hospital, AdmittedOn = p.AdmittedOn, PlannedDischargeOn = p.PlannedDischargeOn, Wishes = p.Wishes,
            FamilyViews = p.FamilyViews, ResidenceAfter = p.ResidenceAfter, Needs = p.Needs, CrisisPlan = p.CrisisPlan, ContactPerson = p.ContactPerson,
            JointWith = p.JointWith, Services = string.Join("\n", p.Services.Select(s => $"{s.Kind}|{s.Provider}|{s.Contact}")),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var services = new List<(string, string, string?)>();
        var lineNo = 0;
        foreach (var line in (Input.Services ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            lineNo++;
            var parts = line.Split('|', '｜');
            if (parts.Length < 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
            {
                ModelState.AddModelError("Input.Services", $"支援の内容の{lineNo}行目: 「訪問看護|○○訪問看護ステーション|03-xxxx-xxxx」のように、内容|担当する機関|連絡先 で書いてください。");
                continue;
            }

            services.Add((parts[0].Trim(), parts[1].Trim(), parts.Length > 2 ? parts[2].Trim() : null));
        }

        if (!Enum.IsDefined(Input.AdmissionType))
        {
            ModelState.AddModelError("Input.AdmissionType", "入院形態を選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            Case.DischargePlan!.Update(Input.AdmissionType, Input.Hospital, Input.AdmittedOn, Input.PlannedDischargeOn, Input.Wishes, Input.FamilyViews,
                Input.ResidenceAfter, Input.Needs, Input.CrisisPlan, Input.ContactPerson, Input.JointWith, services);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(AuditActions.Update, "DischargePlan", Case.DischargePlan.Id, detail: $"ケース#{id}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "退院後支援計画を保存しました。";
        return Redirect($"/Cases/Details/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var found = await db.SupportCases.VisibleTo(db, scope, JapanTime.Today(clock)).Include(c => c.Client).Include(c => c.DischargePlan).ThenInclude(p => p!.Services)
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (found is null || found.DischargePlan is null)
        {
            return NotFound();
        }

        if (!scope.Owns(found) || !found.IsOpen)
        {
            return Forbid();
        }

        Case = found;
        await HttpContext.AuditReadAsync(audit, found.ClientId, $"退院後支援計画 ケース#{id}", ct);
        return null;
    }

    public sealed class PlanInput
    {
        [Display(Name = "入院形態")] public AdmissionType AdmissionType { get; set; }
        [Display(Name = "入院先")] [StringLength(200)] public string? Hospital { get; set; }
        [Display(Name = "入院日")] public DateOnly? AdmittedOn { get; set; }
        [Display(Name = "退院予定日")] public DateOnly? PlannedDischargeOn { get; set; }
        [Display(Name = "退院後の生活に関する本人の希望")] [StringLength(2000)] public string? Wishes { get; set; }
        [Display(Name = "家族その他の支援者の意見")] [StringLength(2000)] public string? FamilyViews { get; set; }
        [Display(Name = "退院後の居住先")] [StringLength(300)] public string? ResidenceAfter { get; set; }
        [Display(Name = "本人の支援ニーズ・課題")] [StringLength(4000)] public string? Needs { get; set; }
        [Display(Name = "退院後に必要な支援(1行に1つ: 内容|担当する機関|連絡先)")] [StringLength(4000)] public string? Services { get; set; }
        [Display(Name = "病状が悪化した場合の対処方針")] [StringLength(4000)] public string? CrisisPlan { get; set; }
        [Display(Name = "作成主体の担当者")] [StringLength(200)] public string? ContactPerson { get; set; }
        [Display(Name = "共同で作成した自治体(単独の場合は空欄)")] [StringLength(200)] public string? JointWith { get; set; }
    }
}
