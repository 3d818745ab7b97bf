using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;

namespace Nimo.Features.Directory;

public enum GeocodeLevel
{
    /// <summary>大字・町丁目レベル位置参照情報: one representative point per 町丁目.</summary>
    Town = 1,
    /// <summary>街区レベル位置参照情報: one point per 街区 (the block number of a 住居表示).</summary>
    Block = 2,
}

/// <summary>A point of the MLIT 位置参照情報 an administrator imported, so addresses get coordinates without the internet.</summary>
public sealed class GeocodePoint
{
    public long Id { get; set; }
    public GeocodeLevel Level { get; set; }
    public string PrefectureName { get; set; } = "";
    public string CityName { get; set; } = "";
    public string TownName { get; set; } = "";
    /// <summary>街区符号・地番 (Block level only).</summary>
    public string? BlockNumber { get; set; }
    /// <summary><see cref="AddressKey.Normalize"/> of 都道府県名 + 市区町村名.</summary>
    public string CityKey { get; set; } = "";
    /// <summary><see cref="AddressKey.Normalize"/> of the 大字・町丁目名 (and 小字), as a prefix of a normalised street address.</summary>
    public string TownKey { get; set; } = "";
    public decimal Latitude { get; set; }
    public decimal Longitude { get; set; }
}

/// <summary>
/// One form for addresses written in different ways: 全角/半角, 「四丁目」/「4丁目」/「4-」, 「15番14号」/「15-14」. Applied to the
/// 位置参照情報's names and to the address being looked up alike, so prefix matching works between them.
/// </summary>
public static partial class AddressKey
{
    public static string Normalize(string? text)
    {
        var s = (text ?? "").Normalize(NormalizationForm.FormKC);
        s = WhiteSpace().Replace(s, "");
        s = s.Replace('ヶ', 'ケ').Replace('ヵ', 'ケ').Replace('之', 'の');
        s = KanjiNumber().Replace(s, m => KanjiToNumber(m.Value).ToString(CultureInfo.InvariantCulture));
        s = Dashes().Replace(s, "-");
        s = Chome().Replace(s, "${n}-");
        s = s.Replace("番地の", "-", StringComparison.Ordinal).Replace("番地", "-", StringComparison.Ordinal).Replace("番", "-", StringComparison.Ordinal)
            .Replace("号", "", StringComparison.Ordinal).Replace("の", "-", StringComparison.Ordinal);
        return s;
    }

    /// <summary>The first number of what follows the town: the 街区符号 of 「15-14」.</summary>
    public static string? LeadingNumber(string rest)
    {
        var m = LeadingDigits().Match(rest);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static int KanjiToNumber(string text)
    {
        const string digits = "〇一二三四五六七八九";
        var total = 0;
        var current = 0;
        foreach (var c in text)
        {
            var d = digits.IndexOf(c, StringComparison.Ordinal);
            if (d >= 0)
            {
                current = current * 10 + d;
            }
            else if (c == '十')
            {
                total += (current == 0 ? 1 : current) * 10;
                current = 0;
            }
        }

        return total + current;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"[〇一二三四五六七八九十]+(?=丁目|番|号|地割|条|線)")]
    private static partial Regex KanjiNumber();

    [GeneratedRegex(@"(?<=\d)[‐‑‒–—―−ーｰ]|[‐‑‒–—―−](?=\d)")]
    private static partial Regex Dashes();

    [GeneratedRegex(@"(?<n>\d+)丁目")]
    private static partial Regex Chome();

    [GeneratedRegex(@"^-?(\d+)")]
    private static partial Regex LeadingDigits();
}

/// <summary>The point an address was given and how precisely.</summary>
public sealed record GeocodeResult(decimal Latitude, decimal Longitude, GeocodeLevel Level, string MatchedName);

/// <summary>Looks addresses up in the imported 位置参照情報: the longest 町丁目 that prefixes the address, then its 街区 when known.</summary>
public static class Geocoder
{
    public static async Task<GeocodeResult?> LocateAsync(NimoDbContext db, string? prefecture, string? municipality, string? street, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(municipality))
        {
            return null;
        }

        var cityKey = AddressKey.Normalize(prefecture + municipality);
        var rest = AddressKey.Normalize(street);
        var rows = await db.GeocodePoints.AsNoTracking().Where(p => p.CityKey == cityKey)
            .Select(p => new { p.Level, p.TownKey, p.TownName, p.BlockNumber, p.Latitude, p.Longitude }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            // A ward of a designated city is its own 市区町村 in the data (「さいたま市浦和区」): the ward is then the start of the street.
            var prefix = cityKey;
            var candidates = await db.GeocodePoints.AsNoTracking().Where(p => p.CityKey.StartsWith(prefix))
                .Select(p => new { p.Level, p.CityKey, p.TownKey, p.TownName, p.BlockNumber, p.Latitude, p.Longitude }).ToListAsync(ct);
            var wards = candidates.Where(c => rest.StartsWith(c.CityKey[cityKey.Length..], StringComparison.Ordinal)).ToList();
            if (wards.Count == 0)
            {
                return null;
            }

            var longest = wards.Max(w => w.CityKey.Length);
            rest = rest[(longest - cityKey.Length)..];
            rows = [.. wards.Where(w => w.CityKey.Length == longest).Select(w => new { w.Level, w.TownKey, w.TownName, w.BlockNumber, w.Latitude, w.Longitude })];
        }

