using Microsoft.EntityFrameworkCore;
using Nimo.Features.Profiles;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Liaison;

/// <summary>
/// 地域連携票 sent by the organisations under the plan's region in the 年度 (registered by <see cref="LiaisonModule"/>).
/// A sheet is about a client: the count carries each sending organisation's share over the prefecture for the protection
/// (ADR 0005), and the list names the client only where the reader may open the sheet.
/// </summary>
public sealed class SheetsSentSource : ILiveCountSource
{
    public string Key => "LiaisonSheetsSent";
    public string Label => "地域連携票の送付件数";
    public string Group => "地域連携票";
    public string Unit => "件";
    public bool CountsPersonalRecords => true;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var db = q.Db;
        var prefecture = ProfileQueries.PrefecturePath(q.RegionPath);
        var byOrganization = await db.LiaisonSheets.AsNoTracking().Where(s => s.FromOrganization.Region.Path.StartsWith(prefecture) && s.SentAt >= q.From && s.SentAt < q.To)
            .GroupBy(s => s.FromOrganizationId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var rows = await db.LiaisonSheets.AsNoTracking().Where(s => s.FromOrganization.Region.Path.StartsWith(q.RegionPath) && s.SentAt >= q.From && s.SentAt < q.To)
            .Select(s => new { s.Id, s.SentAt }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var visible = await db.LiaisonSheets.AsNoTracking().VisibleTo(q.Scope).Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.ClientId, s.Client.Name })
            .ToDictionaryAsync(s => s.Id, ct);
        return new LiveCount(rows.Count,
            [.. rows.OrderBy(r => r.SentAt).Select(r => new CountedItem(visible.TryGetValue(r.Id, out var v) ? v.Name : "(閲覧権限なし)",
                DateOnly.FromDateTime(JapanTime.ToJst(r.SentAt).DateTime), $"/Liaison/Details/{r.Id}", v is not null) { ClientId = v?.ClientId })],
            $"{q.Year.ToWareki()}に管内の機関が送った地域連携票の数")
        {
            ByOrganization = byOrganization,
        };
    }
}
