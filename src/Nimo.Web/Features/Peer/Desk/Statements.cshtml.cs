using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Peer.Desk;

/// <summary>謝金・旅費の月次明細: per supporter and per budget line, on an A4 page and as .xlsx and CSV for the 会計 office.</summary>
public sealed class StatementsModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public MonthStatement Statement { get; private set; } = null!;
    public PeerProgramme Programme { get; private set; } = null!;
    public int? SupporterId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? programmeId, int? year, int? month, int? supporterId, CancellationToken ct) =>
        await LoadAsync(programmeId, year, month, supporterId, ct) ?? Page();

    public async Task<IActionResult> OnGetXlsxAsync(int? programmeId, int? year, int? month, int? supporterId, CancellationToken ct)
    {
        if (await LoadAsync(programmeId, year, month, supporterId, ct) is { } refusal)
        {
            return refusal;
        }

        await audit.WriteAsync(AuditActions.Export, "PeerStatement", Programme.Id, detail: $"{Programme.Name} {Statement.Title}の明細をExcelで出力({Statement.Lines.Count}行)", ct: ct);
        return File(Statement.Xlsx(), XlsxFile.ContentType, $"peer-statement-{Statement.Year}-{Statement.Month:00}.xlsx");
    }

    public async Task<IActionResult> OnGetCsvAsync(int? programmeId, int? year, int? month, int? supporterId, string? encoding, CancellationToken ct)
    {
        if (await LoadAsync(programmeId, year, month, supporterId, ct) is { } refusal)
        {
            return refusal;
        }

        var enc = string.Equals(encoding, "ShiftJis", StringComparison.OrdinalIgnoreCase) ? CsvEncoding.ShiftJis : CsvEncoding.Utf8;
        await audit.WriteAsync(AuditActions.Export, "PeerStatement", Programme.Id, detail: $"{Programme.Name} {Statement.Title}の明細をCSVで出力({Statement.Lines.Count}行)", ct: ct);
        return File(Statement.Csv(enc), "text/csv", $"peer-statement-{Statement.Year}-{Statement.Month:00}.csv");
    }

    private async Task<IActionResult?> LoadAsync(int? programmeId, int? year, int? month, int? supporterId, CancellationToken ct)
    {
        var programme = PeerPages.Pick(await PeerPages.ProgrammesAsync(db, HttpContext.Scope(), ct), programmeId);
        if (programme is null)
        {
            return NotFound();
        }

        var today = JapanTime.Today(clock);
        var y = year is int yy && yy is >= 2000 and <= 2100 ? yy : today.Year;
        var m = month is int mm && mm is >= 1 and <= 12 ? mm : today.Month;
        Programme = programme;
        SupporterId = supporterId;
        Statement = await MonthStatement.LoadAsync(db, programme, y, m, supporterId, ct);
        await audit.StoreReadAsync("PeerStatement", programme.Id, $"{programme.Name} {Statement.Title}の明細を表示({Statement.Lines.Count}行)", ct);
        return null;
    }
}
