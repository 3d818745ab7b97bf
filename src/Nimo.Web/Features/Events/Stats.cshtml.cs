using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>
/// The live figures a plan's indicators can count, for a region and 年度, each with what it counted: events held by kind,
/// attendees by category, supporters certified, and the 圏域・市町村 with at least one training. The same sources the
/// plan pages use, so the numbers agree.
/// </summary>
public sealed class StatsModel(NimoDbContext db, TimeProvider clock, IOptions<PrivacyOptions> privacy) : PageModel
{
    public int Year { get; private set; }
    public int CurrentYear { get; private set; }
    public Region? Region { get; private set; }
    public IReadOnlyList<(Region Region, int Depth)> RegionChoices { get; private set; } = [];
    public IReadOnlyList<(string Label, LiveCount Count)> Held { get; private set; } = [];
    public IReadOnlyList<(string Label, string Shown, LiveCount Count)> Attendees { get; private set; } = [];
    public LiveCount? SupportersYear { get; private set; }
    public LiveCount? SupportersTotal { get; private set; }
    public SupporterTarget? Target { get; private set; }
    public IReadOnlyList<Coverage> Coverages { get; private set; } = [];

    public sealed record Coverage(string Word, LiveCount Count, int Of, IReadOnlyList<Region> Without)
    {
        public string Percent => Of == 0 ? "—" : Math.Round(100m * Count.Count / Of, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }

    public async Task OnGetAsync(int? regionId, int? year, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var today = JapanTime.Today(clock);
        CurrentYear = FiscalYear.Of(today).StartYear;
        Year = year is int y && FiscalYear.IsSupported(y) ? y : CurrentYear;
        RegionChoices = await EventChoices.ReadableRegionsAsync(db, scope, ct);
        Region = RegionChoices.FirstOrDefault(r => r.Region.Id == regionId).Region ?? (RegionChoices.Count > 0 ? RegionChoices[0].Region : null);
        if (Region is null)
        {
            return;
        }

        var q = new LiveCountQuery(db, Region.Id, Region.Path, Region.Name, new FiscalYear(Year), null, scope, today);
        var held = new List<(string, LiveCount)>();
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            held.Add((EventLabels.Kinds[kind], await new EventsHeldSource(kind).CountAsync(q, ct)));
        }

        Held = held;
        var attendees = new List<(string, string, LiveCount)>();
        foreach (var category in EventLabels.Audiences.Cast<Audience?>().Append(null))
        {
            var count = await new AttendeesSource(category).CountAsync(q, ct);
            // A total that includes a sensitive event the reader does not run is shown under the small-count rule.
            var rows = await EventCounts.AttendeesAsync(await EventCounts.OwnHeldAsync(q, ct), category, db, ct);
            var hidden = rows.Any(r => r.Sensitive && !(scope.HandlesPersonalData() && scope.OrganizationId == r.OrganizerId));
            var shown = hidden ? Suppression.Show(count.Count, privacy.Value.SuppressBelow) : count.Count.ToString("#,0", CultureInfo.InvariantCulture);
            attendees.Add((category is Audience a ? EventLabels.AudienceNames[a] : "計", shown, count));
        }

        Attendees = attendees;
        SupportersYear = await new SupportersCertifiedSource().CountAsync(q, ct);
        SupportersTotal = await new SupportersCumulativeSource().CountAsync(q, ct);
        Target = await db.SupporterTargets.AsNoTracking().OrderBy(t => t.Id).FirstOrDefaultAsync(ct);
        var coverages = new List<Coverage>();
        foreach (var kind in new[] { RegionKind.HealthArea, RegionKind.Municipality })
        {
            var (all, with) = await EventCounts.TrainingCoverageAsync(q, kind, ct);
            if (all.Count == 0)
            {
                continue;
            }

            coverages.Add(new Coverage(kind == RegionKind.HealthArea ? "圏域" : "市町村", await new RegionsWithTrainingSource(kind).CountAsync(q, ct), all.Count,
                [.. all.Where(r => !with.ContainsKey(r.Id))]));
        }

        Coverages = coverages;
    }
}
