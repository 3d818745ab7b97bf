using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer.Desk;

/// <summary>The coordinator's desk: the registries they run and, for one, the 年度's requests by date with their state.</summary>
public sealed class IndexModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public List<PeerProgramme> Programmes { get; private set; } = [];
    public PeerProgramme? Programme { get; private set; }
    public FiscalYear Year { get; private set; }
    public RequestStatus? Status { get; private set; }
    public List<PeerRequest> Requests { get; private set; } = [];
    public int Registered { get; private set; }
    public int NeedRenewal { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? programmeId, int? year, RequestStatus? status, CancellationToken ct)
    {
        Programmes = await PeerPages.ProgrammesAsync(db, HttpContext.Scope(), ct);
        Programme = PeerPages.Pick(Programmes, programmeId);
        if (programmeId is not null && Programme is null)
        {
            return NotFound();
        }

        Year = year is int y && FiscalYear.IsSupported(y) ? new FiscalYear(y) : FiscalYear.Of(JapanTime.Today(clock));
        Status = status;
        if (Programme is null)
        {
            return Page();
        }

        var from = PeerPages.At(Year.Start, TimeOnly.MinValue);
        var to = PeerPages.At(Year.Next.Start, TimeOnly.MinValue);
        var query = db.PeerRequests.AsNoTracking().VisibleTo(HttpContext.Scope()).Where(r => r.ProgrammeId == Programme.Id && r.StartsAt >= from && r.StartsAt < to);
        if (status is RequestStatus s)
        {
            query = query.Where(r => r.Status == s);
        }

        Requests = await query.Include(r => r.Region).Include(r => r.Dispatches).ThenInclude(d => d.Supporter).OrderBy(r => r.StartsAt).ThenBy(r => r.Id).AsSplitQuery().ToListAsync(ct);
        var fy = Year.StartYear;
        Registered = await db.PeerSupporters.CountAsync(x => x.ProgrammeId == Programme.Id && x.EndedOn == null && x.Registrations.Any(g => g.FiscalYear == fy), ct);
        NeedRenewal = await db.PeerSupporters.CountAsync(x => x.ProgrammeId == Programme.Id && x.EndedOn == null && !x.Registrations.Any(g => g.FiscalYear == fy)
            && x.Registrations.Any(g => g.FiscalYear < fy), ct);
        return Page();
    }
}
