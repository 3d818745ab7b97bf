using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>The administrator imports the MLIT 位置参照情報 of the prefecture, so addresses get coordinates without the internet.</summary>
[RequestSizeLimit(GeocodeImport.MaxBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = GeocodeImport.MaxBytes)]
public sealed class GeocodingModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public sealed record Summary(string Prefecture, string City, GeocodeLevel Level, int Points);

    public List<Summary> Loaded { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Result { get; private set; }
    public string? Lookup { get; private set; }

    [BindProperty(SupportsGet = true, Name = "address")]
    public string? Address { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HttpContext.Scope().IsAdmin)
        {
            return Forbid();
        }

        await LoadAsync(ct);
        if (!string.IsNullOrWhiteSpace(Address))
        {
            var text = Address.Trim().Normalize(System.Text.NormalizationForm.FormKC);
            var cities = await db.GeocodePoints.Select(p => new { p.PrefectureName, p.CityName }).Distinct().ToListAsync(ct);
            var city = cities.Where(c => text.StartsWith(c.PrefectureName + c.CityName, StringComparison.Ordinal) || text.StartsWith(c.CityName, StringComparison.Ordinal))
                .OrderByDescending(c => c.CityName.Length).FirstOrDefault();
            var found = city is null ? null : await Geocoder.LocateAsync(db, city.PrefectureName, city.CityName,
                text[(text.IndexOf(city.CityName, StringComparison.Ordinal) + city.CityName.Length)..], ct);
            Lookup = found is null ? $"「{Address}」に当たる町丁目は、取り込んだ位置参照情報にありません。"
                : $"「{Address}」: 緯度 {found.Latitude}、経度 {found.Longitude}(「{found.MatchedName}」、{(found.Level == GeocodeLevel.Block ? "街区" : "町丁目の代表点")})";
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? encoding, CancellationToken ct)
    {
        if (!HttpContext.Scope().IsAdmin)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0)
        {
            Errors = ["ファイルを選んでください。"];
            await LoadAsync(ct);
            return Page();
        }

        await using var stream = file.OpenReadStream();
        var result = await GeocodeImport.ImportAsync(db, stream, CsvFile.ParseEncoding(encoding), ct);
        if (result.Errors.Count > 0)
        {
            await audit.WriteAsync(AuditActions.Import, "GeocodePoint", outcome: AuditOutcome.Failure, detail: $"{result.Errors.Count} errors", ct: ct);
            Errors = result.Errors;
        }
        else
        {
            await audit.WriteAsync(AuditActions.Import, "GeocodePoint", detail: $"{result.Points} points, {result.Cities} cities, level {result.Level}", ct: ct);
            Result = $"{result.Points}地点({result.Cities}市区町村、{(result.Level == GeocodeLevel.Block ? "街区" : "大字・町丁目")}レベル、{result.EncodingName})を取り込みました。同じ市区町村の同じレベルの地点は置き換えました。";
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Loaded = (await db.GeocodePoints.GroupBy(p => new { p.PrefectureName, p.CityName, p.Level }).Select(g => new { g.Key.PrefectureName, g.Key.CityName, g.Key.Level, Count = g.Count() })
            .ToListAsync(ct)).OrderBy(x => x.PrefectureName).ThenBy(x => x.CityName).Select(x => new Summary(x.PrefectureName, x.CityName, x.Level, x.Count)).ToList();
}
