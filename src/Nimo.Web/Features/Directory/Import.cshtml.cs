using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Directory;

/// <summary>Two imports for curators: a 事業所一覧 (CSV or .xlsx, headings recognised by name) and an HSDS 3.0 tabular package (.zip).</summary>
[RequestSizeLimit(CsvFile.MaxBytes + 64 * 1024)]
public sealed class ImportModel(NimoDbContext db, AuditLog audit, TimeProvider clock, DirectoryCache cache) : PageModel
{
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Result { get; private set; }

    public IActionResult OnGet() => HttpContext.Scope().CanCurateAnything() ? Page() : Forbid();

    public async Task<IActionResult> OnPostOfficesAsync(IFormFile? file, string? encoding, CancellationToken ct)
    {
        if (!HttpContext.Scope().CanCurateAnything())
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Errors = ["ファイルを選んでください。"];
            return Page();
        }

        var bytes = await file.ReadAllAsync();
        var csv = XlsxFile.LooksLikeXlsx(bytes) ? XlsxFile.Read(bytes, []) : CsvFile.Read(bytes, CsvFile.ParseEncoding(encoding), []);
        if (csv.Errors.Count > 0)
        {
            Errors = csv.Errors;
            return Page();
        }

        var outcome = await DirectoryImport.OfficeListAsync(db, csv.Rows, HttpContext.Scope(), clock.GetUtcNow(), ct);
        return await FinishAsync(outcome, "offices", csv.Rows.Count, ct);
    }

    public async Task<IActionResult> OnPostPackageAsync(IFormFile? file, CancellationToken ct)
    {
        if (!HttpContext.Scope().CanCurateAnything())
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Errors = ["ファイルを選んでください。"];
            return Page();
        }

        var (tables, errors) = HsdsTabular.Read(await file.ReadAllAsync());
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }

        var outcome = await DirectoryImport.HsdsPackageAsync(db, tables, HttpContext.Scope(), clock.GetUtcNow(), ct);
        return await FinishAsync(outcome, "hsds", tables.GetValueOrDefault("service")?.Count ?? 0, ct);
    }

    private async Task<IActionResult> FinishAsync(ImportOutcome outcome, string kind, int rows, CancellationToken ct)
    {
        if (outcome.Errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            await audit.WriteAsync(AuditActions.Import, "DirectoryService", outcome: AuditOutcome.Failure, detail: $"{kind}: {rows} rows, {outcome.Errors.Count} errors", ct: ct);
            Errors = outcome.Errors;
            return Page();
        }

        DirectoryStamp.Touch(db);
        audit.Add(AuditActions.Import, "DirectoryService", detail: $"{kind}: {rows} rows, {outcome.Services} services, {outcome.Organizations} organisations, {outcome.Locations} locations");
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        Result = $"取り込みました: サービスの追加・更新 {outcome.Services}件、機関の追加 {outcome.Organizations}件、場所の追加 {outcome.Locations}件。新しいサービスは非公開です。内容を確かめてから公開してください。"
            + string.Concat(outcome.Notes.Select(n => " " + n));
        return Page();
    }
}
