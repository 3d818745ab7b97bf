using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Organizations;

[RequestSizeLimit(CsvFile.MaxBytes + 64 * 1024)]
public sealed class ImportModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public ImportView View { get; private set; } = Make([], null, null);

    public IActionResult OnGet() => HttpContext.Scope().CanEditMasterData ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? encoding)
    {
        var scope = HttpContext.Scope();
        if (!scope.CanEditMasterData)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            View = Make(["ファイルを選んでください。"], null, null);
            return Page();
        }

        var csv = CsvFile.Read(await file.ReadAllAsync(), CsvFile.ParseEncoding(encoding), OrganizationImport.Required);
        if (csv.Errors.Count > 0)
        {
            View = Make(csv.Errors, null, csv.EncodingName);
            return Page();
        }

        // Tracked, so organisations and their regions are the same instances; unchanged regions write nothing.
        var regions = await db.Regions.VisibleTo(scope).ToListAsync();
        var existing = await db.Organizations.VisibleTo(scope).ToListAsync();
        var plan = OrganizationImport.Stage(csv.Rows, regions, existing, scope, o => db.Organizations.Add(o));
        if (plan.Errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            await audit.WriteAsync(AuditActions.Import, "Organization", outcome: AuditOutcome.Failure, detail: $"{csv.Rows.Count} rows, {plan.Errors.Count} errors");
            View = Make(plan.Errors, null, csv.EncodingName);
            return Page();
        }

        audit.Add(AuditActions.Import, "Organization", detail: $"{csv.Rows.Count} rows: {plan.Created} created, {plan.Updated} updated, {plan.Unchanged} unchanged");
        await db.SaveChangesAsync();
        View = Make([], $"取り込みました({csv.EncodingName}、{csv.Rows.Count}行): 追加 {plan.Created}件、更新 {plan.Updated}件、変更なし {plan.Unchanged}件。", csv.EncodingName);
        return Page();
    }

    private static ImportView Make(IReadOnlyList<string> errors, string? result, string? encodingName) =>
        new("機関", OrganizationImport.Columns, "川口市保健所,かわぐちしほけんじょ,保健所,112038,川口市前川1-11-1,048-266-5557,,有効", errors, result, encodingName);
}
