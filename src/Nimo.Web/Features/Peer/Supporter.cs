using System.Security.Cryptography;
using System.Text;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Peer;

/// <summary>
/// A trained supporter in a registry: a person, not a client. What they do, where, when they can, how to reach them, their
/// trainings and their registration for each 年度. Their own lived experience is not here: it is 要配慮個人情報 and lives in
/// <see cref="SupporterExperience"/>, which only the coordinator's supporter page reads (and each read is audited).
/// </summary>
public sealed class PeerSupporter : IVersioned
{
    private readonly List<SupporterArea> _areas = [];
    private readonly List<AvailabilitySlot> _availability = [];
    private readonly List<SupporterTraining> _trainings = [];
    private readonly List<SupporterRegistration> _registrations = [];

    private PeerSupporter()
    {
    }

    public int Id { get; private set; }
    public int ProgrammeId { get; private set; }
    public PeerProgramme Programme { get; private set; } = null!;
    public SupporterKind Kind { get; private set; }
    public string Name { get; private set; } = "";
    public string Kana { get; private set; } = "";
    /// <summary>登録チーム or 委託先 NPO the supporter belongs to, when registered as an organisation.</summary>
    public int? TeamOrganizationId { get; private set; }
    public Organization? TeamOrganization { get; private set; }
    /// <summary>The supporter's own login (role PeerSupporter), when they answer offers and report in Nimo.</summary>
    public string? UserId { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    /// <summary>How and when to reach them (「平日の午後は電話可」).</summary>
    public string? ContactNote { get; private set; }
    /// <summary>債権者番号: how the 会計 office knows the payee.</summary>
    public string? PayeeCode { get; private set; }
    public ActivityTypes Activities { get; private set; }
    public string? AvailabilityNote { get; private set; }
    /// <summary>活動終了: no longer offered anything; the records stay.</summary>
    public DateOnly? EndedOn { get; private set; }
    /// <summary>SHA-256 of the personal calendar feed's token; null when there is no feed (never issued or revoked).</summary>
    public string? FeedTokenHash { get; private set; }
    public DateTimeOffset? FeedIssuedAt { get; private set; }
    /// <summary>Changed on every acceptance, so two acceptances racing for the same supporter cannot both be saved.</summary>
    public DateTimeOffset? LastBookedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public Guid Version { get; set; }

    public IReadOnlyList<SupporterArea> Areas => _areas;
    public IReadOnlyList<AvailabilitySlot> Availability => _availability;
    public IReadOnlyList<SupporterTraining> Trainings => _trainings;
    public IReadOnlyList<SupporterRegistration> Registrations => _registrations;

    public bool IsActive => EndedOn is null;
    public string KindLabel => PeerLabels.Kinds[Kind];

    public static PeerSupporter Create(PeerProgramme programme, SupporterDetails details, DateTimeOffset now)
    {
        var supporter = new PeerSupporter { Programme = programme, ProgrammeId = programme.Id, CreatedAt = now };
        supporter.Update(details);
        return supporter;
    }

    public void Update(SupporterDetails d)
    {
        Kind = d.Kind;
        Name = TextField.Required(d.Name, TextLength.PersonName, "氏名");
        Kana = TextField.Required(d.Kana, TextLength.PersonName, "ふりがな");
        TeamOrganization = d.Team;
        TeamOrganizationId = d.Team?.Id;
        Phone = TextField.Optional(d.Phone, 50, "電話番号");
        Email = TextField.Optional(d.Email, 200, "メールアドレス");
        if (Email is not null && (!Email.Contains('@', StringComparison.Ordinal) || Email.Contains(' ', StringComparison.Ordinal)))
        {
            throw new DomainRuleException("メールアドレスの形が正しくありません(例: name@example.jp)。");
        }

        ContactNote = TextField.Optional(d.ContactNote, TextLength.Title, "連絡方法の希望");
        PayeeCode = TextField.Optional(d.PayeeCode, 50, "債権者番号");
        AvailabilityNote = TextField.Optional(d.AvailabilityNote, TextLength.Title, "活動できる日時の補足");
        if (d.Activities == ActivityTypes.None)
        {
            throw new DomainRuleException("活動の種類を1つ以上選んでください。");
        }

        if (d.Activities.HasFlag(ActivityTypes.HospitalVisit) && d.Kind != SupporterKind.Visitor)
        {
            throw new DomainRuleException("入院者訪問を担当できるのは入院者訪問支援員です。種別を「入院者訪問支援員」にしてください。");
        }

        Activities = d.Activities;
        EndedOn = d.EndedOn;
    }

    /// <summary>The 圏域 or 市町村 served; each must lie inside the registry's region (a prefecture's registry: anywhere in it).</summary>
    public void SetAreas(IReadOnlyCollection<Region> regions, string programmeRegionPath)
    {
        if (regions.Count == 0)
        {
            throw new DomainRuleException("活動できる地域(圏域・市町村)を1つ以上選んでください。");
        }

        var outside = regions.FirstOrDefault(r => !r.Path.StartsWith(programmeRegionPath, StringComparison.Ordinal));
        if (outside is not null)
        {
            throw new DomainRuleException($"「{outside.Name}」はこの事業の地域の外です。事業の地域の中から選んでください。");
        }

        _areas.RemoveAll(a => regions.All(r => r.Id != a.RegionId));
        foreach (var region in regions.Where(r => _areas.All(a => a.RegionId != r.Id)))
        {
            _areas.Add(new SupporterArea(region));
        }
    }

    /// <summary>Weekly availability as rows (曜日, from, to); an empty list means 「随時・要相談」.</summary>
    public void SetAvailability(IReadOnlyCollection<(DayOfWeek Day, TimeOnly From, TimeOnly To)> slots)
    {
        foreach (var (day, from, to) in slots)
        {
            if (from >= to)
            {
                throw new DomainRuleException($"{PeerLabels.Weekdays[(int)day]}曜日の活動できる時間は、終わりを始まりより後にしてください。");
            }
        }

        _availability.Clear();
        _availability.AddRange(slots.OrderBy(s => s.Day).ThenBy(s => s.From).Select(s => new AvailabilitySlot(s.Day, s.From, s.To)));
    }

    /// <summary>True when the weekly slots (if any) contain the whole activity, read in Japan time.</summary>
    public bool IsAvailable(DateTimeOffset startsAt, DateTimeOffset endsAt)
    {
        if (_availability.Count == 0)
        {
            return true;
        }

        var start = JapanTime.ToJst(startsAt);
        var end = JapanTime.ToJst(endsAt);
        var from = TimeOnly.FromDateTime(start.DateTime);
        var to = end.Date > start.Date ? TimeOnly.MaxValue : TimeOnly.FromDateTime(end.DateTime);
        return _availability.Any(s => s.Day == start.DayOfWeek && s.From <= from && to <= s.To);
    }

    public bool Covers(string regionPath) => _areas.Any(a => regionPath.StartsWith(a.Region.Path, StringComparison.Ordinal));

    public bool Does(ActivityType activity) => Activities.HasFlag(PeerLabels.Flag(activity));

    public SupporterTraining AddTraining(TrainingLevel level, DateOnly completedOn, string? organizer, DateOnly today)
    {
        if (completedOn > today)
        {
            throw new DomainRuleException("修了日が先の日付です。修了してから記録してください。");
        }

        if (_trainings.Any(t => t.Level == level && t.CompletedOn == completedOn))
        {
            throw new DomainRuleException($"{JapaneseDate.Format(completedOn)}修了の{PeerLabels.Trainings[level]}はすでに記録されています。");
        }

        var training = new SupporterTraining(level, completedOn, TextField.Optional(organizer, TextLength.Title, "研修の実施主体"));
        _trainings.Add(training);
        return training;
    }

    public void RemoveTraining(int trainingId) => _trainings.RemoveAll(t => t.Id == trainingId);

    /// <summary>Whether a training the activity needs was completed by <paramref name="on"/>; 専門研修 presupposes 基礎研修.</summary>
    public bool IsTrainedFor(TrainingLevel? required, DateOnly on) => required switch
    {
        null => true,
        TrainingLevel.Basic => _trainings.Any(t => (t.Level is TrainingLevel.Basic or TrainingLevel.Specialist) && t.CompletedOn <= on),
        TrainingLevel level => _trainings.Any(t => t.Level == level && t.CompletedOn <= on),
    };

    /// <summary>
    /// 登録 for one 年度, valid to its 年度末 (registered 2024-10-01 for R6: valid to 2025-03-31) and renewed each year. A visitor
    /// needs the 養成研修 and a signed secrecy pledge; a peer the 基礎研修. Renewal for the next 年度 may be made before it starts.
    /// </summary>
    public SupporterRegistration Register(FiscalYear year, DateOnly registeredOn, DateOnly? pledgedOn, string? note, DateOnly today)
    {
        if (!IsActive)
        {
            throw new DomainRuleException($"{Name}さんは活動終了として記録されています。登録する前に活動終了を取り消してください。");
        }

        if (_registrations.Any(r => r.FiscalYear == year.StartYear))
        {
            throw new DomainRuleException($"{Name}さんは{year.ToWareki()}の登録が済んでいます。");
        }

        if (registeredOn > year.End || registeredOn < year.Previous.Start)
        {
            throw new DomainRuleException($"{year.ToWareki()}の登録日は、前年度の初め({JapaneseDate.Format(year.Previous.Start)})から{JapaneseDate.Format(year.End)}までの日付にしてください。");
        }

        if (registeredOn > today)
        {
            throw new DomainRuleException("登録日が先の日付です。登録した日を入力してください。");
        }

        if (Kind == SupporterKind.Visitor)
        {
            if (!IsTrainedFor(TrainingLevel.VisitorInduction, registeredOn))
            {
                throw new DomainRuleException($"{Name}さんは入院者訪問支援員の養成研修の修了が記録されていません。研修の修了を記録してから登録してください。");
            }

            if (pledgedOn is null || pledgedOn > registeredOn)
            {
                throw new DomainRuleException("入院者訪問支援員の登録には、守秘義務の誓約書の提出日(登録日以前)が必要です。");
            }
        }
        else if (!IsTrainedFor(TrainingLevel.Basic, registeredOn))
        {
            throw new DomainRuleException($"{Name}さんは障害者ピアサポート研修(基礎研修)の修了が記録されていません。研修の修了を記録してから登録してください。");
        }

        var registration = new SupporterRegistration(year.StartYear, registeredOn, pledgedOn, TextField.Optional(note, TextLength.Title, "備考"));
        _registrations.Add(registration);
        return registration;
    }

    public bool IsRegisteredFor(FiscalYear year) => _registrations.Any(r => r.FiscalYear == year.StartYear);

    public SupporterRegistration? RegistrationFor(FiscalYear year) => _registrations.FirstOrDefault(r => r.FiscalYear == year.StartYear);

    /// <summary>Registered in an earlier 年度 but not in this one: shown as 「要更新」 and not confirmed until renewed.</summary>
    public bool NeedsRenewalFor(FiscalYear year) => !IsRegisteredFor(year) && _registrations.Any(r => r.FiscalYear < year.StartYear);

    /// <summary>A new personal calendar feed token; the old one stops working at once. Returns the token, which is stored only as a hash.</summary>
    public string IssueFeedToken(DateTimeOffset now)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        FeedTokenHash = HashToken(token);
        FeedIssuedAt = now;
        return token;
    }

