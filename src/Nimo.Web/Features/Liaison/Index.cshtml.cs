using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Liaison;

/// <summary>地域連携票: what came to the user's organisation (unacknowledged first) and what it sent.</summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public IReadOnlyList<LiaisonSheet> Received { get; private set; } = [];
    public IReadOnlyList<LiaisonSheet> Sent { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!scope.HandlesPersonalData())
        {
            return Forbid();
        }

        var sheets = db.LiaisonSheets.AsNoTracking().VisibleTo(scope).Include(s => s.Client).Include(s => s.FromOrganization).Include(s => s.ToOrganization);
        Received = await sheets.Where(s => s.ToOrganizationId == scope.OrganizationId).OrderBy(s => s.State).ThenByDescending(s => s.SentAt).Take(200).ToListAsync(ct);
        Sent = await sheets.Where(s => s.FromOrganizationId == scope.OrganizationId).OrderByDescending(s => s.SentAt).Take(200).ToListAsync(ct);
        await HttpContext.AuditListAsync(audit, "ClientList", "地域連携票の一覧", [.. Received.Concat(Sent).Select(s => s.ClientId)], null, ct);
        return Page();
    }
}
