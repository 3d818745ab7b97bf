using System.Security.Cryptography;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Regions;

public enum RegionKind
{
    Prefecture,
    HealthArea,
    Municipality,
    DailyLifeArea,
}

[Flags]
public enum MunicipalityFlags
{
    None = 0,
    SpecialWard = 1,
    DesignatedCity = 2,
    CoreCity = 4,
    HasHealthCenter = 8,
}

/// <summary>
/// One node of the tree 都道府県 → 保健所圏域 → 市区町村 → 日常生活圏域. <see cref="Path"/> is the chain of
/// segments from the root ("/ab12cd/ef34gh/"), so a subtree is a prefix match on both providers.
/// </summary>
public sealed class Region : IVersioned
{
    private Region()
    {
    }

    public int Id { get; private set; }
    public string? Code { get; private set; }
    public string Name { get; private set; } = "";
    public string Kana { get; private set; } = "";
    public string SearchKey { get; private set; } = "";
    public RegionKind Kind { get; private set; }
    public MunicipalityFlags Flags { get; private set; }
    public int? ParentId { get; private set; }
    public Region? Parent { get; private set; }
    public string Segment { get; private set; } = "";
    public string Path { get; private set; } = "";
    public int Depth { get; private set; }
    public Guid Version { get; set; }

    public static Region Create(string? code, string name, string kana, RegionKind kind, MunicipalityFlags flags, Region? parent)
    {
        var region = new Region { Segment = NewSegment() };
        region.Update(code, name, kana, kind, flags);
        region.PlaceUnder(parent);
        return region;
    }

    /// <summary>Changes the descriptive fields; the rules that tie them together are checked here, not in pages.</summary>
    public void Update(string? code, string name, string kana, RegionKind kind, MunicipalityFlags flags)
    {
        code = string.IsNullOrWhiteSpace(code) ? null : code.Trim();
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
        {
            throw new DomainRuleException("名称は1〜100文字で入力してください。");
        }

        if (kind is RegionKind.Prefecture or RegionKind.Municipality)
        {
            if (code is null)
            {
                throw new DomainRuleException("都道府県・市区町村には全国地方公共団体コード(6桁)が必要です。");
            }
        }
        else if (code is not null)
        {
            throw new DomainRuleException("圏域には全国地方公共団体コードを付けられません。");
        }

        if (code is not null && !LocalGovernmentCode.IsValid(code))
        {
            throw new DomainRuleException($"全国地方公共団体コード「{code}」が正しくありません(6桁、末尾はチェックディジット)。");
        }

        if (kind == RegionKind.Prefecture && code is not null && code[2..5] != "000")
        {
            throw new DomainRuleException($"都道府県のコードは「○○000」で始まる必要があります(「{code}」)。");
        }

        if (kind != RegionKind.Municipality && flags != MunicipalityFlags.None)
        {
            throw new DomainRuleException("特別区・指定都市・中核市・保健所設置の区分は市区町村にだけ付けられます。");
        }

        if (flags.HasFlag(MunicipalityFlags.SpecialWard) && (flags.HasFlag(MunicipalityFlags.DesignatedCity) || flags.HasFlag(MunicipalityFlags.CoreCity)))
        {
            throw new DomainRuleException("特別区は指定都市・中核市と同時に指定できません。");
        }

        if (flags.HasFlag(MunicipalityFlags.DesignatedCity) && flags.HasFlag(MunicipalityFlags.CoreCity))
        {
            throw new DomainRuleException("指定都市と中核市は同時に指定できません。");
        }

        if (Id != 0 && Kind != kind && Children.Count > 0)
        {
            throw new DomainRuleException("下位の地域がある地域の種別は変更できません。");
        }

        Code = code;
        Name = name;
        Kana = (kana ?? "").Trim();
        SearchKey = TextNormalizer.SearchKey(Name + " " + Kana + " " + code);
        Kind = kind;
        Flags = flags;
    }

    public List<Region> Children { get; private set; } = [];

    /// <summary>Moves the region (and so its subtree) under another parent, keeping the tree shape legal.</summary>
    public void PlaceUnder(Region? parent)
    {
        var allowed = Kind switch
        {
            RegionKind.Prefecture => parent is null,
            RegionKind.HealthArea => parent?.Kind == RegionKind.Prefecture,
            RegionKind.Municipality => parent?.Kind is RegionKind.Prefecture or RegionKind.HealthArea,
            RegionKind.DailyLifeArea => parent?.Kind == RegionKind.Municipality,
        };
        if (!allowed)
        {
            throw new DomainRuleException(Kind switch
            {
                RegionKind.Prefecture => "都道府県は最上位に置きます。上位地域は指定できません。",
                RegionKind.HealthArea => "圏域の上位は都道府県にしてください。",
                RegionKind.Municipality => "市区町村の上位は都道府県または圏域にしてください。",
                RegionKind.DailyLifeArea => "日常生活圏域の上位は市区町村にしてください。",
            });
        }

        if (parent is not null && parent.Path.StartsWith(Path, StringComparison.Ordinal) && Path.Length > 0)
        {
            throw new DomainRuleException("自分自身または下位の地域を上位に指定することはできません。");
        }

        if (parent is not null && Code is not null && parent.Kind == RegionKind.Prefecture && parent.Code is not null
            && Kind == RegionKind.Municipality && LocalGovernmentCode.PrefectureOf(Code) != parent.Code)
        {
            throw new DomainRuleException($"コード「{Code}」は{parent.Name}の市区町村コードではありません。");
        }

        Parent = parent;
        // An unsaved parent has no id yet; EF fills the key from the navigation on save.
        if (parent is null || parent.Id != 0)
        {
            ParentId = parent?.Id;
        }

        var oldPath = Path;
        Path = (parent?.Path ?? "/") + Segment + "/";
        Depth = (parent?.Depth ?? -1) + 1;
        foreach (var child in Children)
        {
            child.RebasePath(oldPath, Path);
        }
    }

    private void RebasePath(string oldPrefix, string newPrefix)
    {
        Path = newPrefix + Path[oldPrefix.Length..];
        Depth = Path.Count(c => c == '/') - 2;
        foreach (var child in Children)
        {
            child.RebasePath(oldPrefix, newPrefix);
        }
    }

    public bool IsWithin(string ancestorPath) => Path.StartsWith(ancestorPath, StringComparison.Ordinal);

    public string KindLabel => KindLabels[Kind];

    public static readonly IReadOnlyDictionary<RegionKind, string> KindLabels = new Dictionary<RegionKind, string>
    {
        [RegionKind.Prefecture] = "都道府県",
        [RegionKind.HealthArea] = "保健所圏域・障害保健福祉圏域",
        [RegionKind.Municipality] = "市区町村",
        [RegionKind.DailyLifeArea] = "日常生活圏域",
    };

    public static readonly IReadOnlyList<(MunicipalityFlags Flag, string Label)> FlagLabels =
    [
        (MunicipalityFlags.SpecialWard, "特別区"),
        (MunicipalityFlags.DesignatedCity, "指定都市"),
        (MunicipalityFlags.CoreCity, "中核市"),
        (MunicipalityFlags.HasHealthCenter, "保健所設置"),
    ];

    public string FlagsText => string.Join("・", FlagLabels.Where(f => Flags.HasFlag(f.Flag)).Select(f => f.Label));

    private static string NewSegment() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
