using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Features.Forums;

/// <summary>
/// A secretariat's forum work for the home page: meetings whose time has passed with nothing recorded
/// (「開催日を過ぎた会議の記録」), and other forums asking to sit under one of theirs.
/// </summary>
public sealed record ForumToDo(IReadOnlyList<Meeting> MeetingsToRecord, IReadOnlyList<JoinRequest> JoinRequests)
{
    /// <summary>At most this many of each are listed; the oldest first, since they wait longest.</summary>
    public const int Limit = 50;

    public static readonly ForumToDo None = new([], []);

    public int Count => MeetingsToRecord.Count + JoinRequests.Count;

    /// <summary>The to-do of the secretariat of the forums <paramref name="run"/>.</summary>
    public static async Task<ForumToDo> ForAsync(NimoDbContext db, IReadOnlyCollection<int> run, DateTimeOffset now, CancellationToken ct)
    {
        if (run.Count == 0)
        {
            return None;
        }

        // A meeting without an end time is due once it has started; the exact rule is Meeting.IsAwaitingRecord.
        var meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum)
            .Where(m => run.Contains(m.ForumId) && m.Status == MeetingStatus.Planned && m.StartsAt <= now)
            .OrderBy(m => m.StartsAt).Take(Limit).ToListAsync(ct);
        var requests = await db.JoinRequests.AsNoTracking().Include(r => r.Forum).Include(r => r.Parent)
            .Where(r => run.Contains(r.ParentId) && r.State == JoinRequestState.Pending)
            .OrderBy(r => r.RequestedAt).Take(Limit).ToListAsync(ct);
        return new ForumToDo([.. meetings.Where(m => m.IsAwaitingRecord(now))], requests);
    }
}
