using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;

namespace Nimo.Features.Directory;

/// <summary>HSDS <c>location.location_type</c>.</summary>
public enum LocationType
{
    Physical,
    Postal,
    Virtual,
}

public enum CoordinateSource
{
    None,
    /// <summary>From the imported 位置参照情報 (<see cref="Geocoder"/>).</summary>
    Geocoded,
    /// <summary>Placed by a curator.</summary>
    Manual,
    /// <summary>Carried in an HSDS import.</summary>
    Imported,
}

/// <summary>What a location offers people with disabilities; the public search filters on these (HSDS <c>accessibility</c>).</summary>
[Flags]
public enum AccessibilityFeatures
{
    None = 0,
    StepFree = 1,
    Elevator = 2,
    AccessibleToilet = 4,
    AccessibleParking = 8,
    HearingLoop = 16,
    WrittenConversation = 32,
    SignLanguage = 64,
    BrailleGuidance = 128,
}

/// <summary>
/// A place where services are given (HSDS <c>location</c>): a building, a postal address or a virtual place (a phone line, a
/// web page). A confidential location (a group home, a shelter) is known to the curators only: it never appears on a
/// public page, in print, on the map, in the HSDS JSON or CSV, whatever the services at it.
/// </summary>
public sealed class DirectoryLocation : IVersioned
{
    private DirectoryLocation()
    {
    }

    public Guid Id { get; private set; }
    public int OrganizationId { get; private set; }
    public Organization Organization { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public LocationType Type { get; private set; }
    public string? Description { get; private set; }
    /// <summary>The 市区町村 or 日常生活圏域 the address is in; the prefecture and city of the address come from it.</summary>
    public int? RegionId { get; private set; }
    public Region? Region { get; private set; }
    public string? PostalCode { get; private set; }
    /// <summary>町名・番地・建物 after the 市区町村 (「本郷四丁目15番14号 文京区民センター2階」).</summary>
    public string? StreetAddress { get; private set; }
    public string? Url { get; private set; }
    /// <summary>アクセス (HSDS <c>transportation</c>): 「都営三田線 春日駅 徒歩3分」.</summary>
    public string? Transportation { get; private set; }
    public decimal? Latitude { get; private set; }
    public decimal? Longitude { get; private set; }
    public CoordinateSource CoordinateSource { get; private set; }
    public AccessibilityFeatures Accessibility { get; private set; }
    public string? AccessibilityNotes { get; private set; }
    public bool IsConfidential { get; private set; }
    public DateTimeOffset LastModified { get; private set; }
    public Guid Version { get; set; }

    public static readonly IReadOnlyDictionary<AccessibilityFeatures, string> AccessibilityLabels = new Dictionary<AccessibilityFeatures, string>
    {
        [AccessibilityFeatures.StepFree] = "段差なしで入れる",
        [AccessibilityFeatures.Elevator] = "エレベーターあり",
        [AccessibilityFeatures.AccessibleToilet] = "多目的トイレあり",
        [AccessibilityFeatures.AccessibleParking] = "障害者用駐車場あり",
        [AccessibilityFeatures.HearingLoop] = "ヒアリングループあり",
        [AccessibilityFeatures.WrittenConversation] = "筆談で対応",
        [AccessibilityFeatures.SignLanguage] = "手話で対応",
        [AccessibilityFeatures.BrailleGuidance] = "点字の案内あり",
    };

    public static readonly IReadOnlyDictionary<LocationType, string> TypeLabels = new Dictionary<LocationType, string>
    {
        [LocationType.Physical] = "来所できる場所", [LocationType.Postal] = "郵送先", [LocationType.Virtual] = "電話・オンライン",
    };

    public IEnumerable<string> AccessibilityList => AccessibilityLabels.Where(a => Accessibility.HasFlag(a.Key)).Select(a => a.Value);

    public static DirectoryLocation Create(Organization organization, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(), Organization = organization, OrganizationId = organization.Id, LastModified = now,
    };

    public static DirectoryLocation Create(Guid id, Organization organization, DateTimeOffset now)
    {
        var location = Create(organization, now);
        location.Id = id;
        return location;
    }

    public void Update(string name, LocationType type, string? description, Region? region, string? postalCode, string? streetAddress, string? url,
        string? transportation, AccessibilityFeatures accessibility, string? accessibilityNotes, bool isConfidential, DateTimeOffset now)
    {
        name = (name ?? "").Trim();
        Check(name.Length is > 0 and <= 200, "場所の名称は1〜200文字で入力してください。");
        Check(Enum.IsDefined(type), "場所の種類を選んでください。");
        Check(region is null || region.Kind is RegionKind.Municipality or RegionKind.DailyLifeArea, "所在地の地域は市区町村か日常生活圏域を選んでください。");
        Check(type == LocationType.Virtual || region is not null, "来所できる場所と郵送先には、所在地の市区町村を選んでください。");
        postalCode = Clean(postalCode)?.Normalize(System.Text.NormalizationForm.FormKC).Replace("〒", "", StringComparison.Ordinal).Trim();
        Check(postalCode is null || System.Text.RegularExpressions.Regex.IsMatch(postalCode, @"^\d{3}-?\d{4}$"), "郵便番号は「112-0003」のように7桁で入力してください。");
        Check((streetAddress ?? "").Length <= 300 && (description ?? "").Length <= 2000 && (transportation ?? "").Length <= 500 && (accessibilityNotes ?? "").Length <= 500,
            "入力が長すぎます(住所は300文字、説明は2000文字、アクセスとバリアフリーの補足は500文字まで)。");
        url = Clean(url);
        Check(url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && url.Length <= 500), "URLは http:// または https:// で始まるアドレスを入力してください。");
        Check(type != LocationType.Virtual || url is not null || description is not null, "電話・オンラインの場所には、URLか説明(電話相談の方法など)を入力してください。");
        Check((accessibility & ~AccessibilityLabels.Keys.Aggregate(AccessibilityFeatures.None, (a, b) => a | b)) == 0, "バリアフリーの項目が正しくありません。");
        if (type == LocationType.Virtual && (region is not null || streetAddress is not null))
        {
            // A virtual place has no address; keeping one would show a street for a phone line.
            region = null;
            streetAddress = null;
            postalCode = null;
        }

        Name = name;
        Type = type;
        Description = Clean(description);
        Region = region;
        RegionId = region?.Id;
        PostalCode = postalCode is { Length: 7 } ? postalCode[..3] + "-" + postalCode[3..] : postalCode;
        StreetAddress = Clean(streetAddress);
        Url = url;
        Transportation = Clean(transportation);
        Accessibility = accessibility;
        AccessibilityNotes = Clean(accessibilityNotes);
        IsConfidential = isConfidential;
        LastModified = now;
    }

