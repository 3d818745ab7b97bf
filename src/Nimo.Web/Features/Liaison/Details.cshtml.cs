using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Liaison;

/// <summary>One liaison sheet: read by sender and receiver; the receiver acknowledges and answers.</summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public LiaisonSheet Sheet { get; private set; } = null!;
    public bool Receiver { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        return Page();
    }

    /// <summary>Sender, acknowledger and answerer by name (the sheet keeps their login IDs).</summary>
    public StaffNames Names { get; private set; } = StaffNames.None;

    public async Task<IActionResult> OnPostAcknowledgeAsync(int id, CancellationToken ct) =>
        await ActAsync(id, "受領", s => s.Acknowledge(HttpContext.Scope().OrganizationId, clock.GetUtcNow(), HttpContext.Scope().UserName), "連携票を受領したことを記録しました。", ct);

    public async Task<IActionResult> OnPostReplyAsync(int id, string? answer, CancellationToken ct) =>
        await ActAsync(id, "回答", s => s.Reply(HttpContext.Scope().OrganizationId, answer ?? "", clock.GetUtcNow(), HttpContext.Scope().UserName), "連携票に回答しました。送り元の機関で読めます。", ct);

    private async Task<IActionResult> ActAsync(int id, string what, Action<LiaisonSheet> act, string message, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!Receiver)
        {
            return Forbid();
        }

        return await this.CommitAsync(db, () => act(Sheet), () => audit.Add(AuditActions.Update, "LiaisonSheet", id, detail: what), () => message,
            $"/Liaison/Details/{id}", ct);
    }

    private async Task<IActionResult?> LoadAsync(int id, bool tracked, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var query = db.LiaisonSheets.VisibleTo(scope).Include(s => s.Client).Include(s => s.FromOrganization).Include(s => s.ToOrganization).Include(s => s.Consent);
        var sheet = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sheet is null)
        {
            return NotFound();
        }

        Sheet = sheet;
        Receiver = sheet.ToOrganizationId == scope.OrganizationId;
        Names = await StaffNames.LoadAsync(db, [sheet.SentBy, sheet.AcknowledgedBy, sheet.AnsweredBy], ct);
        await HttpContext.AuditReadAsync(audit, sheet.ClientId, $"地域連携票#{id}", ct);
        return null;
    }
}
