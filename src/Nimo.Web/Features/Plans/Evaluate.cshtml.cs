using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// 年度末の評価: the actuals and outcomes of each indicator and a review note per challenge; saved as a draft, or
/// confirmed, which freezes the plan (live counts become fixed actuals) with who confirmed it.
/// </summary>
public sealed class EvaluateModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy, IEnumerable<ILiveCountSource> sources) : PageModel
{
    [BindProperty]
    public Dictionary<int, string?> Actual { get; set; } = [];

    [BindProperty]
    public Dictionary<int, string?> Effect { get; set; } = [];

    [BindProperty]
    public Dictionary<int, string?> Review { get; set; } = [];

    public Plan Plan { get; private set; } = null!;
    public Dictionary<int, IndicatorCount> Live { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int planId, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        Live = await LiveCounts.ForPlanAsync(db, sources, plan, HttpContext.Scope(), Platform.Japanese.JapanTime.Today(clock), privacy.Value.SuppressBelow, ct);
        Actual = plan.Indicators.ToDictionary(i => i.Id, i => i.Actual);
        Effect = plan.Indicators.ToDictionary(i => i.Id, i => i.AchievedEffect);
        Review = plan.Challenges.ToDictionary(c => c.Id, c => c.ReviewNote);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int planId, bool confirm, CancellationToken ct)
    {
        var (plan, refusal) = await this.PlanToEditAsync(db, planId, ct);
        if (plan is null)
        {
            return refusal!;
        }

        Plan = plan;
        Live = await LiveCounts.ForPlanAsync(db, sources, plan, HttpContext.Scope(), Platform.Japanese.JapanTime.Today(clock), privacy.Value.SuppressBelow, ct);
        var scope = HttpContext.Scope();
        try
        {
            foreach (var indicator in plan.Indicators)
            {
                plan.RecordResult(indicator, Actual.GetValueOrDefault(indicator.Id), Effect.GetValueOrDefault(indicator.Id));
            }

            foreach (var challenge in plan.Challenges)
            {
                plan.SetReview(challenge, Review.GetValueOrDefault(challenge.Id));
            }

            if (confirm)
            {
                plan.Evaluate(Live.Numbers(), scope.UserName, clock.GetUtcNow());
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        plan.Stamp(scope.UserName, clock.GetUtcNow());
        audit.Add(AuditActions.Update, "Plan", plan.Id,
            detail: $"{plan.Region.Name} {plan.Year.ToWareki()} " + (confirm
                ? "評価を確定: " + string.Join("、", plan.OrderedIndicators.Select(i => $"{i.Name}={i.PublicActual(Live.GetValueOrDefault(i.Id))}"))
                : "評価を下書き保存"));
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = confirm ? $"{plan.Year.ToWareki()}の評価を確定しました。実績値はこの時点で固定されます。" : "評価を下書き保存しました(まだ確定していません)。";
        return Redirect($"/Plans/Details/{plan.RegionId}?year={plan.FiscalYear}");
    }
}
