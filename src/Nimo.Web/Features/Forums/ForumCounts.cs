using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>
/// What plan indicators can count live from the 協議の場 (registered by <see cref="ForumsModule"/>). Meetings and issues are
/// counted for one forum and its sub-bodies, in the plan's 年度 (Japan time); an item of a forum the reader may not read is
/// listed without its link. The keys are the names the indicators were stored with before sources were registered.
/// </summary>
public static class ForumCounts
{
    /// <summary>The forum and its sub-bodies (its descendants in the same region), and its name.</summary>
    public static async Task<(List<int> Ids, string Name)> TreeAsync(NimoDbContext db, int? forumId, CancellationToken ct)
    {
        var forum = await db.Forums.AsNoTracking().Where(f => f.Id == forumId).Select(f => new { f.Id, f.RegionId, f.Name }).SingleOrDefaultAsync(ct);
        if (forum is null)
        {
            return ([], "(削除された協議の場)");
        }

        var siblings = await db.Forums.AsNoTracking().Where(f => f.RegionId == forum.RegionId).Select(f => new { f.Id, f.ParentId }).ToListAsync(ct);
        var ids = new List<int> { forum.Id };
        for (var i = 0; i < ids.Count; i++)
        {
            ids.AddRange(siblings.Where(s => s.ParentId == ids[i] && !ids.Contains(s.Id)).Select(s => s.Id));
        }

        return (ids, forum.Name);
    }

    public static async Task<HashSet<int>> VisibleIdsAsync(NimoDbContext db, List<int> ids, UserScope scope, CancellationToken ct) =>
        [.. await db.Forums.AsNoTracking().VisibleTo(scope).Where(f => ids.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct)];
}

/// <summary>Meetings held (開催済み) by a forum and its sub-bodies in the 年度.</summary>
public sealed class MeetingsHeldSource : ILiveCountSource
{
    public string Key => "ForumMeetingsHeld";
    public string Label => "協議の場(部会等を含む)の年度内の開催回数";
    public string Group => "協議の場";
    public string Unit => "回";
    public bool NeedsForum => true;
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var (tree, name) = await ForumCounts.TreeAsync(q.Db, q.ForumId, ct);
        var visible = await ForumCounts.VisibleIdsAsync(q.Db, tree, q.Scope, ct);
        var meetings = await q.Db.Meetings.AsNoTracking()
            .Where(m => tree.Contains(m.ForumId) && m.Status == MeetingStatus.Held && m.StartsAt >= q.From && m.StartsAt < q.To)
            .Select(m => new { m.Id, m.ForumId, m.Title, m.StartsAt }).ToListAsync(ct);
        return new LiveCount(meetings.Count,
            [.. meetings.OrderBy(m => m.StartsAt).Select(m => new CountedItem(m.Title, DateOnly.FromDateTime(JapanTime.ToJst(m.StartsAt).DateTime), $"/Forums/Meeting/{m.Id}", visible.Contains(m.ForumId)))],
            $"「{name}」とその部会等で、{q.Year.ToWareki()}に開催済みの会議の数");
    }
}

/// <summary>Regional issues raised in a forum and its sub-bodies in the 年度; or, of those, the ones answered or resolved.</summary>
public sealed class IssuesRaisedSource(bool answered) : ILiveCountSource
{
    public string Key => answered ? "ForumIssuesAnswered" : "ForumIssuesRaised";
    public string Label => answered ? "年度内に挙がった地域課題のうち回答・解決済みの数" : "協議の場(部会等を含む)で年度内に挙がった地域課題の数";
    public string Group => "協議の場";
    public string Unit => "件";
    public bool NeedsForum => true;
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var (tree, name) = await ForumCounts.TreeAsync(q.Db, q.ForumId, ct);
        var visible = await ForumCounts.VisibleIdsAsync(q.Db, tree, q.Scope, ct);
        var issues = await q.Db.RegionalIssues.AsNoTracking()
            .Where(i => tree.Contains(i.ForumId) && i.RaisedAt >= q.From && i.RaisedAt < q.To
                && (!answered || i.Status == IssueStatus.Answered || i.Status == IssueStatus.Resolved))
            .Select(i => new { i.Id, i.ForumId, i.Title, i.RaisedAt }).ToListAsync(ct);
        return new LiveCount(issues.Count,
            [.. issues.OrderBy(i => i.RaisedAt).Select(i => new CountedItem(i.Title, DateOnly.FromDateTime(JapanTime.ToJst(i.RaisedAt).DateTime), $"/Forums/Issue/{i.Id}", visible.Contains(i.ForumId)))],
            answered
                ? $"「{name}」とその部会等で{q.Year.ToWareki()}に挙がった地域課題のうち、回答あり・解決済みの数"
                : $"「{name}」とその部会等で{q.Year.ToWareki()}に挙がった地域課題の数");
    }
}

/// <summary>
/// 市町村 (埼玉 49 → 63) or 保健所圏域 under the plan's region with an established 協議の場 of their own. Counted as it is
/// now, not as it was in the 年度: forums record when they were set up only in words.
/// </summary>
public sealed class RegionsWithForumSource(RegionKind kind) : ILiveCountSource
{
    private bool Areas => kind == RegionKind.HealthArea;
    public string Key => Areas ? "AreasWithForum" : "MunicipalitiesWithForum";
    public string Label => Areas ? "協議の場を設置している管内圏域の数" : "協議の場を設置している管内市町村の数";
    public string Group => "協議の場";
    public string Unit => Areas ? "圏域" : "市町村";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var db = q.Db;
        var layer = Areas ? ForumLayer.Area : ForumLayer.Municipality;
        var regions = await db.Regions.AsNoTracking()
            .Where(r => r.Path.StartsWith(q.RegionPath) && r.Id != q.RegionId && r.Kind == kind)
            .Where(r => db.Forums.Any(f => f.RegionId == r.Id && f.Layer == layer && f.Kind == ForumKind.Main && f.Status == ForumStatus.Established))
            .OrderBy(r => r.Path).Select(r => new { r.Id, r.Name }).ToListAsync(ct);
        var all = await db.Regions.CountAsync(r => r.Path.StartsWith(q.RegionPath) && r.Id != q.RegionId && r.Kind == kind, ct);
        return new LiveCount(regions.Count, [.. regions.Select(r => new CountedItem(r.Name, null, $"/Forums?regionId={r.Id}", true))],
            $"{q.RegionName}の管内{(Areas ? "圏域" : "市町村")}({all})のうち、設置済みの協議の場が登録されている数(現時点)");
    }
}
