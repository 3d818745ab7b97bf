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
/// 退院後支援計画 (参考様式1): the items of the guideline, edited by the owner while the case is open. 退院後に必要な支援
/// is a list of rows (content, the organisation that provides it, its contact), added and removed by submit buttons
/// that draw the form again with every value kept.
/// </summary>
public sealed class PlanModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int MaxServices = 30;

    /// <summary>What the guideline lists as 退院後に必要な医療等の支援, offered as suggestions (any other text is fine).</summary>
    public static readonly IReadOnlyList<string> ServiceSuggestions =
        ["通院(外来)", "訪問看護", "デイケア", "障害福祉サービス", "計画相談支援", "地域移行・地域定着支援", "介護サービス", "就労支援", "経済的支援(生活保護・年金等)", "保健所・市町村の相談・訪問"];

    [BindProperty]
    public PlanInput Input { get; set; } = new();

    public SupportCase Case { get; private set; } = null!;
    public IReadOnlyList<Organization> Organizations { get; private set; } = [];

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
            JointWith = p.JointWith,
            Services = [.. p.Services.OrderBy(s => s.Id).Select(s => Organizations.Any(o => o.Id == s.OrganizationId)
                ? new ServiceRow { Content = s.Kind, OrganizationId = s.OrganizationId, Contact = s.Contact }
                : new ServiceRow { Content = s.Kind, Provider = s.Provider, Contact = s.Contact })],
        };
        Input.Services.Add(new ServiceRow());
        return Page();
    }

    public async Task<IActionResult> OnPostAddServiceAsync(int id, CancellationToken ct) => await RedrawAsync(id, rows => rows.Add(new ServiceRow()), ct);

    public async Task<IActionResult> OnPostRemoveServiceAsync(int id, int? row, CancellationToken ct) =>
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

        var services = new List<PlanServiceEntry>();
        for (var i = 0; i < Input.Services.Count && i < MaxServices; i++)
        {
            var row = Input.Services[i];
            var organization = row.OrganizationId is int oid ? Organizations.FirstOrDefault(o => o.Id == oid) : null;
            if (row.OrganizationId is not null && organization is null)
            {
                ModelState.AddModelError($"Input.Services[{i}].OrganizationId", $"退院後に必要な支援の{i + 1}行目: 担当する機関は一覧から選ぶか、登録されていない場合は名前を入力してください。");
                continue;
            }

            services.Add(new PlanServiceEntry(row.Content, organization, row.Provider, row.Contact));
        }

        if (Input.Services.Count > MaxServices)
        {
            ModelState.AddModelError(string.Empty, $"退院後に必要な支援は{MaxServices}行までです。");
        }

        if (!Enum.IsDefined(Input.AdmissionType))
        {
            ModelState.AddModelError("Input.AdmissionType", "入院形態を選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var plan = Case.DischargePlan!;
        try
        {
            plan.Update(Input.AdmissionType, Input.Hospital, Input.AdmittedOn, Input.PlannedDischargeOn, Input.Wishes, Input.FamilyViews,
                Input.ResidenceAfter, Input.Needs, Input.CrisisPlan, Input.ContactPerson, Input.JointWith, services);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(AuditActions.Update, "DischargePlan", plan.Id, detail: $"ケース#{id}");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "退院後支援計画を保存しました。";
        return Redirect($"/Cases/Details/{id}#plan-heading");
    }

    private async Task<IActionResult> RedrawAsync(int id, Action<List<ServiceRow>> change, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        ModelState.Clear();
        if (Input.Services.Count > MaxServices)
        {
            Input.Services = Input.Services.GetRange(0, MaxServices);
        }

        change(Input.Services);
        if (Input.Services.Count == 0)
        {
            Input.Services.Add(new ServiceRow());
        }

        return Page();
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
        Organizations = await OrganizationChoices.ForCaseworkAsync(db, scope, includeOwn: true, ct);
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
        public List<ServiceRow> Services { get; set; } = [];
        [Display(Name = "病状が悪化した場合の対処方針")] [StringLength(4000)] public string? CrisisPlan { get; set; }
        [Display(Name = "作成主体の担当者")] [StringLength(200)] public string? ContactPerson { get; set; }
        [Display(Name = "共同で作成した自治体(単独の場合は空欄)")] [StringLength(200)] public string? JointWith { get; set; }
    }

    public sealed class ServiceRow
    {
        [Display(Name = "支援の内容")] [StringLength(100)] public string? Content { get; set; }
        [Display(Name = "担当する機関(登録済み)")] public int? OrganizationId { get; set; }
        [Display(Name = "担当する機関(一覧にない場合)")] [StringLength(200)] public string? Provider { get; set; }
        [Display(Name = "連絡先")] [StringLength(200)] public string? Contact { get; set; }
    }
}
