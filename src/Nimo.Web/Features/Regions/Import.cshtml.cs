using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Regions;

[RequestSizeLimit(CsvFile.MaxBytes + 64 * 1024)]
public sealed class ImportModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public ImportView View { get; private set; } = Empty([], null, null);

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
            View = Empty(["ファイルを選んでください。"], null, null);
            return Page();
        }

        var bytes = await file.ReadAllAsync();
        var csv = CsvFile.Read(bytes, CsvFile.ParseEncoding(encoding), RegionImport.Required);
        if (csv.Errors.Count > 0)
        {
            View = Empty(csv.Errors, null, csv.EncodingName);
            return Page();
        }

        // Tracked: the import updates these in place. Admins see the whole tree; others their subtree and its ancestors.
        var existing = await db.Regions.VisibleTo(scope).ToListAsync();
        var plan = RegionImport.Stage(csv.Rows, existing, scope, r => db.Regions.Add(r));
        if (plan.Errors.Count > 0)
        {
            // Nothing staged may reach the database, not even through the audit write below.
            db.ChangeTracker.Clear();
            await audit.WriteAsync(AuditActions.Import, "Region", outcome: AuditOutcome.Failure, detail: $"{csv.Rows.Count} rows, {plan.Errors.Count} errors");
            View = Empty(plan.Errors, null, csv.EncodingName);
            return Page();
        }

        audit.Add(AuditActions.Import, "Region", detail: $"{csv.Rows.Count} rows: {plan.Created} created, {plan.Updated} updated, {plan.Unchanged} unchanged");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            View = Empty(["他の利用者が同時に地域を更新したため取り込めませんでした。もう一度取り込んでください。"], null, csv.EncodingName);
            return Page();
        }

        View = Empty([], $"取り込みました({csv.EncodingName}、{csv.Rows.Count}行): 追加 {plan.Created}件、更新 {plan.Updated}件、変更なし {plan.Unchanged}件。", csv.EncodingName);
        return Page();
    }


    private static ImportView Empty(IReadOnlyList<string> errors, string? result, string? encodingName) =>
        new("地域", RegionImport.Columns, "112038,川口市,かわぐちし,市区町村,110001,中核市・保健所設置", errors, result, encodingName);
}
