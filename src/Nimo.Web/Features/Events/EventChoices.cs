using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>The choices the event pages offer (areas, organisers, plan rows, forums) and the counts their lists show.</summary>
public static class EventChoices
{
    /// <summary>The user's own region and everything under it, in tree order, with depth for indenting.</summary>
    public static async Task<IReadOnlyList<(Region Region, int Depth)>> ReadableRegionsAsync(NimoDbContext db, UserScope scope, CancellationToken ct)
    {
        var root = scope.IsAdmin ? "/" : scope.RegionPath;
        if (root.Length == 0)
        {
            return [];
        }

        var regions = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(root) && r.Kind != RegionKind.DailyLifeArea)
            .OrderBy(r => r.Path).ToListAsync(ct);
        var top = regions.Count == 0 ? 0 : regions.Min(r => r.Depth);
        return [.. regions.Select(r => (r, r.Depth - top))];
    }

    /// <summary>Organisations the user may hold an event for: their area's for area editors, else their own.</summary>
    public static async Task<IReadOnlyList<Organization>> OrganizersAsync(NimoDbContext db, UserScope scope, CancellationToken ct)
    {
        if (scope.OrganizationId == 0 || scope.IsAdmin || scope.Role is Roles.ReadOnly or Roles.PeerSupporter)
        {
            return [];
        }

        var root = scope.RegionPath;
        var list = await db.Organizations.AsNoTracking().Include(o => o.Region)
            .Where(o => o.Id == scope.OrganizationId || o.Region.Path.StartsWith(root)).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
        return [.. list.Where(o => scope.CanOrganizeFor(o, o.Region.Path))];
    }

    public static async Task<bool> CanCreateAnyAsync(NimoDbContext db, UserScope scope, CancellationToken ct) =>
        (await OrganizersAsync(db, scope, ct)).Count > 0;

    /// <summary>Organisations that can co-host: those in the user's area and the regions above it.</summary>
    public static async Task<IReadOnlyList<Organization>> CoHostChoicesAsync(NimoDbContext db, UserScope scope, CancellationToken ct)
    {
        var root = scope.RegionPath;
        var ancestors = scope.AncestorPaths.ToList();
        return root.Length == 0 ? [] : await db.Organizations.AsNoTracking().Include(o => o.Region)
            .Where(o => o.Region.Path.StartsWith(root) || ancestors.Contains(o.Region.Path)).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
    }

    /// <summary>This-year schedule rows of plans for the region or the regions above it, in the event's 年度.</summary>
    public static async Task<IReadOnlyList<(int Id, string Label)>> ScheduleRowsAsync(NimoDbContext db, Region region, int fiscalYear, CancellationToken ct)
    {
        var paths = UserScope.AncestorsOf(region.Path).Append(region.Path).ToList();
        var rows = await db.ScheduleItems.AsNoTracking()
            .Where(s => s.Kind == ScheduleKind.ThisYear && s.Plan.FiscalYear == fiscalYear && paths.Contains(s.Plan.Region.Path))
            .Select(s => new { s.Id, s.WhenText, s.Title, Region = s.Plan.Region.Name, s.MonthKey, s.SortOrder }).ToListAsync(ct);
        return [.. rows.OrderBy(r => r.Region).ThenBy(r => r.MonthKey ?? int.MaxValue).ThenBy(r => r.SortOrder)
            .Select(r => (r.Id, $"{r.Region} {r.WhenText}: {Short(r.Title)}"))];
    }

    /// <summary>Forums of the region or above it, which the user can see.</summary>
    public static async Task<IReadOnlyList<Forum>> ForumsAsync(NimoDbContext db, UserScope scope, Region region, CancellationToken ct)
    {
        var paths = UserScope.AncestorsOf(region.Path).Append(region.Path).ToList();
        return await db.Forums.AsNoTracking().VisibleTo(scope).Where(f => paths.Contains(f.Region.Path)).OrderBy(f => f.Region.Path).ThenBy(f => f.Name).ToListAsync(ct);
    }

    /// <summary>Per event: confirmed and waiting registrations, and attendees (checked in, plus counts without names).</summary>
    public static async Task<Dictionary<int, (int Confirmed, int Waiting, int Attended)>> CountsAsync(NimoDbContext db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var registrations = await db.EventRegistrations.AsNoTracking().Where(r => ids.Contains(r.EventId) && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => new { r.EventId, r.Status, In = r.CheckedInAt != null }).Select(g => new { g.Key.EventId, g.Key.Status, g.Key.In, Count = g.Count() }).ToListAsync(ct);
        var headcounts = await db.EventHeadcounts.AsNoTracking().Where(h => ids.Contains(h.EventId))
            .GroupBy(h => h.EventId).Select(g => new { EventId = g.Key, Count = g.Sum(h => h.Attended) }).ToListAsync(ct);
        return ids.ToDictionary(id => id, id => (
            registrations.Where(r => r.EventId == id && r.Status == RegistrationStatus.Confirmed).Sum(r => r.Count),
            registrations.Where(r => r.EventId == id && r.Status == RegistrationStatus.Waitlisted).Sum(r => r.Count),
            registrations.Where(r => r.EventId == id && r.In).Sum(r => r.Count) + (headcounts.FirstOrDefault(h => h.EventId == id)?.Count ?? 0)));
    }

    private static string Short(string text)
    {
        var line = text.Split('\n')[0].Trim();
        return line.Length > 40 ? line[..40] + "…" : line;
    }
}
