using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// One 指標: typed values as the sheet writes them (numbers, 「全数」, 「8人以上」, words), or bound to a live count of
/// Nimo's own records. The achievement preview is worked out by the same rule the plan page uses.
/// </summary>
public sealed class IndicatorModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IEnumerable<ILiveCountSource> sources) : PageModel
{
    [BindProperty]
    public IndicatorForm Input { get; set; } = new();

    public Plan Plan { get; private set; } = null!;
    public IReadOnlyList<Forum> ForumChoices { get; private set; } = [];

    /// <summary>The registered sources under their headings, in the order the modules are added (協議の場, 支援ケース, 地域連携票, 研修・啓発 …).</summary>
    public IReadOnlyList<IGrouping<string, ILiveCountSource>> SourceChoices { get; } = [.. sources.GroupBy(s => s.Group)];

    /// <summary>The indicator's stored key when no source answers to it any more: shown as a choice of its own, so the form says what it was.</summary>
    public string? UnknownSource { get; private set; }
    public bool IsNew => Input.Id == 0;

    public async Task<IActionResult> OnGetAsync(int planId, int? id, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        await LoadChoicesAsync(ct);
        if (id is int iid)
        {
            var i = plan.Indicators.SingleOrDefault(x => x.Id == iid);
            if (i is null)
            {
                return NotFound();
            }

            Input = new IndicatorForm
            {
                Id = i.Id, Name = i.Name, Unit = i.Unit, Basis = i.Basis, Direction = i.Direction, Baseline = i.Baseline, Target = i.Target, Actual = i.Actual,
                Population = i.Population, ExpectedEffect = i.ExpectedEffect, AchievedEffect = i.AchievedEffect, Source = i.Source, SourceForumId = i.SourceForumId,
                ChallengeId = i.ChallengeId,
            };
            UnknownSource = i.Source is string key && sources.Find(key) is null ? key : null;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int planId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        await LoadChoicesAsync(ct);
        var source = sources.Find(Input.Source);
        if (Input.Source is string key && source is null)
        {
            var stored = plan.Indicators.SingleOrDefault(i => i.Id == Input.Id)?.Source;
            if (key == stored)
            {
                UnknownSource = key;
                ModelState.AddModelError("Input.Source", $"この指標の集計元「{LiveCounts.UnknownLabel(key)}」は、いまは数えられません。集計元を選び直すか「手入力」にしてください。");
            }
            else
            {
                ModelState.AddModelError(string.Empty, "選択肢にない値が送られました。");
            }
        }

        if (Input.SourceForumId is int fid && source is { NeedsForum: true } && ForumChoices.All(f => f.Id != fid))
        {
            ModelState.AddModelError("Input.SourceForumId", "この地域(と管内)の協議の場から選んでください。");
        }

        if (!Enum.IsDefined(Input.Basis) || !Enum.IsDefined(Input.Direction))
        {
            ModelState.AddModelError(string.Empty, "選択肢にない値が送られました。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var input = new IndicatorInput(Input.Name!, Input.Unit, Input.Basis, Input.Direction, Input.Baseline, Input.Target, Input.Actual, Input.Population,
            Input.ExpectedEffect, Input.AchievedEffect, source, Input.SourceForumId, Input.ChallengeId);
        PlanIndicator indicator;
        try
        {
            if (IsNew)
            {
                indicator = plan.AddIndicator(input);
            }
            else
            {
                indicator = plan.Indicators.SingleOrDefault(i => i.Id == Input.Id) ?? throw new KeyNotFoundException();
                plan.UpdateIndicator(indicator, input);
            }
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        return await this.CommitAsync(db, audit, clock, plan, IsNew ? AuditActions.Create : AuditActions.Update, "PlanIndicator", IsNew ? null : indicator.Id,
            $"指標「{indicator.Name}」 目標 {indicator.Target} 実績 {indicator.Actual}", $"指標「{indicator.Name}」を保存しました。", "#indicators-heading", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(int planId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        var indicator = plan.Indicators.SingleOrDefault(i => i.Id == Input.Id);
        if (indicator is null)
        {
            return NotFound();
        }

        plan.RemoveIndicator(indicator);
        return await this.CommitAsync(db, audit, clock, plan, AuditActions.Update, "PlanIndicator", indicator.Id, $"削除: 指標「{indicator.Name}」",
            $"指標「{indicator.Name}」を削除しました。", "", ct);
    }

    /// <summary>Forums of the plan's region and the regions under it that the user can see.</summary>
    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var path = Plan.Region.Path;
        ForumChoices = await db.Forums.AsNoTracking().VisibleTo(HttpContext.Scope()).Include(f => f.Region)
            .Where(f => f.Region.Path.StartsWith(path)).OrderBy(f => f.Region.Path).ThenBy(f => f.ParentId != null).ThenBy(f => f.Id).ToListAsync(ct);
    }

    public sealed class IndicatorForm
    {
        public int Id { get; set; }

        [Display(Name = "指標(課題解決の達成度を測る指標)")]
        [Required(ErrorMessage = "指標名を入力してください。")]
        [StringLength(TextLength.Line)]
        public string? Name { get; set; }

        [Display(Name = "対応する課題")]
        public int? ChallengeId { get; set; }

        [Display(Name = "単位")]
        [StringLength(TextLength.Unit)]
        public string? Unit { get; set; }

        [Display(Name = "期間の基準")]
        public Nimo.Features.Plans.PeriodBasis Basis { get; set; }

        [Display(Name = "よい方向")]
        public Direction Direction { get; set; }

        [Display(Name = "現状値(今年度当初)")]
        [StringLength(TextLength.Line)]
        public string? Baseline { get; set; }

        [Display(Name = "目標値(今年度末)")]
        [StringLength(TextLength.Line)]
        public string? Target { get; set; }

        [Display(Name = "実績値(年度末)")]
        [StringLength(TextLength.Line)]
        public string? Actual { get; set; }

        [Display(Name = "対象の総数(目標が「全数」のとき)")]
        // Bounds of the property's own type: Range(int, int) converted the posted decimal to an int and overflowed (a 500).
        [Range(typeof(decimal), "0", "1000000000", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
            ErrorMessage = "対象の総数は0以上の数で入力してください。")]
        public decimal? Population { get; set; }

        [Display(Name = "見込んでいる成果・効果")]
        [StringLength(TextLength.Section)]
        public string? ExpectedEffect { get; set; }

        [Display(Name = "具体的な成果・効果(年度末)")]
        [StringLength(TextLength.Section)]
        public string? AchievedEffect { get; set; }

        /// <summary>The key of the live-count source, or null for a typed actual.</summary>
        [Display(Name = "実績値の取り方")]
        [StringLength(PlanIndicator.SourceKeyLength)]
        public string? Source { get; set; }

        [Display(Name = "数える協議の場")]
        public int? SourceForumId { get; set; }
    }
}
