using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Cases;
using Nimo.Features.Liaison;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// One client: basics, consents (all for the owner, only those naming it for another organisation), the cases and
/// liaison sheets the user may see. Each view is one audit entry; the page is never cached (no-store, as every
/// non-static response).
/// </summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public Client Client { get; private set; } = null!;
    public IReadOnlyList<Consent> Consents { get; private set; } = [];
    public IReadOnlyList<SupportCase> Cases { get; private set; } = [];
    public IReadOnlyList<LiaisonSheet> Sheets { get; private set; } = [];
    public Dictionary<int, string> OrganizationNames { get; private set; } = [];
    public bool Owner { get; private set; }
    public bool Reviewer { get; private set; }
    public DateOnly Today { get; private set; }
    public StaffNames Names { get; private set; } = StaffNames.None;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Today = JapanTime.Today(clock);
        // The visibility rule runs once, on the client row; its consents are then read by key. As one split-include query
        // the rule ran again in each of the three statements.
        var client = await db.Clients.AsNoTracking().Include(c => c.Region).Include(c => c.OwnerOrganization)
            .VisibleTo(db, scope, Today).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            // A merged record sends its readers to the one that holds everything now, if they may see it.
            var mergedInto = await db.Clients.AsNoTracking().Where(c => c.Id == id && c.MergedIntoId != null).Select(c => c.MergedIntoId).SingleOrDefaultAsync(ct);
            return mergedInto is int target && await db.Clients.VisibleTo(db, scope, Today).AnyAsync(c => c.Id == target, ct)
                ? Redirect($"/Clients/Details/{target}")
                : NotFound();
        }

        Client = client;
        Owner = scope.Owns(client);
        Reviewer = Owner && await AccessReviewers.IsReviewerAsync(db, scope, ct);
        // Another organisation sees the consents that name it, not the others: an outreach partner must not learn from a
        // consent's purpose that the person is in 措置入院 discharge support, nor who else the person shares with.
        var org = scope.OrganizationId;
        Consents = await db.Consents.AsNoTracking().Include(k => k.Organizations)
            .Where(k => k.ClientId == id && (Owner || k.Organizations.Any(o => o.OrganizationId == org))).OrderByDescending(k => k.ConsentedOn).ToListAsync(ct);
        Cases = [.. (await db.SupportCases.AsNoTracking().Where(c => c.ClientId == id).OrderByDescending(c => c.OpenedOn).ToListAsync(ct))
            .Where(c => scope.CanSee(c, Consents, Today))];
        Sheets = await db.LiaisonSheets.AsNoTracking().Include(s => s.FromOrganization).Include(s => s.ToOrganization)
            .Where(s => s.ClientId == id && (s.FromOrganizationId == org || s.ToOrganizationId == org)).OrderByDescending(s => s.SentAt).ToListAsync(ct);
        var orgIds = Consents.SelectMany(k => k.Organizations.Select(o => o.OrganizationId)).Distinct().ToList();
        OrganizationNames = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Names = await StaffNames.LoadAsync(db, Consents.Select(k => k.RecordedBy).Append(client.CreatedBy), ct);
        await HttpContext.AuditReadAsync(audit, client.Id, "対象者の詳細", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int id, int consentId, string? note, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var today = JapanTime.Today(clock);
        var client = await db.Clients.Include(c => c.Consents).VisibleTo(db, scope, today).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return NotFound();
        }

        if (!scope.Owns(client))
        {
            return Forbid();
        }

        var consent = client.Consents.SingleOrDefault(k => k.Id == consentId);
        if (consent is null)
        {
            return NotFound();
        }

        try
        {
            consent.Withdraw(today, note);
        }
        catch (DomainRuleException e)
        {
            TempData[PageWrites.ErrorKey] = e.Message;
            return Redirect($"/Clients/Details/{id}");
        }

        audit.Add(AuditActions.Update, "Consent", consent.Id, detail: $"同意の撤回 対象者#{client.Id}");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "同意の撤回を記録しました。この時点から、この同意による情報共有は止まります。";
        return Redirect($"/Clients/Details/{id}");
    }

    public static string OrganizationList(Consent consent, IReadOnlyDictionary<int, string> names) =>
        string.Join("、", consent.Organizations.Select(o => names.GetValueOrDefault(o.OrganizationId, "(不明な機関)")));

    public static string Label(Organization? o) => o?.Name ?? "—";
}