        var towns = rows.Where(r => r.TownKey.Length > 0 && rest.StartsWith(r.TownKey, StringComparison.Ordinal)).ToList();
        if (towns.Count == 0)
        {
            return null;
        }

        var townKey = towns.Max(t => t.TownKey.Length);
        var matched = towns.Where(t => t.TownKey.Length == townKey).ToList();
        var block = AddressKey.LeadingNumber(rest[townKey..]);
        var exact = block is null ? null : matched.FirstOrDefault(t => t.Level == GeocodeLevel.Block && t.BlockNumber == block);
        if (exact is not null)
        {
            return new GeocodeResult(exact.Latitude, exact.Longitude, GeocodeLevel.Block, $"{exact.TownName}{exact.BlockNumber}");
        }

        var town = matched.FirstOrDefault(t => t.Level == GeocodeLevel.Town);
        if (town is not null)
        {
            return new GeocodeResult(town.Latitude, town.Longitude, GeocodeLevel.Town, town.TownName);
        }

        // Only blocks of the town are known: their centre stands for the town.
        return new GeocodeResult(decimal.Round(matched.Average(t => t.Latitude), 6), decimal.Round(matched.Average(t => t.Longitude), 6), GeocodeLevel.Town, matched[0].TownName);
    }
}

/// <summary>
/// The MLIT 位置参照情報 CSV (国土交通省 位置参照情報ダウンロードサービス), read line by line so a prefecture's file of several
/// hundred thousand 街区 fits. Two layouts are recognised by their header:
/// 大字・町丁目レベル 「都道府県コード,都道府県名,市区町村コード,市区町村名,大字町丁目コード,大字町丁目名,緯度,経度,原典資料コード,大字・字・丁目区分コード」 and
/// 街区レベル 「都道府県名,市区町村名,大字・町丁目名,小字・通称名,街区符号・地番,座標系番号,Ｘ座標,Ｙ座標,緯度,経度,住居表示フラグ,代表フラグ,更新前履歴フラグ,更新後履歴フラグ」.
/// The file replaces the points of the 市区町村 it contains at its level, so importing it twice changes nothing.
/// </summary>
public static class GeocodeImport
{
    public const long MaxBytes = 512L * 1024 * 1024;
    public const int MaxErrors = 100;

    public static readonly IReadOnlyList<string> TownColumns = ["都道府県名", "市区町村名", "大字町丁目名", "緯度", "経度"];
    public static readonly IReadOnlyList<string> BlockColumns = ["都道府県名", "市区町村名", "大字・町丁目名", "街区符号・地番", "緯度", "経度"];

    /// <summary>The first line of a 大字・町丁目レベル file as MLIT publishes it, shown on the import page.</summary>
    public static readonly IReadOnlyList<string> TownHeader = ["都道府県コード", "都道府県名", "市区町村コード", "市区町村名", "大字町丁目コード", "大字町丁目名", "緯度", "経度", "原典資料コード", "大字・字・丁目区分コード"];

    /// <summary>A line of that layout: 文京区春日一丁目 (where the 文京シビックセンター stands) and its representative point.</summary>
    public const string TownExample = "13,東京都,13105,文京区,131050011001,春日一丁目,35.708060,139.752220,3,2";

    public sealed record Result(int Points, int Cities, GeocodeLevel? Level, string EncodingName, IReadOnlyList<string> Errors);

