using System.Net.Mail;
using System.Text.Json.Serialization;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Directory;

/// <summary>HSDS <c>service.status</c>.</summary>
public enum ServiceStatus
{
    Active,
    Inactive,
    Defunct,
    TemporarilyClosed,
}

/// <summary>
/// A service an organisation offers residents (HSDS <c>service</c>): a 相談窓口, a group, a 事業所's service. Curated by the
/// area's secretariat; partner staff change it only through a <see cref="ServiceProposal"/>. Only published services reach
/// the public pages and the HSDS feed, and never with a confidential location (<see cref="DirectoryLocation.IsConfidential"/>).
/// </summary>
public sealed class DirectoryService : IVersioned
{
    private DirectoryService()
    {
    }

    public Guid Id { get; private set; }
    public int OrganizationId { get; private set; }
    public Organization Organization { get; private set; } = null!;
    public string Name { get; private set; } = "";
    /// <summary>よみがな: what makes 「じゃくねん」 find 若年者相談窓口.</summary>
    public string Kana { get; private set; } = "";
    public string? AlternateName { get; private set; }
    public string? Description { get; private set; }
    public ServiceStatus Status { get; private set; }
    public string? Eligibility { get; private set; }
    public string? Fees { get; private set; }
    public string? ApplicationProcess { get; private set; }
    public string? Url { get; private set; }
    public string? Email { get; private set; }
    public int? MinimumAge { get; private set; }
    public int? MaximumAge { get; private set; }
    /// <summary>A short notice shown first (「年末年始は休み」); HSDS <c>alert</c>.</summary>
    public string? Alert { get; private set; }
    /// <summary>確認日 (HSDS <c>assured_date</c>): the day a curator last confirmed the entry with the provider.</summary>
    public DateOnly? AssuredDate { get; private set; }
    public bool IsPublished { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastModified { get; private set; }
    public string SearchKey { get; private set; } = "";
    public Guid Version { get; set; }

    public List<ServicePhone> Phones { get; private set; } = [];
    public List<ServiceSchedule> Schedules { get; private set; } = [];
    public List<ServiceArea> Areas { get; private set; } = [];
    public List<ServiceTerm> Terms { get; private set; } = [];
    public List<ServiceAtLocation> Locations { get; private set; } = [];
    public List<RequiredDocument> Documents { get; private set; } = [];
    public List<ServiceLanguage> Languages { get; private set; } = [];

    /// <summary>An entry unconfirmed for more than a year is flagged to the curator (HSDS assured_date).</summary>
    public static bool IsStale(DateOnly? assured, DateOnly today) => assured is not DateOnly d || d.AddYears(1) < today;

    public bool NeedsCheck(DateOnly today) => IsStale(AssuredDate, today);

    public static DirectoryService Create(Organization organization, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        Organization = organization,
        OrganizationId = organization.Id,
        CreatedAt = now,
        LastModified = now,
    };

    /// <summary>For imports that carry HSDS ids: the same id updates the same service.</summary>
    public static DirectoryService Create(Guid id, Organization organization, DateTimeOffset now)
    {
        var service = Create(organization, now);
        service.Id = id;
        return service;
    }

    public ServiceContent Content() => new(
        Name, Kana, AlternateName, Description, Status, Eligibility, Fees, ApplicationProcess, Url, Email, MinimumAge, MaximumAge, Alert,
        [.. Documents.OrderBy(d => d.SortOrder).Select(d => d.Document)],
        [.. ServiceContent.InFormOrder(Languages.Select(l => l.Code))],
        [.. Phones.OrderBy(p => p.SortOrder).Select(p => new PhoneContent(p.Number, p.Description))],
        [.. Schedules.OrderBy(s => s.SortOrder).Select(s => new ScheduleContent(s.Rule, s.OpensAt, s.ClosesAt, s.Notes))],
        [.. Terms.Select(t => t.TermId).Order()],
        [.. Areas.Select(a => a.RegionId).Order()],
        [.. Locations.Select(l => l.LocationId).Order()]);

    /// <summary>
    /// Replaces the content with <paramref name="content"/> after checking it whole; returns the labels of the fields that
    /// changed (for the history). Children that did not change keep their ids, so the HSDS ids stay stable.
    /// </summary>
    public IReadOnlyList<FieldChange> Apply(ServiceContent content, IReadOnlyCollection<TaxonomyTerm> terms, IReadOnlyCollection<Region> areas,
        IReadOnlyCollection<DirectoryLocation> locations, DateTimeOffset now)
    {
        content.Validate();
        var before = Content();
        var changes = ServiceContent.Diff(Name.Length == 0 ? null : before, content, terms, areas, locations);
        CheckChoices(content, terms, areas, locations, OrganizationId);
        Name = content.Name.Trim();
        Kana = (content.Kana ?? "").Trim();
        AlternateName = content.AlternateName;
        Description = content.Description;
        Status = content.Status;
        Eligibility = content.Eligibility;
        Fees = content.Fees;
        ApplicationProcess = content.ApplicationProcess;
        Url = content.Url;
        Email = content.Email;
        MinimumAge = content.MinimumAge;
        MaximumAge = content.MaximumAge;
        Alert = content.Alert;
        Sync(Documents, content.Documents, (d, v) => d.Document == v, (v, i) => new RequiredDocument { Id = Guid.NewGuid(), Document = v });
        for (var i = 0; i < content.Documents.Count; i++)
        {
            Documents.First(d => d.Document == content.Documents[i]).SortOrder = i;
        }

        Sync(Languages, content.LanguageCodes, (l, v) => l.Code == v, (v, i) => new ServiceLanguage { Id = Guid.NewGuid(), Code = v });
        Sync(Phones, content.Phones, (p, v) => p.Number == v.Number && p.Description == v.Description, (v, i) => new ServicePhone { Id = Guid.NewGuid(), Number = v.Number, Description = v.Description });
        for (var i = 0; i < content.Phones.Count; i++)
        {
            Phones.First(p => p.Number == content.Phones[i].Number && p.Description == content.Phones[i].Description).SortOrder = i;
        }

        Sync(Schedules, content.Schedules, (s, v) => s.Rule == v.Rule && s.OpensAt == v.OpensAt && s.ClosesAt == v.ClosesAt && s.Notes == v.Notes,
            (v, i) => new ServiceSchedule { Id = Guid.NewGuid(), Rule = v.Rule, OpensAt = v.OpensAt, ClosesAt = v.ClosesAt, Notes = v.Notes });
        for (var i = 0; i < content.Schedules.Count; i++)
        {
            var v = content.Schedules[i];
            Schedules.First(s => s.Rule == v.Rule && s.OpensAt == v.OpensAt && s.ClosesAt == v.ClosesAt && s.Notes == v.Notes).SortOrder = i;
        }

        Sync(Terms, content.TermIds, (t, v) => t.TermId == v, (v, i) => new ServiceTerm { TermId = v });
        Sync(Areas, content.AreaRegionIds, (a, v) => a.RegionId == v, (v, i) => new ServiceArea { Id = Guid.NewGuid(), RegionId = v, Region = areas.First(r => r.Id == v) });
        Sync(Locations, content.LocationIds, (l, v) => l.LocationId == v, (v, i) => new ServiceAtLocation { Id = Guid.NewGuid(), LocationId = v, Location = locations.First(l => l.Id == v) });
        SearchKey = BuildSearchKey(terms, areas);
        if (changes.Count > 0)
        {
            LastModified = now;
        }

        return changes;
    }

    private string BuildSearchKey(IReadOnlyCollection<TaxonomyTerm> terms, IReadOnlyCollection<Region> areas) =>
        TextNormalizer.SearchKey(string.Join(" ", new[] { Name, Kana, AlternateName, Description, Eligibility, Organization?.Name, Organization?.Kana }
            .Concat(terms.Where(t => Terms.Any(st => st.TermId == t.Id)).Select(t => t.Name))
            .Concat(areas.Where(a => Areas.Any(sa => sa.RegionId == a.Id)).Select(a => a.Name))
            .Where(s => !string.IsNullOrWhiteSpace(s))));

    /// <summary>The choices of a content must exist and belong: terms with at least one of the 8 categories, areas, and locations of the provider.</summary>
    public static void CheckChoices(ServiceContent content, IReadOnlyCollection<TaxonomyTerm> terms, IReadOnlyCollection<Region> areas,
        IReadOnlyCollection<DirectoryLocation> locations, int organizationId)
    {
        content.Validate();
        var unknownTerm = content.TermIds.FirstOrDefault(id => terms.All(t => t.Id != id));
        if (unknownTerm != Guid.Empty)
        {
            throw new DomainRuleException("選んだ分野・種別の一部が見つかりません。画面を開き直してください。");
        }

        if (!content.TermIds.Any(id => terms.Any(t => t.Id == id && t.TaxonomyId == Taxonomies.TaxonomyId(Taxonomies.Categories))))
        {
            throw new DomainRuleException("分野(医療、障害福祉、介護、住まい、社会参加・就労、相談窓口、地域の助け合い、普及啓発)を1つ以上選んでください。");
        }

        if (content.AreaRegionIds.Any(id => areas.All(r => r.Id != id)))
        {
            throw new DomainRuleException("対象地域の一部が見つかりません。画面を開き直してください。");
        }

        foreach (var location in content.LocationIds.Select(id => locations.FirstOrDefault(l => l.Id == id)))
        {
            if (location is null)
            {
                throw new DomainRuleException("場所の一部が見つかりません。画面を開き直してください。");
            }

            if (location.OrganizationId != organizationId)
            {
                throw new DomainRuleException($"「{location.Name}」は別の機関の場所です。この機関の場所を選んでください。");
            }
        }

    }

    /// <summary>Keeps the children equal to a wanted value, removes the others and adds the missing ones, in one pass.</summary>
    private static void Sync<TChild, TValue>(List<TChild> children, IReadOnlyList<TValue> wanted, Func<TChild, TValue, bool> same, Func<TValue, int, TChild> make)
    {
        var keep = new List<TChild>();
        var missing = new List<TValue>();
        foreach (var value in wanted)
        {
            var match = children.FirstOrDefault(c => same(c, value) && !keep.Contains(c));
            if (match is null)
            {
                missing.Add(value);
            }
            else
            {
                keep.Add(match);
            }
        }

        children.RemoveAll(c => !keep.Contains(c));
        for (var i = 0; i < missing.Count; i++)
        {
            children.Add(make(missing[i], i));
        }
    }

    public void Publish(DateTimeOffset now)
    {
        if (Status == ServiceStatus.Defunct)
        {
            throw new DomainRuleException("廃止したサービスは公開できません。状態を変えてから公開してください。");
        }

        IsPublished = true;
        LastModified = now;
    }

    public void Unpublish(DateTimeOffset now)
    {
        IsPublished = false;
        LastModified = now;
    }

    /// <summary>The curator confirmed the entry with the provider today (確認日).</summary>
    public void Assure(DateOnly today, DateTimeOffset now)
    {
        AssuredDate = today;
        LastModified = now;
    }

    /// <summary>A service moves to another organisation only with its locations left behind (they belong to the old one).</summary>
    public void SetAssuredDate(DateOnly? date) => AssuredDate = date;
}

public sealed class ServicePhone
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public string Number { get; set; } = "";
    public string? Description { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>An opening pattern of a service (HSDS <c>schedule</c>): the RRULE, the hours, and a note (「祝日は休み」).</summary>
public sealed class ServiceSchedule
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    /// <summary>RFC 5545 RRULE, canonical (<see cref="Recurrence.ToRule"/>): 「FREQ=WEEKLY;BYDAY=TU」.</summary>
    public string Rule { get; set; } = "";
    public TimeOnly? OpensAt { get; set; }
    public TimeOnly? ClosesAt { get; set; }
    public string? Notes { get; set; }
    public int SortOrder { get; set; }

    public Recurrence Recurrence => Recurrence.TryParseRule(Rule, out var r, out _) ? r : throw new InvalidOperationException($"Stored rule '{Rule}' does not parse.");

    /// <summary>「毎週火曜 13:30〜15:00」.</summary>
    public string Japanese => ScheduleContent.Describe(Recurrence, OpensAt, ClosesAt);
}

/// <summary>Where a service is offered (HSDS <c>service_area</c>): a 市区町村, a 日常生活圏域 or a wider area of the tree.</summary>
public sealed class ServiceArea
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public int RegionId { get; set; }
    public Region Region { get; set; } = null!;
}

