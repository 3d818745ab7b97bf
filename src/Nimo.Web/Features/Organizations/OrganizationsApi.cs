using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations;

public static class OrganizationsApi
{
    public sealed record OrganizationItem(int Id, string Name, string Kana, string Kind, string KindLabel, int RegionId, string RegionName, string? RegionCode, string? Address, string? Phone, bool IsActive);

    public static void MapOrganizationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/organizations", async (string? region, HttpContext http, NimoDbContext db, CancellationToken ct) =>
            {
                var query = db.Organizations.AsNoTracking().VisibleTo(http.Scope());
                if (!string.IsNullOrWhiteSpace(region))
                {
                    query = query.Where(o => o.Region.Code == region);
                }

                var rows = await query.OrderBy(o => o.Region.Path).ThenBy(o => o.Name)
                    .Select(o => new OrganizationItem(o.Id, o.Name, o.Kana, o.Kind.ToString(), "", o.RegionId, o.Region.Name, o.Region.Code, o.Address, o.Phone, o.IsActive))
                    .ToListAsync(ct);
                return Results.Ok(rows.Select(o => o with { KindLabel = Organization.KindLabels[Enum.Parse<OrganizationKind>(o.Kind)] }));
            })
            .WithName("ListOrganizations").WithSummary("機関の一覧(利用者が閲覧できる範囲、region=団体コードで絞込)");

        api.MapGet("/organizations/{id:int}", async (int id, HttpContext http, NimoDbContext db, CancellationToken ct) =>
            {
                var o = await db.Organizations.AsNoTracking().VisibleTo(http.Scope()).Include(x => x.Region).SingleOrDefaultAsync(x => x.Id == id, ct);
                return o is null
                    ? Results.NotFound()
                    : Results.Ok(new OrganizationItem(o.Id, o.Name, o.Kana, o.Kind.ToString(), o.KindLabel, o.RegionId, o.Region.Name, o.Region.Code, o.Address, o.Phone, o.IsActive));
            })
            .WithName("GetOrganization").WithSummary("機関を1件取得");
    }

    public static void MapMeApi(this RouteGroupBuilder api) =>
        api.MapGet("/me", (HttpContext http) =>
            {
                var s = http.Scope();
                return Results.Ok(new { s.UserName, s.Role, RoleLabel = s.RoleLabel, s.OrganizationId, s.OrganizationName, s.RegionId, s.RegionName });
            })
            .WithName("Me").WithSummary("トークンの利用者と所属");
}
