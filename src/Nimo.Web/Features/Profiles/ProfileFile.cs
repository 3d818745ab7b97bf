using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

/// <summary>
/// 基礎情報 as a file: one row per region, 年度 and figure, with 時点 and source. The same columns are written
/// as CSV (UTF-8 with BOM or Shift_JIS) and .xlsx, and read back from either; an exported file re-imports as no change.
/// </summary>
public static class ProfileFile
{
    public const string Code = "団体コード", Name = "地域名", Year = "年度", Item = "項目", Value = "値", Unit = "単位",
        AsOf = "時点", Source = "出典", Area = "対象地域";

    public static readonly IReadOnlyList<string> Columns = [Code, Name, Year, Item, Value, Unit, AsOf, Source, Area];
    public static readonly IReadOnlyList<string> Required = [Code, Name, Year, Item, Value, AsOf, Source];

    public const string Example = "112038,川口市,R5年度,人口,604894,人,R5年4月,住民基本台帳,";

    public static async Task<List<(Region Region, RegionProfile Profile, ProfileFigure Figure)>> RowsAsync(NimoDbContext db, UserScope scope, int? year, CancellationToken ct)
    {
        var profiles = await db.RegionProfiles.AsNoTracking().VisibleTo(scope)
            .Where(p => year == null || p.FiscalYear == year)
            .Include(p => p.Region).Include(p => p.Figures).ThenInclude(f => f.AreaRegion)
            .ToListAsync(ct);
        var order = Figures.All.Select((d, i) => (d.Key, i)).ToDictionary(x => x.Key, x => x.i);
        return [.. profiles.OrderBy(p => p.Region.Path, StringComparer.Ordinal).ThenBy(p => p.FiscalYear)
            .SelectMany(p => p.Figures.OrderBy(f => order[f.Key]).Select(f => (p.Region, p, f)))];
    }

    private static IEnumerable<string?> Cells(Region region, RegionProfile profile, ProfileFigure figure) =>
    [
        region.Code, region.Name, profile.Year.ToShortWareki(), figure.Definition.CsvName,
        FigureValues.ForFile(figure.Definition, figure.Value), figure.Definition.Unit,
        figure.AsOf.IsKnown ? figure.AsOf.ToString() : "", figure.Source, figure.AreaRegion is { } a ? a.Code ?? a.Name : "",
    ];

    public static byte[] ToCsv(IEnumerable<(Region Region, RegionProfile Profile, ProfileFigure Figure)> rows, CsvEncoding encoding) =>
        CsvFile.Write(Columns, rows.Select(r => Cells(r.Region, r.Profile, r.Figure).ToList()), encoding);

    public static byte[] ToXlsx(IEnumerable<(Region Region, RegionProfile Profile, ProfileFigure Figure)> rows) =>
        XlsxFile.Write("基礎情報", Columns, rows.Select(r =>
        {
            var cells = Cells(r.Region, r.Profile, r.Figure).Select(c => new XlsxFile.Cell(c)).ToList();
            if (r.Figure.Value is decimal v && r.Figure.Definition.Kind != FigureKind.YesNo)
            {
                cells[4] = new XlsxFile.Cell(null, v);
            }

            return (IReadOnlyList<XlsxFile.Cell>)cells;
        }));
}

