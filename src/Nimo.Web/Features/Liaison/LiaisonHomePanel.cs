using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;

namespace Nimo.Features.Liaison;

/// <summary>「未回答の地域連携票」: sheets sent to the user's organisation not yet acknowledged or answered.</summary>
public sealed class LiaisonHomePanel(NimoDbContext db) : IHomePanel
{
    public async Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct)
    {
        if (!ClientAccess.HandlesPersonalData(home.Scope))
        {
            return null;
        }

        var waiting = await db.LiaisonSheets.AsNoTracking().Include(s => s.FromOrganization)
            .Where(s => s.ToOrganizationId == home.Scope.OrganizationId && s.State != LiaisonState.Answered).OrderBy(s => s.SentAt).Take(50).ToListAsync(ct);
        return waiting.Count == 0 ? null : new HomePanelContent("/Features/Liaison/_HomeLiaison.cshtml", waiting, waiting.Count);
    }
}
