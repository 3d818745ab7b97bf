using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Regions;

/// <summary>
/// The region CSV: the same columns for export and import, so a file exported, edited in Excel and imported
/// again changes exactly what was edited. Everything is validated first; any bad line means nothing is written.
/// </summary>
public static class RegionImport
{
    public const string Code = "団体コード";
    public const string Name = "名称";
    public const string Kana = "よみがな";
    public const string Kind = "種別";
    public const string Parent = "上位";
    public const string Flags = "区分";

    public static readonly IReadOnlyList<string> Columns = [Code, Name, Kana, Kind, Parent, Flags];
    public static readonly IReadOnlyList<string> Required = [Name, Kind];

    public sealed record Plan(int Created, int Updated, int Unchanged, IReadOnlyList<string> Errors);

    /// <summary>
    /// Validates every row against the existing tree and the user's scope, and stages the changes on the
    /// tracked regions. The caller saves only when <see cref="Plan.Errors"/> is empty.
    /// </summary>
    public static Plan Stage(IReadOnlyList<CsvRow> rows, List<Region> existing, UserScope scope, Action<Region> add)
    {
        var errors = new List<string>();
        var byCode = existing.Where(r => r.Code is not null).ToDictionary(r => r.Code!, StringComparer.Ordinal);
        var byName = existing.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        int created = 0, updated = 0, unchanged = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var row in rows)
        {
            var lineErrors = new List<string>();
            var code = row.Get(Code).Normalize(System.Text.NormalizationForm.FormKC);
            var name = row.Get(Name);
            var kind = ParseKind(row.Get(Kind));
            var parentRef = row.Get(Parent).Normalize(System.Text.NormalizationForm.FormKC);
            var flags = ParseFlags(row.Get(Flags), out var badFlag);

            if (name.Length == 0)
            {
                lineErrors.Add("「名称」が空です");
            }

            if (kind is null)
            {
                lineErrors.Add($"「種別」の「{row.Get(Kind)}」は、都道府県・圏域・市区町村・日常生活圏域のいずれかにしてください");
            }

            if (badFlag is not null)
            {
                lineErrors.Add($"「区分」の「{badFlag}」は、特別区・指定都市・中核市・保健所設置のいずれかにしてください");
            }

            if (code.Length > 0 && !LocalGovernmentCode.IsValid(code))
            {
                lineErrors.Add($"「団体コード」の「{code}」が正しくありません(6桁、末尾はチェックディジット)");
            }

            var identity = code.Length > 0 ? code : $"{kind}:{name}";
            if (!seen.Add(identity))
            {
                lineErrors.Add($"同じ地域({(code.Length > 0 ? code : name)})が2回以上あります");
            }

            Region? parent = null;
            if (parentRef.Length > 0)
            {
                parent = byCode.GetValueOrDefault(parentRef)
                    ?? (byName.TryGetValue(parentRef, out var named) && named.Count == 1 ? named[0] : null);
                if (parent is null)
                {
                    lineErrors.Add(byName.TryGetValue(parentRef, out var many) && many.Count > 1
                        ? $"「上位」の「{parentRef}」は同名の地域が複数あります。団体コードで指定してください"
                        : $"「上位」の「{parentRef}」が見つかりません(このファイルでは上位を先の行に書いてください)");
                }
            }

            if (lineErrors.Count == 0)
            {
                var target = code.Length > 0
                    ? byCode.GetValueOrDefault(code)
                    : byName.GetValueOrDefault(name)?.FirstOrDefault(r => r.Kind == kind && r.Code is null);
                if (target is not null && !scope.CanEdit(target))
                {
                    lineErrors.Add($"「{target.Name}」を変更する権限がありません");
                }
                else if (target is null && (parent is null ? !scope.IsAdmin : !scope.CanEdit(parent) || !scope.CanEditMasterData))
                {
                    lineErrors.Add(parent is null ? "都道府県を新しく登録できるのはシステム管理者だけです" : $"「{parent.Name}」の下に登録する権限がありません");
                }
                else
                {
                    try
                    {
                        var kana = row.Get(Kana);
                        if (target is null)
                        {
                            target = Region.Create(code.Length > 0 ? code : null, name, kana, kind!.Value, flags, parent);
                            add(target);
                            created++;
                        }
                        else if (Differs(target, code, name, kana, kind!.Value, flags, parent))
                        {
                            target.Update(code.Length > 0 ? code : null, name, kana, kind.Value, flags);
                            if (target.Parent != parent)
                            {
                                target.PlaceUnder(parent);
                            }

                            updated++;
                        }
                        else
                        {
                            unchanged++;
                        }

                        if (target.Code is not null)
                        {
                            byCode[target.Code] = target;
                        }

                        if (!byName.TryGetValue(target.Name, out var list))
                        {
                            byName[target.Name] = list = [];
                        }

                        if (!list.Contains(target))
                        {
                            list.Add(target);
                        }
                    }
                    catch (DomainRuleException e)
                    {
                        lineErrors.Add(e.Message.TrimEnd('。'));
                    }
                }
            }

            errors.AddRange(lineErrors.Select(e => $"{row.Line}行目: {e}。"));
        }

        return new Plan(created, updated, unchanged, errors);
    }

    private static bool Differs(Region r, string code, string name, string kana, RegionKind kind, MunicipalityFlags flags, Region? parent) =>
        (r.Code ?? "") != code || r.Name != name || r.Kana != kana || r.Kind != kind || r.Flags != flags || r.Parent != parent;

    public static RegionKind? ParseKind(string text) => TextNormalizer.SearchKey(text) switch
    {
        "都道府県" or "prefecture" => RegionKind.Prefecture,
        "圏域" or "保健所圏域" or "障害保健福祉圏域" or "保健所圏域・障害保健福祉圏域" or "healtharea" => RegionKind.HealthArea,
        "市区町村" or "市町村" or "municipality" => RegionKind.Municipality,
        "日常生活圏域" or "dailylifearea" => RegionKind.DailyLifeArea,
        _ => null,
    };

    public static MunicipalityFlags ParseFlags(string text, out string? bad)
    {
        bad = null;
        var flags = MunicipalityFlags.None;
        foreach (var part in text.Split(['・', '、', ',', ' ', '　', '/'], StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Region.FlagLabels.FirstOrDefault(f => f.Label == part.Trim() || string.Equals(f.Flag.ToString(), part.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match.Label is null)
            {
                bad = part;
            }
            else
            {
                flags |= match.Flag;
            }
        }

        return flags;
    }

    public static IReadOnlyList<string?> ToRow(Region r) =>
        [r.Code, r.Name, r.Kana, KindShort(r.Kind), r.Parent?.Code ?? r.Parent?.Name, r.FlagsText];

    private static string KindShort(RegionKind kind) => kind switch
    {
        RegionKind.Prefecture => "都道府県",
        RegionKind.HealthArea => "圏域",
        RegionKind.Municipality => "市区町村",
        RegionKind.DailyLifeArea => "日常生活圏域",
    };
}
