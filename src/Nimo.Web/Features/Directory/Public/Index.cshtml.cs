using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Directory.Public;

/// <summary>The residents' search: words (kana, width and spaces ignored), category, 市区町村 or 圏域, open today, accessibility.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublishedDirectoryOutputPolicy.Name)]
public sealed class IndexModel(DirectoryCache cache, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "category")]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true, Name = "today")]
    public string? Today { get; set; }

    [BindProperty(SupportsGet = true, Name = "needs")]
    public List<string> Needs { get; set; } = [];

    // From the query string only: the route value "page" (the page's path) would win over it (see Cases/Index).
    [BindProperty(SupportsGet = true), FromQuery(Name = "page")]
    public string? PageNumber { get; set; }

    public PublishedDirectory Directory { get; private set; } = null!;
    public SearchResult Result { get; private set; } = null!;
    public DateOnly TodayDate { get; private set; }
    public int? RegionId { get; private set; }
    public AccessibilityFeatures NeedFlags { get; private set; }
    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Directory = await cache.GetAsync(HttpContext.RequestAborted);
        TodayDate = JapanTime.Today(clock);
        if (PublicCaching.NotModified(HttpContext, Directory.Token, TodayDate))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        RegionId = int.TryParse(Region, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : null;
        NeedFlags = Needs.Select(n => Enum.TryParse<AccessibilityFeatures>(n, out var f) && DirectoryLocation.AccessibilityLabels.ContainsKey(f) ? f : AccessibilityFeatures.None)
            .Aggregate(AccessibilityFeatures.None, (a, b) => a | b);
        var category = Directory.CategoryTerms.Any(c => c.Code == Category) ? Category : null;
        var page = int.TryParse(PageNumber, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 1;
        var query = new DirectoryQuery(Query?.Trim() is { Length: > 0 and <= 100 } text ? text : null, category, RegionId, Today == "1", NeedFlags, page);
        Searched = query.Text is not null || query.Category is not null || query.RegionId is not null || query.OpenToday || query.Needs != AccessibilityFeatures.None;
        Result = Directory.Search(query, TodayDate);
        return Page();
    }

    /// <summary>This search's address with another page number.</summary>
    public string PageUrl(int page)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("q", Query);
        Add("category", Category);
        Add("region", RegionId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("today", Today == "1" ? "1" : null);
        foreach (var need in Needs.Where(n => Enum.TryParse<AccessibilityFeatures>(n, out _)))
        {
            Add("needs", need);
        }

        Add("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/public/services?" + string.Join("&", parts);
    }
}
