using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Cases;

/// <summary>
/// The 退院後支援計画 as a document for the person and the 関係者: A4 HTML to print, and .xlsx. Anyone who may see the case
/// may print it; each view is a read of the client in the audit log, each download an export.
/// </summary>
public sealed class PlanDocumentModel(NimoDbContext db, AuditLog audit, TimeProvider clock, IOptions<DischargeSupportRules> rules) : PageModel
{
    public SupportCase Case { get; private set; } = null!;
    public FormDocument Document { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await HttpContext.AuditReadAsync(audit, Case.ClientId, $"退院後支援計画(印刷用) ケース#{id}", ct);
        return Page();
    }

    public async Task<IActionResult> OnGetXlsxAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await audit.WriteAsync(AuditActions.Export, "DischargePlan", Case.DischargePlan!.Id, detail: $"退院後支援計画(.xlsx) ケース#{id} 対象者#{Case.ClientId}", ct: ct);
        var today = JapanTime.Today(clock);
        return File(FormXlsx.Write(Document, "退院後支援計画"), XlsxFile.ContentType, $"taiingo-shien-keikaku-{id}-{today:yyyyMMdd}.xlsx");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var today = JapanTime.Today(clock);
        var found = await db.SupportCases.AsNoTracking().VisibleTo(db, HttpContext.Scope(), today)
            .Include(c => c.Client).ThenInclude(k => k.Region).Include(c => c.OwnerOrganization)
            .Include(c => c.DischargePlan).ThenInclude(p => p!.Consent).Include(c => c.DischargePlan).ThenInclude(p => p!.Services)
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (found?.DischargePlan is null)
        {
            return NotFound();
        }

        Case = found;
        Document = CaseDocuments.Plan(found, rules.Value, today);
        return null;
    }
}
