using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>Proposals: those a curator reviews (in their area), and a partner's own organisation's.</summary>
public sealed class ProposalsModel(NimoDbContext db) : PageModel
{
    public sealed record Row(int Id, string ServiceName, bool IsNew, string Organization, string ProposedBy, DateTimeOffset ProposedAt, ProposalStatus Status, string StatusLabel);

    public List<Row> Pending { get; private set; } = [];
    public List<Row> Decided { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var rows = await db.ServiceProposals.AsNoTracking().VisibleTo(db, scope).OrderByDescending(p => p.ProposedAt).Take(300)
            .Select(p => new { p.Id, p.ServiceId, ServiceName = p.Service != null ? p.Service.Name : null, p.ContentJson, p.OrganizationId, p.ProposedBy, p.ProposedAt, p.Status })
            .ToListAsync(ct);
        var orgIds = rows.Select(r => r.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var list = rows.Select(r => new Row(r.Id, r.ServiceName ?? System.Text.Json.JsonSerializer.Deserialize<ServiceContent>(r.ContentJson)!.Name, r.ServiceId is null,
            names.GetValueOrDefault(r.OrganizationId, ""), r.ProposedBy, r.ProposedAt, r.Status, ServiceProposal.StatusLabels[r.Status])).ToList();
        Pending = [.. list.Where(r => r.Status == ProposalStatus.Pending)];
        Decided = [.. list.Where(r => r.Status != ProposalStatus.Pending)];
        return Page();
    }
}
