using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles.Targets;

public sealed class EditModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public TargetInput Input { get; set; } = new();

    public bool IsNew => Input.Id == 0;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (!HttpContext.Scope().IsAdmin)
        {
            return Forbid();
        }

        if (id is int existing)
        {
            var target = await db.NationalTargets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == existing, ct);
            if (target is null)
            {
                return NotFound();
            }

            Input = new TargetInput
            {
                Id = target.Id, Version = target.Version, Plan = target.Plan, TargetFiscalYear = target.TargetFiscalYear, Figure = target.Figure,
                Comparison = target.Comparison, Value = target.Value, UpperValue = target.UpperValue, Scope = target.Scope,
                IsVerified = target.IsVerified, Source = target.Source, Note = target.Note,
            };
        }
        else
        {
            Input = new TargetInput { TargetFiscalYear = 2026, Scope = TargetScope.EveryRegion };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!HttpContext.Scope().IsAdmin)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        NationalTarget target;
        try
        {
            if (IsNew)
            {
                target = NationalTarget.Create(Input.Plan!, Input.TargetFiscalYear, Input.Figure, Input.Comparison, Input.Value!.Value, Input.UpperValue,
                    Input.Scope, Input.IsVerified, Input.Source, Input.Note);
                db.NationalTargets.Add(target);
            }
            else
            {
                var found = await db.NationalTargets.SingleOrDefaultAsync(t => t.Id == Input.Id, ct);
                if (found is null)
                {
                    return NotFound();
                }

                target = found;
                db.Entry(target).Property(t => t.Version).OriginalValue = Input.Version;
                target.Update(Input.Plan!, Input.TargetFiscalYear, Input.Figure, Input.Comparison, Input.Value!.Value, Input.UpperValue,
                    Input.Scope, Input.IsVerified, Input.Source, Input.Note);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        if (await db.NationalTargets.AnyAsync(t => t.Id != Input.Id && t.Plan == Input.Plan && t.Figure == Input.Figure, ct))
        {
            ModelState.AddModelError("Input.Figure", "同じ計画・項目の目標がすでにあります。そちらを編集してください。");
            return Page();
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "NationalTarget", IsNew ? null : target.Id, detail: $"{target.Plan} {target.Figure} {target.Describe()}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "編集している間に他の管理者がこの目標を更新しました。一覧から開き直してください。");
            return Page();
        }

        TempData[PageWrites.MessageKey] = $"「{target.Plan} {Figures.Of(target.Figure).FullLabel}」を保存しました。";
        return Redirect("/Profiles/Targets");
    }

    public sealed class TargetInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "計画")]
        [Required(ErrorMessage = "計画の名称を入力してください。")]
        [StringLength(100)]
        public string? Plan { get; set; }

        [Display(Name = "目標年度(西暦の年度)")]
        [Range(2000, 2100, ErrorMessage = "目標年度は2000〜2100で入力してください。")]
        public int TargetFiscalYear { get; set; }

        [Display(Name = "項目")]
        public FigureKey Figure { get; set; }

        [Display(Name = "比較")]
        public TargetComparison Comparison { get; set; }

        [Display(Name = "目標値(範囲のときは下限)")]
        [Required(ErrorMessage = "目標値を入力してください。")]
        public decimal? Value { get; set; }

        [Display(Name = "上限(範囲のとき)")]
        public decimal? UpperValue { get; set; }

        [Display(Name = "対象")]
        public TargetScope Scope { get; set; }

        [Display(Name = "出典で値を確認した")]
        public bool IsVerified { get; set; }

        [Display(Name = "出典")]
        [StringLength(200)]
        public string? Source { get; set; }

        [Display(Name = "備考")]
        [StringLength(500)]
        public string? Note { get; set; }
    }
}
