using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>
/// Section 7 of the standard report sheet (協議の場の実施状況), straight from the forums: 名称, 構成員, 開催頻度,
/// 実施内容, 特記事項. Printable on A4 and downloadable as .xlsx or CSV to paste into the sheet.
/// </summary>
public sealed class ReportModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public Region? Region { get; private set; }
    public IReadOnlyList<Forum> Forums { get; private set; } = [];

    public static readonly IReadOnlyList<string> Columns = ["名称", "協議の場の構成員", "開催頻度", "実施内容", "特記事項等(課題・強み等)"];

    public async Task<IActionResult> OnGetAsync(int? regionId, CancellationToken ct) => await LoadAsync(regionId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnGetExportAsync(int? regionId, string? format, CancellationToken ct)
    {
        if (!await LoadAsync(regionId, ct) || Region is null)
        {
            return NotFound();
        }

        var rows = Forums.Select(Row).ToList();
        await audit.WriteAsync(AuditActions.Export, "ForumReport", Region.Id, detail: $"{rows.Count} forums, {format}", ct: ct);
        var name = $"kyogi-no-ba-{Region.Code ?? Region.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return format == "xlsx"
            ? File(XlsxFile.Write("7 協議の場の実施状況", Columns, rows.Select(r => (IReadOnlyList<XlsxFile.Cell>)[.. r.Select(c => new XlsxFile.Cell(c))])), XlsxFile.ContentType, name + ".xlsx")
            : File(CsvFile.Write(Columns, rows, CsvEncoding.Utf8), "text/csv; charset=utf-8", name + ".csv");
    }

    /// <summary>構成員 as the sheet writes them: the bodies, grouped by sector.</summary>
    public static string MemberSummary(Forum f) => string.Join("、", f.Members.OrderBy(m => m.Sector).Select(m => m.Organization?.Name ?? m.Name).Distinct());

    public static IReadOnlyList<string?> Row(Forum f) => [f.Name, MemberSummary(f), f.FrequencyText ?? "未定", f.Activities, f.Notes];

    private async Task<bool> LoadAsync(int? regionId, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var forumRegions = db.Forums.VisibleTo(scope).Select(f => f.RegionId);
        Regions = await db.Regions.AsNoTracking().Where(r => forumRegions.Contains(r.Id)).OrderBy(r => r.Path).ToListAsync(ct);
        if (regionId is null)
        {
            Region = Regions.FirstOrDefault(r => r.Id == scope.RegionId) ?? (Regions.Count > 0 ? Regions[0] : null);
        }
        else
        {
            Region = Regions.FirstOrDefault(r => r.Id == regionId);
            if (Region is null)
            {
                return false;
            }
        }

        if (Region is not null)
        {
            Forums = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Members).ThenInclude(m => m.Organization)
                .Where(f => f.RegionId == Region.Id).OrderBy(f => f.ParentId != null).ThenBy(f => f.Id).ToListAsync(ct);
        }

        return true;
    }
}