/// <summary>A category or service kind attached to a service (HSDS <c>attribute</c> linking a <c>taxonomy_term</c>).</summary>
public sealed class ServiceTerm
{
    public Guid ServiceId { get; set; }
    public Guid TermId { get; set; }
    public TaxonomyTerm Term { get; set; } = null!;
}

/// <summary>HSDS <c>service_at_location</c>.</summary>
public sealed class ServiceAtLocation
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public DirectoryService Service { get; set; } = null!;
    public Guid LocationId { get; set; }
    public DirectoryLocation Location { get; set; } = null!;
}

public sealed class RequiredDocument
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    public string Document { get; set; } = "";
    /// <summary>The order the curator typed them in (「健康保険証、お薬手帳」); rows come back from the database in no order.</summary>
    public int SortOrder { get; set; }
}

public sealed class ServiceLanguage
{
    public Guid Id { get; set; }
    public Guid ServiceId { get; set; }
    /// <summary>ISO 639 code (ja, en, zh, ko, vi, pt, es, tl) or jsl for 日本手話.</summary>
    public string Code { get; set; } = "";
}

public sealed record PhoneContent(string Number, string? Description);

public sealed record ScheduleContent(string Rule, TimeOnly? OpensAt, TimeOnly? ClosesAt, string? Notes)
{
    public static string Describe(Recurrence rule, TimeOnly? opens, TimeOnly? closes) =>
        rule.ToJapanese() + (opens is TimeOnly o && closes is TimeOnly c ? $" {o:H\\:mm}〜{c:H\\:mm}" : "");

