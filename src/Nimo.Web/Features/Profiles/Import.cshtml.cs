using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Profiles;

[RequestSizeLimit(CsvFile.MaxBytes + 64 * 1024)]
public sealed class ImportModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Result { get; private set; }
    public string? FormatName { get; private set; }

    public IActionResult OnGet() => HttpContext.Scope().CanEditMasterData ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? encoding, string? reason, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!scope.CanEditMasterData)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Errors = ["ファイルを選んでください。"];
            return Page();
        }

        var bytes = await file.ReadAllAsync();
        var read = XlsxFile.LooksLikeXlsx(bytes)
            ? XlsxFile.Read(bytes, ProfileFile.Required)
            : CsvFile.Read(bytes, CsvFile.ParseEncoding(encoding), ProfileFile.Required);
        FormatName = read.EncodingName;
        if (read.Errors.Count > 0)
        {
            Errors = read.Errors;
            return Page();
        }

        var result = await new ProfileImport(db, scope, clock).RunAsync(read.Rows, reason, ct);
        if (!result.Succeeded)
        {
            await audit.WriteAsync(AuditActions.Import, "RegionProfile", outcome: AuditOutcome.Failure,
                detail: $"{read.Rows.Count} rows, {result.Errors.Count} errors", ct: ct);
            Errors = result.Errors;
            return Page();
        }

        audit.Add(AuditActions.Import, "RegionProfile", detail:
            $"{read.Rows.Count} rows: {result.ProfilesAdded} added, {result.ProfilesUpdated} updated, {result.ProfilesUnchanged} unchanged, {result.FiguresChanged} figures");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            Errors = ["他の利用者が同時に基礎情報を更新したため取り込めませんでした。もう一度取り込んでください。"];
            return Page();
        }

        Result = $"取り込みました({read.EncodingName}、{read.Rows.Count}行): 年度別の基礎情報 追加 {result.ProfilesAdded}件、更新 {result.ProfilesUpdated}件、変更なし {result.ProfilesUnchanged}件(変更した数値 {result.FiguresChanged}件)。";
        return Page();
    }
}
