using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

/// <summary>
/// A prefecture's (or area's) regions side by side: each one's latest figures up to a 年度, a few figures at a time
/// (one group per table, the others one link away), municipalities under their 保健所圏域 with the area's subtotal,
/// totals over the municipalities (areas are not added again: they contain the municipalities), who has no figures
/// yet, and the two ways of counting forum coverage side by side.
/// </summary>
public sealed class RollupModel(NimoDbContext db) : PageModel
{
    /// <summary>A set of figures read together. Summed figures add up over municipalities; listed ones (rates) do not.</summary>
    public sealed record FigureGroup(string Key, string Label, IReadOnlyList<FigureKey> Summed, IReadOnlyList<FigureKey> Listed, bool BedsPer100k, IReadOnlyList<FigureKey> YesNo);

    public static readonly IReadOnlyList<FigureGroup> Groups =
    [
        new("beds", "人口・病床", [FigureKey.Population, FigureKey.PsychiatricHospitals, FigureKey.PsychiatricBeds], [], true, []),
        new("inpatients", "入院者(630調査)",
            [FigureKey.InpatientsTotal, FigureKey.InpatientsOver1Year, FigureKey.InpatientsOver1YearUnder65, FigureKey.InpatientsOver1YearOver65], [], false, []),
        new("counselling", "相談支援事業所", [FigureKey.CoreCounsellingCenters, FigureKey.GeneralCounsellingOffices, FigureKey.SpecificCounsellingOffices], [], false, []),
        new("discharge", "退院率", [], [FigureKey.DischargeRate3Months, FigureKey.DischargeRate6Months, FigureKey.DischargeRate12Months], false, []),
        new("forums", "協議の場・協議会", [], [], false, [FigureKey.ForumMunicipalitiesWith, FigureKey.MentalHealthSubcommittee]),
    ];

    public Region Region { get; private set; } = null!;
    public RegionProfile? OwnProfile { get; private set; }
    public ProfileComputation? OwnComputation { get; private set; }
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public IReadOnlyList<Block> Blocks { get; private set; } = [];
    public IReadOnlyList<int> Years { get; private set; } = [];
    public int? Year { get; private set; }
    public FigureGroup Group { get; private set; } = Groups[0];
    /// <summary>Only the areas' subtotals, without their municipalities.</summary>
    public bool AreasOnly { get; private set; }

    public sealed record Line(Region Region, RegionProfile? Profile, ProfileComputation? Computation);

    /// <summary>
    /// A 保健所圏域 with its municipalities (Area set), or the municipalities directly under the region (Area null).
    /// </summary>
    public sealed record Block(Line? Area, IReadOnlyList<Line> Municipalities)
    {
        public (decimal Sum, int Count) Total(FigureKey key) => Sum(Municipalities, key);

        /// <summary>Municipalities whose figure says 「有」 (a count of 1 or more), and how many have the figure at all.</summary>
        public (int Yes, int Known) YesCount(FigureKey key) => CountYes(Municipalities, key);
    }

    public IEnumerable<Line> Municipalities => Lines.Where(l => l.Region.Kind == RegionKind.Municipality);

    public int MunicipalitiesWithFigures => Municipalities.Count(l => l.Profile is not null);

    /// <summary>Municipalities with no figure for their forum (no 基礎情報 at all, or the cell left empty): counted as 「無」.</summary>
    public int MunicipalitiesWithoutForumFigure => Municipalities.Count(l => l.Profile?.Value(FigureKey.ForumMunicipalitiesWith) is null);

    /// <summary>Municipalities whose own profile says they have a 協議の場, over all municipalities in the tree.</summary>
    public Computed ForumCoverageFromMunicipalities =>
        Computed.Ratio(Municipalities.Count(l => l.Profile?.Value(FigureKey.ForumMunicipalitiesWith) >= 1),
            Municipalities.Count(), 100, "%", "協議の場のある市町村数", "市町村数");

    public int MunicipalitiesWithForum => Municipalities.Count(l => l.Profile?.Value(FigureKey.ForumMunicipalitiesWith) >= 1);

    public Computed FigureCoverage => Computed.Ratio(MunicipalitiesWithFigures, Municipalities.Count(), 100, "%", "登録済みの市町村数", "市町村数");

    /// <summary>The sum over municipalities with a value, and how many contributed (a partial sum says so).</summary>
    public (decimal Sum, int Count) Total(FigureKey key) => Sum(Municipalities, key);

    public (int Yes, int Known) YesCount(FigureKey key) => CountYes(Municipalities, key);

