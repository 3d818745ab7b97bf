using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Events;

/// <summary>
/// Imports supporters trained before Nimo, one row per region and 年度 (倉敷's くらしき心ほっとサポーター since H21).
/// Every row is checked before anything is written; importing the same file twice changes nothing.
/// </summary>
[RequestSizeLimit(CsvFile.MaxBytes + 64 * 1024)]
public sealed class SupporterImportModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public static readonly IReadOnlyList<string> Columns = ["団体コード", "地域名", "年度", "養成者数", "名称", "出典"];

    // The region is named by its 団体コード or by its name: a 保健所圏域 has no code. A file with neither is the importer's own area.
    private static readonly IReadOnlyList<string> Required = ["年度", "養成者数"];

    public ImportView View { get; private set; } = Empty([], null, null);

    public IActionResult OnGet() => Allowed(HttpContext.Scope()) ? Page() : Forbid();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? encoding, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!Allowed(scope))
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            View = Empty(["ファイルを選んでください。"], null, null);
            return Page();
        }

        var csv = CsvFile.Read(await file.ReadAllAsync(), CsvFile.ParseEncoding(encoding), Required);
        if (csv.Errors.Count > 0)
        {
            View = Empty(csv.Errors, null, csv.EncodingName);
            return Page();
        }

        var codes = csv.Rows.Select(r => r.Get("団体コード").Trim()).Where(c => c.Length > 0).Distinct().ToList();
        var names = csv.Rows.Select(r => r.Get("地域名").Trim()).Where(n => n.Length > 0).Distinct().ToList();
        var regions = await db.Regions.Where(r => (r.Code != null && codes.Contains(r.Code)) || names.Contains(r.Name) || r.Id == scope.RegionId).ToListAsync(ct);
        var existing = await db.SupporterBaselines.Where(b => regions.Select(r => r.Id).Contains(b.RegionId)).ToListAsync(ct);
        var errors = new List<string>();
        var (created, updated, unchanged) = (0, 0, 0);
        var seen = new HashSet<(int, int)>();
        var now = clock.GetUtcNow();
        foreach (var row in csv.Rows)
        {
            var (region, problem) = RegionOf(row.Get("団体コード").Trim(), row.Get("地域名").Trim(), regions, scope);
            if (region is null)
            {
                errors.Add($"{row.Line}行目: {problem}");
                continue;
            }

            if (!scope.Covers(region.Path))
            {
                errors.Add($"{row.Line}行目: 「{region.Name}」はあなたの担当地域ではないため取り込めません。");
                continue;
            }

            if (!JapaneseDate.TryParse(row.Get("年度"), out var when) || when.Precision is not (WarekiPrecision.FiscalYear or WarekiPrecision.Year) || !FiscalYear.IsSupported(when.Year))
            {
                errors.Add($"{row.Line}行目: 年度「{row.Get("年度")}」を読めません(例: H21年度、令和5年度、2023)。");
                continue;
            }

            var year = when.Year;
            if (!int.TryParse(row.Get("養成者数").Replace(",", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                errors.Add($"{row.Line}行目: 養成者数「{row.Get("養成者数")}」は0以上の整数で書いてください。");
                continue;
            }

            if (!seen.Add((region.Id, year)))
            {
                errors.Add($"{row.Line}行目: 「{region.Name}」の{new FiscalYear(year).ToWareki()}が2回書かれています。");
                continue;
            }

            var baseline = existing.FirstOrDefault(b => b.RegionId == region.Id && b.FiscalYear == year);
            var programme = row.Cells.ContainsKey("名称") ? row.Get("名称") : null;
            var source = row.Cells.ContainsKey("出典") ? row.Get("出典") : null;
            if (baseline is not null && baseline.Count == count && baseline.Programme == Event.Text(programme, 100, "名称") && baseline.Source == Event.Text(source, 300, "出典"))
            {
                unchanged++;
                continue;
            }

            try
            {
                if (baseline is null)
                {
                    baseline = SupporterBaseline.Create(region, year);
                    db.SupporterBaselines.Add(baseline);
                    created++;
                }
                else
                {
                    updated++;
                }

                baseline.Set(count, programme, source, now, scope.UserName);
            }
            catch (DomainRuleException x)
            {
                errors.Add($"{row.Line}行目: {x.Message}");
            }
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            await audit.WriteAsync(AuditActions.Import, "SupporterBaseline", outcome: AuditOutcome.Failure, detail: $"{csv.Rows.Count} rows, {errors.Count} errors", ct: ct);
            View = Empty(errors, null, csv.EncodingName);
            return Page();
        }

        audit.Add(AuditActions.Import, "SupporterBaseline", detail: $"{csv.Rows.Count} rows: {created} created, {updated} updated, {unchanged} unchanged");
        await db.SaveChangesAsync(ct);
        View = Empty([], $"取り込みました({csv.EncodingName}、{csv.Rows.Count}行): 追加 {created}件、更新 {updated}件、変更なし {unchanged}件。", csv.EncodingName);
        return Page();
    }

    /// <summary>The row's region: by 団体コード (its 地域名, when also written, must agree), else by name among the importer's own area, else that area itself.</summary>
    private static (Region? Region, string? Problem) RegionOf(string code, string name, IReadOnlyList<Region> regions, UserScope scope)
    {
        if (code.Length > 0)
        {
            var byCode = regions.FirstOrDefault(r => r.Code == code);
            return byCode is null ? (null, $"団体コード「{code}」の地域が登録されていません。")
                : name.Length > 0 && name != byCode.Name ? (null, $"団体コード「{code}」は「{byCode.Name}」のコードです。地域名「{name}」と合いません。")
                : (byCode, null);
        }

        if (name.Length > 0)
        {
            var named = regions.Where(r => r.Name == name).ToList();
            var own = named.Where(r => scope.Covers(r.Path)).ToList();
            return own.Count switch
            {
                1 => (own[0], null),
                > 1 => (null, $"地域名「{name}」の地域が担当地域に複数あります。団体コードで指定してください。"),
                // Outside the area: the scope check names it, as for a code.
                _ => named.Count > 0 ? (named[0], null) : (null, $"地域名「{name}」の地域が登録されていません。"),
            };
        }

        var home = regions.FirstOrDefault(r => r.Id == scope.RegionId);
        return home is null ? (null, "団体コードか地域名を書いてください。") : (home, null);
    }

    /// <summary>The region's own figures: staff who may edit its master data (保健所・市区町村担当, 都道府県担当), for their area.</summary>
    private static bool Allowed(UserScope scope) => scope.CanEditMasterData && !scope.IsAdmin;

    private static ImportView Empty(IReadOnlyList<string> errors, string? result, string? encodingName) =>
        new("サポーター養成者数", Columns, "332020,倉敷市,H21年度,45,くらしき心ほっとサポーター,倉敷市保健所 事業報告", errors, result, encodingName);
}