    /// <summary>Places the point (from the 位置参照情報, by hand or from an import); both or neither coordinate.</summary>
    public void PlaceAt(decimal? latitude, decimal? longitude, CoordinateSource source, DateTimeOffset now)
    {
        Check(latitude is null == longitude is null, "緯度と経度は両方を入力してください。");
        // Japan lies within 20–46°N and 122–154°E; anything outside is a typing mistake (swapped or missing digits).
        Check(latitude is null || (latitude is >= 20 and <= 46 && longitude is >= 122 and <= 154), "緯度は20〜46、経度は122〜154の範囲で入力してください(日本国内)。");
        Latitude = latitude is decimal lat ? decimal.Round(lat, 6) : null;
        Longitude = longitude is decimal lon ? decimal.Round(lon, 6) : null;
        CoordinateSource = latitude is null ? CoordinateSource.None : source;
        LastModified = now;
    }

    /// <summary>The whole address as written on a letter: 都道府県 + 市区町村 + the rest (regions loaded up to the prefecture).</summary>
    public string? FullAddress(IReadOnlyDictionary<int, Region> regions) =>
        Type == LocationType.Virtual || RegionId is not int id ? null : AddressParts.Compose(regions, id, StreetAddress);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new DomainRuleException(message);
        }
    }
}

/// <summary>Puts an address together from the region tree (prefecture, municipality) and the street part.</summary>
public static class AddressParts
{
    public static (string? Prefecture, string? Municipality) Of(IReadOnlyDictionary<int, Region> regions, int regionId)
    {
        string? prefecture = null, municipality = null;
        for (var current = regions.GetValueOrDefault(regionId); current is not null; current = current.ParentId is int p ? regions.GetValueOrDefault(p) : null)
        {
            if (current.Kind == RegionKind.Municipality)
            {
                municipality ??= current.Name;
            }
            else if (current.Kind == RegionKind.Prefecture)
            {
                prefecture = current.Name;
            }
        }

        return (prefecture, municipality);
    }

    public static string Compose(IReadOnlyDictionary<int, Region> regions, int regionId, string? street)
    {
        var (prefecture, municipality) = Of(regions, regionId);
        return $"{prefecture}{municipality}{street}";
    }
}

public enum IdentifierKind
{
    /// <summary>法人番号: 13 digits, the first a check digit (国税庁).</summary>
    CorporateNumber,
    /// <summary>障害福祉サービス等の事業所番号: 10 digits, the first two the prefecture.</summary>
    OfficeNumber,
}

