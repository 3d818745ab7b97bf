using System.Security.Cryptography;
using System.Text;
using Nimo.Platform.Data;

namespace Nimo.Features.Directory;

/// <summary>A controlled vocabulary (HSDS <c>taxonomy</c>): the 8 categories of the care system, and 障害福祉サービス種別.</summary>
public sealed class Taxonomy
{
    private Taxonomy()
    {
    }

    public Guid Id { get; private set; }
    /// <summary>Stable key used in code and imports (<see cref="Taxonomies.Categories"/>).</summary>
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public string? Uri { get; private set; }
    public string? VocabularyVersion { get; private set; }
}

/// <summary>
/// One term of a vocabulary (HSDS <c>taxonomy_term</c>). Terms are master data: they ship with every installation
/// (<see cref="Taxonomies.Seed"/>), an administrator may add to the service kinds, and a term in use is retired, never deleted.
/// </summary>
public sealed class TaxonomyTerm : IVersioned
{
    private TaxonomyTerm()
    {
    }

    public Guid Id { get; private set; }
    public Guid TaxonomyId { get; private set; }
    public Taxonomy Taxonomy { get; private set; } = null!;
    public string Code { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Description { get; private set; } = "";
    public Guid? ParentId { get; private set; }
    public int SortOrder { get; private set; }
    public bool IsActive { get; private set; } = true;
    public Guid Version { get; set; }

    public static TaxonomyTerm Create(Taxonomy taxonomy, string code, string name, string? description, Guid? parentId, int sortOrder)
    {
        var term = new TaxonomyTerm { Id = DeterministicGuid.Create(Taxonomies.Namespace, taxonomy.Code + "/" + code), TaxonomyId = taxonomy.Id, Code = Clean(code, 40, "コード") };
        term.Update(name, description, parentId, sortOrder, true);
        return term;
    }

    public void Update(string name, string? description, Guid? parentId, int sortOrder, bool isActive)
    {
        Name = Clean(name, 100, "名称");
        Description = (description ?? "").Trim();
        if (Description.Length > 500)
        {
            throw new DomainRuleException("説明は500文字以内にしてください。");
        }

        ParentId = parentId == Id ? throw new DomainRuleException("自分自身を上位の種別にはできません。") : parentId;
        SortOrder = sortOrder;
        IsActive = isActive;
    }

    private static string Clean(string? text, int max, string label)
    {
        var value = (text ?? "").Trim();
        return value.Length is 0 || value.Length > max ? throw new DomainRuleException($"{label}は1〜{max}文字で入力してください。") : value;
    }
}

/// <summary>The two vocabularies every installation starts with, keyed by code; ids are name-based so they match across installations.</summary>
public static class Taxonomies
{
    public static readonly Guid Namespace = new("6f1c2a0e-9b7d-4c55-8a61-0d3b5e7f2c19");

    public const string Categories = "nimo-category";
    public const string ServiceKinds = "shogai-fukushi-service";

    public static Guid TaxonomyId(string code) => DeterministicGuid.Create(Namespace, code);
    public static Guid TermId(string taxonomyCode, string termCode) => DeterministicGuid.Create(Namespace, taxonomyCode + "/" + termCode);

    /// <summary>The 8 categories of にも包括 (product.md), in the order the booklet prints them.</summary>
    public static readonly IReadOnlyList<(string Code, string Name, string Description)> CategoryTerms =
    [
        ("medical", "医療", "精神科の病院・診療所、訪問看護、デイケアなど"),
        ("disability-welfare", "障害福祉", "障害福祉サービスの事業所、地域活動支援センターなど"),
        ("long-term-care", "介護", "介護保険のサービス、地域包括支援センターなど"),
        ("housing", "住まい", "グループホーム、住まい探しの相談、居住支援など"),
        ("participation", "社会参加・就労", "就労支援、日中の居場所、デイケア以外の通いの場など"),
        ("consultation", "相談窓口", "こころの健康や暮らしの困りごとの相談窓口"),
        ("mutual-aid", "地域の助け合い", "家族会、自助グループ、ピアサポート、地域のサロンなど"),
        ("awareness", "普及啓発", "講演会、講座、冊子など、こころの健康を知るための取組"),
    ];

