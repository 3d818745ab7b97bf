using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Cases;

/// <summary>The caseworker's list: the cases the user may see, open ones first, with what is due soon.</summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int DueWithinDays = 30;

    [BindProperty(SupportsGet = true)]
    public Programme? Programme { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Closed { get; set; }

    // From the query string only: in Razor Pages the route value "page" is the page's path (/Cases/Index), and route values
    // win over the query string, so every link to page 2 showed page 1.
    [BindProperty(SupportsGet = true), FromQuery(Name = "page")]
    public int PageNumber { get; set; } = 1;

    public const int PageSize = 50;
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public string PageLink(int page) =>
        $"/Cases?page={page}{(Programme is Programme p ? $"&programme={p}" : "")}{(Closed ? "&closed=true" : "")}";

    public IReadOnlyList<SupportCase> Cases { get; private set; } = [];
    public IReadOnlyList<Reminder> Reminders { get; private set; } = [];
    public DateOnly Today { get; private set; }

    /// <summary>Something the organisation must do about a case by <see cref="Due"/>; past it, 期限切れ by <see cref="DaysOverdue"/> days.</summary>
    public sealed record Reminder(int CaseId, int ClientId, string Client, string What, DateOnly Due, int DaysOverdue)
    {
        public bool IsOverdue => DaysOverdue > 0;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!scope.HandlesPersonalData())
        {
            return Forbid();
        }

        Today = JapanTime.Today(clock);
        var visible = db.SupportCases.AsNoTracking().VisibleForList(db, scope, Today);
        if (Programme is Programme p)
        {
            visible = visible.Where(c => c.Programme == p);
        }

        visible = Closed ? visible : visible.Where(c => c.State != CaseState.Ended && c.State != CaseState.Declined);
        // A page at a time: a 保健所 follows thousands of cases, and the whole list cost more to draw than to find. The
        // visible set is built once: its ids, sorted by the database, give both the count and the page (as a count and then
        // a page, the union of the organisation's and the consented cases was built twice, 5 and 6 ms of an 11 ms page at
        // 4,000 cases). Only ids: with their sort keys as objects, every view held some 4,000 of them while PostgreSQL
        // answered, and the server's peak memory under load rose by 30-100 MB. Sorted in the order of the programme filter
        // (相談, アウトリーチ, 退院後支援, 地域移行, 地域定着, the enum's order; the column holds its name), newest first.
        var ids = await visible
            .OrderBy(c => c.Programme == Nimo.Features.Cases.Programme.Consultation ? 0
                : c.Programme == Nimo.Features.Cases.Programme.Outreach ? 1
                : c.Programme == Nimo.Features.Cases.Programme.DischargeSupport ? 2
                : c.Programme == Nimo.Features.Cases.Programme.CommunityTransition ? 3 : 4)
            .ThenByDescending(c => c.OpenedOn).ThenByDescending(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        Total = ids.Count;
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var pageIds = ids.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        // The page's rows by id, still through the rule: a consent withdrawn between the two statements hides its case.
        var rows = await db.SupportCases.AsNoTracking().VisibleTo(db, scope, Today).Where(c => pageIds.Contains(c.Id))
            .Include(c => c.Client).Include(c => c.DischargePlan).ToDictionaryAsync(c => c.Id, ct);
        Cases = [.. pageIds.Where(rows.ContainsKey).Select(id => rows[id])];
        Reminders = await RemindersAsync(db, scope, Today, ct);
        await HttpContext.AuditListAsync(audit, "ClientList",
            $"支援ケースの一覧({(Closed ? "終了を含む" : "支援中")}{(Programme is Programme shown ? "・" + SupportCase.ProgrammeLabels[shown] : "")}・{PageNumber}ページ目)",
            [.. Cases.Select(c => c.ClientId).Concat(Reminders.Select(r => r.ClientId))], null, ct);
        return Page();
    }

    /// <summary>
    /// Due soon or overdue for the user's organisation: 退院後支援 periods ending or ended, grants running out or run out,
    /// handovers waiting. Overdue work stays on the list, first and marked 期限切れ, however long ago its date was, until
    /// someone extends, renews or ends the case: it needs more attention, not less. Also on the home page.
    /// </summary>
    public static async Task<IReadOnlyList<Reminder>> RemindersAsync(NimoDbContext db, UserScope scope, DateOnly today, CancellationToken ct)
    {
        if (!scope.HandlesPersonalData())
        {
            return [];
        }

        var horizon = today.AddDays(DueWithinDays);
        var org = scope.OrganizationId;
        Reminder Due(int caseId, int clientId, string client, string what, DateOnly due) => new(caseId, clientId, client, what, due, Math.Max(0, today.DayNumber - due.DayNumber));
        // Each question names the programme its records belong to (a plan only on a 退院後支援 case, a grant only on a 地域移行
        // or 地域定着 case: SupportCase enforces both), so the index (organisation, programme, state) walks only those cases
        // instead of every active case of the organisation. Periods ending and handovers waiting are both questions about a
        // 退院後支援 case's plan, so one statement asks both (a case can owe both: it is then listed twice, once for each).
        var plans = await db.SupportCases.AsNoTracking().Where(c => c.OwnerOrganizationId == org && c.Programme == Nimo.Features.Cases.Programme.DischargeSupport && c.DischargePlan != null
                && ((c.State == CaseState.Active && c.DischargePlan.PeriodEndsOn != null && c.DischargePlan.PeriodEndsOn <= horizon) || c.DischargePlan.Handover == HandoverState.Pending))
            .Select(c => new { c.Id, c.ClientId, c.Client.Name, c.State, c.DischargePlan!.PeriodEndsOn, c.DischargePlan.Handover }).ToListAsync(ct);
        var periods = plans.Where(c => c.State == CaseState.Active && c.PeriodEndsOn <= horizon).Select(c => (c.Id, c.ClientId, c.Name, End: c.PeriodEndsOn!.Value))
            .Select(c => Due(c.Id, c.ClientId, c.Name, c.End < today ? "退院後支援の期間が終わっています(延長または終了の記録)" : "退院後支援の期間終了(計画の見直し・延長または終了)", c.End));
        // The newest grant of each kind per case: a renewed grant is not due. The client's name is read for the due ones only:
        // joined in the same statement, SQLite read the client of every active case before looking for a grant (4 ms on a
        // 保健所 with 4,000 active cases, most of them without a grant).
        var grantRows = await db.Grants.AsNoTracking()
            .Join(db.SupportCases.Where(c => c.OwnerOrganizationId == org && (c.Programme == Nimo.Features.Cases.Programme.CommunityTransition || c.Programme == Nimo.Features.Cases.Programme.CommunityRetention)
                && c.State == CaseState.Active), g => g.CaseId, c => c.Id, (g, c) => new { g.Kind, g.ValidUntil, c.Id, c.ClientId })
            .ToListAsync(ct);
        var dueGrants = grantRows.GroupBy(x => (x.Id, x.Kind)).Select(x => x.MaxBy(y => y.ValidUntil)!).Where(x => x.ValidUntil <= horizon).ToList();
        var dueClientIds = dueGrants.Select(x => x.ClientId).Distinct().ToList();
        var names = dueClientIds.Count == 0
            ? []
            : await db.Clients.AsNoTracking().Where(c => dueClientIds.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var grants = dueGrants
            .Select(x => Due(x.Id, x.ClientId, names[x.ClientId], (x.Kind, x.ValidUntil < today) switch
            {
                (GrantKind.Transition, true) => "地域移行支援の支給期間が終わっています(更新または終了の記録)",
                (GrantKind.Transition, false) => "地域移行支援の支給期間の終了(更新の検討)",
                (_, true) => "地域定着支援の支給期間が終わっています(更新または終了の記録)",
                _ => "地域定着支援の支給期間の終了(更新の検討)",
            }, x.ValidUntil));
        var handovers = plans.Where(c => c.Handover == HandoverState.Pending).Select(c => new Reminder(c.Id, c.ClientId, c.Name, "転居の引継ぎ(同意の確認待ち)", today, 0));
        return [.. periods.Concat(grants).Concat(handovers).OrderBy(r => r.Due).ThenBy(r => r.CaseId)];
    }
}
