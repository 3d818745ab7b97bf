using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>What a live indicator counted: the list behind the number, showing only the records the reader may open.</summary>
public sealed class CountModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<PrivacyOptions> privacy, IEnumerable<ILiveCountSource> sources) : PageModel
{
    public PlanIndicator Indicator { get; private set; } = null!;
    public Plan Plan { get; private set; } = null!;
    public IndicatorCount? Live { get; private set; }

    /// <summary>The source the indicator counts from; null for a typed actual or a key no source answers to any more.</summary>
    public ILiveCountSource? Source { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var indicator = await db.PlanIndicators.AsNoTracking().Include(i => i.Plan).ThenInclude(p => p.Region)
            .Where(i => db.Plans.VisibleTo(scope).Any(p => p.Id == i.PlanId)).SingleOrDefaultAsync(i => i.Id == id, ct);
        if (indicator is null)
        {
            return NotFound();
        }

        Indicator = indicator;
        Plan = indicator.Plan;
        Source = sources.Find(indicator.Source);
        if (Source is not null)
        {
            Live = await LiveCounts.CountAsync(db, Source, Plan.RegionId, Plan.FiscalYear, indicator.SourceForumId, scope, JapanTime.Today(clock), privacy.Value.SuppressBelow, ct);
            // The list names the clients the reader may open: recorded as a look at them.
            await HttpContext.AuditListAsync(audit, "ClientList", $"指標の集計内容(指標#{indicator.Id})",
                [.. Live.Items.Where(i => i.Visible && i.ClientId is not null).Select(i => i.ClientId!.Value)], null, ct);
        }

        return Page();
    }
}