/// <summary>What an import did, or why it did nothing.</summary>
public sealed record ProfileImportResult(IReadOnlyList<string> Errors, int ProfilesAdded, int ProfilesUpdated, int ProfilesUnchanged, int FiguresChanged)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Checks every row first and writes nothing unless all are good; then applies them in one SaveChanges (one
/// transaction). Figures that contradict each other need a reason, as on the edit page.
/// </summary>
public sealed class ProfileImport(NimoDbContext db, UserScope scope, TimeProvider clock)
{
    public async Task<ProfileImportResult> RunAsync(IReadOnlyList<CsvRow> rows, string? reason, CancellationToken ct)
    {
        var errors = new List<string>();
        // Tracked on purpose: the context's identity map gives one instance per region, shared with anything the
        // caller already tracks, so new profiles and areas can point at them without attaching.
        var editable = await db.Regions.EditableBy(scope).ToListAsync(ct);
        var readable = await db.Regions.StatisticsVisibleTo(scope).ToListAsync(ct);
        var instances = readable.Concat(editable).DistinctBy(r => r.Id).ToDictionary(r => r.Id);
        var editableIds = editable.Select(r => r.Id).ToHashSet();
        var byCode = instances.Values.Where(r => r.Code is not null).GroupBy(r => r.Code!).ToDictionary(g => g.Key, g => g.First());
        var byName = instances.Values.ToLookup(r => TextNormalizer.SearchKey(r.Name));

        var parsed = new List<Row>();
        var seen = new Dictionary<(int, int, FigureKey), int>();
        foreach (var row in rows)
        {
            var rowErrors = new List<string>();
            var region = FindRegion(row, byCode, byName, rowErrors);
            if (region is not null && !editableIds.Contains(region.Id))
            {
                rowErrors.Add($"{row.Locate(ProfileFile.Code)}: 「{region.Name}」の基礎情報を変更する権限がありません。");
                region = null;
            }

            var year = ParseYear(row, rowErrors);
            var definition = Figures.Find(row.Get(ProfileFile.Item));
            if (definition is null)
            {
                rowErrors.Add($"{row.Locate(ProfileFile.Item)}: 「{row.Get(ProfileFile.Item)}」という項目はありません(例:「人口」「入院精神障害者数 合計」「退院率 3か月」)。");
            }

            decimal? value = null;
            if (definition is not null && !FigureValues.TryParse(definition, row.Get(ProfileFile.Value), out value, out var valueError))
            {
                rowErrors.Add($"{row.Locate(ProfileFile.Value)}: {valueError}");
            }

            if (!JapaneseDate.TryParse(row.Get(ProfileFile.AsOf), out var asOf))
            {
                rowErrors.Add($"{row.Locate(ProfileFile.AsOf)}: 「{row.Get(ProfileFile.AsOf)}」は時点として読めません(例:「R5年4月」「令和5年4月」「2023年4月」)。");
            }

            Region? area = null;
            var areaText = row.Get(ProfileFile.Area);
            if (areaText.Length > 0)
            {
                area = byCode.GetValueOrDefault(areaText) ?? (byName[TextNormalizer.SearchKey(areaText)].ToList() is [var only] ? only : null);
                if (area is null)
                {
                    rowErrors.Add($"{row.Locate(ProfileFile.Area)}: 対象地域「{areaText}」が見つかりません(団体コードか、一つに決まる名称を書いてください)。");
                }
            }

            var source = row.Get(ProfileFile.Source);
            if (source.Length > 200)
            {
                rowErrors.Add($"{row.Locate(ProfileFile.Source)}: 出典は200文字までです。");
            }

            if (region is not null && year is int y && definition is not null)
            {
                if (seen.TryGetValue((region.Id, y, definition.Key), out var firstLine))
                {
                    rowErrors.Add($"{row.Line}行目: {region.Name}の{new FiscalYear(y).ToShortWareki()}「{definition.CsvName}」は{firstLine}行目にもあります。");
                }
                else
                {
                    seen[(region.Id, y, definition.Key)] = row.Line;
                }
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
            }
            else
            {
                parsed.Add(new Row(row.Line, region!, year!.Value, definition!.Key, value, asOf, source, area));
            }
        }

        if (errors.Count > 0)
        {
            return new ProfileImportResult(errors, 0, 0, 0, 0);
        }

        // Apply to tracked profiles; nothing is saved until every profile passes its checks.
        var regionIds = parsed.Select(p => p.Region.Id).Distinct().ToList();
        var existing = await db.RegionProfiles.Include(p => p.Figures).Where(p => regionIds.Contains(p.RegionId)).ToListAsync(ct);
        var profiles = existing.ToDictionary(p => (p.RegionId, p.FiscalYear));
        int added = 0, changedFigures = 0;
        var touched = new HashSet<RegionProfile>();
        foreach (var group in parsed.GroupBy(p => (p.Region.Id, p.Year)))
        {
            if (!profiles.TryGetValue(group.Key, out var profile))
            {
                profile = RegionProfile.Create(group.First().Region, group.Key.Year);
                db.RegionProfiles.Add(profile);
                profiles[group.Key] = profile;
                added++;
                touched.Add(profile);
            }

            foreach (var row in group)
            {
                try
                {
                    if (profile.SetFigure(row.Figure, row.Value, row.AsOf, row.Source.Length == 0 ? null : row.Source, row.Area))
                    {
                        changedFigures++;
                        touched.Add(profile);
                    }
                }
                catch (DomainRuleException e)
                {
                    errors.Add($"{row.Line}行目: {e.Message}");
                }
            }
        }

        var today = JapanTime.Today(clock);
        foreach (var profile in touched.OrderBy(p => p.Region.Path, StringComparer.Ordinal).ThenBy(p => p.FiscalYear))
        {
            var findings = ProfileCalculator.Compute(profile, today).Findings;
            var why = string.IsNullOrWhiteSpace(reason) ? profile.InconsistencyReason : reason;
            if (findings.Count > 0 && why is null)
            {
                errors.AddRange(findings.Select(f => $"{profile.Region.Name} {profile.Year.ToShortWareki()}: {f.Message}"));
                continue;
            }

            profile.Stamp(findings, why, scope.UserName, clock.GetUtcNow());
        }

        if (errors.Count > 0)
        {
            db.ChangeTracker.Clear();
            errors.Add("整合性の問題を直すか、「不整合があるまま取り込む理由」を入力してください。何も取り込んでいません。");
            return new ProfileImportResult(errors, 0, 0, 0, 0);
        }

        var updated = touched.Count - added;
        return new ProfileImportResult([], added, updated, profiles.Count - touched.Count, changedFigures);
    }

    private static Region? FindRegion(CsvRow row, Dictionary<string, Region> byCode, ILookup<string, Region> byName, List<string> errors)
    {
        var code = row.Get(ProfileFile.Code);
        var name = row.Get(ProfileFile.Name);
        if (code.Length > 0)
        {
            if (!LocalGovernmentCode.IsValid(code))
            {
                errors.Add($"{row.Locate(ProfileFile.Code)}: 「{code}」は正しい全国地方公共団体コード(6桁、検査数字つき)ではありません。");
                return null;
            }

            var found = byCode.GetValueOrDefault(code);
            if (found is null)
            {
                errors.Add($"{row.Locate(ProfileFile.Code)}: 団体コード「{code}」の地域が見つからないか、閲覧できません。");
            }
            else if (name.Length > 0 && TextNormalizer.SearchKey(name) != TextNormalizer.SearchKey(found.Name))
            {
                errors.Add($"{row.Locate(ProfileFile.Name)}: 団体コード「{code}」は「{found.Name}」です(地域名「{name}」と一致しません)。");
                return null;
            }

            return found;
        }

        if (name.Length == 0)
        {
            errors.Add($"{row.Line}行目: 「{ProfileFile.Code}」か「{ProfileFile.Name}」を書いてください。");
            return null;
        }

        var matches = byName[TextNormalizer.SearchKey(name)].ToList();
        switch (matches.Count)
        {
            case 1:
                return matches[0];
            case 0:
                errors.Add($"{row.Locate(ProfileFile.Name)}: 地域「{name}」が見つからないか、閲覧できません。");
                return null;
            default:
                errors.Add($"{row.Locate(ProfileFile.Name)}: 「{name}」という地域が{matches.Count}件あります。団体コードで指定してください。");
                return null;
        }
    }

    private static int? ParseYear(CsvRow row, List<string> errors)
    {
        var text = row.Get(ProfileFile.Year);
        var compact = text.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
        if (int.TryParse(compact.TrimEnd('年', '度'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var western)
            && FiscalYear.IsSupported(western))
        {
            return western;
        }

        if (JapaneseDate.TryParse(compact.EndsWith('度') ? compact : compact + "度", out var value) && value.Precision == WarekiPrecision.FiscalYear)
        {
            return value.Year;
        }

        errors.Add($"{row.Locate(ProfileFile.Year)}: 「{text}」は年度として読めません(例:「R5年度」「令和5年度」「2023」)。");
        return null;
    }

    private sealed record Row(int Line, Region Region, int Year, FigureKey Figure, decimal? Value, WarekiValue AsOf, string Source, Region? Area);
}