    public void RevokeFeed()
    {
        FeedTokenHash = null;
        FeedIssuedAt = null;
    }

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public void LinkUser(string? userId) => UserId = userId;

    internal void MarkBooked(DateTimeOffset now) => LastBookedAt = now;
}

/// <summary>What the supporter form sets.</summary>
public sealed record SupporterDetails(SupporterKind Kind, string? Name, string? Kana, Organization? Team, string? Phone, string? Email, string? ContactNote,
    string? PayeeCode, ActivityTypes Activities, string? AvailabilityNote, DateOnly? EndedOn);

public sealed class SupporterArea
{
    private SupporterArea()
    {
    }

    internal SupporterArea(Region region)
    {
        Region = region;
        RegionId = region.Id;
    }

    public int SupporterId { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
}

public sealed class AvailabilitySlot
{
    private AvailabilitySlot()
    {
    }

    internal AvailabilitySlot(DayOfWeek day, TimeOnly from, TimeOnly to)
    {
        Day = day;
        From = from;
        To = to;
    }

    public int Id { get; private set; }
    public int SupporterId { get; private set; }
    public DayOfWeek Day { get; private set; }
    public TimeOnly From { get; private set; }
    public TimeOnly To { get; private set; }

    public string Label => $"{PeerLabels.Weekdays[(int)Day]} {From:HH\\:mm}〜{To:HH\\:mm}";
}

public sealed class SupporterTraining
{
    private SupporterTraining()
    {
    }

