using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Web;

namespace Nimo.Features.Peer.Settings;

/// <summary>
/// The administrator's master data for peer dispatch: the registries (which organisation runs each, its 委託先, whether
/// visits go in pairs), each registry's rate table per 年度, and the categories (入院の形態 and whether each meets the law's
/// conditions; 相談内容の分類 for visit reports). No supporter's record is here.
/// </summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public List<PeerProgramme> Programmes { get; private set; } = [];
    public List<PeerRate> Rates { get; private set; } = [];
    public List<PeerCategory> Categories { get; private set; } = [];
    public List<Organization> Organizations { get; private set; } = [];
    public FiscalYear Year { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await PeerCategoryDefaults.EnsureAsync(db, ct);
        Year = FiscalYear.Of(JapanTime.Today(clock));
        Programmes = await db.PeerProgrammes.AsNoTracking().Include(p => p.OwnerOrganization).Include(p => p.OperatorOrganization).OrderBy(p => p.Name).ToListAsync(ct);
        Rates = await db.PeerRates.AsNoTracking().OrderBy(r => r.ProgrammeId).ThenByDescending(r => r.FiscalYear).ToListAsync(ct);
        Categories = await db.PeerCategories.AsNoTracking().OrderBy(c => c.Set).ThenBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        Organizations = await db.Organizations.AsNoTracking().Include(o => o.Region).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
    }

    public async Task<IActionResult> OnPostProgrammeAsync(string? name, int ownerId, int? operatorId, bool visitsInPairs, string? notes, CancellationToken ct)
    {
        var owner = await db.Organizations.SingleOrDefaultAsync(o => o.Id == ownerId, ct);
        var op = operatorId is int o2 ? await db.Organizations.SingleOrDefaultAsync(o => o.Id == o2, ct) : null;
        if (owner is null)
        {
            TempData[PageWrites.ErrorKey] = "実施機関を選んでください。";
            return Redirect("/Peer/Settings");
        }

        return await this.CommitAsync(db, () => db.PeerProgrammes.Add(PeerProgramme.Create(owner, name ?? "", op, visitsInPairs, notes)),
            () => audit.Add(AuditActions.Create, "PeerProgramme", null, detail: $"派遣事業「{name}」を登録(実施: {owner.Name})"),
            () => $"派遣事業「{name?.Trim()}」を登録しました。単価表を登録してください。", "/Peer/Settings", ct);
    }

    public async Task<IActionResult> OnPostRateAsync(int programmeId, int fiscalYear, int hourlyYen, RoundingRule rounding, TravelBasis travelBasis, int flatTravelYen,
        string? honorariumBudget, string? travelBudget, CancellationToken ct)
    {
        if (!await db.PeerProgrammes.AnyAsync(p => p.Id == programmeId, ct) || !FiscalYear.IsSupported(fiscalYear))
        {
            return NotFound();
        }

        var rate = await db.PeerRates.SingleOrDefaultAsync(r => r.ProgrammeId == programmeId && r.FiscalYear == fiscalYear, ct);
        var year = new FiscalYear(fiscalYear);
        return await this.CommitAsync(db, () =>
            {
                if (rate is null)
                {
                    db.PeerRates.Add(PeerRate.Create(programmeId, fiscalYear, hourlyYen, rounding, travelBasis, flatTravelYen, honorariumBudget, travelBudget));
                }
                else
                {
                    rate.Update(hourlyYen, rounding, travelBasis, flatTravelYen, honorariumBudget, travelBudget);
                }
            },
            () => audit.Add(AuditActions.Update, "PeerRate", programmeId, detail: $"{year.ToWareki()}の単価表: 時間単価{hourlyYen}円、{PeerLabels.Roundings[rounding]}、{PeerLabels.TravelBases[travelBasis]}"),
            () => $"{year.ToWareki()}の単価表を保存しました。すでに報告された活動の金額は変わりません。", "/Peer/Settings", ct);
    }

    public async Task<IActionResult> OnPostCategoryAsync(int? id, CategorySet set, string? name, bool meets, int sortOrder, bool active, CancellationToken ct)
    {
        var category = id is int i ? await db.PeerCategories.SingleOrDefaultAsync(c => c.Id == i, ct) : null;
        if (id is not null && category is null)
        {
            return NotFound();
        }

        return await this.CommitAsync(db, () =>
            {
                if (category is null)
                {
                    db.PeerCategories.Add(PeerCategory.Create(set, name ?? "", meets, sortOrder));
                }
                else
                {
                    category.Update(name ?? "", meets, sortOrder, active);
                }
            },
            () => audit.Add(AuditActions.Update, "PeerCategory", id, detail: $"{PeerLabels.CategorySets[category?.Set ?? set]}: {name}"),
            () => $"分類「{name?.Trim()}」を保存しました。", "/Peer/Settings", ct);
    }
}
