using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer;

/// <summary>
/// What plan indicators can count live from the peer registry. A request counts where it took place: in its 市町村 or 圏域
/// and in every region above it, so a prefecture's registry that sends supporters to two 圏域 counts in each 圏域 and in the
/// 県 (the region tree's paths nest 市町村 in 圏域 in 都道府県). Only held activities count (実施報告のある依頼), in the 年度 of
/// their start (Japan time). The drill-down lists each request; only its coordinators get the link.
/// </summary>
public static class PeerCounts
{
    public static IQueryable<PeerRequest> In(LiveCountQuery q) =>
        q.Db.PeerRequests.AsNoTracking().Where(r => r.Region.Path.StartsWith(q.RegionPath) && r.StartsAt >= q.From && r.StartsAt < q.To);

    public static async Task<LiveCount> RequestsAsync(IQueryable<PeerRequest> requests, LiveCountQuery q, string description, CancellationToken ct)
    {
        var rows = await requests.OrderBy(r => r.StartsAt).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Activity, r.Place, r.StartsAt, Region = r.Region.Name }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var visible = (await q.Db.PeerRequests.VisibleTo(q.Scope).Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        return new LiveCount(rows.Count,
            [.. rows.Select(r => new CountedItem($"{PeerLabels.Activities[r.Activity]}({r.Region} {r.Place})", DateOnly.FromDateTime(JapanTime.ToJst(r.StartsAt).DateTime),
                $"/Peer/Request/{r.Id}", visible.Contains(r.Id)))],
            description);
    }
}

/// <summary>Supporters sent, by activity type (延べ派遣人数: a request with two supporters counts two).</summary>
public sealed class DispatchesSource(ActivityType activity) : ILiveCountSource
{
    public string Key => "peer.dispatches." + activity.ToString().ToLowerInvariant();
    public string Label => $"ピアサポーター等の派遣数({PeerLabels.Activities[activity]}、延べ人数、年度内に実施)";
    public string Group => "ピアサポート・入院者訪問";
    public string Unit => "人";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var rows = await q.Db.PeerDispatches.AsNoTracking()
            .Where(d => d.State == DispatchState.Accepted && d.Request.Status == RequestStatus.Held && d.Request.Activity == activity
                && d.Request.Region.Path.StartsWith(q.RegionPath) && d.Request.StartsAt >= q.From && d.Request.StartsAt < q.To)
            .OrderBy(d => d.Request.StartsAt).ThenBy(d => d.Id)
            .Select(d => new { d.RequestId, d.Request.Place, d.Request.StartsAt, Region = d.Request.Region.Name }).ToListAsync(ct);
        var ids = rows.Select(r => r.RequestId).Distinct().ToList();
        var visible = (await q.Db.PeerRequests.VisibleTo(q.Scope).Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        return new LiveCount(rows.Count,
            [.. rows.Select(r => new CountedItem($"{PeerLabels.Activities[activity]}({r.Region} {r.Place})", DateOnly.FromDateTime(JapanTime.ToJst(r.StartsAt).DateTime),
                $"/Peer/Request/{r.RequestId}", visible.Contains(r.RequestId)))],
            $"{q.RegionName}とその管内で{q.Year.ToWareki()}に実施された「{PeerLabels.Activities[activity]}」に派遣された支援者の延べ人数(実施報告のある依頼の、承諾した支援者)");
    }
}

/// <summary>病院交流会 held (倉敷's 「病院交流会の開催回数」, target 24回).</summary>
public sealed class HospitalExchangesHeldSource : ILiveCountSource
{
    public string Key => "peer.held.hospitalexchange";
    public string Label => "病院交流会の開催回数(ピアサポーター派遣、年度内に実施)";
    public string Group => "ピアサポート・入院者訪問";
    public string Unit => "回";
    public bool CountsPersonalRecords => false;

