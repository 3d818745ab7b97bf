using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Clients;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Cases;

/// <summary>
/// De-identified counts of individual support per region and 年度, for forums and plans: cases opened and active by
/// programme, protected by the one rule (<see cref="Suppression"/>: 「10未満」, and 「秘匿」 where a small count could be
/// worked out by subtraction). Staff who handle the cases also see their own organisation's 退院後支援 monitoring figures.
/// </summary>
[DeIdentified]
public sealed class StatsModel(NimoDbContext db, TimeProvider clock, IOptions<PrivacyOptions> privacy) : PageModel
{
    /// <summary>Per programme: opened in the 年度, 支援中 today within their period or grant, 期限切れ (past it, no end recorded), ended in the 年度.</summary>
    public sealed record Line(Programme Programme, ProtectedCount Opened, ProtectedCount Active, ProtectedCount Expired, ProtectedCount Ended);

    public int Year { get; private set; }
    public Region? Region { get; private set; }
    public IReadOnlyList<Region> RegionChoices { get; private set; } = [];
    public IReadOnlyList<Line> Lines { get; private set; } = [];
    public ProtectedCount LiaisonSheets { get; private set; } = new(0, false, null);
    public MonitoringFigures? Monitoring { get; private set; }
    public int SuppressBelow => privacy.Value.SuppressBelow;

    public async Task<IActionResult> OnGetAsync(int? regionId, int? year, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var today = JapanTime.Today(clock);
        Year = year ?? FiscalYear.Of(today).StartYear;
        if (!FiscalYear.IsSupported(Year))
        {
            return NotFound();
        }

        var visible = db.Regions.AsNoTracking().StatisticsVisibleTo(scope);
        RegionChoices = await visible.Where(r => r.Kind != RegionKind.DailyLifeArea).OrderBy(r => r.Path).ToListAsync(ct);
        Region = regionId is int id ? RegionChoices.FirstOrDefault(r => r.Id == id) : RegionChoices.FirstOrDefault(r => r.Id == scope.RegionId) ?? (RegionChoices.Count > 0 ? RegionChoices[0] : null);
        if (regionId is not null && Region is null)
        {
            return NotFound();
        }

        if (Region is null)
        {
            return Page();
        }

        var fy = new FiscalYear(Year);
        // Counted for every organisation of the prefecture: a region's cell is protected together with its parent and
        // siblings (Suppression), so no page shows a figure that gives away another region's small one.
        var tree = await RegionTree.LoadAsync(db, Region.Path, ct);
        var cases = db.SupportCases.AsNoTracking().Where(c => c.OwnerOrganization.Region.Path.StartsWith(tree.PrefecturePath)).OfUnmergedClients(db);
        var inYear = cases.Where(c => c.OpenedOn <= fy.End && (c.ClosedOn == null || c.ClosedOn >= fy.Start));
        var rows = await inYear
            .GroupBy(c => new { c.OwnerOrganizationId, c.Programme })
            .Select(g => new
            {
                g.Key.OwnerOrganizationId,
                g.Key.Programme,
                Opened = g.Count(c => c.OpenedOn >= fy.Start),
                Ended = g.Count(c => c.ClosedOn != null && c.ClosedOn <= fy.End),
            }).ToListAsync(ct);
        // 支援中 by the period, not only by the recorded end: a 退院後支援 case past its period, or a 地域移行・地域定着 case
        // whose newest grant has run out, is counted as 期限切れ until someone records what happened.
        var grants = db.Grants;
        var expiredRows = await inYear.Where(c => c.State == CaseState.Active
                && ((c.Programme == Programme.DischargeSupport && c.DischargePlan != null && c.DischargePlan.PeriodEndsOn != null && c.DischargePlan.PeriodEndsOn < today)
                    || ((c.Programme == Programme.CommunityTransition || c.Programme == Programme.CommunityRetention)
                        && grants.Any(g => g.CaseId == c.Id) && !grants.Any(g => g.CaseId == c.Id && g.ValidUntil >= today))))
            .GroupBy(c => new { c.OwnerOrganizationId, c.Programme }).Select(g => new { g.Key.OwnerOrganizationId, g.Key.Programme, N = g.Count() }).ToListAsync(ct);
        var activeRows = await inYear.Where(c => c.State == CaseState.ConsultationOnly || (c.State == CaseState.Active
                && !(c.Programme == Programme.DischargeSupport && c.DischargePlan != null && c.DischargePlan.PeriodEndsOn != null && c.DischargePlan.PeriodEndsOn < today)
                && !((c.Programme == Programme.CommunityTransition || c.Programme == Programme.CommunityRetention)
                    && grants.Any(g => g.CaseId == c.Id) && !grants.Any(g => g.CaseId == c.Id && g.ValidUntil >= today))))
            .GroupBy(c => new { c.OwnerOrganizationId, c.Programme }).Select(g => new { g.Key.OwnerOrganizationId, g.Key.Programme, N = g.Count() }).ToListAsync(ct);
        ProtectedCount Cell(IEnumerable<(int Organization, Programme Programme, int N)> counts, Programme programme) => Suppression.Protect(tree,
            counts.Where(r => r.Programme == programme).ToDictionary(r => r.Organization, r => r.N), SuppressBelow)[Region.Id];
        Lines = [.. Enum.GetValues<Programme>().Select(p => new Line(p,
            Cell(rows.Select(r => (r.OwnerOrganizationId, r.Programme, r.Opened)), p),
            Cell(activeRows.Select(r => (r.OwnerOrganizationId, r.Programme, r.N)), p),
            Cell(expiredRows.Select(r => (r.OwnerOrganizationId, r.Programme, r.N)), p),
            Cell(rows.Select(r => (r.OwnerOrganizationId, r.Programme, r.Ended)), p)))];
        var from = new DateTimeOffset(fy.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var to = new DateTimeOffset(fy.Next.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var sent = await db.LiaisonSheets.AsNoTracking().Where(s => s.FromOrganization.Region.Path.StartsWith(tree.PrefecturePath) && s.SentAt >= from && s.SentAt < to)
            .GroupBy(s => s.FromOrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        LiaisonSheets = Suppression.Protect(tree, sent, SuppressBelow)[Region.Id];

        if (scope.HandlesPersonalData())
        {
            var own = await db.SupportCases.AsNoTracking().Include(c => c.DischargePlan)
                .Where(c => c.OwnerOrganizationId == scope.OrganizationId && c.Programme == Programme.DischargeSupport && c.OpenedOn >= fy.Start && c.OpenedOn <= fy.End)
                .ToListAsync(ct);
            Monitoring = MonitoringFigures.Compute(own, today);
        }

        return Page();
    }
}
