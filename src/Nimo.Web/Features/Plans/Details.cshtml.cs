using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Clients;
using Nimo.Features.Forums;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// A region's plan for one 年度, as one chain: 課題 → 取組方針 → roles → 指標 (with achievement and live counts) →
/// schedule, and the evaluation at 年度末. Readable across the prefecture; written by the region's own editors.
/// </summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy) : PageModel
{
    public Region Region { get; private set; } = null!;
    public Plan? Plan { get; private set; }
    public int Year { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public Dictionary<int, LiveCount> Live { get; private set; } = [];
    public Dictionary<int, Meeting> Meetings { get; private set; } = [];
    public Dictionary<int, string> ForumNames { get; private set; } = [];
    public Dictionary<int, string> IssueTitles { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public bool NextYearExists { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? year, CancellationToken ct) => await LoadAsync(id, year, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCreateAsync(int id, int year, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct))
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        if (Plan is null)
        {
            var region = await db.Regions.SingleAsync(r => r.Id == id, ct);
            var plan = Plans.Plan.Create(region, year);
            plan.Stamp(HttpContext.Scope().UserName, clock.GetUtcNow());
            db.Plans.Add(plan);
            audit.Add(AuditActions.Create, "Plan", null, detail: $"{Region.Name} {new FiscalYear(year).ToWareki()}");
            if (!await SaveAsync(ct))
            {
                TempData["Message"] = "同じ年度の計画が先に作成されました。";
            }
        }

        return Redirect($"/Plans/Edit/{id}?year={year}");
    }

    public async Task<IActionResult> OnPostCopyAsync(int id, int year, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct) || Plan is null)
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        if (NextYearExists)
        {
            TempData["Message"] = $"{new FiscalYear(year + 1).ToWareki()}の計画はすでにあります。";
            return Redirect($"/Plans/Details/{id}?year={year + 1}");
        }

        var (_, tracked) = await PlanAccess.LoadAsync(db, HttpContext.Scope(), id, year, tracked: true, ct);
        var next = tracked!.CopyToNextYear(Live.PublicActuals(tracked));
        next.Stamp(HttpContext.Scope().UserName, clock.GetUtcNow());
        db.Plans.Add(next);
        audit.Add(AuditActions.Create, "Plan", null, detail: $"{Region.Name} {new FiscalYear(year + 1).ToWareki()}({new FiscalYear(year).ToWareki()}から引き継ぎ)");
        if (!await SaveAsync(ct))
        {
            TempData["Message"] = "同じ年度の計画が先に作成されました。";
            return Redirect($"/Plans/Details/{id}?year={year + 1}");
        }

        TempData["Message"] = $"{new FiscalYear(year).ToWareki()}の計画を{new FiscalYear(year + 1).ToWareki()}に引き継ぎました。指標の現状値には今年度の実績値を入れています。";
        return Redirect($"/Plans/Details/{id}?year={year + 1}");
    }

    public async Task<IActionResult> OnPostReopenAsync(int id, int year, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct) || Plan is null)
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        var (_, tracked) = await PlanAccess.LoadAsync(db, HttpContext.Scope(), id, year, tracked: true, ct);
        try
        {
            tracked!.Reopen(reason ?? "");
        }
        catch (DomainRuleException e)
        {
            TempData["Error"] = e.Message;
            return Redirect($"/Plans/Details/{id}?year={year}");
        }

        tracked.Stamp(HttpContext.Scope().UserName, clock.GetUtcNow());
        audit.Add(AuditActions.Update, "Plan", tracked.Id, detail: $"評価の取消: {Region.Name} {tracked.Year.ToWareki()} 理由: {tracked.ReopenReason}");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "評価の確定を取り消しました。修正後、もう一度確定してください。";
        return Redirect($"/Plans/Details/{id}?year={year}");
    }

    public async Task<IActionResult> OnPostDoneAsync(int id, int year, int itemId, bool done, CancellationToken ct)
    {
        if (!await LoadAsync(id, year, ct) || Plan is null)
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        var (_, tracked) = await PlanAccess.LoadAsync(db, HttpContext.Scope(), id, year, tracked: true, ct);
        var item = tracked!.Schedule.SingleOrDefault(s => s.Id == itemId);
        if (item is null)
        {
            return NotFound();
        }

        try
        {
            tracked.SetScheduleDone(item, done);
        }
        catch (DomainRuleException e)
        {
            TempData["Error"] = e.Message;
            return Redirect($"/Plans/Details/{id}?year={year}");
        }

        tracked.Stamp(HttpContext.Scope().UserName, clock.GetUtcNow());
        audit.Add(AuditActions.Update, "ScheduleItem", item.Id, detail: done ? "実施済にした" : "未実施に戻した");
        await db.SaveChangesAsync(ct);
        return Redirect($"/Plans/Details/{id}?year={year}#schedule");
    }

    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique (region, 年度) index: someone else created it first.
            return false;
        }
    }

    private async Task<bool> LoadAsync(int id, int? year, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Today = JapanTime.Today(clock);
        if (year is int y && !FiscalYear.IsSupported(y))
        {
            return false;
        }

        Years = await db.Plans.AsNoTracking().VisibleTo(scope).Where(p => p.RegionId == id).Select(p => p.FiscalYear).OrderBy(y => y).ToListAsync(ct);
        var current = FiscalYear.Of(Today).StartYear;
        Year = year ?? (Years.Contains(current) ? current : Years.Count > 0 ? Years[^1] : current);
        var (region, plan) = await PlanAccess.LoadAsync(db, scope, id, Year, tracked: false, ct);
        if (region is null)
        {
            return false;
        }

        Region = region;
        Plan = plan;
        CanEdit = scope.CanEditPlan(region);
        NextYearExists = Years.Contains(Year + 1);
        if (plan is not null)
        {
            Live = await LiveCounts.ForPlanAsync(db, plan, scope, Today, privacy.Value.SuppressBelow, ct);
            var meetingIds = plan.Schedule.Where(s => s.MeetingId is not null).Select(s => s.MeetingId!.Value).ToList();
            Meetings = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
            var forumIds = plan.Indicators.Where(i => i.SourceForumId is not null).Select(i => i.SourceForumId!.Value).ToList();
            ForumNames = await db.Forums.AsNoTracking().Where(f => forumIds.Contains(f.Id)).ToDictionaryAsync(f => f.Id, f => f.Name, ct);
            var issueIds = plan.Challenges.Where(c => c.RegionalIssueId is not null).Select(c => c.RegionalIssueId!.Value).ToList();
            var visibleForums = db.Forums.VisibleTo(scope).Select(f => f.Id);
            IssueTitles = await db.RegionalIssues.AsNoTracking().Where(i => issueIds.Contains(i.Id) && visibleForums.Contains(i.ForumId)).ToDictionaryAsync(i => i.Id, i => i.Title, ct);
        }

        return true;
    }
}
