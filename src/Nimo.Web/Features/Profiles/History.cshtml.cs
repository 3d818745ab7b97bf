using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Profiles;

/// <summary>Every year's figures side by side with the change from the year before, and a chart per figure.</summary>
public sealed class HistoryModel(NimoDbContext db) : PageModel
{
    public Region Region { get; private set; } = null!;
    public IReadOnlyList<RegionProfile> Profiles { get; private set; } = [];
    public IReadOnlyList<NationalTarget> Targets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(HttpContext.Scope()).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (region is null)
        {
            return NotFound();
        }

        Region = region;
        Profiles = await db.RegionProfiles.AsNoTracking().Include(p => p.Figures).ThenInclude(f => f.AreaRegion)
            .Where(p => p.RegionId == id).OrderBy(p => p.FiscalYear).ToListAsync(ct);
        Targets = await db.NationalTargets.AsNoTracking().Where(t => t.Scope == TargetScope.EveryRegion).ToListAsync(ct);
        return Page();
    }

    /// <summary>The series of one figure over the years: the typed value, or a computed one for the derived rows.</summary>
    public IReadOnlyList<ChartPoint> Series(HistoryRow row) =>
        [.. Profiles.Select(p => new ChartPoint(p.Year.ToShortWareki(), row.ValueOf(p)))];

    /// <summary>The newest plan's target, and the newest confirmed one when that is a different plan: more lines would only crowd the chart.</summary>
    public IReadOnlyList<ChartReference> References(HistoryRow row)
    {
        if (row.Figure is not FigureKey key)
        {
            return [];
        }

        var candidates = Targets.Where(t => t.Figure == key && t.Comparison == TargetComparison.AtLeast).OrderByDescending(t => t.TargetFiscalYear).ToList();
        var chosen = new[] { candidates.FirstOrDefault(), candidates.FirstOrDefault(t => t.IsVerified) }.OfType<NationalTarget>().Distinct();
        return [.. chosen.Select(t => new ChartReference($"{t.Plan.Replace("障害福祉計画", "", StringComparison.Ordinal)}目標{(t.IsVerified ? "" : "(未確認)")}", t.Value))];
    }

    public static IReadOnlyList<HistoryRow> Rows =>
    [
        .. Figures.All.Where(d => d.Kind != FigureKind.YesNo).Select(d => new HistoryRow(d.FullLabel, d.Unit, d.Key, null)),
        new("人口10万人あたり精神科病床数", "床", null, c => c.BedsPer100k),
        new("人口10万人あたり1年以上の長期入院者数", "人", null, c => c.LongStayPer100k),
        new("入院者のうち1年以上の割合", "%", null, c => c.Shares[FigureKey.InpatientsOver1Year]),
        new("協議の場の設置率(市町村)", "%", null, c => c.ForumMunicipalityCoverage),
    ];
}

public sealed record HistoryRow(string Label, string Unit, FigureKey? Figure, Func<ProfileComputation, Computed>? Derived)
{
    public decimal? ValueOf(RegionProfile profile) => Figure is FigureKey key
        ? profile.Value(key)
        : Derived!(ProfileCalculator.Compute(profile, profile.Year.End)).Value;

    /// <summary>Typed figures as typed; computed rates always to one decimal, as everywhere else.</summary>
    public string Format(decimal? value) => value is not decimal v
        ? "—"
        : v.ToString(Derived is null ? "#,0.##" : "#,0.0", System.Globalization.CultureInfo.InvariantCulture);

    public string Anchor => Figure?.ToString() ?? "derived-" + Math.Abs(StableHash(Label)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int StableHash(string s) => s.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
