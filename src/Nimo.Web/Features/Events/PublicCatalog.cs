using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events;

/// <summary>
/// One row whose value changes with every change residents could see on the public list: an event published, edited,
/// withdrawn or cancelled, a registration taken or cancelled. Instances (a Public one in the DMZ, Staff ones inside) read it
/// before serving the list from their memory, so a change made on any instance shows on all of them at the next request.
/// </summary>
public sealed class EventListingStamp
{
    public const int SingletonId = 1;

    private EventListingStamp()
    {
    }

    public int Id { get; private set; }
    public long Value { get; private set; }

    /// <summary>A new random value: two writers at once still leave a value no reader has cached.</summary>
    internal void Change() => Value = RandomNumberGenerator.GetInt32(int.MaxValue) * (long)int.MaxValue + RandomNumberGenerator.GetInt32(int.MaxValue);

    /// <summary>Stages the change in the caller's unit of work, so the stamp moves only if the change commits.</summary>
    public static async Task TouchAsync(NimoDbContext db, CancellationToken ct)
    {
        var stamp = await db.EventListingStamps.SingleAsync(s => s.Id == SingletonId, ct);
        stamp.Change();
    }
}

/// <summary>An event as the public list shows it; nothing in it is personal or internal.</summary>
public sealed record PublicEventRow(int Id, string Title, EventKind Kind, Audience Audiences, DateTimeOffset StartsAt, DateTimeOffset EndsAt, EventFormat Format,
    string? Venue, string Organizer, int RegionId, string RegionName, string RegionPath, EventStatus Status, int? Capacity, bool Waitlist, int Confirmed, int Waiting,
    DateTimeOffset? RegistrationClosesAt)
{
    /// <summary>「受付中」「残りわずか」「満席(キャンセル待ち受付中)」「満席」「受付終了」「中止」.</summary>
    public string Availability(DateTimeOffset now) => Status == EventStatus.Cancelled ? "中止"
        : Status == EventStatus.Held || now >= EndsAt ? "終了"
        : (RegistrationClosesAt ?? StartsAt) <= now ? "受付終了"
        : Capacity is not int cap ? "受付中"
        : Confirmed >= cap ? (Waitlist ? "満席(キャンセル待ち受付中)" : "満席")
        : cap - Confirmed <= Math.Max(3, cap / 10) ? $"受付中(残り{cap - Confirmed}席)"
        : "受付中";
}

/// <summary>A choice in the area filter: a 都道府県 or a 市町村 that has public events, with how many.</summary>
public sealed record PublicArea(int RegionId, string Name, string Path, RegionKind Kind, int Count);

/// <summary>
/// The published events from today on, kept in memory and read again only when <see cref="EventListingStamp"/> has moved
/// (or the day changed): the list residents hit most is one indexed one-row read away from memory. The cache is per
/// instance; the stamp is shared, which is what makes it correct behind a load balancer.
/// </summary>
public sealed class PublicCatalog(TimeProvider clock) : IDisposable
{
    private static readonly Func<NimoDbContext, int, Task<long>> StampQuery =
        EF.CompileAsyncQuery((NimoDbContext db, int id) => db.EventListingStamps.Where(s => s.Id == id).Select(s => s.Value).Single());

    private Snapshot? _snapshot;
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public sealed record Snapshot(long Stamp, DateOnly Day, IReadOnlyList<PublicEventRow> Events, IReadOnlyList<PublicArea> Areas);

    public async Task<Snapshot> CurrentAsync(NimoDbContext db, CancellationToken ct)
    {
        var stamp = await StampQuery(db, EventListingStamp.SingletonId);
        var today = JapanTime.Today(clock);
        var snapshot = _snapshot;
        if (snapshot is not null && snapshot.Stamp == stamp && snapshot.Day == today)
        {
            return snapshot;
        }

        await _refresh.WaitAsync(ct);
        try
        {
            if (_snapshot is { } s && s.Stamp == stamp && s.Day == today)
            {
                return s;
            }

            var fresh = await LoadAsync(db, stamp, today, ct);
            _snapshot = fresh;
            return fresh;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private static async Task<Snapshot> LoadAsync(NimoDbContext db, long stamp, DateOnly today, CancellationToken ct)
    {
        var from = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        // Projected column by column: the public database role may read only these (docs/deploy.md).
        var events = await db.Events.AsNoTracking()
            .Where(e => e.IsPublished && !e.IsSensitive && e.EndsAt >= from)
            .OrderBy(e => e.StartsAt).ThenBy(e => e.Id)
            .Select(e => new
            {
                e.Id, e.Title, e.Kind, e.Audiences, e.StartsAt, e.EndsAt, e.Format, e.Venue, Organizer = e.Organizer.Name, e.RegionId,
                RegionName = e.Region.Name, RegionPath = e.Region.Path, e.Status, e.Capacity, e.Waitlist, e.RegistrationClosesAt,
            })
            .ToListAsync(ct);
        var ids = events.Select(e => e.Id).ToList();
        var counts = await db.EventRegistrations.AsNoTracking()
            .Where(r => ids.Contains(r.EventId) && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => new { r.EventId, r.Status }).Select(g => new { g.Key.EventId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        int Count(int id, RegistrationStatus status) => counts.FirstOrDefault(c => c.EventId == id && c.Status == status)?.Count ?? 0;
        var rows = events.Select(e => new PublicEventRow(e.Id, e.Title, e.Kind, e.Audiences, e.StartsAt, e.EndsAt, e.Format, e.Venue, e.Organizer,
            e.RegionId, e.RegionName, e.RegionPath, e.Status, e.Capacity, e.Waitlist, Count(e.Id, RegistrationStatus.Confirmed), Count(e.Id, RegistrationStatus.Waitlisted),
            e.RegistrationClosesAt)).ToList();

        // The area filter offers each 都道府県 and 市町村 on the path of some event, so a resident picks a place, not a code.
        var segments = rows.SelectMany(r => UserScopeAncestors(r.RegionPath).Append(r.RegionPath)).Distinct().ToList();
        var regions = await db.Regions.AsNoTracking().Where(r => segments.Contains(r.Path) && (r.Kind == RegionKind.Prefecture || r.Kind == RegionKind.Municipality))
            .Select(r => new { r.Id, r.Name, r.Path, r.Kind }).ToListAsync(ct);
        var areas = regions.Select(r => new PublicArea(r.Id, r.Name, r.Path, r.Kind, rows.Count(e => e.RegionPath.StartsWith(r.Path, StringComparison.Ordinal))))
            .OrderBy(a => a.Path, StringComparer.Ordinal).ToList();
        return new Snapshot(stamp, today, rows, areas);
    }

    public void Dispose() => _refresh.Dispose();

    private static IEnumerable<string> UserScopeAncestors(string path) => Platform.Scoping.UserScope.AncestorsOf(path);
}
