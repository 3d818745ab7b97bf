using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

/// <summary>
/// A prefecture's (or area's) regions side by side: each one's latest figures up to a 年度, totals over the
/// municipalities (areas are not added again: they contain the municipalities), who has no figures yet, and coverage.
/// </summary>
public sealed class RollupModel(NimoDbContext db) : PageModel
{
    public static readonly IReadOnlyList<FigureKey> SummedFigures =
        [FigureKey.Population, FigureKey.PsychiatricHospitals, FigureKey.PsychiatricBeds, FigureKey.InpatientsTotal, FigureKey.InpatientsOver1Year,
         FigureKey.CoreCounsellingCenters, FigureKey.GeneralCounsellingOffices, FigureKey.SpecificCounsellingOffices];

    public static readonly IReadOnlyList<FigureKey> ListedFigures = [FigureKey.DischargeRate3Months, FigureKey.DischargeRate6Months, FigureKey.DischargeRate12Months];

    public Region Region { get; private set; } = null!;
    public RegionProfile? OwnProfile { get; private set; }
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public int? Year { get; private set; }

    public sealed record Line(Region Region, RegionProfile? Profile, ProfileComputation? Computation);

    public IEnumerable<Line> Municipalities => Lines.Where(l => l.Region.Kind == RegionKind.Municipality);

    public int MunicipalitiesWithFigures => Municipalities.Count(l => l.Profile is not null);

    /// <summary>Municipalities whose own profile says they have a 協議の場, over all municipalities in the tree.</summary>
    public Computed ForumCoverageFromMunicipalities =>
        Computed.Ratio(Municipalities.Count(l => l.Profile?.Value(FigureKey.ForumMunicipalitiesWith) >= 1),
            Municipalities.Count(), 100, "%", "協議の場のある市町村数", "市町村数");

    public Computed FigureCoverage => Computed.Ratio(MunicipalitiesWithFigures, Municipalities.Count(), 100, "%", "登録済みの市町村数", "市町村数");

    /// <summary>The sum over municipalities with a value, and how many contributed (a partial sum says so).</summary>
    public (decimal Sum, int Count) Total(FigureKey key)
    {
        var values = Municipalities.Select(l => l.Profile?.Value(key)).Where(v => v is not null).Select(v => v!.Value).ToList();
        return (values.Sum(), values.Count);
    }

    public async Task<IActionResult> OnGetAsync(int id, int? year, CancellationToken ct)
    {
        if (year is int requested && !Platform.Japanese.FiscalYear.IsSupported(requested))
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
        var descendants = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope)
            .Where(r => r.Path.StartsWith(region.Path) && r.Id != id && (r.Kind == RegionKind.HealthArea || r.Kind == RegionKind.Municipality))
            .OrderBy(r => r.Path).ToListAsync(ct);
        var ids = descendants.Select(r => r.Id).Append(id).ToList();
        Years = await db.RegionProfiles.Where(p => ids.Contains(p.RegionId)).Select(p => p.FiscalYear).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        Year = year ?? (Years.Count > 0 ? Years[0] : null);
        var profiles = await db.LatestByRegionAsync(ids, Year, ct);
        var end = Year is int y ? new DateOnly(y + 1, 3, 31) : DateOnly.MaxValue;
        Line Build(Region r) => profiles.TryGetValue(r.Id, out var p) ? new Line(r, p, ProfileCalculator.Compute(p, end)) : new Line(r, null, null);
        OwnProfile = profiles.GetValueOrDefault(id);
        Lines = [.. descendants.Select(Build)];
        return Page();
    }
}
