using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events;

public enum EventKind
{
    /// <summary>講演会 for residents.</summary>
    Lecture,
    /// <summary>研修 for staff of hospitals, municipalities and agencies (埼玉's 人材育成等研修).</summary>
    Training,
    /// <summary>サポーター養成講座 (心のサポーター, こころサポーター, くらしき心ほっとサポーター): completion certifies a supporter.</summary>
    SupporterCourse,
    /// <summary>交流会 (病院交流会, ピア交流会).</summary>
    Exchange,
    /// <summary>家族教室: sensitive, never public.</summary>
    FamilyClass,
    /// <summary>当事者活動 (自助グループ, 当事者会): sensitive, never public.</summary>
    PeerActivity,
    /// <summary>出前講座 at a school, a company or a 町内会.</summary>
    OutreachLecture,
    Other,
}

/// <summary>Who an event is for. An event has one or more; an attendee is counted under one.</summary>
[Flags]
public enum Audience
{
    None = 0,
    Residents = 1,
    MedicalStaff = 2,
    WelfareStaff = 4,
    MunicipalStaff = 8,
    ForumMembers = 16,
    Families = 32,
    PeopleWithExperience = 64,
    Other = 128,
}

public enum EventFormat { InPerson, Online, Hybrid }

public enum EventStatus { Planned, Held, Cancelled }

public static class EventLabels
{
    public static readonly IReadOnlyDictionary<EventKind, string> Kinds = new Dictionary<EventKind, string>
    {
        [EventKind.Lecture] = "講演会",
        [EventKind.Training] = "研修(職員・関係機関向け)",
        [EventKind.SupporterCourse] = "サポーター養成講座",
        [EventKind.Exchange] = "交流会",
        [EventKind.FamilyClass] = "家族教室",
        [EventKind.PeerActivity] = "当事者活動",
        [EventKind.OutreachLecture] = "出前講座",
        [EventKind.Other] = "その他",
    };

    /// <summary>Every single category, in the order forms and tables list them.</summary>
    public static readonly IReadOnlyList<Audience> Audiences =
        [Audience.Residents, Audience.MedicalStaff, Audience.WelfareStaff, Audience.MunicipalStaff, Audience.ForumMembers, Audience.Families, Audience.PeopleWithExperience, Audience.Other];

    public static readonly IReadOnlyDictionary<Audience, string> AudienceNames = new Dictionary<Audience, string>
    {
        [Audience.Residents] = "住民",
        [Audience.MedicalStaff] = "医療機関職員",
        [Audience.WelfareStaff] = "福祉・介護事業所職員",
        [Audience.MunicipalStaff] = "市町村職員",
        [Audience.ForumMembers] = "協議の場委員",
        [Audience.Families] = "家族",
        [Audience.PeopleWithExperience] = "当事者",
        [Audience.Other] = "その他",
    };

    public static readonly IReadOnlyDictionary<EventFormat, string> Formats = new Dictionary<EventFormat, string>
    {
        [EventFormat.InPerson] = "会場", [EventFormat.Online] = "オンライン", [EventFormat.Hybrid] = "会場とオンライン",
    };

    public static readonly IReadOnlyDictionary<EventStatus, string> Statuses = new Dictionary<EventStatus, string>
    {
        [EventStatus.Planned] = "予定", [EventStatus.Held] = "開催済み", [EventStatus.Cancelled] = "中止",
    };

    /// <summary>「住民、家族」.</summary>
    public static string Describe(Audience audiences) =>
        string.Join("、", Audiences.Where(a => (audiences & a) == a).Select(a => AudienceNames[a]));

    /// <summary>家族教室 and 当事者 groups: who comes is itself sensitive (ADR 0006).</summary>
    public static bool IsSensitiveKind(EventKind kind) => kind is EventKind.FamilyClass or EventKind.PeerActivity;
}

/// <summary>What an organiser sets on an event, edited together on one form.</summary>
public sealed record EventInput(
    EventKind Kind, string? Title, string? Description, Audience Audiences, EventFormat Format, string? Venue, string? Access, string? OnlineNote,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, int? Capacity, bool Waitlist, DateTimeOffset? RegistrationClosesAt, bool MarkedSensitive,
    bool AskAffiliation, bool AskCategory, bool AskAccommodation, string? PurposeOfUse, string? Contact, int RetentionDays, string? SupporterProgramme,
    bool QuestionnaireOnline);

