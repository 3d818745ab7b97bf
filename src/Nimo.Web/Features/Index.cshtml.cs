using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features;

/// <summary>
/// Home: what needs the user now, from the panels the feature modules register (<see cref="IHomePanel"/>: forums, cases,
/// liaison, plans, events, 基礎情報 …, in the order Program.cs adds the modules), then their area at a glance.
/// </summary>
public sealed class IndexModel(NimoDbContext db, TimeProvider clock, IEnumerable<IHomePanel> panels) : PageModel
{
    public string RegionName { get; private set; } = "";
    public int RegionCount { get; private set; }
    public int MunicipalityCount { get; private set; }
    public int OrganizationCount { get; private set; }
    public int DepartmentCount { get; private set; }
    public DateOnly Today { get; private set; }

    /// <summary>The panels with something for the user, in the order the modules are added.</summary>
    public IReadOnlyList<HomePanelContent> FeaturePanels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Today = JapanTime.Today(clock);
        RegionName = scope.IsAdmin ? "全地域" : scope.RegionName;
        // The four counts of 「担当範囲」 in one statement (Tally).
        const int OtherRegion = 0, Municipality = 1, Organization = 2, Department = 3;
        var tally = await db.Regions.Within(scope).Select(r => r.Kind == RegionKind.Municipality ? Municipality : OtherRegion)
            .Concat(db.Organizations.VisibleTo(scope).Select(_ => Organization))
            .Concat(db.Departments.VisibleTo(scope).Select(_ => Department))
            .CountByKindAsync(ct);
        int Count(int kind) => tally.GetValueOrDefault(kind);
        MunicipalityCount = Count(Municipality);
        RegionCount = Count(OtherRegion) + MunicipalityCount;
        OrganizationCount = Count(Organization);
        DepartmentCount = Count(Department);

        var home = new HomeContext(scope, Today, clock.GetUtcNow());
        var contents = new List<HomePanelContent>();
        foreach (var panel in panels)
        {
            if (await panel.LoadAsync(home, ct) is { Count: > 0 } content)
            {
                contents.Add(content);
            }
        }

        FeaturePanels = contents;
    }
}
