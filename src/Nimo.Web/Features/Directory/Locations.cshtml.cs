using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

public sealed class LocationsModel(NimoDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string Name, string Organization, string? Address, bool Confidential, bool HasPoint, int Services);

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public List<Row> Rows { get; private set; } = [];
    public bool Curator { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Curator = scope.CanCurateAnything();
        var query = db.DirectoryLocations.AsNoTracking().VisibleTo(scope);
        if (!string.IsNullOrWhiteSpace(Query))
        {
            var q = Query.Trim();
            query = query.Where(l => l.Name.Contains(q) || l.Organization.Name.Contains(q) || (l.StreetAddress != null && l.StreetAddress.Contains(q)));
        }

        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, ct);
        var rows = await query.OrderBy(l => l.Organization.Name).ThenBy(l => l.Name).Take(500)
            .Select(l => new { l.Id, l.Name, Organization = l.Organization.Name, l.RegionId, l.StreetAddress, l.Type, l.IsConfidential, HasPoint = l.Latitude != null,
                Services = db.ServiceAtLocations.Count(s => s.LocationId == l.Id) }).ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.Name, r.Organization, r.RegionId is int id && r.Type != LocationType.Virtual ? AddressParts.Compose(regions, id, r.StreetAddress) : null,
            r.IsConfidential, r.HasPoint, r.Services))];
        return Page();
    }
}