    public static async Task<Result> ImportAsync(NimoDbContext db, Stream stream, CsvEncoding choice, CancellationToken ct)
    {
        var errors = new List<string>();
        var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        var data = buffer.GetBuffer();
        var length = (int)buffer.Length;
        if (length == 0)
        {
            return Fail("ファイルが空です。");
        }

        // Detect on the first 64 KiB, cut at a line end so no character is split: the whole file is then read the same way, line by line.
        var cut = Math.Min(length, 64 * 1024);
        if (cut < length)
        {
            var lastLineEnd = Array.LastIndexOf(data, (byte)'\n', cut - 1);
            cut = lastLineEnd > 0 ? lastLineEnd + 1 : cut;
        }

        if (!CsvFile.TryDecode(data[..cut], choice, out _, out var encodingName))
        {
            return Fail("文字コードを判別できません。Shift_JIS(位置参照情報の配布形式)または UTF-8 のCSVを指定してください。");
        }

        var encoding = encodingName == "UTF-8" ? new UTF8Encoding(false, true) : CsvFile.ShiftJis;
        using var reader = new StreamReader(new MemoryStream(data, 0, length), encoding, detectEncodingFromByteOrderMarks: true);
        var headerLine = await reader.ReadLineAsync(ct);
        if (headerLine is null || !CsvParser.TryParse(headerLine, out var headerRecords, out _) || headerRecords.Count == 0)
        {
            return Fail("1行目に見出しがありません。");
        }

        var header = headerRecords[0].Select(h => h.Trim().Normalize(NormalizationForm.FormKC)).ToList();
        GeocodeLevel? level = BlockColumns.All(c => header.Contains(c.Normalize(NormalizationForm.FormKC))) ? GeocodeLevel.Block
            : TownColumns.All(c => header.Contains(c)) ? GeocodeLevel.Town : null;
        if (level is null)
        {
            return Fail("1行目の見出しが位置参照情報の形式ではありません。大字・町丁目レベルは「都道府県名」「市区町村名」「大字町丁目名」「緯度」「経度」、街区レベルは「都道府県名」「市区町村名」「大字・町丁目名」「街区符号・地番」「緯度」「経度」の列が必要です。");
        }

        int Col(string name) => header.IndexOf(name.Normalize(NormalizationForm.FormKC));
        var pref = Col("都道府県名");
        var city = Col("市区町村名");
        var town = level == GeocodeLevel.Block ? Col("大字・町丁目名") : Col("大字町丁目名");
        var koaza = level == GeocodeLevel.Block ? Col("小字・通称名") : -1;
        var block = level == GeocodeLevel.Block ? Col("街区符号・地番") : -1;
        var lat = Col("緯度");
        var lon = Col("経度");
        var points = new List<GeocodePoint>();
        var line = 1;
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            if (!CsvParser.TryParse(text, out var records, out var parseError) || records.Count != 1)
            {
                Add($"{line}行目: {parseError?.Split(": ", 2).Last() ?? "区切りを読めません。"}");
                continue;
            }

            var cells = records[0];
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : "";
            string Where(int i) => $"{line}行目 {CsvRow.ColumnLetter(i)}列「{header[i]}」";
            var ok = true;
            foreach (var i in new[] { pref, city, town })
            {
                if (Cell(i).Length == 0)
                {
                    Add($"{Where(i)}が空です。");
                    ok = false;
                }
            }

            decimal? Coordinate(int i, decimal min, decimal max, string what)
            {
                if (decimal.TryParse(Cell(i), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
                {
                    return v;
                }

                Add($"{Where(i)}の「{Cell(i)}」は{what}として読めません({min}〜{max}の10進数)。");
                ok = false;
                return null;
            }

            var latitude = Coordinate(lat, 20, 46, "緯度");
            var longitude = Coordinate(lon, 122, 154, "経度");
            if (level == GeocodeLevel.Block && Cell(block).Length == 0)
            {
                Add($"{Where(block)}が空です。");
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            var townName = Cell(town) + (koaza >= 0 ? Cell(koaza) : "");
            points.Add(new GeocodePoint
            {
                Level = level.Value, PrefectureName = Cell(pref), CityName = Cell(city), TownName = townName,
                BlockNumber = level == GeocodeLevel.Block ? AddressKey.Normalize(Cell(block)) : null,
                CityKey = AddressKey.Normalize(Cell(pref) + Cell(city)), TownKey = AddressKey.Normalize(townName) + (level == GeocodeLevel.Block ? "" : ""),
                Latitude = decimal.Round(latitude!.Value, 6), Longitude = decimal.Round(longitude!.Value, 6),
            });
            if (errors.Count >= MaxErrors)
            {
                break;
            }
        }

        if (errors.Count > 0)
        {
            return new Result(0, 0, level, encodingName, errors);
        }

        if (points.Count == 0)
        {
            return Fail("データ行がありません。");
        }

        var cities = points.Select(p => p.CityKey).Distinct().ToList();
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var chunk in cities.Chunk(200))
            {
                await db.GeocodePoints.Where(p => p.Level == level && chunk.Contains(p.CityKey)).ExecuteDeleteAsync(ct);
            }

            foreach (var chunk in points.Chunk(5000))
            {
                db.GeocodePoints.AddRange(chunk);
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }

            await tx.CommitAsync(ct);
        });
        return new Result(points.Count, cities.Count, level, encodingName, []);

        void Add(string message)
        {
            if (errors.Count < MaxErrors)
            {
                errors.Add(message);
            }
        }

        Result Fail(string message) => new(0, 0, null, "", [message]);
    }
}