    [JsonIgnore]
    public string Japanese => Recurrence.TryParseRule(Rule, out var r, out _) ? Describe(r, OpensAt, ClosesAt) : Rule;
}

/// <summary>One changed field for the history: its label and the values before and after, as a person reads them.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>
/// Everything about a service a person edits, as one value: what the curator's form saves and what a partner's proposal
/// carries until it is reviewed. Checked whole by <see cref="Validate"/> before anything is applied.
/// </summary>
public sealed record ServiceContent(
    string Name, string? Kana, string? AlternateName, string? Description, ServiceStatus Status,
    string? Eligibility, string? Fees, string? ApplicationProcess, string? Url, string? Email,
    int? MinimumAge, int? MaximumAge, string? Alert,
    IReadOnlyList<string> Documents, IReadOnlyList<string> LanguageCodes,
    IReadOnlyList<PhoneContent> Phones, IReadOnlyList<ScheduleContent> Schedules,
    IReadOnlyList<Guid> TermIds, IReadOnlyList<int> AreaRegionIds, IReadOnlyList<Guid> LocationIds)
{
    public static readonly IReadOnlyDictionary<string, string> LanguageNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ja"] = "日本語", ["en"] = "英語", ["zh"] = "中国語", ["ko"] = "韓国語", ["vi"] = "ベトナム語", ["pt"] = "ポルトガル語",
        ["es"] = "スペイン語", ["tl"] = "タガログ語", ["ne"] = "ネパール語", ["jsl"] = "日本手話",
    };

    /// <summary>
    /// Language codes in the form's order (日本語 first), whatever order the rows come back from the database in: a page, a
    /// print and the history say 「日本語、英語」 the way the curator ticked them, not in code order or by chance.
    /// </summary>
    public static IEnumerable<string> InFormOrder(IEnumerable<string> codes)
    {
        var order = LanguageNames.Keys.ToList();
        return codes.Distinct(StringComparer.Ordinal).OrderBy(c => order.IndexOf(c) is var i and >= 0 ? i : int.MaxValue).ThenBy(c => c, StringComparer.Ordinal);
    }

    /// <summary>The languages as one Japanese list: 「日本語、英語」.</summary>
    public static string LanguageText(IEnumerable<string> codes) => string.Join("、", InFormOrder(codes).Select(c => LanguageNames.GetValueOrDefault(c, c)));

    public static readonly IReadOnlyDictionary<ServiceStatus, string> StatusLabels = new Dictionary<ServiceStatus, string>
    {
        [ServiceStatus.Active] = "実施中", [ServiceStatus.TemporarilyClosed] = "一時休止中", [ServiceStatus.Inactive] = "休止", [ServiceStatus.Defunct] = "廃止",
    };

    public void Validate()
    {
        Check(Name.Trim().Length is > 0 and <= 200, "サービス名は1〜200文字で入力してください。");
        Check((Kana ?? "").Length <= 300, "よみがなは300文字以内にしてください。");
        Check((AlternateName ?? "").Length <= 200, "別名は200文字以内にしてください。");
        foreach (var (text, label) in new[] { (Description, "説明"), (Eligibility, "対象"), (Fees, "費用"), (ApplicationProcess, "利用の方法"), (Alert, "お知らせ") })
        {
            Check((text ?? "").Length <= 2000, $"{label}は2000文字以内にしてください。");
        }

        Check(Enum.IsDefined(Status), "状態を選んでください。");
        Check(Url is null || (Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && Url.Length <= 500),
            "ホームページは http:// または https:// で始まるアドレスを入力してください。");
        Check(Email is null || (Email.Length <= 200 && MailAddress.TryCreate(Email, out var mail) && mail.Address == Email && Email.Contains('.', StringComparison.Ordinal)),
            "メールアドレスの形式が正しくありません(例: soudan@example.lg.jp)。");
        Check(MinimumAge is null or (>= 0 and <= 120) && MaximumAge is null or (>= 0 and <= 120), "年齢は0〜120で入力してください。");
        Check(MinimumAge is null || MaximumAge is null || MinimumAge <= MaximumAge, "対象年齢の下限が上限より大きくなっています。");
        Check(Documents.Count <= 20 && Documents.All(d => d.Trim().Length is > 0 and <= 200), "必要な書類は1件200文字以内、20件までです。");
        Check(LanguageCodes.All(LanguageNames.ContainsKey), "対応言語の選択が正しくありません。");
        Check(Phones.Count <= 10, "電話番号は10件までです。");
        foreach (var phone in Phones)
        {
            Check(IsPhoneNumber(phone.Number), $"電話番号「{phone.Number}」は数字とハイフンで入力してください(例: 03-1234-5678)。");
            Check((phone.Description ?? "").Length <= 100, "電話番号の説明は100文字以内にしてください。");
        }

        Check(Schedules.Count <= 20, "日時は20件までです。");
        foreach (var schedule in Schedules)
        {
            Check(Recurrence.TryParseRule(schedule.Rule, out _, out var error), error);
            Check(schedule.OpensAt is null == schedule.ClosesAt is null && (schedule.OpensAt is null || schedule.OpensAt < schedule.ClosesAt), "時間は開始と終了の両方を、終了が後になるように入力してください。");
            Check((schedule.Notes ?? "").Length <= 200, "日時の補足は200文字以内にしてください。");
        }

        // Every id is checked against the vocabularies, areas and locations in CheckChoices: these bounds only stop a forged
        // post, and are above what the form offers (a curator may tick every 分野 and 種別 of the two vocabularies).
        Check(TermIds.Count <= 200 && AreaRegionIds.Count <= 500 && LocationIds.Count <= 200, "選んだ項目が多すぎます。");
    }

    public static bool IsPhoneNumber(string? number)
    {
        var n = (number ?? "").Trim();
        var digits = n.Count(char.IsAsciiDigit);
        return n.Length is > 0 and <= 30 && digits is >= 3 and <= 15 && n.All(c => char.IsAsciiDigit(c) || c is '-' or '(' or ')' or '+' or ' ');
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new DomainRuleException(message);
        }
    }

    /// <summary>The fields that differ, with both values as a person reads them (「分野」: 「医療」 → 「医療、相談窓口」).</summary>
    public static IReadOnlyList<FieldChange> Diff(ServiceContent? before, ServiceContent after, IReadOnlyCollection<TaxonomyTerm> terms,
        IReadOnlyCollection<Region> areas, IReadOnlyCollection<DirectoryLocation> locations)
    {
        var list = new List<FieldChange>();
        void Add(string field, string? a, string? b)
        {
            if ((a ?? "") != (b ?? ""))
            {
                list.Add(new FieldChange(field, a, b));
            }
        }

        string TermNames(ServiceContent? c) => c is null ? "" : string.Join("、", c.TermIds.Select(id => terms.FirstOrDefault(t => t.Id == id)?.Name ?? "(削除された種別)").Order(StringComparer.Ordinal));
        string AreaNames(ServiceContent? c) => c is null ? "" : string.Join("、", c.AreaRegionIds.Select(id => areas.FirstOrDefault(r => r.Id == id)?.Name ?? "(地域)").Order(StringComparer.Ordinal));
        string LocationNames(ServiceContent? c) => c is null ? "" : string.Join("、", c.LocationIds.Select(id => locations.FirstOrDefault(l => l.Id == id)?.Name ?? "(場所)").Order(StringComparer.Ordinal));
        Add("サービス名", before?.Name, after.Name);
        Add("よみがな", before?.Kana, after.Kana);
        Add("別名", before?.AlternateName, after.AlternateName);
        Add("説明", before?.Description, after.Description);
        Add("状態", before is null ? null : StatusLabels[before.Status], StatusLabels[after.Status]);
        Add("対象", before?.Eligibility, after.Eligibility);
        Add("費用", before?.Fees, after.Fees);
        Add("利用の方法", before?.ApplicationProcess, after.ApplicationProcess);
        Add("ホームページ", before?.Url, after.Url);
        Add("メール", before?.Email, after.Email);
        Add("対象年齢(下限)", before?.MinimumAge?.ToString(System.Globalization.CultureInfo.InvariantCulture), after.MinimumAge?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("対象年齢(上限)", before?.MaximumAge?.ToString(System.Globalization.CultureInfo.InvariantCulture), after.MaximumAge?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add("お知らせ", before?.Alert, after.Alert);
        Add("必要な書類", before is null ? null : string.Join("、", before.Documents), string.Join("、", after.Documents));
        Add("対応言語", before is null ? null : LanguageText(before.LanguageCodes), LanguageText(after.LanguageCodes));
        Add("電話", before is null ? null : string.Join("、", before.Phones.Select(p => p.Description is null ? p.Number : $"{p.Number}({p.Description})")),
            string.Join("、", after.Phones.Select(p => p.Description is null ? p.Number : $"{p.Number}({p.Description})")));
        Add("日時", before is null ? null : string.Join("、", before.Schedules.Select(s => s.Japanese + (s.Notes is null ? "" : $"({s.Notes})"))),
            string.Join("、", after.Schedules.Select(s => s.Japanese + (s.Notes is null ? "" : $"({s.Notes})"))));
        Add("分野・種別", TermNames(before), TermNames(after));
        Add("対象地域", AreaNames(before), AreaNames(after));
        Add("場所", LocationNames(before), LocationNames(after));
        return list;
    }
}
