using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// Plans and report sheets hold no personal data and are published by the regions themselves: like the regional
/// statistics (ADR 0004) they are readable across the user's prefecture, and written only within the user's own subtree.
/// </summary>
public static class PlanAccess
{
    public static IQueryable<Plan> VisibleTo(this IQueryable<Plan> plans, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return plans;
        }

        var prefecture = ProfileQueries.PrefecturePath(scope.RegionPath);
        return prefecture.Length == 0 ? plans.Where(_ => false) : plans.Where(p => p.Region.Path.StartsWith(prefecture));
    }

    public static bool CanEditPlan(this UserScope scope, Region region) => scope.CanEdit(region);

    /// <summary>The region (null when the user may not see it) and its plan for the 年度 with everything under it.</summary>
    public static async Task<(Region? Region, Plan? Plan)> LoadAsync(NimoDbContext db, UserScope scope, int regionId, int fiscalYear, bool tracked, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).SingleOrDefaultAsync(r => r.Id == regionId, ct);
        if (region is null)
        {
            return (null, null);
        }

        var query = db.Plans.Include(p => p.Region).Include(p => p.Challenges).Include(p => p.Indicators).Include(p => p.Schedule).AsSplitQuery();
        var plan = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(p => p.RegionId == regionId && p.FiscalYear == fiscalYear, ct);
        return (region, plan);
    }

    /// <summary>
    /// The plan an editing page works on, tracked with everything under it; or the answer to give instead: 404 when the
    /// user cannot see it, 403 when they see it but may not edit it, back to the plan when it is frozen.
    /// </summary>
    public static async Task<(Plan? Plan, IActionResult? Refusal)> PlanToEditAsync(this PageModel page, NimoDbContext db, int planId, CancellationToken ct)
    {
        var scope = page.HttpContext.Scope();
        var plan = await db.Plans.VisibleTo(scope).Include(p => p.Region).Include(p => p.Challenges).Include(p => p.Indicators).Include(p => p.Schedule)
            .AsSplitQuery().SingleOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null)
        {
            return (null, page.NotFound());
        }

        if (!scope.CanEditPlan(plan.Region))
        {
            return (null, page.Forbid());
        }

        if (plan.IsEvaluated)
        {
            page.TempData[PageWrites.ErrorKey] = "評価を確定した計画は編集できません。";
            return (null, new RedirectResult($"/Plans/Details/{plan.RegionId}?year={plan.FiscalYear}"));
        }

        return (plan, null);
    }

    /// <summary>
    /// The end of every plan edit: who changed it and when, one audit line (「{地域} {年度} …」), the save, the message,
    /// and back to the plan (at <paramref name="anchor"/>).
    /// </summary>
    public static async Task<IActionResult> CommitAsync(this PageModel page, NimoDbContext db, AuditLog audit, TimeProvider clock, Plan plan,
        string action, string recordType, int? recordId, string what, string message, string anchor, CancellationToken ct)
    {
        plan.Stamp(page.HttpContext.Scope().UserName, clock.GetUtcNow());
        audit.Add(action, recordType, recordId, detail: $"{plan.Region.Name} {plan.Year.ToWareki()} {what}");
        await db.SaveChangesAsync(ct);
        page.TempData[PageWrites.MessageKey] = message;
        return new RedirectResult($"/Plans/Details/{plan.RegionId}?year={plan.FiscalYear}{anchor}");
    }
}
