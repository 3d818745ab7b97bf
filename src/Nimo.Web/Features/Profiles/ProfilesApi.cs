using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

public static class ProfilesApi
{
    public sealed record FigureItem(string Key, string Label, string Unit, decimal? Value, string? AsOf, string? AsOfText, string? Source, string? AreaCode, string? AreaName);

    public sealed record ComputedItem(string Key, string Label, decimal? Value, string Unit, string? Reason);

    public sealed record FindingItem(string[] Figures, string Message);

    public sealed record ProfileItem(string RegionCode, string RegionName, int FiscalYear, string FiscalYearText, DateTimeOffset UpdatedAt, string UpdatedBy,
        string? InconsistencyReason, IReadOnlyList<FigureItem> Figures, IReadOnlyList<ComputedItem> Computed, IReadOnlyList<FindingItem> Findings);

    public static void MapProfilesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/regions/{code}/profile", async (string code, int? year, HttpContext http, NimoDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var profiles = await LoadAsync(db, http.Scope(), code, year, ct);
                if (profiles is null)
                {
                    return Results.NotFound();
                }

                var profile = year is null ? profiles.MaxBy(p => p.FiscalYear) : profiles.SingleOrDefault();
                return profile is null ? Results.NotFound() : Results.Ok(ToItem(profile, JapanTime.Today(clock)));
            })
            .WithName("GetRegionProfile").WithSummary("地域の基礎情報(最新年度、または year で指定した年度)。数値ごとの時点・出典・対象地域、計算値、整合性の確認結果");

        api.MapGet("/regions/{code}/profile/history", async (string code, HttpContext http, NimoDbContext db, TimeProvider clock, CancellationToken ct) =>
            {
                var profiles = await LoadAsync(db, http.Scope(), code, null, ct);
                var today = JapanTime.Today(clock);
                return profiles is null ? Results.NotFound() : Results.Ok(profiles.OrderBy(p => p.FiscalYear).Select(p => ToItem(p, today)));
            })
            .WithName("GetRegionProfileHistory").WithSummary("地域の基礎情報の全年度(古い順)");
    }

    /// <summary>Null when the region is not visible; otherwise its profiles (one year, or all).</summary>
    private static async Task<List<RegionProfile>?> LoadAsync(NimoDbContext db, UserScope scope, string code, int? year, CancellationToken ct)
    {
        var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).SingleOrDefaultAsync(r => r.Code == code, ct);
        if (region is null)
        {
            return null;
        }

        return await db.RegionProfiles.AsNoTracking().Include(p => p.Region).Include(p => p.Figures).ThenInclude(f => f.AreaRegion)
            .Where(p => p.RegionId == region.Id && (year == null || p.FiscalYear == year)).ToListAsync(ct);
    }

    /// <summary>「2023-04」, 「2017」 or 「FY2022」 (a 年度): machine-readable, and never more precise than what was typed.</summary>
    private static string? IsoAsOf(WarekiValue v) => v.Precision switch
    {
        WarekiPrecision.YearMonth or WarekiPrecision.Date => $"{v.Year:D4}-{v.Month:D2}",
        WarekiPrecision.Year => v.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        WarekiPrecision.FiscalYear => "FY" + v.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static ProfileItem ToItem(RegionProfile p, DateOnly today)
    {
        var c = ProfileCalculator.Compute(p, today);
        var order = Figures.All.Select((d, i) => (d.Key, i)).ToDictionary(x => x.Key, x => x.i);
        List<ComputedItem> computed =
        [
            .. c.Shares.Select(s => new ComputedItem("Share" + s.Key, Figures.Of(s.Key).Label + "の構成割合", s.Value.Value, s.Value.Unit, s.Value.Reason)),
            new("BedsPer100k", "人口10万人あたり精神科病床数", c.BedsPer100k.Value, c.BedsPer100k.Unit, c.BedsPer100k.Reason),
            new("LongStayPer100k", "人口10万人あたり1年以上の長期入院者数", c.LongStayPer100k.Value, c.LongStayPer100k.Unit, c.LongStayPer100k.Reason),
            new("ForumMunicipalityCoverage", "協議の場の設置率(市町村)", c.ForumMunicipalityCoverage.Value, c.ForumMunicipalityCoverage.Unit, c.ForumMunicipalityCoverage.Reason),
            new("ForumAreaCoverage", "協議の場の設置率(圏域)", c.ForumAreaCoverage.Value, c.ForumAreaCoverage.Unit, c.ForumAreaCoverage.Reason),
        ];
        return new ProfileItem(p.Region.Code ?? "", p.Region.Name, p.FiscalYear, p.Year.ToWareki(), p.UpdatedAt, p.UpdatedBy, p.InconsistencyReason,
            [.. p.Figures.OrderBy(f => order[f.Key]).Select(f => new FigureItem(f.Key.ToString(), f.Definition.FullLabel, f.Definition.Unit, f.Value,
                IsoAsOf(f.AsOf),
                f.AsOf.IsKnown ? f.AsOf.ToString() : null, f.Source, f.AreaRegion?.Code, f.AreaRegion?.Name))],
            computed,
            [.. c.Findings.Select(f => new FindingItem([.. f.Figures.Select(k => k.ToString())], f.Message))]);
    }
}
