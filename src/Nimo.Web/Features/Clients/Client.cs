using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Clients;

public enum Sex { Unspecified, Female, Male, Other }

/// <summary>
/// 対象者: a person supported. Everything here is 要配慮個人情報 or next to it; the record belongs to the
/// organisation that registered it (<see cref="OwnerOrganization"/>) and is seen elsewhere only through a consent.
/// </summary>
public sealed class Client : IVersioned
{
    private readonly List<Consent> _consents = [];

    private Client()
    {
    }

    public int Id { get; private set; }
    public int OwnerOrganizationId { get; private set; }
    public Organization OwnerOrganization { get; private set; } = null!;
    /// <summary>The municipality of the address: decides who owns 退院後支援 after discharge.</summary>
    public int? RegionId { get; private set; }
    public Region? Region { get; private set; }
    public string Name { get; private set; } = "";
    public string Kana { get; private set; } = "";
    /// <summary>Kana normalised (width, katakana → hiragana, no spaces) for search and duplicate detection.</summary>
    public string KanaKey { get; private set; } = "";
    /// <summary>
    /// The kana key and the name normalised the same way, joined by a space (which no search key contains, so no match
    /// runs across the two): a search matches any part of either (「じろう」 finds みほん じろう, 「次郎」 finds 見本 次郎).
    /// </summary>
    public string SearchKey { get; private set; } = "";
    public DateOnly BirthDate { get; private set; }
    public Sex Sex { get; private set; }
    public string? Address { get; private set; }
    public string? Phone { get; private set; }
    public string? Household { get; private set; }
    /// <summary>家族・支援者: one per line (name, relation, contact).</summary>
    public string? Supporters { get; private set; }
    /// <summary>When merged as a duplicate: the record that holds everything now.</summary>
    public int? MergedIntoId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public Guid Version { get; set; }
    public IReadOnlyList<Consent> Consents => _consents;

    public bool IsMerged => MergedIntoId is not null;

    public int AgeOn(DateOnly day) => day.Year - BirthDate.Year - (day < BirthDate.AddYears(day.Year - BirthDate.Year) ? 1 : 0);

    public static Client Register(Organization owner, Region? region, string name, string kana, DateOnly birthDate, Sex sex, DateOnly today, string userName, DateTimeOffset now)
    {
        var client = new Client { OwnerOrganization = owner, OwnerOrganizationId = owner.Id, CreatedAt = now, CreatedBy = userName };
        client.Update(region, name, kana, birthDate, sex, null, null, null, null, today);
        return client;
    }

    public void Update(Region? region, string name, string kana, DateOnly birthDate, Sex sex, string? address, string? phone, string? household, string? supporters, DateOnly today)
    {
        EnsureActive();
        Name = TextField.Required(name, TextLength.PersonName, "氏名");
        Kana = TextField.Required(kana, TextLength.PersonName, "ふりがな");
        if (TextNormalizer.SearchKey(Kana).Any(c => c is not (>= '\u3041' and <= '\u3096') and not 'ー' and not 'ゝ' and not 'ゞ'))
        {
            throw new DomainRuleException("ふりがなは、ひらがなまたはカタカナで入力してください。");
        }

        if (birthDate > today || birthDate < today.AddYears(-130))
        {
            throw new DomainRuleException("生年月日が正しくありません。");
        }

        KanaKey = TextNormalizer.SearchKey(Kana);
        SearchKey = SearchKeyOf(KanaKey, Name);
        BirthDate = birthDate;
        Sex = sex;
        Region = region;
        RegionId = region?.Id;
        Address = TextField.Optional(address, TextLength.Address, "住所");
        Phone = TextField.Optional(phone, TextLength.Phone, "連絡先");
        Household = TextField.Optional(household, TextLength.Note, "世帯の状況");
        Supporters = TextField.Optional(supporters, TextLength.Note, "家族・支援者");
    }

    public static string SearchKeyOf(string kanaKey, string name) => kanaKey + " " + TextNormalizer.SearchKey(name);

    public Consent RecordConsent(ConsentPurpose purpose, string scope, IEnumerable<Organization> organizations, DateOnly consentedOn, ConsentGiver givenBy,
        ConsentForm form, DateOnly? expiresOn, DateOnly today, string userName)
    {
        EnsureActive();
        var consent = Consent.Create(this, purpose, scope, organizations, consentedOn, givenBy, form, expiresOn, today, userName);
        _consents.Add(consent);
        return consent;
    }

