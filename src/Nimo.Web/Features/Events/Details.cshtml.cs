using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>
/// One event: its facts, its state (公開・開催済み・中止) and the actions on it, seats and attendance per audience category,
/// counts without names, and its links to the plan's schedule and the forum. Names are never on this page (the 名簿 has them).
/// </summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy) : PageModel
{
    public Event Event { get; private set; } = null!;
    public bool Manages { get; private set; }
    /// <summary>Why the event cannot be recorded as held now, or null (the button is offered only then).</summary>
    public string? HeldRefusal { get; private set; }
    public int Confirmed { get; private set; }
    public int Waiting { get; private set; }
    public int Cancelled { get; private set; }
    public IReadOnlyList<CategoryRow> Attendance { get; private set; } = [];
    public string? ScheduleLabel { get; private set; }
    public int? SchedulePlanRegionId { get; private set; }
    public int? SchedulePlanYear { get; private set; }
    public string? ForumName { get; private set; }
    public int Responses { get; private set; }
    public int SuppressBelow => privacy.Value.SuppressBelow;

    [BindProperty]
    public string? CancelReason { get; set; }

    [BindProperty]
    public List<HeadcountInput> Headcounts { get; set; } = [];

    public sealed record CategoryRow(Audience? Category, string Label, int Named, int Counted, int Completed);

    public sealed class HeadcountInput
    {
        public Audience Category { get; set; }
        public int Attended { get; set; }
        public int Completed { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostPublishAsync(int id, CancellationToken ct) => ActAsync(id, "公開ページに載せました。", (e, now, user) =>
    {
        e.Publish(now, user);
        return Task.FromResult<string?>(null);
    }, ct);

    public Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct) => ActAsync(id, "公開ページから取り下げました(申込みはそのまま残ります)。", (e, now, user) =>
    {
        e.Withdraw(now, user);
        return Task.FromResult<string?>(null);
    }, ct);

    public Task<IActionResult> OnPostHeldAsync(int id, CancellationToken ct) => ActAsync(id, "開催済みにしました。", async (e, now, user) =>
    {
        e.RecordHeld(now, user);
        return await ScheduleLink.ApplyAsync(db, e, held: true, ct);
    }, ct);

    public Task<IActionResult> OnPostReopenAsync(int id, CancellationToken ct) => ActAsync(id, "予定に戻しました。", async (e, now, user) =>
    {
        var wasHeld = e.IsHeld;
        e.Reopen(now, user);
        return wasHeld ? await ScheduleLink.ApplyAsync(db, e, held: false, ct) : null;
    }, ct);

    public Task<IActionResult> OnPostCancelAsync(int id, CancellationToken ct) => ActAsync(id, "中止にしました。", (e, now, user) =>
    {
        e.Cancel(CancelReason, now, user);
        return Task.FromResult<string?>(null);
    }, ct);

    /// <summary>Counts without names, per category (出前講座 to a class, walk-ins nobody wrote down).</summary>
    public async Task<IActionResult> OnPostHeadcountsAsync(int id, CancellationToken ct)
    {
        var (e, refusal) = await this.EventForAsync(db, id, manage: true, ct);
        if (e is null)
        {
            return refusal!;
        }

        var existing = await db.EventHeadcounts.Where(h => h.EventId == id).ToListAsync(ct);
        try
        {
            foreach (var input in Headcounts.Where(h => (e.Audiences & h.Category) == h.Category && EventLabels.Audiences.Contains(h.Category)))
            {
                var row = existing.FirstOrDefault(h => h.Category == input.Category);
                if (row is null)
                {
                    if (input.Attended == 0 && input.Completed == 0)
                    {
                        continue;
                    }

                    row = EventHeadcount.Create(id, input.Category);
                    db.EventHeadcounts.Add(row);
                }

                row.Set(input.Attended, input.Completed, e.Kind == EventKind.SupporterCourse);
            }
        }
        catch (DomainRuleException x)
        {
            TempData[PageWrites.ErrorKey] = x.Message;
            return Redirect($"/Events/Details/{id}#headcounts");
        }

        audit.Add(AuditActions.Update, "EventHeadcount", id, detail: $"{e.Title}: 名簿によらない人数 " + string.Join("、", Headcounts.Where(h => h.Attended > 0).Select(h => $"{EventLabels.AudienceNames.GetValueOrDefault(h.Category, "?")}{h.Attended}人")));
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "名簿によらない参加者数を保存しました。";
        return Redirect($"/Events/Details/{id}#headcounts");
    }

    private async Task<IActionResult> ActAsync(int id, string done, Func<Event, DateTimeOffset, string, Task<string?>> act, CancellationToken ct)
    {
        var (found, refusal) = await this.EventForAsync(db, id, manage: true, ct);
        if (found is null)
        {
            return refusal!;
        }

        var e = await db.Events.SingleAsync(x => x.Id == id, ct);
        var wasPublic = e.IsPublished;
        string? note;
        try
        {
            note = await act(e, clock.GetUtcNow(), HttpContext.Scope().UserName);
        }
        catch (DomainRuleException x)
        {
            TempData[PageWrites.ErrorKey] = x.Message;
            return Redirect($"/Events/Details/{id}");
        }

        if (wasPublic || e.IsPublished)
        {
            await EventListingStamp.TouchAsync(db, ct);
        }

        audit.Add(AuditActions.Update, "Event", id, detail: $"{e.Title}: {done}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData[PageWrites.ErrorKey] = PageWrites.ConcurrentChange;
            return Redirect($"/Events/Details/{id}");
        }

        TempData[PageWrites.MessageKey] = note is null ? done : done + note;
        return Redirect($"/Events/Details/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (e, refusal) = await this.EventForAsync(db, id, manage: false, ct);
        if (e is null)
        {
            return refusal;
        }

        Event = e;
        var scope = HttpContext.Scope();
        Manages = scope.CanManage(e);
        HeldRefusal = e.HeldRefusal(clock.GetUtcNow());
        var registrations = await db.EventRegistrations.AsNoTracking().Where(r => r.EventId == id)
            .Select(r => new { r.Status, r.Category, In = r.CheckedInAt != null, r.Completed }).ToListAsync(ct);
        Confirmed = registrations.Count(r => r.Status == RegistrationStatus.Confirmed);
        Waiting = registrations.Count(r => r.Status == RegistrationStatus.Waitlisted);
        Cancelled = registrations.Count(r => r.Status == RegistrationStatus.Cancelled);
        var headcounts = await db.EventHeadcounts.AsNoTracking().Where(h => h.EventId == id).ToListAsync(ct);
        var rows = EventLabels.Audiences.Where(a => (e.Audiences & a) == a)
            .Select(a => new CategoryRow(a, EventLabels.AudienceNames[a],
                registrations.Count(r => r.In && r.Status != RegistrationStatus.Cancelled && r.Category == a),
                headcounts.Where(h => h.Category == a).Sum(h => h.Attended),
                registrations.Count(r => r.Completed && r.Category == a) + headcounts.Where(h => h.Category == a).Sum(h => h.Completed)))
            .ToList();
        var unclassified = registrations.Count(r => r.In && r.Status != RegistrationStatus.Cancelled && r.Category is null);
        if (unclassified > 0)
        {
            rows.Add(new CategoryRow(null, "区分なし", unclassified, 0, registrations.Count(r => r.Completed && r.Category is null)));
        }

        Attendance = rows;
        Headcounts = [.. rows.Where(r => r.Category is not null).Select(r => new HeadcountInput { Category = r.Category!.Value, Attended = r.Counted, Completed = headcounts.Where(h => h.Category == r.Category).Sum(h => h.Completed) })];
        if (e.ScheduleItemId is int item)
        {
            var row = await db.ScheduleItems.AsNoTracking().Where(s => s.Id == item)
                .Select(s => new { s.WhenText, s.Title, s.Done, s.Plan.RegionId, s.Plan.FiscalYear, Region = s.Plan.Region.Name }).SingleOrDefaultAsync(ct);
            if (row is not null)
            {
                ScheduleLabel = $"{row.Region} {new Platform.Japanese.FiscalYear(row.FiscalYear).ToWareki()} {row.WhenText}: {row.Title.Split('\n')[0]}({(row.Done ? "実施済み" : "未実施")})";
                SchedulePlanRegionId = row.RegionId;
                SchedulePlanYear = row.FiscalYear;
            }
        }

        if (e.ForumId is int forum)
        {
            ForumName = await db.Forums.AsNoTracking().Where(f => f.Id == forum).Select(f => f.Name).SingleOrDefaultAsync(ct);
        }

        Responses = await db.QuestionnaireResponses.CountAsync(r => r.EventId == id, ct);
        return null;
    }

    public string Show(int count) => HttpContext.Scope().Count(Event, count, SuppressBelow);
}
