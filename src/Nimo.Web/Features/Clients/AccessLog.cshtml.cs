using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// 閲覧記録: who read or changed one client's records, when and from which page (with the search that found the client),
/// newest first, for the owning organisation's designated reviewer only. Read through the client-keyed index of audit
/// subjects; a record merged into this one brings its own trail.
/// </summary>
public sealed class AccessLogModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    public sealed record Line(long Sequence, DateTimeOffset At, string? UserName, string? Organization, string Action, string? Record, string? Detail, string? Query,
        AuditOutcome Outcome);

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Client Client { get; private set; } = null!;
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var client = await db.Clients.AsNoTracking().VisibleTo(db, scope, JapanTime.Today(clock)).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null || !scope.Owns(client))
        {
            // Another organisation that sees the client through a consent does not read its trail; nor does anyone else.
            return NotFound();
        }

        if (!await AccessReviewers.IsReviewerAsync(db, scope, ct))
        {
            return Forbid();
        }

        Client = client;
        var ids = await db.Clients.Where(c => c.MergedIntoId == id).Select(c => c.Id).ToListAsync(ct);
        ids.Add(id);
        var trail = Trail(db, ids);
        Total = await trail.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var rows = await trail.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var orgIds = rows.Where(r => r.OrganizationId is not null).Select(r => r.OrganizationId!.Value).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Lines = [.. rows.Select(r => new Line(r.Sequence, r.OccurredAt, r.UserName, r.OrganizationId is int o ? orgs.GetValueOrDefault(o) : null, AuditActions.Label(r.Action),
            Record(r.RecordType, r.RecordId), r.Detail, r.Query, r.Outcome))];
        await HttpContext.AuditReadAsync(audit, client.Id, "閲覧記録", ct);
        return Page();
    }

    private static readonly Dictionary<string, string> RecordLabels = new(StringComparer.Ordinal)
    {
        ["Client"] = "対象者", ["Consent"] = "同意", ["SupportCase"] = "支援ケース", ["DischargePlan"] = "退院後支援計画", ["CaseNote"] = "支援記録",
        ["CaseConference"] = "支援関係者会議", ["Grant"] = "支給決定", ["LiaisonSheet"] = "地域連携票",
    };

    /// <summary>「支援ケース#12」 for a record; nothing for a list or search, whose detail says what it was.</summary>
    private static string? Record(string? type, string? id) =>
        type is not null && RecordLabels.TryGetValue(type, out var label) ? label + (id is null ? "" : "#" + id) : null;

    public sealed record Row(long Sequence, DateTimeOffset OccurredAt, string? UserName, int? OrganizationId, string Action, string? RecordType, string? RecordId,
        string? Detail, string? Query, AuditOutcome Outcome);

    /// <summary>The entries about these clients, newest first: an index range on (client, entry) per client, then the entries by key.</summary>
    public static IQueryable<Row> Trail(NimoDbContext db, IReadOnlyCollection<int> ids) =>
        from s in db.AuditSubjects
        where ids.Contains(s.ClientId)
        join a in db.AuditEntries on s.AuditEntryId equals a.Id
        orderby s.AuditEntryId descending
        select new Row(a.Sequence, a.OccurredAt, a.UserName, a.OrganizationId, a.Action, a.RecordType, a.RecordId, a.Detail, a.Query != null ? a.Query.Text : null, a.Outcome);
}
