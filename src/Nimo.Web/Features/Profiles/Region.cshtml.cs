using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

/// <summary>One region's 基礎情報 for a year: the figures with 時点 and source, what follows from them, and comparisons.</summary>
public sealed class RegionModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public Region Region { get; private set; } = null!;
    public IReadOnlyList<Region> Ancestors { get; private set; } = [];
    public RegionProfile? Profile { get; private set; }
    public ProfileComputation? Computation { get; private set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public bool CanEdit { get; private set; }
    /// <summary>The region page (/Regions/Details) opens only inside the user's own subtree and the chain above it; statistics are read prefecture-wide.</summary>
    public bool CanOpenRegion { get; private set; }
    public IReadOnlyList<NationalTarget> Targets { get; private set; } = [];
    public IReadOnlyList<ComparisonRow> Comparison { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int? year, CancellationToken ct)
    {
        if (year is int requested && !FiscalYear.IsSupported(requested))
        {
            return NotFound();
        }

        var scope = HttpContext.Scope();
        var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (region is null)
        {
            return NotFound();
        }

        Region = region;
        CanEdit = scope.CanEditProfile(region);
        CanOpenRegion = scope.CanRead(region.Path);
        var ancestorPaths = UserScope.AncestorsOf(region.Path);
        Ancestors = await db.Regions.AsNoTracking().Where(r => ancestorPaths.Contains(r.Path)).OrderBy(r => r.Depth).ToListAsync(ct);
        Years = await db.RegionProfiles.Where(p => p.RegionId == id).OrderByDescending(p => p.FiscalYear).Select(p => p.FiscalYear).ToListAsync(ct);
        var chosen = year ?? (Years.Count > 0 ? Years[0] : null);
        if (chosen is int y)
        {
            Profile = await db.RegionProfiles.AsNoTracking().Include(p => p.Figures).ThenInclude(f => f.AreaRegion)
                .SingleOrDefaultAsync(p => p.RegionId == id && p.FiscalYear == y, ct);
            if (Profile is null && year is not null)
            {
                return NotFound();
            }
        }

        if (Profile is null)
        {
            return Page();
        }

        Computation = ProfileCalculator.Compute(Profile, JapanTime.Today(clock));
        Targets = [.. (await db.NationalTargets.AsNoTracking().ToListAsync(ct)).OrderBy(t => t.TargetFiscalYear).ThenBy(t => t.Scope).ThenBy(t => (int)t.Figure)];
        Comparison = await ComparisonRow.LoadAsync(db, scope, region, Profile.FiscalYear, ct);
        return Page();
    }
}

/// <summary>A row of the comparison with the parent region and the siblings: the latest figures at or before a year.</summary>
public sealed record ComparisonRow(Region Region, string Relation, RegionProfile? Profile, ProfileComputation? Computation)
{
    public static readonly IReadOnlyList<FigureKey> ComparedFigures =
        [FigureKey.DischargeRate3Months, FigureKey.DischargeRate6Months, FigureKey.DischargeRate12Months, FigureKey.InpatientsOver1Year];

    public decimal? Value(FigureKey key) => Profile?.Value(key);

    public string? AreaNote(FigureKey key) =>
        Profile?.Figure(key)?.AreaRegion is { } area ? area.Name : null;

    public static async Task<IReadOnlyList<ComparisonRow>> LoadAsync(NimoDbContext db, UserScope scope, Region region, int year, CancellationToken ct)
    {
        var related = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope)
            .Where(r => r.Id == region.Id || r.Id == region.ParentId || (r.ParentId == region.ParentId && r.ParentId != null && r.Kind == region.Kind))
            .ToListAsync(ct);
        var profiles = await db.LatestByRegionAsync(related.Select(r => r.Id).ToList(), year, ct);
        var today = new DateOnly(year + 1, 3, 31);
        ComparisonRow Row(Region r, string relation) =>
            profiles.TryGetValue(r.Id, out var p) ? new(r, relation, p, ProfileCalculator.Compute(p, today)) : new(r, relation, null, null);
        return
        [
            .. related.Where(r => r.Id == region.Id).Select(r => Row(r, "この地域")),
            .. related.Where(r => r.Id == region.ParentId).Select(r => Row(r, "上位")),
            .. related.Where(r => r.Id != region.Id && r.Id != region.ParentId).OrderBy(r => r.Code ?? r.Kana).Select(r => Row(r, "同じ階層")),
        ];
    }
}