/// <summary>
/// An awareness or training event: who organises it and for whom, where and when, how many may come, whether residents can
/// find it on the public pages, and what became of it (held or cancelled). Registrations, attendance and the questionnaire
/// hang off it; its seats are guarded by <see cref="EventBook"/>.
/// </summary>
public sealed class Event : IVersioned
{
    public const int MinRetentionDays = 30, MaxRetentionDays = 1825, DefaultRetentionDays = 180;

    /// <summary>The sentence a public form shows unless the organiser writes their own.</summary>
    public const string DefaultPurpose =
        "お申込みでいただいた個人情報は、この催しの受付、参加に関するご連絡、参加者数の集計にだけ使い、ほかの目的には使いません。開催後、保存期間を過ぎたものは削除します。";

    private readonly List<EventCoHost> _coHosts = [];

    private Event()
    {
    }

    public int Id { get; private set; }
    public EventKind Kind { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public int OrganizerId { get; private set; }
    public Organization Organizer { get; private set; } = null!;
    public IReadOnlyList<EventCoHost> CoHosts => _coHosts;
    public Audience Audiences { get; private set; }
    /// <summary>The 市町村 (or 圏域, or 都道府県 for a county-wide event) the event is held for: it counts there.</summary>
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public EventFormat Format { get; private set; }
    public string? Venue { get; private set; }
    public string? Access { get; private set; }
    /// <summary>How online participants join, as shown on the page (never a meeting link: that goes to registrants directly).</summary>
    public string? OnlineNote { get; private set; }
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    /// <summary>定員; null when there is none.</summary>
    public int? Capacity { get; private set; }
    /// <summary>キャンセル待ち: registrations past the capacity wait and move up when a seat frees.</summary>
    public bool Waitlist { get; private set; }
    public DateTimeOffset? RegistrationClosesAt { get; private set; }
    /// <summary>Set by the organiser for an event whose attendance is sensitive although its kind is not.</summary>
    public bool MarkedSensitive { get; private set; }
    /// <summary>Kept in a column so that the database's own rule for the public role can read it (docs/deploy.md).</summary>
    public bool IsSensitive { get; private set; }
    /// <summary>On the public pages, with online registration.</summary>
    public bool IsPublished { get; private set; }
    public bool AskAffiliation { get; private set; }
    public bool AskCategory { get; private set; }
    public bool AskAccommodation { get; private set; }
    public string PurposeOfUse { get; private set; } = DefaultPurpose;
    /// <summary>問い合わせ先 shown to residents.</summary>
    public string? Contact { get; private set; }
    /// <summary>Days after the event the registrants' names and contacts are kept (<see cref="RegistrationRetention"/>).</summary>
    public int RetentionDays { get; private set; } = DefaultRetentionDays;
    /// <summary>The supporters' local name (「くらしき心ほっとサポーター」) for a supporter course.</summary>
    public string? SupporterProgramme { get; private set; }
    /// <summary>The anonymous questionnaire can be answered on the public page (published events only).</summary>
    public bool QuestionnaireOnline { get; private set; }
    public EventStatus Status { get; private set; }
    public DateTimeOffset? HeldRecordedAt { get; private set; }
    public string? CancelReason { get; private set; }
    /// <summary>The plan's schedule row this event carries out: holding the event marks it done.</summary>
    public int? ScheduleItemId { get; private set; }
    /// <summary>Set when this event marked its schedule row done, so that taking the 開催済み back un-marks only what it marked.</summary>
    public bool MarkedScheduleDone { get; private set; }
    public int? ForumId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public Guid Version { get; set; }

    public bool IsHeld => Status == EventStatus.Held;
    public string KindLabel => EventLabels.Kinds[Kind];
    public string AudienceText => EventLabels.Describe(Audiences);
    public FiscalYear Year => FiscalYear.Of(StartsAt);

    /// <summary>The single category an attendee of this event falls under when the event has only one.</summary>
    public Audience? OnlyAudience => EventLabels.Audiences.Where(a => (Audiences & a) == a).ToList() is [var only] ? only : null;

    public static Event Create(EventInput input, Organization organizer, Region region, DateTimeOffset now, string userName)
    {
        var e = new Event { Organizer = organizer, OrganizerId = organizer.Id, CreatedAt = now, Status = EventStatus.Planned };
        e.Update(input, region, now, userName);
        return e;
    }

    public void Update(EventInput input, Region region, DateTimeOffset now, string userName)
    {
        var title = Text(input.Title, 200, "名称") ?? throw new DomainRuleException("催しの名称を入力してください。");
        if (input.Audiences == Audience.None)
        {
            throw new DomainRuleException("対象を1つ以上選んでください。");
        }

        if (input.EndsAt <= input.StartsAt)
        {
            throw new DomainRuleException("終了日時は開始日時より後にしてください。");
        }

        if (input.EndsAt - input.StartsAt > TimeSpan.FromDays(14))
        {
            throw new DomainRuleException("1つの催しの期間は14日までです。連続講座は回ごとに登録してください。");
        }

        if (input.Capacity is < 1 or > 100_000)
        {
            throw new DomainRuleException("定員は1〜100,000人で入力してください(定員を設けない場合は空欄)。");
        }

        if (input.RegistrationClosesAt is DateTimeOffset closes && closes > input.EndsAt)
        {
            throw new DomainRuleException("申込締切は終了日時より前にしてください。");
        }

        if (input.RetentionDays is < MinRetentionDays or > MaxRetentionDays)
        {
            throw new DomainRuleException($"申込者の個人情報の保存期間は{MinRetentionDays}〜{MaxRetentionDays}日で入力してください。");
        }

        if (input.Format != EventFormat.Online && Text(input.Venue, 200, "会場") is null)
        {
            throw new DomainRuleException("会場を入力してください(オンラインのみの場合は形式を「オンライン」にしてください)。");
        }

        var sensitive = EventLabels.IsSensitiveKind(input.Kind) || input.MarkedSensitive;
        if (sensitive && IsPublished)
        {
            throw new DomainRuleException("公開中の催しは、家族教室・当事者活動(または参加者を秘匿する催し)に変えられません。先に公開を取りやめてください。");
        }

        Kind = input.Kind;
        Title = title;
        Description = Text(input.Description, 4000, "内容");
        Audiences = input.Audiences;
        Region = region;
        RegionId = region.Id;
        Format = input.Format;
        Venue = input.Format == EventFormat.Online ? null : Text(input.Venue, 200, "会場");
        Access = Text(input.Access, 1000, "会場へのアクセス");
        OnlineNote = input.Format == EventFormat.InPerson ? null : Text(input.OnlineNote, 1000, "オンライン参加の方法");
        StartsAt = input.StartsAt.ToUniversalTime();
        EndsAt = input.EndsAt.ToUniversalTime();
        Capacity = input.Capacity;
        Waitlist = input.Capacity is not null && input.Waitlist;
        RegistrationClosesAt = input.RegistrationClosesAt?.ToUniversalTime();
        MarkedSensitive = input.MarkedSensitive;
        IsSensitive = sensitive;
        AskAffiliation = input.AskAffiliation;
        AskCategory = input.AskCategory && OnlyAudienceOf(input.Audiences) is null;
        AskAccommodation = input.AskAccommodation;
        PurposeOfUse = Text(input.PurposeOfUse, 1000, "利用目的") ?? DefaultPurpose;
        Contact = Text(input.Contact, 500, "問い合わせ先");
        RetentionDays = input.RetentionDays;
        SupporterProgramme = input.Kind == EventKind.SupporterCourse ? Text(input.SupporterProgramme, 100, "サポーターの名称") : null;
        QuestionnaireOnline = input.QuestionnaireOnline;
        Stamp(now, userName);
    }

    private static Audience? OnlyAudienceOf(Audience audiences) =>
        EventLabels.Audiences.Where(a => (audiences & a) == a).ToList() is [var only] ? only : null;

    public void SetCoHosts(IEnumerable<Organization> organizations)
    {
        var wanted = organizations.Where(o => o.Id != OrganizerId).DistinctBy(o => o.Id).ToList();
        _coHosts.RemoveAll(c => wanted.All(o => o.Id != c.OrganizationId));
        foreach (var o in wanted.Where(o => _coHosts.All(c => c.OrganizationId != o.Id)))
        {
            _coHosts.Add(new EventCoHost { Event = this, OrganizationId = o.Id, Organization = o });
        }
    }

    /// <summary>Links the plan's schedule row and the forum. The pages check that both belong to the event's area.</summary>
    public void Link(int? scheduleItemId, int? forumId)
    {
        if (scheduleItemId != ScheduleItemId && MarkedScheduleDone)
        {
            throw new DomainRuleException("開催済みとして計画の行を実施済みにした催しは、開催済みを取り消してから計画の行を付け替えてください。");
        }

        ScheduleItemId = scheduleItemId;
        ForumId = forumId;
    }

    /// <summary>Puts the event on the public pages. What residents read must be complete: a purpose and someone to ask.</summary>
    public void Publish(DateTimeOffset now, string userName)
    {
        if (IsSensitive)
        {
            throw new DomainRuleException("家族教室・当事者活動など参加者を秘匿する催しは、公開ページに載せられません。");
        }

        if (Status == EventStatus.Cancelled)
        {
            throw new DomainRuleException("中止した催しは公開できません。");
        }

        if (Contact is null)
        {
            throw new DomainRuleException("公開する前に、住民向けの問い合わせ先を入力してください。");
        }

        IsPublished = true;
        Stamp(now, userName);
    }

    public void Withdraw(DateTimeOffset now, string userName)
    {
        IsPublished = false;
        Stamp(now, userName);
    }

    /// <summary>開催済み: from its start time on. Returns true when it is the first time (the schedule row is marked then).</summary>
    /// <summary>Why the event cannot be recorded as held now, or null when it can (the page offers the button only then).</summary>
    public string? HeldRefusal(DateTimeOffset now) =>
        Status == EventStatus.Cancelled ? "中止した催しは開催済みにできません。中止を取り消してから記録してください。"
        : now < StartsAt ? "開始日時より前には開催済みにできません。"
        : null;

    public void RecordHeld(DateTimeOffset now, string userName)
    {
        if (HeldRefusal(now) is { } refusal)
        {
            throw new DomainRuleException(refusal);
        }

        Status = EventStatus.Held;
        HeldRecordedAt = now;
        Stamp(now, userName);
    }

    /// <summary>Takes back 開催済み or 中止: the event is planned again.</summary>
    public void Reopen(DateTimeOffset now, string userName)
    {
        Status = EventStatus.Planned;
        HeldRecordedAt = null;
        CancelReason = null;
        Stamp(now, userName);
    }

    public void Cancel(string? reason, DateTimeOffset now, string userName)
    {
        if (Status == EventStatus.Held)
        {
            throw new DomainRuleException("開催済みの催しは中止にできません。");
        }

        Status = EventStatus.Cancelled;
        CancelReason = Text(reason, 500, "中止の理由") ?? throw new DomainRuleException("中止の理由を入力してください(公開中の催しでは住民に表示されます)。");
        Stamp(now, userName);
    }

    internal void SetScheduleMark(bool marked) => MarkedScheduleDone = marked;

    /// <summary>Why a registration cannot be taken now, or null when it can. Staff may still take one after the deadline.</summary>
    public string? RegistrationRefusal(DateTimeOffset now, bool byStaff)
    {
        if (Status == EventStatus.Cancelled)
        {
            return "この催しは中止になりました。";
        }

        if (Status == EventStatus.Held || now >= EndsAt)
        {
            return "この催しは終了しました。";
        }

        if (!byStaff && !IsPublished)
        {
            return "この催しは現在、申込みを受け付けていません。";
        }

        if (!byStaff && (RegistrationClosesAt is DateTimeOffset closes ? now >= closes : now >= StartsAt))
        {
            return "申込みの受付は締め切りました。";
        }

        return null;
    }

    public void Stamp(DateTimeOffset now, string userName)
    {
        UpdatedAt = now;
        UpdatedBy = userName;
    }

    internal static string? Text(string? value, int max, string label)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        return trimmed.Length > max ? throw new DomainRuleException($"{label}は{max:#,0}文字以内で入力してください。") : trimmed;
    }
}

