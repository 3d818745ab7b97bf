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
    /// <summary>「構成員限り」: only members, the secretariat and administrators read the minutes and documents.</summary>
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
        Place = Forum.Clean(place);
        Status = status;
    }

    public void Record(string? agenda, string? minutes, bool membersOnly, string? decisions)
    {
        Agenda = Forum.Clean(agenda);
        Minutes = Forum.Clean(minutes);
        MinutesMembersOnly = membersOnly;
        Decisions = Forum.Clean(decisions);
    }

    /// <summary>Replaces the attendance list: members ticked as present, plus guests by name and sector.</summary>
    public void SetAttendance(IEnumerable<ForumMember> present, IEnumerable<(string Name, Sector Sector)> guests)
    {
        _attendance.Clear();
        foreach (var m in present)
        {
            _attendance.Add(new MeetingAttendance(m.Id, m.DisplayName, m.Sector));
        }

        foreach (var (name, sector) in guests.Where(g => !string.IsNullOrWhiteSpace(g.Name)))
        {
            _attendance.Add(new MeetingAttendance(null, name.Trim(), sector));
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

/// <summary>Who attended: a member (by id, name kept as it was that day) or a guest.</summary>
public sealed class MeetingAttendance
{
    private MeetingAttendance()
    {
    }

    internal MeetingAttendance(int? memberId, string name, Sector sector)
    {
        MemberId = memberId;
        Name = name;
        Sector = sector;
    }

    public int Id { get; private set; }
    public int MeetingId { get; private set; }
    public int? MemberId { get; private set; }
    public string Name { get; private set; } = "";
    public Sector Sector { get; private set; }
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

        return new ActionItem { Text = text, Owner = Forum.Clean(owner), DueDate = due };
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
