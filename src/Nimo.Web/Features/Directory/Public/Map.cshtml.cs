using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Directory.Public;

/// <summary>
/// The map: Leaflet (served from wwwroot/lib/leaflet) over the tile server named in <c>Nimo:Map:TileUrl</c>. Without one
/// the page is the list with addresses and says why there is no map (ADR 0011). Either way the list below is the
/// accessible equivalent of the map, and the points come from the published directory only.
/// </summary>
public sealed class MapModel(DirectoryCache cache, TimeProvider clock, IConfiguration configuration) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "category")]
    public string? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "focus")]
    public string? Focus { get; set; }

    public string? TileUrl { get; private set; }
    public string Attribution { get; private set; } = "";
    public IReadOnlyList<(PublicService Service, PublicLocation Location)> Points { get; private set; } = [];
    public PublishedDirectory Directory { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        Directory = await cache.GetAsync(HttpContext.RequestAborted);
        if (PublicCaching.NotModified(HttpContext, Directory.Token, JapanTime.Today(clock)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        TileUrl = MapSettings.TileUrl(configuration);
        Attribution = MapSettings.Attribution(configuration);
        if (TileUrl is not null && MapSettings.TileOrigin(TileUrl) is { } origin)
        {
            HttpContext.Items[Nimo.Platform.Web.SecurityHeaders.ExtraImageSources] = origin;
        }

        Points = Select(Directory);
        return Page();
    }

    /// <summary>The points as GeoJSON (RFC 7946): published services at non-confidential places with coordinates.</summary>
    public async Task<IActionResult> OnGetDataAsync()
    {
        Directory = await cache.GetAsync(HttpContext.RequestAborted);
        if (PublicCaching.NotModified(HttpContext, Directory.Token, JapanTime.Today(clock)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        var features = new JsonArray();
        foreach (var (service, location) in Select(Directory))
        {
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["id"] = location.Id.ToString("D") + "/" + service.Id.ToString("D"),
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(location.Longitude!.Value, location.Latitude!.Value) },
                ["properties"] = new JsonObject
                {
                    ["name"] = service.Name, ["organization"] = service.Organization.Name, ["place"] = location.Name,
                    ["address"] = location.FullAddress, ["url"] = $"/public/services/{service.Id}", ["location"] = location.Id.ToString("D"),
                },
            });
        }

        return Content(new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }), "application/geo+json; charset=utf-8");
    }

    private List<(PublicService, PublicLocation)> Select(PublishedDirectory directory) =>
        [.. directory.Listed.Where(s => string.IsNullOrEmpty(Category) || s.Categories.Any(c => c.Code == Category))
            .SelectMany(s => s.Locations.Where(l => l.Location.Latitude is not null && l.Location.Longitude is not null).Select(l => (s, l.Location)))];

    public string DataUrl => "/public/services/map?handler=Data" + (string.IsNullOrEmpty(Category) ? "" : "&category=" + Uri.EscapeDataString(Category));
}

/// <summary><c>Nimo:Map:TileUrl</c> and <c>Nimo:Map:Attribution</c>: the tile server the map draws on, if the network allows one.</summary>
public static class MapSettings
{
    public static string? TileUrl(IConfiguration configuration)
    {
        var url = configuration["Nimo:Map:TileUrl"]?.Trim();
        if (string.IsNullOrEmpty(url) || !url.Contains("{z}", StringComparison.Ordinal) || !url.Contains("{x}", StringComparison.Ordinal) || !url.Contains("{y}", StringComparison.Ordinal))
        {
            return null;
        }

        return url.StartsWith('/') || (Uri.TryCreate(url.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri) && uri.Scheme == "https")
            ? url : null;
    }

    public static string Attribution(IConfiguration configuration) => configuration["Nimo:Map:Attribution"] ?? "";

    /// <summary>The tile server's origin, for the page's Content-Security-Policy; null when the tiles are served by the app itself.</summary>
    public static string? TileOrigin(string tileUrl) =>
        tileUrl.StartsWith('/') ? null : new Uri(tileUrl.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)).GetLeftPart(UriPartial.Authority);
}
