using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>The staff list of services: search, the entries to confirm, drafts, and the exports for the counter.</summary>
public sealed class IndexModel(NimoDbContext db, TimeProvider clock, DirectoryCache cache, AuditLog audit) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    /// <summary>all | published | draft | stale</summary>
    [BindProperty(SupportsGet = true, Name = "show")]
    public string? Show { get; set; }

    // From the query string only: the route value "page" (the page's path) would win over it (see Cases/Index).
    [BindProperty(SupportsGet = true), FromQuery(Name = "page")]
    public string? PageText { get; set; }

    public sealed record Row(Guid Id, string Name, string Organization, bool IsPublished, ServiceStatus Status, DateOnly? AssuredDate, bool Curate, bool Propose, string Categories);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages { get; private set; } = 1;
    public DateOnly Today { get; private set; }
    public UserScope Scope { get; private set; } = UserScope.Anonymous;
    public int PendingProposals { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Scope = HttpContext.Scope();
        Today = JapanTime.Today(clock);
        var query = db.DirectoryServices.AsNoTracking().VisibleTo(Scope);
        var key = TextNormalizer.SearchKey(Query);
        if (key.Length > 0)
        {
            query = query.Where(s => s.SearchKey.Contains(key));
        }

        var yearAgo = Today.AddYears(-1);
        query = Show switch
        {
            "published" => query.Where(s => s.IsPublished),
            "draft" => query.Where(s => !s.IsPublished),
            "stale" => query.Where(s => s.IsPublished && (s.AssuredDate == null || s.AssuredDate < yearAgo)),
            _ => query,
        };
        Total = await query.CountAsync(ct);
        Pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(int.TryParse(PageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 1, 1, Pages);
        var rows = await query.OrderBy(s => s.Organization.Name).ThenBy(s => s.Name).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(s => new
            {
                s.Id, s.Name, Organization = s.Organization.Name, s.OrganizationId, RegionPath = s.Organization.Region.Path, s.IsPublished, s.Status, s.AssuredDate,
                Categories = s.Terms.Where(t => t.Term.TaxonomyId == Taxonomies.TaxonomyId(Taxonomies.Categories)).OrderBy(t => t.Term.SortOrder).Select(t => t.Term.Name).ToList(),
            }).ToListAsync(ct);
        Rows = [.. rows.Select(r => new Row(r.Id, r.Name, r.Organization, r.IsPublished, r.Status, r.AssuredDate,
            Scope.IsCuratorRole() && Scope.Covers(r.RegionPath), Scope.CanPropose(r.OrganizationId), string.Join("・", r.Categories)))];
        PendingProposals = await db.ServiceProposals.VisibleTo(db, Scope).CountAsync(x => x.Status == ProposalStatus.Pending, ct);
        return Page();
    }

    /// <summary>The published directory as .xlsx for the counter: one row per service, the same entries as the public pages.</summary>
    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var directory = await cache.GetAsync(ct);
        var header = new[] { "分野", "サービス名", "提供機関", "日時", "場所", "住所", "電話", "対象", "費用", "対象地域", "状態", "確認日", "公開ページ" };
        var rows = directory.Listed.Select(s => (IReadOnlyList<XlsxFile.Cell>)
        [
            string.Join("・", s.Categories.Select(c => c.Name)), s.Name, s.Organization.Name,
            string.Join("、", s.Schedules.Select(x => x.Japanese + (x.Notes is null ? "" : $"({x.Notes})"))),
            string.Join("、", s.Locations.Select(l => l.Location.Name)),
            string.Join("、", s.Locations.Select(l => l.Location.FullAddress).OfType<string>()),
            s.Phones.Count == 0 ? "要確認" : string.Join("、", s.Phones.Select(x => x.Number)),
            s.Eligibility, s.Fees, string.Join("、", s.Areas.Select(a => a.Name)), s.StatusLabel,
            s.AssuredDate is DateOnly d ? JapaneseDate.Format(d) : "未確認", $"/public/services/{s.Id}",
        ]);
        await audit.WriteAsync(AuditActions.Export, "DirectoryService", detail: $"xlsx, {directory.Listed.Count()} services", ct: ct);
        return File(XlsxFile.Write("社会資源", header, rows), XlsxFile.ContentType, $"社会資源一覧_{JapanTime.Today(clock):yyyyMMdd}.xlsx");
    }

    public string PageUrl(int page) => $"/Directory?q={Uri.EscapeDataString(Query ?? "")}&show={Uri.EscapeDataString(Show ?? "")}&page={page}";
}
