using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer.Desk;

/// <summary>
/// 登録者名簿: a registry's supporters with kind, team, areas, activities, trainings and this 年度's registration. Never
/// their lived experience (it is not loaded here: it lives in its own table, read by the supporter page only).
/// </summary>
public sealed class SupportersModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public PeerProgramme Programme { get; private set; } = null!;
    public FiscalYear Year { get; private set; }
    public List<PeerSupporter> Supporters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? programmeId, CancellationToken ct)
    {
        var programme = PeerPages.Pick(await PeerPages.ProgrammesAsync(db, HttpContext.Scope(), ct), programmeId);
        if (programme is null)
        {
            return NotFound();
        }

        Programme = programme;
        Year = FiscalYear.Of(JapanTime.Today(clock));
        Supporters = await db.PeerSupporters.AsNoTracking().Where(s => s.ProgrammeId == programme.Id)
            .Include(s => s.TeamOrganization).Include(s => s.Areas).ThenInclude(a => a.Region)
            .OrderBy(s => s.EndedOn != null).ThenBy(s => s.Kana).AsSplitQuery().ToListAsync(ct);
        await audit.StoreReadAsync("PeerSupporter", null, $"{programme.Name}の登録者名簿を表示({Supporters.Count}人)", ct);
        return Page();
    }
}
