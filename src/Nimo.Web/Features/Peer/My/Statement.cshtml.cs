using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer.My;

/// <summary>The supporter's own monthly statement: the same lines the 会計 office gets, only theirs.</summary>
public sealed class StatementModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public MonthStatement? Statement { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? year, int? month, CancellationToken ct)
    {
        var me = await PeerAccess.MineAsync(db, HttpContext.Scope(), ct);
        if (me is null)
        {
            return NotFound();
        }

        var today = JapanTime.Today(clock);
        var y = year is int yy && yy is >= 2000 and <= 2100 ? yy : today.Year;
        var m = month is int mm && mm is >= 1 and <= 12 ? mm : today.Month;
        Statement = await MonthStatement.LoadAsync(db, me.Programme, y, m, me.Id, ct);
        await audit.StoreReadAsync("PeerStatement", me.Id, $"自分の明細 {Statement.Title}を表示", ct);
        return Page();
    }
}