    public Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct) =>
        Count(query, ct);

    private static Task<LiveCount> Count(LiveCountQuery q, CancellationToken ct) =>
        PeerCounts.RequestsAsync(PeerCounts.In(q).Where(r => r.Activity == ActivityType.HospitalExchange && r.Status == RequestStatus.Held), q,
            $"{q.RegionName}とその管内で{q.Year.ToWareki()}に実施報告のあった病院交流会(ピアサポーターを派遣したもの)の数", ct);
}

/// <summary>入院者訪問 made (実施報告のある訪問).</summary>
public sealed class VisitsMadeSource : ILiveCountSource
{
    public string Key => "peer.visits";
    public string Label => "入院者訪問支援の訪問回数(年度内に実施)";
    public string Group => "ピアサポート・入院者訪問";
    public string Unit => "回";
    // A visit is to one inpatient: outside the owning organisation a small count is shown as 「10未満」 (ADR 0005).
    public bool CountsPersonalRecords => true;

    public Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct) =>
        Count(query, ct);

    private static Task<LiveCount> Count(LiveCountQuery q, CancellationToken ct) =>
        PeerCounts.RequestsAsync(PeerCounts.In(q).Where(r => r.Activity == ActivityType.HospitalVisit && r.Status == RequestStatus.Held), q,
            $"{q.RegionName}とその管内の病院で{q.Year.ToWareki()}に実施報告のあった入院者訪問の数", ct);
}

/// <summary>Requests closed as 対応できず (nobody could go).</summary>
public sealed class RequestsNotMetSource : ILiveCountSource
{
    public string Key => "peer.notmet";
    public string Label => "派遣依頼のうち対応できなかった件数(年度内)";
    public string Group => "ピアサポート・入院者訪問";
    public string Unit => "件";
    public bool CountsPersonalRecords => false;

    public Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct) =>
        Count(query, ct);

    private static Task<LiveCount> Count(LiveCountQuery q, CancellationToken ct) =>
        PeerCounts.RequestsAsync(PeerCounts.In(q).Where(r => r.Status == RequestStatus.NotMet), q,
            $"{q.RegionName}とその管内を活動場所とする{q.Year.ToWareki()}の派遣依頼のうち、支援者を派遣できず「対応できず」として閉じたものの数", ct);
}

/// <summary>
/// Supporters registered for the 年度 who serve the region: an area of theirs lies in it, or holds it (a supporter
/// registered for the whole 県 serves every 圏域 of it). People, so the privacy rule applies; the list names nobody.
/// </summary>
public sealed class SupportersRegisteredSource : ILiveCountSource
{
    public string Key => "peer.registered";
    public string Label => "登録ピアサポーター・入院者訪問支援員の数(年度の登録者)";
    public string Group => "ピアサポート・入院者訪問";
    public string Unit => "人";
    public bool CountsPersonalRecords => true;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var fy = q.Year.StartYear;
        var ancestors = UserScope.AncestorsOf(q.RegionPath).ToList();
        var serving = await q.Db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(q.RegionPath) || ancestors.Contains(r.Path)).Select(r => r.Id).ToListAsync(ct);
        var rows = await q.Db.PeerSupporters.AsNoTracking()
            .Where(s => s.Registrations.Any(r => r.FiscalYear == fy) && s.Areas.Any(a => serving.Contains(a.RegionId)))
            .OrderBy(s => s.Kind).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Kind, Programme = s.Programme.Name }).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var visible = (await q.Db.PeerSupporters.VisibleTo(q.Scope).Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        return new LiveCount(rows.Count,
            [.. rows.Select(r => new CountedItem($"{PeerLabels.Kinds[r.Kind]}({r.Programme})", null, $"/Peer/Supporter/{r.Id}", visible.Contains(r.Id) && PeerAccess.MayCoordinate(q.Scope)))],
            $"{q.Year.ToWareki()}の登録があり、活動地域が{q.RegionName}(またはその管内)を含む支援者の数");
    }
}
