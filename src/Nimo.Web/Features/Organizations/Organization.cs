using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Organizations;

public enum OrganizationKind
{
    LocalGovernment,
    HealthCenter,
    HealthStation,
    MentalHealthCenter,
    PsychiatricHospital,
    Clinic,
    VisitingNursing,
    CoreCounsellingCenter,
    CounsellingSupport,
    CommunityActivityCenter,
    WelfareService,
    CareService,
    HousingSupport,
    EmploymentSupport,
    FamilyAssociation,
    PeerGroup,
    SocialWelfareCouncil,
    ProfessionalAssociation,
    Justice,
    Education,
    /// <summary>警察署: registered so that a 支援関係者会議 attendee picked from it falls under the police rule.</summary>
    Police,
    Other,
}

/// <summary>An agency of any kind that takes part in the region's care system; users belong to one.</summary>
public sealed class Organization : IVersioned
{
    private Organization()
    {
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public string Kana { get; private set; } = "";
    public string SearchKey { get; private set; } = "";
    public OrganizationKind Kind { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public string? Address { get; private set; }
    public string? Phone { get; private set; }
    public string? Notes { get; private set; }
    public bool IsActive { get; private set; } = true;
    public Guid Version { get; set; }

    public static Organization Create(string name, string kana, OrganizationKind kind, Region region)
    {
        var organization = new Organization();
        organization.Update(name, kana, kind, region, null, null, null, true);
        return organization;
    }

    public void Update(string name, string kana, OrganizationKind kind, Region region, string? address, string? phone, string? notes, bool isActive)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 200)
        {
            throw new DomainRuleException("機関名は1〜200文字で入力してください。");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException("機関の種別を選んでください。");
        }

        phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        if (phone is not null && (phone.Length > 30 || !phone.Normalize(System.Text.NormalizationForm.FormKC).All(c => char.IsAsciiDigit(c) || c is '-' or '(' or ')' or ' ' or '+')))
        {
            throw new DomainRuleException("電話番号は数字とハイフンで入力してください。");
        }

        kana = (kana ?? "").Trim();
        if (kana.Length > 300)
        {
            // The column holds 300: PostgreSQL refused a longer one with a 500 where SQLite kept it.
            throw new DomainRuleException("ふりがなは300文字以内で入力してください。");
        }

        Name = name;
        Kana = kana;
        // NFKC may lengthen a name (「㍿」 is 「株式会社」): the key is for searching, so a long one is cut to its column.
        var key = TextNormalizer.SearchKey(Name + " " + Kana);
        SearchKey = key.Length <= 500 ? key : key[..500];
        Kind = kind;
        Region = region;
        if (region.Id != 0)
        {
            RegionId = region.Id;
        }

        Address = TextField.Optional(address, TextLength.Address, "住所");
        Phone = phone?.Normalize(System.Text.NormalizationForm.FormKC);
        Notes = TextField.Optional(notes, TextLength.Note, "備考");
        IsActive = isActive;
    }

    public string KindLabel => KindLabels[Kind];

    public static readonly IReadOnlyDictionary<OrganizationKind, string> KindLabels = new Dictionary<OrganizationKind, string>
    {
        [OrganizationKind.LocalGovernment] = "自治体(本庁・部署)",
        [OrganizationKind.HealthCenter] = "保健所",
        [OrganizationKind.HealthStation] = "保健センター",
        [OrganizationKind.MentalHealthCenter] = "精神保健福祉センター",
        [OrganizationKind.PsychiatricHospital] = "病院(精神科)",
        [OrganizationKind.Clinic] = "診療所",
        [OrganizationKind.VisitingNursing] = "訪問看護ステーション",
        [OrganizationKind.CoreCounsellingCenter] = "基幹相談支援センター",
        [OrganizationKind.CounsellingSupport] = "相談支援事業所",
        [OrganizationKind.CommunityActivityCenter] = "地域活動支援センター",
        [OrganizationKind.WelfareService] = "障害福祉サービス事業所",
        [OrganizationKind.CareService] = "介護サービス事業所",
        [OrganizationKind.HousingSupport] = "居住支援",
        [OrganizationKind.EmploymentSupport] = "就労支援",
        [OrganizationKind.FamilyAssociation] = "家族会",
        [OrganizationKind.PeerGroup] = "当事者団体・ピアサポート",
        [OrganizationKind.SocialWelfareCouncil] = "社会福祉協議会",
        [OrganizationKind.ProfessionalAssociation] = "職能団体・医師会等",
        [OrganizationKind.Justice] = "司法・保護観察",
        [OrganizationKind.Education] = "教育機関",
        [OrganizationKind.Police] = "警察",
        [OrganizationKind.Other] = "その他",
    };

    /// <summary>Reads a kind from its Japanese label or English name, as typed in an import file.</summary>
    public static OrganizationKind? ParseKind(string? text)
    {
        var key = TextNormalizer.SearchKey(text);
        if (key.Length == 0)
        {
            return null;
        }

        foreach (var (kind, label) in KindLabels)
        {
            if (TextNormalizer.SearchKey(label) == key || TextNormalizer.SearchKey(kind.ToString()) == key)
            {
                return kind;
            }
        }

        return null;
    }
}

public enum DepartmentRole
{
    Lead,
    Partner,
}

/// <summary>所管部署 / 連携部署 of a local government, with the duties listed in §6 of the report sheet.</summary>
public sealed class Department : IVersioned
{
    private Department()
    {
    }

    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public DepartmentRole Role { get; private set; }
    /// <summary>One duty per line, in the order the region lists them.</summary>
    public string Duties { get; private set; } = "";
    public int SortOrder { get; private set; }
    public Guid Version { get; set; }

    public static Department Create(Region region, string name, DepartmentRole role, IEnumerable<string> duties, int sortOrder)
    {
        var department = new Department();
        department.Update(region, name, role, duties, sortOrder);
        return department;
    }

    public void Update(Region region, string name, DepartmentRole role, IEnumerable<string> duties, int sortOrder)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
        {
            throw new DomainRuleException("部署名は1〜100文字で入力してください。");
        }

        if (region.Kind == RegionKind.HealthArea || region.Kind == RegionKind.DailyLifeArea)
        {
            throw new DomainRuleException("部署は都道府県または市区町村に登録してください。");
        }

        var lines = duties.Select(d => d.Trim().TrimStart('・', '-', '･').Trim()).Where(d => d.Length > 0).ToList();
        if (lines.Sum(l => l.Length) > 4000)
        {
            throw new DomainRuleException("主な業務は4000文字以内で入力してください。");
        }

        Region = region;
        if (region.Id != 0)
        {
            RegionId = region.Id;
        }

        Name = name;
        Role = Enum.IsDefined(role) ? role : throw new DomainRuleException("所管・連携の区分を選んでください。");
        Duties = string.Join('\n', lines);
        SortOrder = sortOrder;
    }

    public IEnumerable<string> DutyList => Duties.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    public string RoleLabel => Role == DepartmentRole.Lead ? "所管部署" : "連携部署";
}
