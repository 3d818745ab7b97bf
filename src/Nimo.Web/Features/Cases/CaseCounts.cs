using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Features.Profiles;
using Nimo.Platform.Modules;

namespace Nimo.Features.Cases;

/// <summary>
/// A count of support cases of the organisations under the plan's region, for plan indicators (registered by
/// <see cref="CasesModule"/>). These are personal records: the count carries each organisation's share over the
/// prefecture so that the plan's reader applies the protection (ADR 0005), and the list names a client only where the
/// reader may open the case.
/// </summary>
public abstract class CaseCountSource : ILiveCountSource
{
    public abstract string Key { get; }
    public abstract string Label { get; }
    public string Group => "支援ケース";
    public abstract string Unit { get; }
    public bool CountsPersonalRecords => true;

    /// <summary>Of <paramref name="cases"/>, those counted for the 年度 from <paramref name="start"/> to <paramref name="end"/>.</summary>
    protected abstract IQueryable<SupportCase> Counted(IQueryable<SupportCase> cases, DateOnly start, DateOnly end);

    /// <summary>Each organisation's count over <paramref name="cases"/>.</summary>
    protected abstract Task<Dictionary<int, int>> ByOrganizationAsync(IQueryable<SupportCase> cases, CancellationToken ct);

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var db = q.Db;
        IQueryable<SupportCase> Under(string path) => Counted(
            db.SupportCases.AsNoTracking().Where(c => c.OwnerOrganization.Region.Path.StartsWith(path)).OfUnmergedClients(db), q.Year.Start, q.Year.End);

        // Per organisation over the prefecture, for the protection; a client belongs to one organisation, so the
        // organisations' counts of distinct clients add up to the region's.
        var byOrganization = await ByOrganizationAsync(Under(ProfileQueries.PrefecturePath(q.RegionPath)), ct);
        var own = await ByOrganizationAsync(Under(q.RegionPath), ct);
        var rows = await Under(q.RegionPath).Select(c => new { c.Id, c.ClientId, c.OpenedOn }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        // Personal data in the list only for the cases the reader may open; the rest are counted, not shown.
        var visible = await db.SupportCases.AsNoTracking().VisibleTo(db, q.Scope, q.Today).Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ClientId, c.Client.Name }).ToDictionaryAsync(c => c.Id, ct);
        return new LiveCount(own.Values.Sum(),
            [.. rows.OrderBy(r => r.OpenedOn).Select(r => new CountedItem(visible.TryGetValue(r.Id, out var v) ? v.Name : "(閲覧権限なし)", r.OpenedOn, $"/Cases/Details/{r.Id}",
                v is not null) { ClientId = v?.ClientId })],
            $"{q.Year.ToWareki()}、管内の機関の{Label}")
        {
            ByOrganization = byOrganization,
        };
    }
}

/// <summary>アウトリーチ支援の対象者: clients of the region's organisations with an outreach case in support during the 年度.</summary>
public sealed class OutreachClientsSource : CaseCountSource
{
    public override string Key => "OutreachClients";
    public override string Label => "アウトリーチ支援の対象者数(年度内に支援)";
    public override string Unit => "人";

    protected override IQueryable<SupportCase> Counted(IQueryable<SupportCase> cases, DateOnly start, DateOnly end) =>
        cases.Where(c => c.Programme == Programme.Outreach && c.ReviewedOn != null && c.ReviewedOn <= end
            && (c.State == CaseState.Active || c.State == CaseState.Ended) && (c.ClosedOn == null || c.ClosedOn >= start));

    protected override async Task<Dictionary<int, int>> ByOrganizationAsync(IQueryable<SupportCase> cases, CancellationToken ct) =>
        await cases.Select(c => new { c.OwnerOrganizationId, c.ClientId }).Distinct()
            .GroupBy(c => c.OwnerOrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}

/// <summary>退院後支援計画: cases with a consented plan, of the region's organisations, opened in the 年度.</summary>
public sealed class DischargePlansSource : CaseCountSource
{
    public override string Key => "DischargePlans";
    public override string Label => "退院後支援計画の作成数(年度内に開始したケース)";
    public override string Unit => "件";

    protected override IQueryable<SupportCase> Counted(IQueryable<SupportCase> cases, DateOnly start, DateOnly end) =>
        cases.Where(c => c.Programme == Programme.DischargeSupport && c.DischargePlan != null && c.OpenedOn >= start && c.OpenedOn <= end);

    protected override async Task<Dictionary<int, int>> ByOrganizationAsync(IQueryable<SupportCase> cases, CancellationToken ct) =>
        await cases.GroupBy(c => c.OwnerOrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
