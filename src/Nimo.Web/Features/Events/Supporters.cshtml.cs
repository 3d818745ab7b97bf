using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>
/// Certified supporters of a region: per 市町村 for the 年度 and cumulatively, year by year for the whole region (imported
/// baseline beside the completions recorded here), and the national target beside it for context.
/// </summary>
public sealed class SupportersModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public int Year { get; private set; }
    public int CurrentYear { get; private set; }
    public Region? Region { get; private set; }
    public IReadOnlyList<(Region Region, int Depth)> RegionChoices { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<SupporterYear> Years { get; private set; } = [];
    public IReadOnlyList<SupporterTarget> Targets { get; private set; } = [];
    public bool CanImport { get; private set; }

    public sealed record Row(Region Region, string Label, int Year, int Cumulative);

    public async Task OnGetAsync(int? regionId, int? year, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        CurrentYear = FiscalYear.Of(JapanTime.Today(clock)).StartYear;
        Year = year is int y && FiscalYear.IsSupported(y) ? y : CurrentYear;
        RegionChoices = await EventChoices.ReadableRegionsAsync(db, scope, ct);
        Region = RegionChoices.FirstOrDefault(r => r.Region.Id == regionId).Region ?? (RegionChoices.Count > 0 ? RegionChoices[0].Region : null);
        CanImport = scope.CanEditMasterData && !scope.IsAdmin;
        Targets = await db.SupporterTargets.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct);
        if (Region is null)
        {
            return;
        }

        var cells = await SupporterCounts.CellsAsync(db, Region.Path, Year, ct);
        Years = SupporterCounts.ByYear(cells, Year);
        var regions = RegionChoices.Select(c => c.Region).Where(r => r.Path.StartsWith(Region.Path, StringComparison.Ordinal)).ToDictionary(r => r.Id);
        var rows = new List<Row>();
        // Each 市町村 with what was held in it; courses held for a 圏域 or the 県 as a whole on a line of their own.
        foreach (var municipality in regions.Values.Where(r => r.Kind == RegionKind.Municipality).OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            var mine = cells.Where(c => regions.TryGetValue(c.RegionId, out var r) && r.Path.StartsWith(municipality.Path, StringComparison.Ordinal));
            var (inYear, cumulative) = SupporterCounts.Totals(mine, Year);
            rows.Add(new Row(municipality, municipality.Name, inYear, cumulative));
        }

        foreach (var other in cells.Select(c => c.RegionId).Distinct().Select(id => regions.GetValueOrDefault(id)).OfType<Region>()
            .Where(r => r.Kind is RegionKind.Prefecture or RegionKind.HealthArea).OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            var (inYear, cumulative) = SupporterCounts.Totals(cells.Where(c => c.RegionId == other.Id), Year);
            rows.Add(new Row(other, $"{other.Name}全体の講座(市町村に分けない)", inYear, cumulative));
        }

        Rows = rows;
    }

    public static string Share(int count, int of) => of == 0 ? "—" : (100m * count / of).ToString(count * 10000L < of ? "0.000" : "0.0", CultureInfo.InvariantCulture) + "%";
}
