using Nimo.Features.Regions;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations;

/// <summary>The organisation CSV; same columns both ways. A row matches an existing organisation by name and region.</summary>
public static class OrganizationImport
{
    public const string Name = "機関名";
    public const string Kana = "よみがな";
    public const string Kind = "種別";
    public const string Region = "地域";
    public const string Address = "住所";
    public const string Phone = "電話";
    public const string Notes = "備考";
    public const string Active = "状態";

    public static readonly IReadOnlyList<string> Columns = [Name, Kana, Kind, Region, Address, Phone, Notes, Active];
    public static readonly IReadOnlyList<string> Required = [Name, Kind, Region];

    public sealed record Plan(int Created, int Updated, int Unchanged, IReadOnlyList<string> Errors);

    public static Plan Stage(IReadOnlyList<CsvRow> rows, IReadOnlyList<Region> regions, List<Organization> existing, UserScope scope, Action<Organization> add)
    {
        var errors = new List<string>();
        var regionByCode = regions.Where(r => r.Code is not null).ToDictionary(r => r.Code!, StringComparer.Ordinal);
        var regionByName = regions.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byKey = existing.ToDictionary(o => (o.RegionId, o.Name));
        var seen = new HashSet<(int, string)>();
        int created = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            var lineErrors = new List<string>();
            var name = row.Get(Name);
            var kind = Organization.ParseKind(row.Get(Kind));
            var regionRef = row.Get(Region).Normalize(System.Text.NormalizationForm.FormKC);
            var region = regionByCode.GetValueOrDefault(regionRef)
                ?? (regionByName.TryGetValue(regionRef, out var named) && named.Count == 1 ? named[0] : null);
            var activeText = row.Get(Active);
            if (name.Length == 0)
            {
                lineErrors.Add("「機関名」が空です");
            }

            if (kind is null)
            {
                lineErrors.Add($"「種別」の「{row.Get(Kind)}」は登録されている機関の種別ではありません(例: 保健所、相談支援事業所、病院(精神科))");
            }

            if (region is null)
            {
                lineErrors.Add(regionRef.Length == 0
                    ? "「地域」が空です"
                    : $"「地域」の「{regionRef}」が見つからないか、あなたの担当地域ではありません");
            }
            else if (!scope.CanEdit(region))
            {
                lineErrors.Add($"「{region.Name}」の機関を登録・変更する権限がありません");
            }

            if (activeText.Length > 0 && activeText is not ("有効" or "休止"))
            {
                lineErrors.Add($"「状態」の「{activeText}」は「有効」か「休止」にしてください");
            }

            if (region is not null && name.Length > 0 && !seen.Add((region.Id, name)))
            {
                lineErrors.Add($"同じ機関(「{name}」)が2回以上あります");
            }

            if (lineErrors.Count == 0)
            {
                try
                {
                    var address = NullIfEmpty(row.Get(Address));
                    var phone = NullIfEmpty(row.Get(Phone));
                    var notes = NullIfEmpty(row.Get(Notes));
                    var isActive = activeText != "休止";
                    if (byKey.TryGetValue((region!.Id, name), out var target))
                    {
                        if (target.Kana != row.Get(Kana) || target.Kind != kind || target.Address != address || target.Phone != phone
                            || target.Notes != notes || target.IsActive != isActive)
                        {
                            target.Update(name, row.Get(Kana), kind!.Value, region, address, phone, notes, isActive);
                            updated++;
                        }
                        else
                        {
                            unchanged++;
                        }
                    }
                    else
                    {
                        var organization = Organization.Create(name, row.Get(Kana), kind!.Value, region);
                        organization.Update(name, row.Get(Kana), kind.Value, region, address, phone, notes, isActive);
                        add(organization);
                        created++;
                    }
                }
                catch (DomainRuleException e)
                {
                    lineErrors.Add(e.Message.TrimEnd('。'));
                }
            }

            errors.AddRange(lineErrors.Select(e => $"{row.Line}行目: {e}。"));
        }

        return new Plan(created, updated, unchanged, errors);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    public static IReadOnlyList<string?> ToRow(Organization o) =>
        [o.Name, o.Kana, o.KindLabel, o.Region.Code ?? o.Region.Name, o.Address, o.Phone, o.Notes, o.IsActive ? "有効" : "休止"];
}
