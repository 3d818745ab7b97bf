using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>The prose of a plan on one form: title, vision, overview, strengths, system, linkage by sector, goals.</summary>
public sealed class EditModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public TextsInput Input { get; set; } = new();

    public Region Region { get; private set; } = null!;
    public int Year { get; private set; }
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int year, CancellationToken ct)
    {
        var (plan, refusal) = await LoadAsync(id, year, ct);
        if (plan is null)
        {
            return refusal!;
        }

        var t = plan.Texts;
        Input = new TextsInput
        {
            Version = plan.Version, Title = t.Title, Lead = t.Lead, Vision = t.Vision, Overview = t.Overview, Strengths = t.Strengths, System = t.System,
            OtherMatters = t.OtherMatters, UsageEndYear = t.UsageEndYear is int y ? new FiscalYear(y).ToShortWareki() : null, LongTermGoal = t.LongTermGoal,
            ShortTermGoal = t.ShortTermGoal, SmallSteps = t.SmallSteps, Linkage = [.. t.Linkage], LinkageRemarks = [.. t.LinkageRemarks],
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int year, CancellationToken ct)
    {
        var (plan, refusal) = await LoadAsync(id, year, ct);
        if (plan is null)
        {
            return refusal!;
        }

        int? usageEnd = null;
        if (!string.IsNullOrWhiteSpace(Input.UsageEndYear) && Input.UsageEndYear.Trim() != "未定")
        {
            if (JapaneseDate.TryParse(Input.UsageEndYear, out var when) && when.IsKnown)
            {
                usageEnd = when.Precision == WarekiPrecision.FiscalYear || when.Month == 0 ? when.Year : FiscalYear.Of(when.FirstDay!.Value).StartYear;
            }
            else
            {
                ModelState.AddModelError("Input.UsageEndYear", $"「{Input.UsageEndYear}」は読めません。「R8年度」「令和8年度」または「未定」と入力してください。");
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        db.Entry(plan).Property(p => p.Version).OriginalValue = Input.Version;
        try
        {
            plan.SetTexts(new PlanTexts(Input.Title, Input.Lead, Input.Vision, Input.Overview, Input.Strengths, Input.System, Input.OtherMatters, usageEnd,
                Input.LongTermGoal, Input.ShortTermGoal, Input.SmallSteps, Pad(Input.Linkage), Pad(Input.LinkageRemarks)));
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        plan.Stamp(HttpContext.Scope().UserName, clock.GetUtcNow());
        audit.Add(AuditActions.Update, "Plan", plan.Id, detail: $"{Region.Name} {plan.Year.ToWareki()} 本文");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = "編集している間に他の利用者がこの計画を変更しました。あなたの入力は下に残っています。計画を別のタブで開いて確かめ、必要な部分を反映してから保存し直してください。";
            Input.Version = (await db.Plans.AsNoTracking().SingleAsync(p => p.Id == plan.Id, ct)).Version;
            return Page();
        }

        TempData[PageWrites.MessageKey] = "計画を保存しました。";
        return Redirect($"/Plans/Details/{id}?year={year}");
    }

    private static string?[] Pad(List<string?>? values) => [.. Enumerable.Range(0, 4).Select(i => values is not null && i < values.Count ? values[i] : null)];

    private async Task<(Plan? Plan, IActionResult? Refusal)> LoadAsync(int id, int year, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var (region, plan) = await PlanAccess.LoadAsync(db, scope, id, year, tracked: true, ct);
        if (region is null || plan is null)
        {
            return (null, NotFound());
        }

        if (!scope.CanEditPlan(region))
        {
            return (null, Forbid());
        }

        Region = region;
        Year = year;
        if (plan.IsEvaluated)
        {
            TempData[PageWrites.ErrorKey] = "評価を確定した計画は編集できません。";
            return (null, Redirect($"/Plans/Details/{id}?year={year}"));
        }

        return (plan, null);
    }

    public sealed class TextsInput
    {
        public Guid Version { get; set; }
        [Display(Name = "タイトル・スローガン")] [StringLength(TextLength.Title)] public string? Title { get; set; }
        [Display(Name = "リード文")] [StringLength(TextLength.Section)] public string? Lead { get; set; }
        [Display(Name = "地域ビジョン(地域のあるべき姿)")] [StringLength(TextLength.Section)] public string? Vision { get; set; }
        [Display(Name = "取組概要(全体)")] [StringLength(TextLength.Document)] public string? Overview { get; set; }
        [Display(Name = "特徴(強み)")] [StringLength(TextLength.Section)] public string? Strengths { get; set; }
        [Display(Name = "にも包括構築の体制")] [StringLength(TextLength.Section)] public string? System { get; set; }
        [Display(Name = "その他事項(アドバイザーに相談したいことなど)")] [StringLength(TextLength.Section)] public string? OtherMatters { get; set; }
        [Display(Name = "事業利用予定年数(何年度まで)")] [StringLength(20)] public string? UsageEndYear { get; set; }
        [Display(Name = "長期目標")] [StringLength(TextLength.Note)] public string? LongTermGoal { get; set; }
        [Display(Name = "短期目標(今年度)")] [StringLength(TextLength.Note)] public string? ShortTermGoal { get; set; }
        [Display(Name = "スモールステップ")] [StringLength(TextLength.Note)] public string? SmallSteps { get; set; }
        public List<string?> Linkage { get; set; } = [null, null, null, null];
        public List<string?> LinkageRemarks { get; set; } = [null, null, null, null];
    }
}
