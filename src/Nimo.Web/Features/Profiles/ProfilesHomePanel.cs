using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Profiles;

/// <summary>「前年度以降の基礎情報がない市区町村」: municipalities the user may edit with no 基礎情報 for last 年度 or later.</summary>
public sealed class ProfilesHomePanel(NimoDbContext db) : IHomePanel
{
    /// <summary>The first municipalities by code; <see cref="Count"/> and <see cref="Link"/> give all of them (the 基礎情報 list filtered the same way).</summary>
    public sealed record Model(IReadOnlyList<Region> Shown, int Count, string Link);

    /// <summary>How many municipalities the panel names; the link lists them all.</summary>
    public const int ShownAtMost = 30;

    public async Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct)
    {
        var scope = home.Scope;
        if (!scope.CanEditMasterData || scope.IsAdmin)
        {
            return null;
        }

        var lastYear = FiscalYear.Of(home.Today).StartYear - 1;
        var withoutFigures = db.Regions.AsNoTracking().EditableBy(scope)
            .Where(r => r.Kind == RegionKind.Municipality && !db.RegionProfiles.Any(p => p.RegionId == r.Id && p.FiscalYear >= lastYear));
        // One statement for the count and the first 30: the region a user may edit holds at most a prefecture's
        // municipalities (埼玉 63), so reading their codes and names costs less than a second statement.
        var missing = await withoutFigures.OrderBy(r => r.Code).ToListAsync(ct);
        if (missing.Count == 0)
        {
            return null;
        }

        return new HomePanelContent("/Features/Profiles/_HomeProfiles.cshtml",
            new Model([.. missing.Take(ShownAtMost)], missing.Count, $"/Profiles?kind=Municipality&missing=true&since={lastYear}&under={scope.RegionId}"), missing.Count);
    }
}