    /// <summary>
    /// 障害福祉サービス種別 under the 障害者総合支援法, grouped as 介護給付 / 訓練等給付 / 相談支援 / 地域生活支援事業. [M]: the list
    /// follows the law's service names as of 令和7年度 (就労選択支援 from 令和7年10月); an administrator adds to it on /Directory/Terms.
    /// </summary>
    public static readonly IReadOnlyList<(string Code, string Name, string? Parent)> ServiceKindTerms =
    [
        ("care-benefits", "介護給付", null),
        ("home-help", "居宅介護", "care-benefits"),
        ("severe-visiting-care", "重度訪問介護", "care-benefits"),
        ("accompanying", "同行援護", "care-benefits"),
        ("behaviour-support", "行動援護", "care-benefits"),
        ("comprehensive-support", "重度障害者等包括支援", "care-benefits"),
        ("short-stay", "短期入所", "care-benefits"),
        ("medical-care", "療養介護", "care-benefits"),
        ("daily-life-care", "生活介護", "care-benefits"),
        ("residential-support", "施設入所支援", "care-benefits"),
        ("training-benefits", "訓練等給付", null),
        ("independent-living", "自立生活援助", "training-benefits"),
        ("group-home", "共同生活援助(グループホーム)", "training-benefits"),
        ("functional-training", "自立訓練(機能訓練)", "training-benefits"),
        ("life-training", "自立訓練(生活訓練)", "training-benefits"),
        ("lodging-training", "宿泊型自立訓練", "training-benefits"),
        ("employment-transition", "就労移行支援", "training-benefits"),
        ("employment-a", "就労継続支援A型", "training-benefits"),
        ("employment-b", "就労継続支援B型", "training-benefits"),
        ("employment-retention", "就労定着支援", "training-benefits"),
        ("employment-selection", "就労選択支援", "training-benefits"),
        ("counselling", "相談支援", null),
        ("core-counselling", "基幹相談支援センター", "counselling"),
        ("general-counselling", "一般相談支援(地域移行支援・地域定着支援)", "counselling"),
        ("specific-counselling", "特定相談支援(計画相談支援)", "counselling"),
        ("child-counselling", "障害児相談支援", "counselling"),
        ("community-life", "地域生活支援事業", null),
        ("community-activity", "地域活動支援センター", "community-life"),
    ];

    /// <summary>The three kinds §1 of the report sheet counts (相談支援事業所数): 基幹 / 一般 / 特定.</summary>
    public static readonly IReadOnlyList<string> CounsellingKinds = ["core-counselling", "general-counselling", "specific-counselling"];

    public static int CategoryOrder(string code)
    {
        for (var i = 0; i < CategoryTerms.Count; i++)
        {
            if (CategoryTerms[i].Code == code)
            {
                return i;
            }
        }

        return CategoryTerms.Count;
    }

    /// <summary>Rows for the migration (EF HasData): the master data every installation starts with.</summary>
    public static (object[] Taxonomies, object[] Terms) Seed()
    {
        var categories = TaxonomyId(Categories);
        var kinds = TaxonomyId(ServiceKinds);
        object[] taxonomies =
        [
            new { Id = categories, Code = Categories, Name = "にも包括の8分野", Description = "精神障害にも対応した地域包括ケアシステムを構成する8つの分野(医療、障害福祉、介護、住まい、社会参加・就労、相談窓口、地域の助け合い、普及啓発)。", Uri = (string?)null, VocabularyVersion = (string?)"2026" },
            new { Id = kinds, Code = ServiceKinds, Name = "障害福祉サービス種別", Description = "障害者総合支援法による障害福祉サービス・相談支援・地域生活支援事業の種別。", Uri = (string?)null, VocabularyVersion = (string?)"令和7年度" },
        ];
        var terms = new List<object>();
        var order = 0;
        foreach (var (code, name, description) in CategoryTerms)
        {
            terms.Add(new { Id = TermId(Categories, code), TaxonomyId = categories, Code = code, Name = name, Description = description, ParentId = (Guid?)null, SortOrder = order++, IsActive = true, Version = Guid.Empty });
        }

        order = 0;
        foreach (var (code, name, parent) in ServiceKindTerms)
        {
            terms.Add(new { Id = TermId(ServiceKinds, code), TaxonomyId = kinds, Code = code, Name = name, Description = "", ParentId = parent is null ? (Guid?)null : TermId(ServiceKinds, parent), SortOrder = order++, IsActive = true, Version = Guid.Empty });
        }

        return (taxonomies, [.. terms]);
    }
}

/// <summary>
/// Name-based UUIDs (RFC 4122 version 5): the same name gives the same id on every installation and every export, so the
/// HSDS ids of master data and of the rows derived from a record (a location's address, its accessibility lines) are stable.
/// </summary>
public static class DeterministicGuid
{
    public static Guid Create(Guid namespaceId, string name)
    {
        var ns = namespaceId.ToByteArray(bigEndian: true);
        var bytes = Encoding.UTF8.GetBytes(name);
        // RFC 4122 defines version 5 on SHA-1; the hash names rows, it protects nothing.
#pragma warning disable CA5350
        var hash = SHA1.HashData([.. ns, .. bytes]);
#pragma warning restore CA5350
        var result = hash.AsSpan(0, 16).ToArray();
        result[6] = (byte)((result[6] & 0x0F) | 0x50);
        result[8] = (byte)((result[8] & 0x3F) | 0x80);
        return new Guid(result, bigEndian: true);
    }
}
