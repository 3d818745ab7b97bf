using Nimo.Features.Organizations;
using Nimo.Platform.Data;

namespace Nimo.Features.Peer;

/// <summary>
/// A peer-support registry and its dispatch work, run by one organisation (倉敷市保健所's 「倉敷市ピアサポート活動支援事業」,
/// 埼玉県's 「地域移行・地域定着ピアサポート委託事業」) and optionally operated by a 委託先 whose staff coordinate too. The
/// registry serves the owner's region and everything below it: a prefecture's registry dispatches to any of its 圏域.
/// </summary>
public sealed class PeerProgramme : IVersioned
{
    private readonly List<TrainingRule> _trainingRules = [];

    private PeerProgramme()
    {
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public int OwnerOrganizationId { get; private set; }
    public Organization OwnerOrganization { get; private set; } = null!;
    /// <summary>委託先 (an NPO, a 相談支援事業所): its staff coordinate beside the owner's.</summary>
    public int? OperatorOrganizationId { get; private set; }
    public Organization? OperatorOrganization { get; private set; }
    /// <summary>Hospital visits go in pairs (宮城's practice: a professional and a peer); a visit is confirmed with two acceptances.</summary>
    public bool VisitsInPairs { get; private set; }
    public string? Notes { get; private set; }
    public IReadOnlyList<TrainingRule> TrainingRules => _trainingRules;
    public Guid Version { get; set; }

    public static PeerProgramme Create(Organization owner, string name, Organization? operatorOrganization, bool visitsInPairs, string? notes)
    {
        var programme = new PeerProgramme { OwnerOrganization = owner, OwnerOrganizationId = owner.Id };
        programme.Update(name, operatorOrganization, visitsInPairs, notes);
        // The defaults most registries use: 基礎研修 for the peer activities, the 養成研修 for visits ([M]: each registry may change them).
        foreach (var activity in Enum.GetValues<ActivityType>())
        {
            programme._trainingRules.Add(new TrainingRule(activity, activity == ActivityType.HospitalVisit ? TrainingLevel.VisitorInduction : TrainingLevel.Basic));
        }

        return programme;
    }

    public void Update(string name, Organization? operatorOrganization, bool visitsInPairs, string? notes)
    {
        Name = TextField.Required(name, TextLength.Title, "事業名");
        if (operatorOrganization is not null && operatorOrganization.Id == OwnerOrganizationId && OwnerOrganizationId != 0)
        {
            throw new DomainRuleException("委託先には、実施機関とは別の機関を選んでください。");
        }

        OperatorOrganization = operatorOrganization;
        OperatorOrganizationId = operatorOrganization?.Id;
        VisitsInPairs = visitsInPairs;
        Notes = TextField.Optional(notes, TextLength.Paragraph, "備考");
    }

    /// <summary>The training an activity needs, or null when none is required.</summary>
    public TrainingLevel? RequiredTraining(ActivityType activity) => _trainingRules.FirstOrDefault(r => r.Activity == activity)?.Level;

    public void SetRequiredTraining(ActivityType activity, TrainingLevel? level)
    {
        if (activity == ActivityType.HospitalVisit && level != TrainingLevel.VisitorInduction)
        {
            throw new DomainRuleException("入院者訪問には、入院者訪問支援員の養成研修の修了が必要です(精神保健福祉法35条の2)。");
        }

        var rule = _trainingRules.FirstOrDefault(r => r.Activity == activity);
        if (rule is null)
        {
            _trainingRules.Add(new TrainingRule(activity, level));
        }
        else
        {
            rule.Level = level;
        }
    }

    /// <summary>How many supporters a request of this activity needs at least.</summary>
    public int MinimumSupporters(ActivityType activity) => activity == ActivityType.HospitalVisit && VisitsInPairs ? 2 : 1;
}

/// <summary>The training an activity requires in one registry (<see cref="Level"/> null: none).</summary>
public sealed class TrainingRule
{
    private TrainingRule()
    {
    }

    internal TrainingRule(ActivityType activity, TrainingLevel? level)
    {
        Activity = activity;
        Level = level;
    }

    public int ProgrammeId { get; private set; }
    public ActivityType Activity { get; private set; }
    public TrainingLevel? Level { get; internal set; }
}

/// <summary>
/// A master-data entry (administrators keep them): 入院の形態 with whether it meets the law's conditions for 入院者訪問,
/// and the categories a visit report may name. Retired entries stay for the records that use them.
/// </summary>
public sealed class PeerCategory : IVersioned
{
    private PeerCategory()
    {
    }

    public int Id { get; private set; }
    public CategorySet Set { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>For an admission category: 入院者訪問支援事業 is for these (市町村長同意の医療保護入院 and others the 省令 names).</summary>
    public bool MeetsLawConditions { get; private set; }
    public int SortOrder { get; private set; }
    public bool IsActive { get; private set; } = true;
    public Guid Version { get; set; }

    public static PeerCategory Create(CategorySet set, string name, bool meetsLawConditions, int sortOrder)
    {
        var category = new PeerCategory { Set = set };
        category.Update(name, meetsLawConditions, sortOrder, true);
        return category;
    }

    public void Update(string name, bool meetsLawConditions, int sortOrder, bool isActive)
    {
        Name = TextField.Required(name, TextLength.Title, "名称");
        MeetsLawConditions = Set == CategorySet.AdmissionCategory && meetsLawConditions;
        SortOrder = sortOrder;
        IsActive = isActive;
    }

    /// <summary>
    /// What every installation starts with (<see cref="PeerCategoryDefaults"/>, once, when a list is empty; administrators change
    /// them afterwards). The law names 市町村長同意の医療保護入院; the rest are [M]: the 省令 and each 都道府県's 実施要領 decide,
    /// so they are data, not code.
    /// </summary>
    internal static readonly IReadOnlyList<(CategorySet Set, string Name, bool Meets, int Order)> Defaults =
    [
        (CategorySet.AdmissionCategory, "市町村長同意による医療保護入院", true, 10),
        (CategorySet.AdmissionCategory, "医療保護入院(家族等と音信がない等、都道府県等が必要と認める者)", true, 20),
        (CategorySet.AdmissionCategory, "医療保護入院(上記以外)", false, 30),
        (CategorySet.AdmissionCategory, "措置入院", false, 40),
        (CategorySet.AdmissionCategory, "任意入院", false, 50),
        (CategorySet.VisitTopic, "入院生活の困りごと", false, 10),
        (CategorySet.VisitTopic, "退院・地域生活に向けた希望", false, 20),
        (CategorySet.VisitTopic, "入院中の処遇・権利に関する情報", false, 30),
        (CategorySet.VisitTopic, "制度・サービスの情報", false, 40),
        (CategorySet.VisitTopic, "話を聞いてほしい", false, 50),
        (CategorySet.VisitTopic, "その他", false, 90),
    ];
}
