using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Regions;

public static class RegionsApi
{
    public sealed record RegionItem(int Id, string? Code, string Name, string Kana, string Kind, string KindLabel, string? ParentCode, int? ParentId, string[] Flags);

    public static void MapRegionsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/regions", async (HttpContext http, NimoDbContext db, CancellationToken ct) =>
            {
                var scope = http.Scope();
                var rows = await db.Regions.AsNoTracking().VisibleTo(scope).OrderBy(r => r.Path).ToListAsync(ct);
                var codes = rows.ToDictionary(r => r.Id, r => r.Code);
                return Results.Ok(rows.Select(r => ToItem(r, r.ParentId is int p && codes.TryGetValue(p, out var c) ? c : null)));
            })
            .WithName("ListRegions").WithSummary("地域の一覧(利用者が閲覧できる範囲)");

        api.MapGet("/regions/{code}", async (string code, HttpContext http, NimoDbContext db, CancellationToken ct) =>
            {
                var scope = http.Scope();
                var region = await db.Regions.AsNoTracking().VisibleTo(scope).Include(r => r.Parent).SingleOrDefaultAsync(r => r.Code == code, ct);
                return region is null ? Results.NotFound() : Results.Ok(ToItem(region, region.Parent?.Code));
            })
            .WithName("GetRegion").WithSummary("全国地方公共団体コードで地域を1件取得");
    }

    private static RegionItem ToItem(Region r, string? parentCode) =>
        new(r.Id, r.Code, r.Name, r.Kana, r.Kind.ToString(), r.KindLabel, parentCode, r.ParentId,
            [.. Region.FlagLabels.Where(f => r.Flags.HasFlag(f.Flag)).Select(f => f.Flag.ToString())]);
}
