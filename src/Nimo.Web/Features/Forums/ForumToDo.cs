using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Features.Forums;

/// <summary>
/// A secretariat's forum work for the home page: meetings whose time has passed with nothing recorded
/// (「開催日を過ぎた会議の記録」), and other forums asking to sit under one of theirs.
/// </summary>
public sealed record ForumToDo(IReadOnlyList<Meeting> MeetingsToRecord, int MeetingsToRecordCount, IReadOnlyList<JoinRequest> JoinRequests)
{
    /// <summary>At most this many join requests are listed; the oldest first, since they wait longest.</summary>
    public const int Limit = 50;

    /// <summary>
    /// At most this many meetings to record are listed, the oldest first; <see cref="MeetingsToRecordCount"/> says how many
    /// wait in all. Recording one brings the next onto the list.
    /// </summary>
    public const int MeetingsShown = 10;

    public static readonly ForumToDo None = new([], 0, []);

    public int Count => MeetingsToRecordCount + JoinRequests.Count;

    /// <summary>The to-do of the secretariat of the forums <paramref name="run"/>.</summary>
    public static async Task<ForumToDo> ForAsync(NimoDbContext db, IReadOnlyCollection<int> run, DateTimeOffset now, CancellationToken ct)
    {
        if (run.Count == 0)
        {
            return None;
        }

        // Meeting.IsAwaitingRecord in SQL: planned, and its end (its start when it has none) has passed. A secretariat that
        // fell behind had 43 such meetings on its home page, each read whole with its forum; the oldest ten are listed, and
        // they are counted only when there are more.
        var awaiting = db.Meetings.Where(m => run.Contains(m.ForumId) && m.Status == MeetingStatus.Planned && (m.EndsAt ?? m.StartsAt) <= now);
        var meetings = await awaiting.AsNoTracking().Include(m => m.Forum).OrderBy(m => m.StartsAt).ThenBy(m => m.Id).Take(MeetingsShown).ToListAsync(ct);
        var total = meetings.Count < MeetingsShown ? meetings.Count : await awaiting.CountAsync(ct);
        var requests = await db.JoinRequests.AsNoTracking().Include(r => r.Forum).Include(r => r.Parent)
            .Where(r => run.Contains(r.ParentId) && r.State == JoinRequestState.Pending)
            .OrderBy(r => r.RequestedAt).Take(Limit).ToListAsync(ct);
        return new ForumToDo(meetings, total, requests);
    }
}
