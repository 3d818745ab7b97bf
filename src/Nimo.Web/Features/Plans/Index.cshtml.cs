using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// Plans of one 年度 across the user's area: which regions have a plan, which are evaluated, which are missing; and
/// for a prefecture or area, every sheet of its municipalities and areas in one workbook.
/// </summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy, IEnumerable<ILiveCountSource> sources) : PageModel
{
    public sealed record Line(Region Region, Plan? Plan, int Indicators, int Challenges);

    public int Year { get; private set; }
    public Region? Root { get; private set; }
    public IReadOnlyList<Region> RootChoices { get; private set; } = [];
    public IReadOnlyList<Line> Lines { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? year, int? regionId, CancellationToken ct) => await LoadAsync(year, regionId, ct) ? Page() : NotFound();

    /// <summary>
    /// Every plan's sheet under the chosen region, one worksheet each, after a first worksheet that lists who submitted
    /// (with the plan's state) and who did not: the collection is only useful if the missing are named.
    /// </summary>
    public async Task<IActionResult> OnGetBundleAsync(int? year, int? regionId, CancellationToken ct)
    {
        if (!await LoadAsync(year, regionId, ct) || Root is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(JapanTime.ToJst(now).DateTime);
        var documents = new List<SheetDocument>();
        var submitted = new List<SubmissionRow>();
        var missing = new List<SubmissionRow>();
        // The prefecture, its areas, then the municipalities area by area (by reading), each by 団体コード.
        var areas = Lines.Where(l => l.Region.Kind == RegionKind.HealthArea).ToDictionary(l => l.Region.Id, l => l.Region);
        Region? AreaOf(Region r) => r.ParentId is int parent && areas.TryGetValue(parent, out var a) ? a : null;
        foreach (var line in Lines.OrderBy(l => l.Region.Kind).ThenBy(l => AreaOf(l.Region)?.Kana ?? "").ThenBy(l => l.Region.Code ?? "").ThenBy(l => l.Region.Kana))
        {
            var area = AreaOf(line.Region)?.Name;
            if (line.Plan is not { } plan)
            {
                missing.Add(new SubmissionRow(line.Region.Name, line.Region.KindLabel, area, "未提出", null, null, null, null));
                continue;
            }

            submitted.Add(new SubmissionRow(line.Region.Name, line.Region.KindLabel, area, plan.IsEvaluated ? "評価確定済" : "作成中", line.Challenges, line.Indicators,
                plan.UpdatedAt == default ? null : $"{JapaneseDate.Format(plan.UpdatedAt)} {plan.UpdatedBy}", documents.Count));
            documents.Add(await ReportSheet.BuildAsync(db, sources, line.Region, Year, HttpContext.Scope(), now, privacy.Value.SuppressBelow, ct));
        }

        var fy = new FiscalYear(Year).ToWareki();
        var evaluated = Lines.Count(l => l.Plan?.IsEvaluated == true);
        var status = new SubmissionStatus($"{Root.Name} 管内 {fy} 報告様式の提出状況",
            $"{Lines.Count}地域のうち、計画の登録があるのは{submitted.Count}地域(評価確定済{evaluated}・作成中{submitted.Count - evaluated})、未提出は{missing.Count}地域です({JapaneseDate.Format(today)}時点)。",
            submitted, missing);
        await audit.WriteAsync(AuditActions.Export, "ReportSheet", Root.Id, detail: $"{Root.Name} 管内 {documents.Count}地域(未提出{missing.Count}地域) {fy} xlsx", ct: ct);
        return File(SheetXlsx.Write(documents, status), XlsxFile.ContentType, $"{SheetModel.FileName(Root, Year)}-kannai.xlsx");
    }

    private async Task<bool> LoadAsync(int? year, int? regionId, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Year = year ?? FiscalYear.Of(JapanTime.Today(clock)).StartYear;
        if (!FiscalYear.IsSupported(Year))
        {
            return false;
        }

        var visible = db.Regions.AsNoTracking().StatisticsVisibleTo(scope);
        RootChoices = await visible.Where(r => r.Kind == RegionKind.Prefecture || r.Kind == RegionKind.HealthArea || r.Id == scope.RegionId)
            .OrderBy(r => r.Path).ToListAsync(ct);
        Root = regionId is int id ? await visible.SingleOrDefaultAsync(r => r.Id == id, ct) : RootChoices.FirstOrDefault(r => r.Id == scope.RegionId) ?? (RootChoices.Count > 0 ? RootChoices[0] : null);
        if (regionId is not null && Root is null)
        {
            return false;
        }

        if (Root is null)
        {
            return true;
        }

        var path = Root.Path;
        var regions = await visible.Where(r => r.Path.StartsWith(path) && r.Kind != RegionKind.DailyLifeArea).OrderBy(r => r.Path).ToListAsync(ct);
        var ids = regions.Select(r => r.Id).ToList();
        var plans = await db.Plans.AsNoTracking().VisibleTo(scope).Where(p => ids.Contains(p.RegionId) && p.FiscalYear == Year)
            .Select(p => new { Plan = p, Indicators = p.Indicators.Count, Challenges = p.Challenges.Count }).ToListAsync(ct);
        Lines = [.. regions.Select(r => plans.Find(p => p.Plan.RegionId == r.Id) is { } p ? new Line(r, p.Plan, p.Indicators, p.Challenges) : new Line(r, null, 0, 0))];
        return true;
    }
}
