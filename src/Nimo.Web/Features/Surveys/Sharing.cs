using Nimo.Platform.Data;

namespace Nimo.Features.Surveys;

/// <summary>
/// What the secretariat shared from a survey, frozen when made: the summaries of the questions it picked and the free
/// text it picked, line by line. Members of the forum read this, never the answers themselves. Attached to meetings'
/// agenda items (<see cref="SnapshotAttachment"/>).
/// </summary>
public sealed class SurveySnapshot
{
    private readonly List<SnapshotLine> _lines = [];
    private readonly List<SnapshotAttachment> _attachments = [];

    private SurveySnapshot()
    {
    }

    public int Id { get; private set; }
    public int SurveyId { get; private set; }
    public Survey Survey { get; private set; } = null!;
    public string Title { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public IReadOnlyList<SnapshotLine> Lines => _lines;
    public IReadOnlyList<SnapshotAttachment> Attachments => _attachments;

    public static SurveySnapshot Create(Survey survey, string title, IEnumerable<SnapshotLine> lines, DateTimeOffset now, string userName)
    {
        title = (title ?? "").Trim();
        if (title.Length is 0 or > 200)
        {
            throw new DomainRuleException("共有資料の表題は1〜200文字で入力してください。");
        }

        var list = lines.ToList();
        if (list.Count == 0)
        {
            throw new DomainRuleException("共有する設問か自由記述を1つ以上選んでください。");
        }

        // The id only: the survey is often an untracked copy whose graph must not be added again.
        var s = new SurveySnapshot { SurveyId = survey.Id, Title = title, CreatedAt = now, CreatedBy = userName };
        s._lines.AddRange(list);
        return s;
    }

    public void AttachTo(int meetingId, int agendaItem, int agendaCount)
    {
        if (agendaItem < 1 || (agendaCount > 0 && agendaItem > agendaCount))
        {
            throw new DomainRuleException(agendaCount > 0 ? $"議題の番号は1から{agendaCount}までで選んでください。" : "議題の番号は1以上で選んでください。");
        }

        if (_attachments.Any(a => a.MeetingId == meetingId && a.AgendaItem == agendaItem))
        {
            throw new DomainRuleException("この資料はすでにその会議の議題に添付されています。");
        }

        _attachments.Add(new SnapshotAttachment { MeetingId = meetingId, AgendaItem = agendaItem });
    }
}

public enum SnapshotLineKind { Heading, Count, Text }

/// <summary>A line of a snapshot: a heading, a labelled count (「研修等」 5件) or a picked free text with who wrote it.</summary>
public sealed class SnapshotLine
{
    public int Id { get; private set; }
    public int SnapshotId { get; private set; }
    public int Order { get; init; }
    public SnapshotLineKind Kind { get; init; }
    public string Label { get; init; } = "";
    public string? Value { get; init; }
}

/// <summary>A snapshot attached to a meeting's agenda item (numbered from 1, as the meeting page lists them).</summary>
public sealed class SnapshotAttachment
{
    public int Id { get; private set; }
    public int SnapshotId { get; private set; }
    public int MeetingId { get; init; }
    public int AgendaItem { get; init; }
}

/// <summary>A regional issue raised from an organisation's answer: the issue page links back to the answer.</summary>
public sealed class SurveyIssueLink
{
    public int Id { get; private set; }
    public int IssueId { get; init; }
    public int RecipientId { get; init; }
    public int SurveyId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
