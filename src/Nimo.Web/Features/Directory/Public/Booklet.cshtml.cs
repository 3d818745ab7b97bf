using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Directory.Public;

/// <summary>
/// The A4 booklet for the counter and for 民生委員: a cover with the contents, then one section per category of the 8 (each
/// starting on a new page), every entry with its 確認日; page numbers come from the print stylesheet (@page margin boxes).
/// </summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublishedDirectoryOutputPolicy.Name)]
public sealed class BookletModel(DirectoryCache cache, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "region")]
    public string? Region { get; set; }

    public IReadOnlyList<(PublicTerm Category, IReadOnlyList<PublicService> Services)> Sections { get; private set; } = [];
    public IReadOnlyList<PublicService> Uncategorised { get; private set; } = [];
    public RegionChoice? RegionChoice { get; private set; }
    public PublishedDirectory Directory { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        Directory = await cache.GetAsync(HttpContext.RequestAborted);
        Today = JapanTime.Today(clock);
        if (PublicCaching.NotModified(HttpContext, Directory.Token, Today))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        RegionChoice = int.TryParse(Region, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? Directory.Regions.FirstOrDefault(r => r.Id == id) : null;
        var listed = Directory.Listed.Where(s => RegionChoice is null || PublishedDirectory.Serves(s, RegionChoice.Path)).ToList();
        // A service in two categories is printed in each: a reader looks it up under either.
        Sections = [.. Directory.CategoryTerms.Select(c => (c, (IReadOnlyList<PublicService>)listed.Where(s => s.Categories.Any(x => x.Id == c.Id)).ToList()))];
        Uncategorised = [.. listed.Where(s => !s.Categories.Any())];
        return Page();
    }
}
