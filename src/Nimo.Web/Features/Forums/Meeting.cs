using Nimo.Features.Organizations;
using Nimo.Platform.Data;

namespace Nimo.Features.Forums;

public enum MeetingFormat { InPerson, Written, Online }

public enum MeetingStatus { Planned, Held, Cancelled }

public enum ActionStatus { Open, Done }

/// <summary>One meeting of a forum: when, how, the agenda, who came, the minutes, what was decided and what must happen next.</summary>
public sealed class Meeting : IVersioned
{
    private readonly List<MeetingAttendance> _attendance = [];
    private readonly List<ActionItem> _actions = [];

    private Meeting()
    {
    }

    public int Id { get; private set; }
    public int ForumId { get; private set; }
    public Forum Forum { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset? EndsAt { get; private set; }
    public MeetingFormat Format { get; private set; }
    public string? Place { get; private set; }
    /// <summary>議題, one per line.</summary>
    public string? Agenda { get; private set; }
    public string? Minutes { get; private set; }
    /// <summary>
    /// 「構成員限り」: only members and the secretariat read what the meeting said and decided (see <see cref="MembersOnlyParts"/>);
    /// an administrator who is neither does not.
    /// </summary>
    public bool MinutesMembersOnly { get; private set; }
    /// <summary>決定事項, one per line.</summary>
    public string? Decisions { get; private set; }
    public MeetingStatus Status { get; private set; }
    public Guid Version { get; set; }
    public IReadOnlyList<MeetingAttendance> Attendance => _attendance;
    public IReadOnlyList<ActionItem> Actions => _actions;

    public static readonly IReadOnlyDictionary<MeetingFormat, string> FormatLabels = new Dictionary<MeetingFormat, string>
    {
        [MeetingFormat.InPerson] = "対面", [MeetingFormat.Written] = "書面", [MeetingFormat.Online] = "オンライン",
    };

    public static readonly IReadOnlyDictionary<MeetingStatus, string> StatusLabels = new Dictionary<MeetingStatus, string>
    {
        [MeetingStatus.Planned] = "予定", [MeetingStatus.Held] = "開催済", [MeetingStatus.Cancelled] = "中止",
    };

    /// <summary>What 「構成員限り」 hides from everyone else, in the words the checkbox and the notices use. The title, date, place,
    /// agenda, attendance and the regional issues stay visible: the issues are raised in order to be carried upwards.</summary>
    public const string MembersOnlyParts = "議事録・決定事項・対応事項・資料・この会議に向けた委員ヒアリングの意見";

    /// <summary>Shown instead of 「予定」 once a planned meeting's time is over and nobody has recorded it.</summary>
    public const string AwaitingRecordLabel = "記録待ち";

    /// <summary>A planned meeting whose end (or start, when no end is set) has passed: held or not, someone must record it.</summary>
    public bool IsAwaitingRecord(DateTimeOffset now) => Status == MeetingStatus.Planned && (EndsAt ?? StartsAt) <= now;

    public string StatusLabelAt(DateTimeOffset now) => IsAwaitingRecord(now) ? AwaitingRecordLabel : StatusLabels[Status];

    public IEnumerable<string> AgendaItems => Lines(Agenda);
    public IEnumerable<string> DecisionItems => Lines(Decisions);

    public static Meeting Create(Forum forum, string title, DateTimeOffset startsAt, DateTimeOffset? endsAt, MeetingFormat format, string? place)
    {
        var meeting = new Meeting { Forum = forum, ForumId = forum.Id };
        meeting.Schedule(title, startsAt, endsAt, format, place, MeetingStatus.Planned);
        return meeting;
    }

    public void Schedule(string title, DateTimeOffset startsAt, DateTimeOffset? endsAt, MeetingFormat format, string? place, MeetingStatus status)
    {
        title = title.Trim();
        if (title.Length is 0 or > 200)
        {
            throw new DomainRuleException("会議名は1〜200文字で入力してください。");
        }

        if (endsAt is DateTimeOffset end && end <= startsAt)
        {
            throw new DomainRuleException("終了時刻は開始時刻より後にしてください。");
        }

        Title = title;
        // Instants are kept in UTC; pages show them in JST.
        StartsAt = startsAt.ToUniversalTime();
        EndsAt = endsAt?.ToUniversalTime();
        Format = format;
        Place = TextField.Optional(place, TextLength.Title, "場所");
        Status = status;
    }

    public void Record(string? agenda, string? minutes, bool membersOnly, string? decisions)
    {
        Agenda = TextField.Optional(agenda, TextLength.Section, "議題");
        Minutes = TextField.Optional(minutes, TextLength.Minutes, "議事録");
        MinutesMembersOnly = membersOnly;
        Decisions = TextField.Optional(decisions, TextLength.Section, "決定事項");
    }

    /// <summary>Replaces the attendance list: members ticked as present, plus guests (構成員以外の出席者) as checked rows.</summary>
    public void SetAttendance(IEnumerable<ForumMember> present, IEnumerable<MeetingGuest> guests)
    {
        _attendance.Clear();
        foreach (var m in present)
        {
            _attendance.Add(new MeetingAttendance(m.Id, m.DisplayName, null, null, m.Sector));
        }

        foreach (var g in guests)
        {
            _attendance.Add(new MeetingAttendance(null, g.Name, g.Organization, g.Affiliation, g.Sector));
        }
    }

    public ActionItem AddAction(string text, string? owner, DateOnly? due)
    {
        var item = ActionItem.Create(text, owner, due);
        _actions.Add(item);
        return item;
    }

    public IReadOnlyDictionary<Sector, int> AttendanceBySector() =>
        _attendance.GroupBy(a => a.Sector).ToDictionary(g => g.Key, g => g.Count());

    private static IEnumerable<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim().TrimStart('・', '-', '•').Trim()).Where(l => l.Length > 0);
}

