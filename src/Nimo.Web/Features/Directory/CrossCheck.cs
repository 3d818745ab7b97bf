using Microsoft.EntityFrameworkCore;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>One §1 count beside the directory's: 基幹 / 一般 / 特定 相談支援事業所.</summary>
public sealed record CountCheck(string Kind, string Label, decimal? Reported, string? AsOf, int Listed)
{
    public bool Mismatch => Reported is decimal r && r != Listed;
}

public sealed record RegionCheck(Region Region, int? FiscalYear, IReadOnlyList<CountCheck> Counts);

/// <summary>A 日常生活圏域 with no service of a category: evidence for a regional issue.</summary>
public sealed record AreaGap(Region Area, Region Municipality, string CategoryCode, string CategoryName);

/// <summary>
/// The directory checked against what the region reports: §1's 相談支援事業所数 beside the number of organisations listed with
/// that kind of service, and the 日常生活圏域 where a category has no service at all.
/// </summary>
public static class CrossCheck
{
    public static readonly IReadOnlyDictionary<string, (FigureKey Key, string Label)> CounsellingFigures = new Dictionary<string, (FigureKey, string)>
    {
        ["core-counselling"] = (FigureKey.CoreCounsellingCenters, "基幹相談支援センター"),
        ["general-counselling"] = (FigureKey.GeneralCounsellingOffices, "一般相談支援事業所"),
        ["specific-counselling"] = (FigureKey.SpecificCounsellingOffices, "特定相談支援事業所"),
    };

    /// <summary>Organisations (事業所) in the region's subtree with a service of the kind that is not 廃止, published or not.</summary>
    public static async Task<Dictionary<string, int>> ListedCountsAsync(NimoDbContext db, string regionPath, CancellationToken ct)
    {
        var kinds = Taxonomies.CounsellingKinds.Select(k => Taxonomies.TermId(Taxonomies.ServiceKinds, k)).ToList();
        var rows = await db.DirectoryServices.AsNoTracking()
            .Where(s => s.Status != ServiceStatus.Defunct && s.Organization.Region.Path.StartsWith(regionPath))
            // A plain join (SelectMany with a result selector): a filtered collection that refers back to the service needs
            // SQL APPLY, which SQLite does not have.
            .SelectMany(s => s.Terms, (s, t) => new { t.TermId, s.OrganizationId })
            .Where(x => kinds.Contains(x.TermId))
            .Distinct().ToListAsync(ct);
        return Taxonomies.CounsellingKinds.ToDictionary(k => k, k => rows.Where(r => r.TermId == Taxonomies.TermId(Taxonomies.ServiceKinds, k)).Select(r => r.OrganizationId).Distinct().Count());
    }

    /// <summary>The regions in the user's area whose latest 基礎情報 has any of the three counts, each beside the directory's counts.</summary>
    public static async Task<List<RegionCheck>> CountsAsync(NimoDbContext db, UserScope scope, CancellationToken ct)
    {
        var keys = CounsellingFigures.Values.Select(v => v.Key).ToList();
        var profiles = await db.RegionProfiles.AsNoTracking().Include(p => p.Region).Include(p => p.Figures)
            .Where(p => p.Figures.Any(f => keys.Contains(f.Key) && f.Value != null))
            .Where(p => scope.IsAdmin || p.Region.Path.StartsWith(scope.RegionPath))
            .ToListAsync(ct);
        var result = new List<RegionCheck>();
        foreach (var profile in profiles.GroupBy(p => p.RegionId).Select(g => g.OrderByDescending(p => p.FiscalYear).First()).OrderBy(p => p.Region.Path, StringComparer.Ordinal))
        {
            var listed = await ListedCountsAsync(db, profile.Region.Path, ct);
            var counts = CounsellingFigures.Select(kv =>
            {
                var figure = profile.Figure(kv.Value.Key);
                return new CountCheck(kv.Key, kv.Value.Label, figure?.Value, figure is { AsOf.IsKnown: true } f ? f.AsOf.ToString() : null, listed[kv.Key]);
            }).ToList();
            result.Add(new RegionCheck(profile.Region, profile.FiscalYear, counts));
        }

        return result;
    }

    /// <summary>Every (日常生活圏域, category) in the user's area that no service (not 廃止) covers, by its areas or its places.</summary>
    public static async Task<List<AreaGap>> GapsAsync(NimoDbContext db, UserScope scope, CancellationToken ct)
    {
        var root = scope.IsAdmin ? "/" : scope.RegionPath;
        var areas = await db.Regions.AsNoTracking().Where(r => r.Kind == RegionKind.DailyLifeArea && r.Path.StartsWith(root)).OrderBy(r => r.Path).ToListAsync(ct);
        if (areas.Count == 0)
        {
            return [];
        }

        var parents = areas.Select(a => a.ParentId!.Value).Distinct().ToList();
        var municipalities = await db.Regions.AsNoTracking().Where(r => parents.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var categoryTaxonomy = Taxonomies.TaxonomyId(Taxonomies.Categories);
        var services = await db.DirectoryServices.AsNoTracking().Where(s => s.Status != ServiceStatus.Defunct)
            .Select(s => new
            {
                Categories = s.Terms.Where(t => t.Term.TaxonomyId == categoryTaxonomy).Select(t => t.Term.Code).ToList(),
                Areas = s.Areas.Select(a => a.Region.Path).ToList(),
                Places = s.Locations.Where(l => l.Location.Region != null).Select(l => l.Location.Region!.Path).ToList(),
            }).ToListAsync(ct);
        var gaps = new List<AreaGap>();
        foreach (var area in areas)
        {
            var serving = services.Where(s => s.Areas.Any(p => area.Path.StartsWith(p, StringComparison.Ordinal) || p.StartsWith(area.Path, StringComparison.Ordinal))
                || s.Places.Any(p => p.StartsWith(area.Path, StringComparison.Ordinal))).ToList();
            foreach (var (code, name, _) in Taxonomies.CategoryTerms)
            {
                if (!serving.Any(s => s.Categories.Contains(code)))
                {
                    gaps.Add(new AreaGap(area, municipalities[area.ParentId!.Value], code, name));
                }
            }
        }

        return gaps;
    }

    public static Forums.IssueCategory IssueCategoryOf(string category) => category switch
    {
        "medical" => Forums.IssueCategory.Medical,
        "disability-welfare" or "long-term-care" => Forums.IssueCategory.WelfareAndCare,
        "housing" => Forums.IssueCategory.Housing,
        "participation" => Forums.IssueCategory.SocialParticipation,
        "mutual-aid" => Forums.IssueCategory.MutualAid,
        "awareness" => Forums.IssueCategory.Awareness,
        "consultation" => Forums.IssueCategory.Coordination,
        _ => Forums.IssueCategory.Other,
    };

    public static string IssueTitle(AreaGap gap) => $"{gap.Municipality.Name}{gap.Area.Name}に「{gap.CategoryName}」の社会資源がない";

    public static string IssueDescription(AreaGap gap, DateOnly today) =>
        $"{JapaneseDate.Format(today)}時点の社会資源の一覧(Nimo)で、{gap.Municipality.Name}の日常生活圏域「{gap.Area.Name}」を対象とする「{gap.CategoryName}」のサービス・窓口が1件もありません(廃止を除く、公開・非公開を含む)。圏域内の資源の確認と、不足への対応を協議してください。";
}