/// <summary>共催: another organisation that holds the event with the organiser.</summary>
public sealed class EventCoHost
{
    public int EventId { get; internal set; }
    public Event Event { get; internal set; } = null!;
    public int OrganizationId { get; internal set; }
    public Organization Organization { get; internal set; } = null!;
}

/// <summary>
/// Attendance counted without names (出前講座 to a class of 40, walk-ins nobody wrote down), per audience category. For a
/// supporter course it also says how many completed it.
/// </summary>
public sealed class EventHeadcount
{
    private EventHeadcount()
    {
    }

    public int Id { get; private set; }
    public int EventId { get; private set; }
    public Audience Category { get; private set; }
    public int Attended { get; private set; }
    public int Completed { get; private set; }

    public static EventHeadcount Create(int eventId, Audience category) => new() { EventId = eventId, Category = category };

    public void Set(int attended, int completed, bool supporterCourse)
    {
        if (attended is < 0 or > 100_000 || completed is < 0 or > 100_000)
        {
            throw new DomainRuleException("人数は0〜100,000で入力してください。");
        }

        if (completed > attended)
        {
            throw new DomainRuleException("修了者数は参加者数以下にしてください。");
        }

        if (!supporterCourse && completed > 0)
        {
            throw new DomainRuleException("修了者数はサポーター養成講座にだけ記録できます。");
        }

        Attended = attended;
        Completed = completed;
    }
}