/// <summary>
/// One guest (構成員以外の出席者) as a row: a person's name, where they come from (a registered organisation, or the name of an
/// unregistered body as typed) and the sector they speak for. Either the name or where they come from is needed.
/// </summary>
public sealed record MeetingGuest
{
    public const int MaxLength = TextLength.Title;

    private MeetingGuest(string? name, Organization? organization, string? affiliation, Sector sector)
    {
        Name = name;
        Organization = organization;
        Affiliation = affiliation;
        Sector = sector;
    }

    public string? Name { get; }
    public Organization? Organization { get; }
    public string? Affiliation { get; }
    public Sector Sector { get; }

    public static MeetingGuest Create(string? name, Organization? organization, string? affiliation, Sector sector)
    {
        name = TextField.Optional(name, MaxLength, "氏名");
        affiliation = TextField.Optional(affiliation, MaxLength, "所属");
        if (name is null && organization is null && affiliation is null)
        {
            throw new DomainRuleException("氏名か所属のどちらかを入力してください。");
        }

        if (organization is not null && affiliation is not null)
        {
            throw new DomainRuleException("所属は、登録済みの機関を選ぶか、登録のない団体名を入力するか、どちらか一方にしてください。");
        }

        return new MeetingGuest(name, organization, affiliation, sector);
    }
}

/// <summary>
/// Who attended: a member (by id, name kept as it was that day) or a guest with their organisation (registered, or as
/// typed). Rows from before guests had fields keep the single text they were typed as in <see cref="Name"/>.
/// </summary>
public sealed class MeetingAttendance
{
    private MeetingAttendance()
    {
    }

    internal MeetingAttendance(int? memberId, string? name, Organization? organization, string? affiliation, Sector sector)
    {
        MemberId = memberId;
        Name = name ?? "";
        Organization = organization;
        OrganizationId = organization?.Id;
        Affiliation = affiliation;
        Sector = sector;
    }

    public int Id { get; private set; }
    public int MeetingId { get; private set; }
    public int? MemberId { get; private set; }
    /// <summary>The member's name as shown that day, or the guest's own name (empty for a guest known only by their body).</summary>
    public string Name { get; private set; } = "";
    public int? OrganizationId { get; private set; }
    public Organization? Organization { get; private set; }
    /// <summary>A guest's body when it has no organisation record (「県精神保健福祉センター」「みどり家族会」).</summary>
    public string? Affiliation { get; private set; }
    public Sector Sector { get; private set; }

    public bool IsGuest => MemberId is null;

    /// <summary>Where the guest comes from: the registered organisation's name, else the body as typed.</summary>
    public string? From => Organization?.Name ?? Affiliation;

    public string DisplayName => Name.Length == 0 ? From ?? "" : From is null ? Name : $"{Name}({From})";
}

/// <summary>Something a meeting decided must be done: by whom, by when, and whether it is.</summary>
public sealed class ActionItem
{
    private ActionItem()
    {
    }

    public int Id { get; private set; }
    public int MeetingId { get; private set; }
    public string Text { get; private set; } = "";
    public string? Owner { get; private set; }
    public DateOnly? DueDate { get; private set; }
    public ActionStatus Status { get; private set; }

    internal static ActionItem Create(string text, string? owner, DateOnly? due)
    {
        text = text.Trim();
        if (text.Length is 0 or > 500)
        {
            throw new DomainRuleException("対応事項は1〜500文字で入力してください。");
        }

        return new ActionItem { Text = text, Owner = TextField.Optional(owner, TextLength.Title, "担当"), DueDate = due };
    }

    public void SetStatus(ActionStatus status) => Status = status;
}

/// <summary>A document attached to a meeting (資料・議事録): PDF, xlsx or docx, checked by content, stored in the database.</summary>
public sealed class MeetingDocument
{
    private MeetingDocument()
    {
    }

    public int Id { get; private set; }
    public int MeetingId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public byte[] Content { get; private set; } = [];
    public DateTimeOffset UploadedAt { get; private set; }
    public string UploadedBy { get; private set; } = "";

    public static MeetingDocument Create(int meetingId, string fileName, DocumentType type, byte[] content, DateTimeOffset now, string userName) => new()
    {
        MeetingId = meetingId, FileName = fileName, ContentType = type.ContentType, Size = content.Length, Content = content, UploadedAt = now, UploadedBy = userName,
    };
}

/// <summary>委員ヒアリング: a member heard before a meeting, and the points they raised.</summary>
public sealed class Hearing
{
    private Hearing()
    {
    }

    public int Id { get; private set; }
    public int ForumId { get; private set; }
    public int? MeetingId { get; private set; }
    public Meeting? Meeting { get; private set; }
    public DateOnly HeardOn { get; private set; }
    /// <summary>Who was heard: a member's name or body.</summary>
    public string Who { get; private set; } = "";
    public string Points { get; private set; } = "";
    public int? OrganizationId { get; private set; }
    public Organization? Organization { get; private set; }

    public static Hearing Create(Forum forum, Meeting? meeting, DateOnly heardOn, string who, string points)
    {
        if (string.IsNullOrWhiteSpace(who) || string.IsNullOrWhiteSpace(points))
        {
            throw new DomainRuleException("ヒアリングの相手と、出された意見を入力してください。");
        }

        return new Hearing { ForumId = forum.Id, Meeting = meeting, MeetingId = meeting?.Id, HeardOn = heardOn, Who = who.Trim(), Points = points.Trim() };
    }
}
