using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Demo;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;

namespace Nimo.Features.Organizations;

/// <summary>
/// The five seed regions (with 埼玉県's areas and municipalities), their named organisations and departments
/// (demo-regions.json), and the demo accounts <see cref="DemoData.Accounts"/> lists, at those organisations.
/// </summary>
public sealed class OrganizationsDemoSeed(UserManager<NimoUser> users) : IDemoSeed
{
    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var orgs = await LoadRegionsAndOrganizationsAsync(demo.Db, Read(), ct);
        foreach (var (userName, displayName, role, orgKey) in DemoData.Accounts)
        {
            if (await users.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var user = new NimoUser { UserName = userName, DisplayName = displayName, OrganizationId = orgs[orgKey].Id, CreatedAt = demo.Clock.GetUtcNow() };
            DemoData.Check(await users.CreateAsync(user, DemoData.DemoPassword));
            DemoData.Check(await users.AddToRoleAsync(user, role));
        }
    }

    /// <summary>The seed organisations already loaded, by their key in demo-regions.json (for the seeds of other features).</summary>
    public static async Task<Dictionary<string, Organization>> ByKeyAsync(NimoDbContext db, CancellationToken ct)
    {
        var seed = Read();
        var regionCodes = seed.Regions.ToDictionary(r => r.Key, r => (r.Code, r.Name, r.Kind));
        var all = await db.Organizations.Include(o => o.Region).ToListAsync(ct);
        return seed.Organizations.ToDictionary(o => o.Key, o =>
        {
            var (code, name, kind) = regionCodes[o.Region];
            return all.Single(e => e.Name == o.Name && (code is not null ? e.Region.Code == code : e.Region.Name == name && e.Region.Kind == kind));
        }, StringComparer.Ordinal);
    }

    /// <summary>Regions, organisations and departments of the seeds; returns organisations by seed key.</summary>
    private static async Task<Dictionary<string, Organization>> LoadRegionsAndOrganizationsAsync(NimoDbContext db, DemoSeed seed, CancellationToken ct)
    {
        var regions = new Dictionary<string, Region>(StringComparer.Ordinal);
        var existing = await db.Regions.ToListAsync(ct);
        foreach (var r in seed.Regions)
        {
            var found = existing.FirstOrDefault(e => r.Code is not null ? e.Code == r.Code : e.Name == r.Name && e.Kind == r.Kind);
            if (found is null)
            {
                found = Region.Create(r.Code, r.Name, r.Kana, r.Kind, ParseFlags(r.Flags), r.Parent is null ? null : regions[r.Parent]);
                db.Regions.Add(found);
            }

            regions[r.Key] = found;
        }

        await db.SaveChangesAsync(ct);

        var organizations = new Dictionary<string, Organization>(StringComparer.Ordinal);
        var existingOrgs = await db.Organizations.ToListAsync(ct);
        foreach (var o in seed.Organizations)
        {
            var region = regions[o.Region];
            var found = existingOrgs.FirstOrDefault(e => e.Name == o.Name && e.RegionId == region.Id);
            if (found is null)
            {
                found = Organization.Create(o.Name, o.Kana ?? "", o.Kind, region);
                db.Organizations.Add(found);
            }

            organizations[o.Key] = found;
        }

        if (!await db.Departments.AnyAsync(ct))
        {
            var order = 0;
            foreach (var d in seed.Departments)
            {
                db.Departments.Add(Department.Create(regions[d.Region], d.Name, d.Role, d.Duties, order++));
            }
        }

        await db.SaveChangesAsync(ct);
        return organizations;
    }

    public static DemoSeed Read() => DemoData.ReadJson<DemoSeed>("demo-regions.json");

    private static MunicipalityFlags ParseFlags(IEnumerable<string> flags) =>
        flags.Aggregate(MunicipalityFlags.None, (acc, f) => acc | Enum.Parse<MunicipalityFlags>(f));
}

public sealed record DemoSeed(List<DemoRegion> Regions, List<DemoOrganization> Organizations, List<DemoDepartment> Departments);
public sealed record DemoRegion(string Key, string? Code, string Name, string Kana, RegionKind Kind, string? Parent, List<string> Flags);
public sealed record DemoOrganization(string Key, string Name, string? Kana, OrganizationKind Kind, string Region, string? Source);
public sealed record DemoDepartment(string Region, string Name, DepartmentRole Role, List<string> Duties);
