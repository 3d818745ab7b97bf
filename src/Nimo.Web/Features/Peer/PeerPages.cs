using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer;

/// <summary>What the coordinator's pages share: the registries they run, a request with everything its page shows, a supporter's bookings.</summary>
public static class PeerPages
{
    public static Task<List<PeerProgramme>> ProgrammesAsync(NimoDbContext db, UserScope scope, CancellationToken ct) =>
        db.PeerProgrammes.AsNoTracking().VisibleTo(scope).Include(p => p.OwnerOrganization).ThenInclude(o => o.Region).Include(p => p.OperatorOrganization).OrderBy(p => p.Name).ToListAsync(ct);

    /// <summary>The registry asked for, or the first the user runs; null when they run none (or not that one).</summary>
    public static PeerProgramme? Pick(List<PeerProgramme> programmes, int? id) =>
        id is int i ? programmes.FirstOrDefault(p => p.Id == i) : programmes.FirstOrDefault();

    public static IQueryable<PeerRequest> WithAll(this IQueryable<PeerRequest> q) => q
        .Include(r => r.Programme).ThenInclude(p => p.OwnerOrganization).ThenInclude(o => o.Region)
        .Include(r => r.Region).Include(r => r.AdmissionCategory)
        .Include(r => r.Topics).ThenInclude(t => t.Category)
        .Include(r => r.Dispatches).ThenInclude(d => d.Supporter).ThenInclude(s => s.Areas).ThenInclude(a => a.Region)
        .AsSplitQuery();

    /// <summary>The supporter's accepted bookings that overlap the time (for the overlap rule), tracked so that the check and the save see the same rows.</summary>
    public static Task<List<PeerDispatch>> BookingsAsync(NimoDbContext db, int supporterId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.PeerDispatches.Where(d => d.SupporterId == supporterId && d.State == DispatchState.Accepted && d.StartsAt < to && from < d.EndsAt).ToListAsync(ct);

    public static string Yen(int yen) => yen.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture) + "円";

    public static string Minutes(int minutes) => minutes % 60 == 0 ? $"{minutes / 60}時間" : minutes >= 60 ? $"{minutes / 60}時間{minutes % 60}分" : $"{minutes}分";

    public static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), JapanTime.Offset);

    /// <summary>The regions a registry serves, in tree order with their depth below the registry's region.</summary>
    public static async Task<List<(Nimo.Features.Regions.Region Region, int Depth)>> RegionsAsync(NimoDbContext db, PeerProgramme programme, CancellationToken ct)
    {
        var root = programme.OwnerOrganization.Region;
        var list = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(root.Path)).OrderBy(r => r.Path).ToListAsync(ct);
        return [.. list.Select(r => (r, r.Depth - root.Depth))];
    }
}
