using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Admin.Audit;

public sealed class IndexModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? UserName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? RecordType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? RecordId { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<AuditEntry> Entries { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public AuditVerification? Verification { get; private set; }

    public async Task OnGetAsync()
    {
        var query = Filtered();
        Total = await query.CountAsync();
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Entries = await query.OrderByDescending(a => a.Sequence).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync();
    }

    public async Task<IActionResult> OnGetExportAsync()
    {
        var rows = await Filtered().OrderBy(a => a.Sequence).ToListAsync();
        await audit.WriteAsync(AuditActions.Export, "AuditEntry", detail: $"{rows.Count} rows");
        var bytes = CsvFile.Write(
            ["連番", "日時(JST)", "利用者", "利用者ID", "機関ID", "操作", "記録の種類", "記録ID", "結果", "接続元", "詳細", "ハッシュ"],
            rows.Select(a => (IReadOnlyList<string?>)
            [
                a.Sequence.ToString(CultureInfo.InvariantCulture),
                JapanTime.ToJst(a.OccurredAt).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
                a.UserName, a.UserId, a.OrganizationId?.ToString(CultureInfo.InvariantCulture), a.Action, a.RecordType, a.RecordId,
                a.Outcome.ToString(), a.ClientAddress, a.Detail, a.Hash,
            ]),
            CsvEncoding.Utf8);
        return File(bytes, "text/csv; charset=utf-8", "audit-log.csv");
    }

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        Verification = await AuditLog.VerifyAsync(db);
        await audit.WriteAsync(AuditActions.AuditVerified, outcome: Verification.Intact ? AuditOutcome.Success : AuditOutcome.Failure, detail: Verification.Message);
        await OnGetAsync();
        return Page();
    }

    private IQueryable<AuditEntry> Filtered()
    {
        var query = db.AuditEntries.AsNoTracking();
        if (From is DateOnly from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), JapanTime.Offset).ToUniversalTime();
            query = query.Where(a => a.OccurredAt >= start);
        }

        if (To is DateOnly to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), JapanTime.Offset).ToUniversalTime();
            query = query.Where(a => a.OccurredAt < end);
        }

        if (!string.IsNullOrWhiteSpace(UserName))
        {
            query = query.Where(a => a.UserName == UserName.Trim());
        }

        if (!string.IsNullOrWhiteSpace(ActionName))
        {
            query = query.Where(a => a.Action == ActionName);
        }

        if (!string.IsNullOrWhiteSpace(RecordType))
        {
            query = query.Where(a => a.RecordType == RecordType);
        }

        if (!string.IsNullOrWhiteSpace(RecordId))
        {
            query = query.Where(a => a.RecordId == RecordId.Trim());
        }

        return query;
    }

    public string PageUrl(int page, string? handler = null) =>
        "/Admin/Audit" + QueryString.Create(new Dictionary<string, string?>
        {
            ["handler"] = handler,
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["userName"] = UserName,
            ["actionName"] = ActionName,
            ["recordType"] = RecordType,
            ["recordId"] = RecordId,
            ["p"] = handler is null ? page.ToString(CultureInfo.InvariantCulture) : null,
        }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToUriComponent();
}
