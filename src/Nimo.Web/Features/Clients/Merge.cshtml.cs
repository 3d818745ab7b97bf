using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// 重複の統合: records of the same organisation with the same ふりがな and birth date fold into this one. Consents,
/// cases and liaison sheets move over; the duplicate stays as a pointer; the merge is audited on both records.
/// </summary>
public sealed class MergeModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    /// <summary>
    /// The tables whose rows move to the kept record when a duplicate is merged: every entity with a foreign key to
    /// <see cref="Client"/>. A new one must be moved above and added here; <c>MergeCoverageTests</c> fails until it is.
    /// </summary>
    public static readonly IReadOnlyList<Type> MovedOnMerge = [typeof(Consent), typeof(Cases.SupportCase), typeof(Liaison.LiaisonSheet)];

    public Client Client { get; private set; } = null!;
    public IReadOnlyList<Client> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, int duplicateId, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (Candidates.All(c => c.Id != duplicateId))
        {
            return NotFound();
        }

        var keep = await db.Clients.SingleAsync(c => c.Id == id, ct);
        // Not with its consents: they move below by key, and a tracked collection emptied here made EF delete them as orphans.
        var duplicate = await db.Clients.SingleAsync(c => c.Id == duplicateId, ct);
        try
        {
            keep.Absorb(duplicate);
        }
        catch (DomainRuleException e)
        {
            TempData[PageWrites.ErrorKey] = e.Message;
            return Redirect($"/Clients/Details/{id}");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Every table that points at a client, listed in MovedOnMerge (a test reads the model's foreign keys and fails on one not there).
        await db.Consents.Where(k => k.ClientId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(k => k.ClientId, id), ct);
        await db.SupportCases.Where(k => k.ClientId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(k => k.ClientId, id), ct);
        await db.LiaisonSheets.Where(k => k.ClientId == duplicateId).ExecuteUpdateAsync(s => s.SetProperty(k => k.ClientId, id), ct);
        audit.Add(AuditActions.Update, "Client", id, detail: $"重複の統合: 対象者#{duplicateId} をこの記録に統合");
        audit.Add(AuditActions.Update, "Client", duplicateId, detail: $"重複の統合: 対象者#{id} に統合され、この記録は参照用に残る");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two staff merging the same pair at once (the bad-input suite found it as a 500): the first wins, the
            // moves of this one roll back with the transaction.
            TempData[PageWrites.ErrorKey] = PageWrites.ConcurrentChange;
            return Redirect($"/Clients/Details/{id}");
        }

        await tx.CommitAsync(ct);
        TempData[PageWrites.MessageKey] = "重複していた記録を統合しました。";
        return Redirect($"/Clients/Details/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var today = JapanTime.Today(clock);
        var client = await db.Clients.AsNoTracking().VisibleTo(db, scope, today).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return NotFound();
        }

        if (!scope.Owns(client))
        {
            return Forbid();
        }

        Client = client;
        Candidates = await db.Clients.AsNoTracking().VisibleTo(db, scope, today)
            .Where(c => c.Id != id && c.OwnerOrganizationId == client.OwnerOrganizationId && c.KanaKey == client.KanaKey && c.BirthDate == client.BirthDate)
            .ToListAsync(ct);
        // The candidates are shown by name too: they are in the same entry.
        await HttpContext.AuditReadAsync(audit, client.Id, "重複の統合", ct, Candidates.Select(c => c.Id));
        return null;
    }
}