/// <summary>
/// The directory's view of an organisation (HSDS <c>organization</c>): its stable HSDS id, a description residents read,
/// and its Japanese identifiers (法人番号, 事業所番号) as HSDS <c>organization_identifier</c>s. The organisation itself
/// stays in Features/Organizations.
/// </summary>
public sealed class DirectoryOrganization : IVersioned
{
    private DirectoryOrganization()
    {
    }

    public int OrganizationId { get; private set; }
    public Organization Organization { get; private set; } = null!;
    public Guid HsdsId { get; private set; }
    public string? Description { get; private set; }
    public string? Website { get; private set; }
    public string? Email { get; private set; }
    public List<OrganizationIdentifier> Identifiers { get; private set; } = [];
    public Guid Version { get; set; }

    public static DirectoryOrganization For(Organization organization) => new() { Organization = organization, OrganizationId = organization.Id, HsdsId = Guid.NewGuid() };

    public static DirectoryOrganization For(Organization organization, Guid hsdsId) => new() { Organization = organization, OrganizationId = organization.Id, HsdsId = hsdsId };

    public void Update(string? description, string? website, string? email)
    {
        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        website = string.IsNullOrWhiteSpace(website) ? null : website.Trim();
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        if ((description ?? "").Length > 2000)
        {
            throw new DomainRuleException("機関の紹介は2000文字以内にしてください。");
        }

        if (website is not null && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            throw new DomainRuleException("ホームページは http:// または https:// で始まるアドレスを入力してください。");
        }

        if (email is not null && !(System.Net.Mail.MailAddress.TryCreate(email, out var mail) && mail.Address == email && email.Contains('.', StringComparison.Ordinal)))
        {
            throw new DomainRuleException("メールアドレスの形式が正しくありません。");
        }

        Description = description;
        Website = website;
        Email = email;
    }

    /// <summary>Sets the 法人番号 or 事業所番号 (empty removes it); the number is checked here.</summary>
    public void SetIdentifier(IdentifierKind kind, string? value)
    {
        value = (value ?? "").Normalize(System.Text.NormalizationForm.FormKC).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        var existing = Identifiers.FirstOrDefault(i => i.Kind == kind);
        if (value.Length == 0)
        {
            if (existing is not null)
            {
                Identifiers.Remove(existing);
            }

            return;
        }

        var error = OrganizationIdentifier.Check(kind, value);
        if (error is not null)
        {
            throw new DomainRuleException(error);
        }

        if (existing is null)
        {
            Identifiers.Add(new OrganizationIdentifier { Id = Guid.NewGuid(), Kind = kind, Value = value });
        }
        else
        {
            existing.Value = value;
        }
    }

    public string? Identifier(IdentifierKind kind) => Identifiers.FirstOrDefault(i => i.Kind == kind)?.Value;
}

public sealed class OrganizationIdentifier
{
    public Guid Id { get; set; }
    public int OrganizationId { get; set; }
    public IdentifierKind Kind { get; set; }
    public string Value { get; set; } = "";

    /// <summary>org-id.guide's scheme for the 法人番号; the 事業所番号 has none, so it gets a scheme of ours.</summary>
    public string Scheme => Kind == IdentifierKind.CorporateNumber ? "JP-JCN" : "JP-MHLW-SHOGAI";
    public string TypeLabel => Kind == IdentifierKind.CorporateNumber ? "法人番号" : "障害福祉サービス事業所番号";

    /// <summary>Null when the number is well formed, else a sentence saying what is wrong.</summary>
    public static string? Check(IdentifierKind kind, string value)
    {
        if (kind == IdentifierKind.CorporateNumber)
        {
            if (value.Length != 13 || !value.All(char.IsAsciiDigit))
            {
                return $"法人番号「{value}」は13桁の数字で入力してください。";
            }

            return CorporateCheckDigit(value[1..]) == value[0] - '0' ? null : $"法人番号「{value}」の先頭の検査用数字が合いません。番号を確かめてください。";
        }

        if (value.Length != 10 || !value.All(char.IsAsciiDigit))
        {
            return $"事業所番号「{value}」は10桁の数字で入力してください。";
        }

        var prefecture = int.Parse(value[..2], System.Globalization.CultureInfo.InvariantCulture);
        return prefecture is >= 1 and <= 47 ? null : $"事業所番号「{value}」の先頭2桁は都道府県番号(01〜47)です。";
    }

    /// <summary>国税庁: 9 − (Σ Pn × Qn mod 9), Pn the n-th digit of the 12-digit base from the right, Qn 1 for odd n and 2 for even.</summary>
    public static int CorporateCheckDigit(string baseNumber)
    {
        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            sum += (baseNumber[12 - n] - '0') * (n % 2 == 1 ? 1 : 2);
        }

        return 9 - sum % 9;
    }
}
