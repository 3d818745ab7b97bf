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
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// A region's plan for one 年度, as one chain: 課題 → 取組方針 → roles → 指標 (with achievement and live counts) →
/// schedule, and the evaluation at 年度末. Readable across the prefecture; written by the region's own editors.
/// </summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy, IEnumerable<ILiveCountSource> sources) : PageModel
{
    public Region Region { get; private set; } = null!;
    public Plan? Plan { get; private set; }
    public int Year { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public Dictionary<int, IndicatorCount> Live { get; private set; } = [];
    public Dictionary<int, Meeting> Meetings { get; private set; } = [];
    public Dictionary<int, string> ForumNames { get; private set; } = [];
    public Dictionary<int, string> IssueTitles { get; private set; } = [];
    public DateOnly Today { get; private set; }

    /// <summary>The moment the page is drawn: a linked meeting past its time reads 「記録待ち」, as on the forum pages.</summary>
    public DateTimeOffset Now { get; private set; }
    /// <summary>Earlier years with a plan, newest first: what a year without a plan can be started from.</summary>
    public IReadOnlyList<int> CopySources { get; private set; } = [];
    /// <summary>Later years without a plan this year's plan can be carried over to: up to next 年度 (or the year after this plan).</summary>
    public IReadOnlyList<int> CopyTargets { get; private set; } = [];
    /// <summary>This 年度 when it is among the targets (a plan carried over after skipped years), else the year after.</summary>
    public int? DefaultCopyTarget => CopyTargets.Contains(CurrentYear) ? CurrentYear : CopyTargets.Count > 0 ? CopyTargets[0] : null;
    public int CurrentYear { get; private set; }

    /// <summary>「手入力」, the source's label, or 「不明な集計元(キー)」.</summary>
    public string SourceLabel(string? key) => sources.SourceLabel(key);

    /// <summary>True when the indicator names a source no feature registers any more.</summary>
    public bool IsUnknownSource(PlanIndicator indicator) => indicator.Source is not null && sources.Find(indicator.Source) is null;

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

    /// <summary>
    /// 「次年度に引き継ぐ」: the plan of <paramref name="from"/> (by default the page's year) becomes the plan of
    /// <paramref name="to"/> (by default the year after). Years skipped in between get no plan of their own.
    /// </summary>
    public async Task<IActionResult> OnPostCopyAsync(int id, int year, int? from, int? to, CancellationToken ct)
    {
        var source = from ?? year;
        var target = to ?? source + 1;
        if (!FiscalYear.IsSupported(year) || !FiscalYear.IsSupported(source) || !FiscalYear.IsSupported(target)
            || !await LoadAsync(id, source, ct) || Plan is null)
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        if (Years.Contains(target))
        {
            TempData["Message"] = $"{new FiscalYear(target).ToWareki()}の計画はすでにあります。";
            return Redirect($"/Plans/Details/{id}?year={target}");
        }

        if (!CopyTargets.Contains(target))
        {
            TempData["Error"] = target <= source
                ? $"{new FiscalYear(source).ToWareki()}の計画は、それより後の年度にだけ引き継げます。"
                : $"引き継ぎ先は{new FiscalYear(CopyTargets[^1]).ToWareki()}までの年度から選んでください。";
            return Redirect($"/Plans/Details/{id}?year={year}");
        }

        var (_, tracked) = await PlanAccess.LoadAsync(db, HttpContext.Scope(), id, source, tracked: true, ct);
        var (next, baselines) = tracked!.CopyTo(target, Live.PublicActuals(tracked));
        next.Stamp(HttpContext.Scope().UserName, clock.GetUtcNow());
        db.Plans.Add(next);
        audit.Add(AuditActions.Create, "Plan", null, detail: $"{Region.Name} {new FiscalYear(target).ToWareki()}({new FiscalYear(source).ToWareki()}から引き継ぎ)");
        if (!await SaveAsync(ct))
        {
            TempData["Message"] = "同じ年度の計画が先に作成されました。";
            return Redirect($"/Plans/Details/{id}?year={target}");
        }

        TempData["Message"] = baselines.Describe();
        return Redirect($"/Plans/Details/{id}?year={target}");
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
        Now = clock.GetUtcNow();
        Today = DateOnly.FromDateTime(JapanTime.ToJst(Now).DateTime);
        if (year is int y && !FiscalYear.IsSupported(y))
        {
            return false;
        }

        Years = await db.Plans.AsNoTracking().VisibleTo(scope).Where(p => p.RegionId == id).Select(p => p.FiscalYear).OrderBy(y => y).ToListAsync(ct);
        var current = FiscalYear.Of(Today).StartYear;
        CurrentYear = current;
        Year = year ?? (Years.Contains(current) ? current : Years.Count > 0 ? Years[^1] : current);
        CopySources = [.. Years.Where(y => y < Year).OrderByDescending(y => y)];
        CopyTargets = [.. Enumerable.Range(Year + 1, Math.Max(1, current + 1 - Year)).Where(y => FiscalYear.IsSupported(y) && !Years.Contains(y))];
        var (region, plan) = await PlanAccess.LoadAsync(db, scope, id, Year, tracked: false, ct);
        if (region is null)
        {
            return false;
        }

        Region = region;
        Plan = plan;
        CanEdit = scope.CanEditPlan(region);
        if (plan is not null)
        {
            Live = await LiveCounts.ForPlanAsync(db, sources, plan, scope, Today, privacy.Value.SuppressBelow, ct);
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