    public int ColumnCount => Group.Summed.Count + Group.Listed.Count + Group.YesNo.Count + (Group.BedsPer100k ? 1 : 0);

    public string Link(string? show = null, bool? areasOnly = null, int? year = null)
    {
        var query = new List<string>();
        if ((year ?? Year) is int y && Years.Count > 1)
        {
            query.Add("year=" + y.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        query.Add("show=" + (show ?? Group.Key));
        if (areasOnly ?? AreasOnly)
        {
            query.Add("rows=areas");
        }

        return $"/Profiles/Rollup/{Region.Id}?" + string.Join("&", query);
    }

    public async Task<IActionResult> OnGetAsync(int id, int? year, string? show, string? rows, CancellationToken ct)
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
        Group = Groups.FirstOrDefault(g => g.Key == show) ?? Groups[0];
        AreasOnly = rows == "areas";
        var descendants = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope)
            .Where(r => r.Path.StartsWith(region.Path) && r.Id != id && (r.Kind == RegionKind.HealthArea || r.Kind == RegionKind.Municipality))
            .ToListAsync(ct);
        var ids = descendants.Select(r => r.Id).Append(id).ToList();
        Years = await db.RegionProfiles.Where(p => ids.Contains(p.RegionId)).Select(p => p.FiscalYear).Distinct().OrderByDescending(y => y).ToListAsync(ct);
        Year = year ?? (Years.Count > 0 ? Years[0] : null);
        var profiles = await db.LatestByRegionAsync(ids, Year, ct);
        var end = Year is int y ? new DateOnly(y + 1, 3, 31) : DateOnly.MaxValue;
        Line Build(Region r) => profiles.TryGetValue(r.Id, out var p) ? new Line(r, p, ProfileCalculator.Compute(p, end)) : new Line(r, null, null);
        OwnProfile = profiles.GetValueOrDefault(id);
        OwnComputation = OwnProfile is null ? null : ProfileCalculator.Compute(OwnProfile, end);
        Lines = [.. descendants.Select(Build)];

        // Each municipality under the nearest 保健所圏域 above it; the areas in the order of their names, the
        // municipalities by 団体コード (the order of the prefecture's own tables).
        var areas = Lines.Where(l => l.Region.Kind == RegionKind.HealthArea).OrderBy(l => l.Region.Kana).ToList();
        var byPath = areas.ToDictionary(a => a.Region.Path);
        Line? AreaOf(Line m) => UserScope.AncestorsOf(m.Region.Path).Reverse().Select(p => byPath.GetValueOrDefault(p)).FirstOrDefault(a => a is not null);
        var municipalities = Lines.Where(l => l.Region.Kind == RegionKind.Municipality).OrderBy(l => l.Region.Code ?? "").ThenBy(l => l.Region.Kana).ToList();
        var grouped = municipalities.GroupBy(AreaOf).ToDictionary(g => g.Key?.Region.Id ?? 0, g => g.ToList());
        Blocks =
        [
            .. areas.Select(a => new Block(a, grouped.GetValueOrDefault(a.Region.Id) ?? [])),
            .. grouped.TryGetValue(0, out var direct) ? [new Block(null, direct)] : Array.Empty<Block>(),
        ];
        return Page();
    }

    /// <summary>Beds per 100,000 over the municipalities that have both figures (others would dilute the rate).</summary>
    public static Computed BedsPer100k(IEnumerable<Line> lines)
    {
        var both = lines.Where(l => l.Profile?.Value(FigureKey.PsychiatricBeds) is not null && l.Profile.Value(FigureKey.Population) is not null).ToList();
        return Computed.Ratio(both.Count == 0 ? null : both.Sum(l => l.Profile!.Value(FigureKey.PsychiatricBeds)), both.Count == 0 ? null : both.Sum(l => l.Profile!.Value(FigureKey.Population)),
            100000, "床", "病床数", "人口");
    }

    private static (decimal Sum, int Count) Sum(IEnumerable<Line> lines, FigureKey key)
    {
        var values = lines.Select(l => l.Profile?.Value(key)).Where(v => v is not null).Select(v => v!.Value).ToList();
        return (values.Sum(), values.Count);
    }

    private static (int Yes, int Known) CountYes(IEnumerable<Line> lines, FigureKey key)
    {
        var values = lines.Select(l => l.Profile?.Value(key)).Where(v => v is not null).ToList();
        return (values.Count(v => v >= 1), values.Count);
    }
}