    /// <summary>
    /// Folds a duplicate into this record: its consents, cases and sheets move here (the caller moves the rows that
    /// point at the client), and the duplicate stays as a tombstone pointing here, so old links and the audit trail
    /// still resolve.
    /// </summary>
    public void Absorb(Client duplicate)
    {
        EnsureActive();
        if (duplicate == this || duplicate.Id == Id)
        {
            throw new DomainRuleException("同じ記録どうしは統合できません。");
        }

        if (duplicate.OwnerOrganizationId != OwnerOrganizationId)
        {
            throw new DomainRuleException("統合できるのは、同じ機関が登録した記録どうしです。");
        }

        duplicate.EnsureActive();
        duplicate.MergedIntoId = Id;
    }

    private void EnsureActive()
    {
        if (IsMerged)
        {
            throw new DomainRuleException("この記録は別の記録に統合済みです。統合先の記録を使ってください。");
        }
    }
}

public enum ConsentPurpose { General, Outreach, DischargeSupport, CommunityTransition, Liaison, Consultation }

public enum ConsentGiver { Person, Family }

public enum ConsentForm { Written, Verbal }

/// <summary>
/// 同意: for what (purpose and the data it covers), with which organisations, when, by whom, in what form, until
/// when. Sharing with an organisation needs a consent that covers it on that day; a withdrawal stops it at once.
/// </summary>
public sealed class Consent
{
    private readonly List<ConsentOrganization> _organizations = [];

    private Consent()
    {
    }

    public int Id { get; private set; }
    public int ClientId { get; private set; }
    public Client Client { get; private set; } = null!;
    public ConsentPurpose Purpose { get; private set; }
    /// <summary>Which data it covers, as explained to the person (「退院後支援計画と支援記録」).</summary>
    public string Scope { get; private set; } = "";
    public DateOnly ConsentedOn { get; private set; }
    public ConsentGiver GivenBy { get; private set; }
    public ConsentForm Form { get; private set; }
    public DateOnly? ExpiresOn { get; private set; }
    public DateOnly? WithdrawnOn { get; private set; }
    public string? WithdrawalNote { get; private set; }
    public string RecordedBy { get; private set; } = "";
    public IReadOnlyList<ConsentOrganization> Organizations => _organizations;

    public static readonly IReadOnlyDictionary<ConsentPurpose, string> PurposeLabels = new Dictionary<ConsentPurpose, string>
    {
        [ConsentPurpose.General] = "支援全般", [ConsentPurpose.Outreach] = "アウトリーチ支援", [ConsentPurpose.DischargeSupport] = "退院後支援",
        [ConsentPurpose.CommunityTransition] = "地域移行・地域定着支援", [ConsentPurpose.Liaison] = "地域連携票による情報共有", [ConsentPurpose.Consultation] = "相談支援",
    };

    public string PurposeLabel => PurposeLabels[Purpose];

    internal static Consent Create(Client client, ConsentPurpose purpose, string scope, IEnumerable<Organization> organizations, DateOnly consentedOn,
        ConsentGiver givenBy, ConsentForm form, DateOnly? expiresOn, DateOnly today, string userName)
    {
        if (consentedOn > today)
        {
            throw new DomainRuleException("同意日に未来の日付は入力できません。");
        }

        if (expiresOn is DateOnly e && e < consentedOn)
        {
            throw new DomainRuleException("有効期限は同意日より後にしてください。");
        }

        var consent = new Consent
        {
            Client = client, ClientId = client.Id, Purpose = purpose, Scope = TextField.Required(scope, TextLength.Paragraph, "同意の範囲(共有する情報)"),
            ConsentedOn = consentedOn, GivenBy = givenBy, Form = form, ExpiresOn = expiresOn, RecordedBy = userName,
        };
        foreach (var org in organizations.DistinctBy(o => o.Id))
        {
            consent._organizations.Add(new ConsentOrganization(org.Id));
        }

        return consent;
    }

    public bool IsActiveOn(DateOnly day) => WithdrawnOn is null && ConsentedOn <= day && (ExpiresOn is null || day <= ExpiresOn);

    /// <summary>Covers sharing with <paramref name="organizationId"/> for <paramref name="purpose"/> on that day (支援全般 covers every purpose).</summary>
    public bool Covers(int organizationId, ConsentPurpose purpose, DateOnly day) =>
        IsActiveOn(day) && (Purpose == purpose || Purpose == ConsentPurpose.General) && _organizations.Any(o => o.OrganizationId == organizationId);

    public void Withdraw(DateOnly on, string? note)
    {
        if (WithdrawnOn is not null)
        {
            throw new DomainRuleException("この同意はすでに撤回されています。");
        }

        WithdrawnOn = on;
        WithdrawalNote = TextField.Optional(note, TextLength.Paragraph, "撤回の内容");
    }
}

/// <summary>An organisation a consent lets the client's data go to.</summary>
public sealed class ConsentOrganization(int organizationId)
{
    public int Id { get; private set; }
    public int ConsentId { get; private set; }
    public int OrganizationId { get; private set; } = organizationId;
}
