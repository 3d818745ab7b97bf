using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features;

/// <summary>Home: what needs the user now (answers owed, meetings coming, actions due, figures missing), then their area at a glance.</summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IEnumerable<IHomePanel> panels) : PageModel
{
    /// <summary>Action items due within this many days are shown before they are late.</summary>
    public const int DueSoonDays = 14;

    public string RegionName { get; private set; } = "";
    public int RegionCount { get; private set; }
    public int MunicipalityCount { get; private set; }
    public int OrganizationCount { get; private set; }
    public int DepartmentCount { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<RegionalIssue> AnswersOwed { get; private set; } = [];
    public IReadOnlyList<Meeting> UpcomingMeetings { get; private set; } = [];
    public IReadOnlyList<(ActionItem Item, Meeting Meeting)> ActionsDue { get; private set; } = [];
    /// <summary>The first of the municipalities without recent 基礎情報, by name; the count and the link give all of them.</summary>
    public IReadOnlyList<Region> MunicipalitiesWithoutFigures { get; private set; } = [];
    public int MunicipalitiesWithoutFiguresCount { get; private set; }
    /// <summary>The full list behind <see cref="MunicipalitiesWithoutFigures"/>: the 基礎情報 list filtered the same way.</summary>
    public string MunicipalitiesWithoutFiguresLink { get; private set; } = "";
    public IReadOnlyList<(Plans.ScheduleItem Item, Region Region)> LateSchedule { get; private set; } = [];
    public IReadOnlyList<Cases.IndexModel.Reminder> CaseReminders { get; private set; } = [];
    public IReadOnlyList<Liaison.LiaisonSheet> LiaisonWaiting { get; private set; } = [];
    /// <summary>The panels feature modules contribute (Platform/Modules), in the order the modules are added.</summary>
    public IReadOnlyList<HomePanelContent> FeaturePanels { get; private set; } = [];
    public ForumToDo ForumToDo { get; private set; } = ForumToDo.None;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Today = JapanTime.Today(clock);
        RegionName = scope.IsAdmin ? "全地域" : scope.RegionName;
        var regions = db.Regions.Within(scope);
        RegionCount = await regions.CountAsync(ct);
        MunicipalityCount = await regions.CountAsync(r => r.Kind == RegionKind.Municipality, ct);
        OrganizationCount = await db.Organizations.VisibleTo(scope).CountAsync(ct);
        DepartmentCount = await db.Departments.VisibleTo(scope).CountAsync(ct);

        // The forums the user runs or sits on; admins see the queue of everyone, which is no to-do list.
        var forums = scope.IsAdmin ? [] : await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Members).ToListAsync(ct);
        var run = forums.Where(scope.CanManage).Select(f => f.Id).ToList();
        var mine = forums.Where(f => scope.CanManage(f) || scope.IsMember(f)).Select(f => f.Id).ToList();
        var owed = await db.RegionalIssues.AsNoTracking().Include(i => i.Forum).Include(i => i.Escalations)
            .Where(i => i.Status != IssueStatus.Resolved && i.Escalations.Any(e => e.AnsweredAt == null && run.Contains(e.ToForumId))).ToListAsync(ct);
        AnswersOwed = [.. owed.Where(i => run.Contains(i.CurrentForumId)).OrderBy(i => i.RaisedAt)];

        var now = clock.GetUtcNow();
        UpcomingMeetings = await db.Meetings.AsNoTracking().Include(m => m.Forum)
            .Where(m => mine.Contains(m.ForumId) && m.Status == MeetingStatus.Planned && m.StartsAt >= now)
            .OrderBy(m => m.StartsAt).Take(5).ToListAsync(ct);

        var horizon = Today.AddDays(DueSoonDays);
        var meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Include(m => m.Actions)
            .Where(m => run.Contains(m.ForumId) && m.Actions.Any(a => a.Status == ActionStatus.Open && a.DueDate != null && a.DueDate <= horizon))
            .ToListAsync(ct);
        ActionsDue = [.. meetings.SelectMany(m => m.Actions.Where(a => a.Status == ActionStatus.Open && a.DueDate <= horizon).Select(a => (a, m))).OrderBy(x => x.a.DueDate)];
        ForumToDo = await ForumToDo.ForAsync(db, run, now, ct);

        // Individual support: periods and grants ending, handovers waiting, liaison sheets not yet acknowledged or answered.
        CaseReminders = await Cases.IndexModel.RemindersAsync(db, scope, Today, ct);
        // The reminders name clients: a look at them like any list.
        await HttpContext.AuditListAsync(audit, "ClientList", "ホームの期限が近い支援ケース", [.. CaseReminders.Select(r => r.ClientId)], null, ct);
        if (Clients.ClientAccess.HandlesPersonalData(scope))
        {
            LiaisonWaiting = await db.LiaisonSheets.AsNoTracking().Include(s => s.FromOrganization)
                .Where(s => s.ToOrganizationId == scope.OrganizationId && s.State != Liaison.LiaisonState.Answered).OrderBy(s => s.SentAt).Take(50).ToListAsync(ct);
        }

        var home = new HomeContext(scope, Today, now);
        var contents = new List<HomePanelContent>();
        foreach (var panel in panels)
        {
            if (await panel.LoadAsync(home, ct) is { Count: > 0 } content)
            {
                contents.Add(content);
            }
        }

        FeaturePanels = contents;

        // Municipalities the user may edit that have no 基礎情報 for last 年度 or later.
        if (scope.CanEditMasterData && !scope.IsAdmin)
        {
            var lastYear = FiscalYear.Of(Today).StartYear - 1;
            var withoutFigures = db.Regions.AsNoTracking().EditableBy(scope)
                .Where(r => r.Kind == RegionKind.Municipality && !db.RegionProfiles.Any(p => p.RegionId == r.Id && p.FiscalYear >= lastYear));
            MunicipalitiesWithoutFiguresCount = await withoutFigures.CountAsync(ct);
            MunicipalitiesWithoutFigures = await withoutFigures.OrderBy(r => r.Code).Take(30).ToListAsync(ct);
            MunicipalitiesWithoutFiguresLink = $"/Profiles?kind=Municipality&missing=true&since={lastYear}&under={scope.RegionId}";

            // This 年度's plan schedule rows past their month and not done, in the regions the user plans for.
            var year = FiscalYear.Of(Today).StartYear;
            var monthKey = (Today.Year * 100) + Today.Month;
            var editable = db.Regions.EditableBy(scope).Select(r => r.Id);
            var rows = await db.ScheduleItems.AsNoTracking().Include(s => s.Plan).ThenInclude(p => p.Region)
                .Where(s => editable.Contains(s.Plan.RegionId) && s.Plan.FiscalYear == year && s.Plan.State == Plans.PlanState.Draft
                    && s.Kind == Plans.ScheduleKind.ThisYear && !s.Done && s.MonthKey < monthKey)
                .ToListAsync(ct);
            var meetingIds = rows.Where(r => r.MeetingId is not null).Select(r => r.MeetingId!.Value).ToList();
            var held = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id) && m.Status == MeetingStatus.Held).Select(m => m.Id).ToListAsync(ct);
            LateSchedule = [.. rows.Where(r => r.IsOverdue(Today, r.MeetingId is int id && held.Contains(id))).OrderBy(r => r.MonthKey).Select(r => (r, r.Plan.Region))];
        }
    }
}
