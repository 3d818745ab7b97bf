using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Cases;

/// <summary>
/// The record of one 支援関係者会議 / ケース会議 (date, purpose, attendees with their organisation and kind, the police
/// exception when there was one, what was agreed) as A4 HTML and .xlsx, for whoever may see the case; audited as the plan.
/// </summary>
public sealed class ConferenceRecordModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public SupportCase Case { get; private set; } = null!;
    public CaseConference Conference { get; private set; } = null!;
    public FormDocument Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await HttpContext.AuditReadAsync(audit, Case.ClientId, $"会議の記録(印刷用) 会議#{id}", ct);
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await audit.WriteAsync(AuditActions.Export, "CaseConference", id, detail: $"会議の記録(.xlsx) ケース#{Case.Id} 対象者#{Case.ClientId}", ct: ct);
        return File(FormXlsx.Write(Document, Document.Title), XlsxFile.ContentType, $"kaigi-kiroku-{id}-{Conference.HeldOn:yyyyMMdd}.xlsx");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var caseId = await db.CaseConferences.AsNoTracking().Where(k => k.Id == id).Select(k => (int?)k.CaseId).SingleOrDefaultAsync(ct);
        // The conference is reached through its case, so the case's visibility rule decides.
        var found = caseId is int cid
            ? await db.SupportCases.AsNoTracking().VisibleTo(db, HttpContext.Scope(), JapanTime.Today(clock)).Include(c => c.Client).Include(c => c.OwnerOrganization)
                .SingleOrDefaultAsync(c => c.Id == cid, ct)
            : null;
        if (found is null)
        {
            return NotFound();
        }

        Case = found;
        Conference = await db.CaseConferences.AsNoTracking().Include(k => k.Attendees).SingleAsync(k => k.Id == id, ct);
        Document = CaseDocuments.Conference(found, Conference);
        return null;
    }
}