    internal SupporterTraining(TrainingLevel level, DateOnly completedOn, string? organizer)
    {
        Level = level;
        CompletedOn = completedOn;
        Organizer = organizer;
    }

    public int Id { get; private set; }
    public int SupporterId { get; private set; }
    public TrainingLevel Level { get; private set; }
    public DateOnly CompletedOn { get; private set; }
    public string? Organizer { get; private set; }
}

public sealed class SupporterRegistration
{
    private SupporterRegistration()
    {
    }

    internal SupporterRegistration(int fiscalYear, DateOnly registeredOn, DateOnly? pledgedOn, string? note)
    {
        FiscalYear = fiscalYear;
        RegisteredOn = registeredOn;
        PledgedOn = pledgedOn;
        Note = note;
    }

    public int Id { get; private set; }
    public int SupporterId { get; private set; }
    /// <summary>The 年度 (its starting western year: 2024 = R6).</summary>
    public int FiscalYear { get; private set; }
    public DateOnly RegisteredOn { get; private set; }
    /// <summary>守秘義務の誓約書 (visitors): the day it was signed.</summary>
    public DateOnly? PledgedOn { get; private set; }
    public string? Note { get; private set; }

    /// <summary>年度末: registrations end with their 年度 and are renewed.</summary>
    public DateOnly ValidTo => new FiscalYear(FiscalYear).End;
}

/// <summary>
/// A supporter's own lived experience (要配慮個人情報), kept only when the supporter agreed and the registry needs it (for
/// matching a 体験発表, for the ピアサポート体制加算 staffing record). Read by the coordinator's supporter page only, each read
/// audited; never loaded by a list, an export, a count or any other page.
/// </summary>
public sealed class SupporterExperience
{
    private SupporterExperience()
    {
    }

    public int SupporterId { get; private set; }
    public string Text { get; private set; } = "";
    /// <summary>The day the supporter agreed to this being recorded, and for what.</summary>
    public DateOnly ConsentedOn { get; private set; }
    public string Purpose { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public string RecordedBy { get; private set; } = "";

    public static SupporterExperience Record(int supporterId, string? text, DateOnly? consentedOn, string? purpose, DateOnly today, DateTimeOffset now, string by)
    {
        var experience = new SupporterExperience { SupporterId = supporterId };
        experience.Update(text, consentedOn, purpose, today, now, by);
        return experience;
    }

    public void Update(string? text, DateOnly? consentedOn, string? purpose, DateOnly today, DateTimeOffset now, string by)
    {
        if (consentedOn is not DateOnly consented || consented > today)
        {
            throw new DomainRuleException("体験を記録するには、本人が記録に同意した日(今日以前)を入力してください。");
        }

        Text = TextField.Required(text, TextLength.Section, "本人の体験");
        Purpose = TextField.Required(purpose, TextLength.Title, "記録する目的");
        ConsentedOn = consented;
        RecordedAt = now;
        RecordedBy = by;
    }
}
