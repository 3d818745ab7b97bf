using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// 対象者の検索: by ふりがな or name (width- and kana-insensitive) and birth date, only among the clients the user may
/// see. The list shows no diagnosis or case detail; exporting it needs a reason, which is logged.
/// </summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? Born { get; set; }

    public IReadOnlyList<Client> Clients { get; private set; } = [];
    public int Total { get; private set; }
    public bool CanRegister { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HttpContext.Scope().HandlesPersonalData())
        {
            return Forbid();
        }

        var query = Query();
        Total = await query.CountAsync(ct);
        Clients = await query.OrderBy(c => c.KanaKey).ThenBy(c => c.BirthDate).Take(PageSize).ToListAsync(ct);
        CanRegister = true;
        // The list shows names and birth dates, searched or not: which clients it showed, and the search, are recorded.
        var search = ClientAccess.SearchText(Q, Born);
        await HttpContext.AuditListAsync(audit, search is null ? "ClientList" : "ClientSearch", search is null ? "対象者の一覧" : $"対象者の検索(該当{Total}件)",
            [.. Clients.Select(c => c.Id)], search, ct);

        return Page();
    }

    public async Task<IActionResult> OnPostExportAsync(string? reason, CancellationToken ct)
    {
        if (!HttpContext.Scope().HandlesPersonalData())
        {
            return Forbid();
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 4)
        {
            TempData[PageWrites.ErrorKey] = "個人情報を出力する理由を入力してください(監査ログに記録されます)。";
            return Redirect("/Clients");
        }

        var rows = await Query().OrderBy(c => c.KanaKey).Include(c => c.Region).Take(CsvFile.MaxRows).ToListAsync(ct);
        AuditLog.About(audit.Add(AuditActions.Export, "Client", detail: $"{rows.Count}件 理由: {reason.Trim()}"), rows.Select(c => c.Id), ClientAccess.SearchText(Q, Born));
        await db.SaveChangesAsync(ct);
        var csv = CsvFile.Write(["ID", "氏名", "ふりがな", "生年月日", "性別", "住所地"],
            rows.Select(c => (IReadOnlyList<string?>)[c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, c.Kana, JapaneseDate.Format(c.BirthDate), SexLabel(c.Sex), c.Region?.Name]),
            CsvEncoding.Utf8);
        return File(csv, "text/csv; charset=utf-8", "taishosha.csv");
    }

    public static string SexLabel(Sex sex) => sex switch { Sex.Female => "女性", Sex.Male => "男性", Sex.Other => "その他", _ => "—" };

    private IQueryable<Client> Query()
    {
        var query = db.Clients.AsNoTracking().VisibleForSearch(db, HttpContext.Scope(), JapanTime.Today(clock));
        var key = TextNormalizer.SearchKey(Q);
        if (key.Length > 0)
        {
            // Any part of the ふりがな or the name, width/kana/space insensitive (「じろう」 finds みほん じろう): a substring test
            // on the stored, already normalised SearchKey (instr on SQLite, strpos on PostgreSQL). A leading wildcard can use
            // no index, and needs none here: VisibleForSearch narrows to the ids the user may see first (the organisation's
            // own clients by index, plus the consented ones), so the test runs over that caseload, a few thousand short
            // strings, whatever the size of the installation (bench/run.sh: the kana search row). The raw name test keeps
            // finding names exactly as typed.
            var raw = Q!.Trim();
            query = query.Where(c => c.SearchKey.Contains(key) || c.Name.Contains(raw));
        }

        if (Born is DateOnly born)
        {
            query = query.Where(c => c.BirthDate == born);
        }

        return query;
    }
}
