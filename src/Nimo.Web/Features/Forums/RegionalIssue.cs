using Nimo.Platform.Data;

namespace Nimo.Features.Forums;

/// <summary>The elements of にも包括, used to sort regional issues.</summary>
public enum IssueCategory { Medical, WelfareAndCare, Housing, SocialParticipation, MutualAid, Awareness, HealthAndPrevention, HumanResources, PeerSupport, Coordination, Other }

public enum IssueStatus { Open, Escalated, Answered, Resolved }

/// <summary>
/// A 地域課題 raised at a meeting or a hearing. It belongs to the forum that raised it; escalating it sends it to the
/// parent forum, which answers; the answer and the whole trail stay visible to the forum that raised it.
/// </summary>
public sealed class RegionalIssue : IVersioned
{
    private readonly List<IssueEscalation> _escalations = [];

    private RegionalIssue()
    {
    }

    public int Id { get; private set; }
    /// <summary>The forum that raised the issue and owns it.</summary>
    public int ForumId { get; private set; }
    public Forum Forum { get; private set; } = null!;
    public int? MeetingId { get; private set; }
    public Meeting? Meeting { get; private set; }
    public int? HearingId { get; private set; }
    public Hearing? Hearing { get; private set; }
    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public IssueCategory Category { get; private set; }
    /// <summary>Who carries it forward (a person, a department, a working group).</summary>
    public string? Owner { get; private set; }
    public IssueStatus Status { get; private set; }
    public DateTimeOffset RaisedAt { get; private set; }
    public string RaisedBy { get; private set; } = "";
    public Guid Version { get; set; }
    public IReadOnlyList<IssueEscalation> Escalations => _escalations;

    public static readonly IReadOnlyDictionary<IssueCategory, string> CategoryLabels = new Dictionary<IssueCategory, string>
    {
        [IssueCategory.Medical] = "医療", [IssueCategory.WelfareAndCare] = "障害福祉・介護", [IssueCategory.Housing] = "住まい",
        [IssueCategory.SocialParticipation] = "社会参加(就労など)", [IssueCategory.MutualAid] = "地域の助け合い", [IssueCategory.Awareness] = "普及啓発(教育など)",
        [IssueCategory.HealthAndPrevention] = "保健・予防", [IssueCategory.HumanResources] = "人材育成", [IssueCategory.PeerSupport] = "当事者・ピアサポート",
        [IssueCategory.Coordination] = "連携体制", [IssueCategory.Other] = "その他",
    };

    public static readonly IReadOnlyDictionary<IssueStatus, string> StatusLabels = new Dictionary<IssueStatus, string>
    {
        [IssueStatus.Open] = "検討中", [IssueStatus.Escalated] = "上位へ提起中", [IssueStatus.Answered] = "回答あり", [IssueStatus.Resolved] = "解決",
    };

    public string CategoryLabel => CategoryLabels[Category];
    public string StatusLabel => StatusLabels[Status];

    /// <summary>The forum currently asked to act: the target of the last unanswered escalation, else the owner.</summary>
    public int CurrentForumId => _escalations.Where(e => e.AnsweredAt is null).OrderBy(e => e.EscalatedAt).LastOrDefault()?.ToForumId ?? ForumId;

    public static RegionalIssue Raise(Forum forum, Meeting? meeting, Hearing? hearing, string title, string? description, IssueCategory category,
        string? owner, string userName, DateTimeOffset now)
    {
        var issue = new RegionalIssue { Forum = forum, ForumId = forum.Id, Meeting = meeting, MeetingId = meeting?.Id, Hearing = hearing, HearingId = hearing?.Id, RaisedAt = now, RaisedBy = userName };
        issue.Edit(title, description, category, owner);
        return issue;
    }

    public void Edit(string title, string? description, IssueCategory category, string? owner)
    {
        title = title.Trim();
        if (title.Length is 0 or > 200)
        {
            throw new DomainRuleException("課題名は1〜200文字で入力してください。");
        }

        Title = title;
        Description = TextField.Optional(description, TextLength.Section, "内容");
        Category = category;
        Owner = TextField.Optional(owner, TextLength.Title, "担当");
    }

    /// <summary>
    /// Sends the issue from the forum now holding it to that forum's parent. The caller checks that the user runs
    /// <paramref name="from"/>; the rules here are about the trail.
    /// </summary>
    public IssueEscalation Escalate(Forum from, string note, string userName, DateTimeOffset now)
    {
        if (Status == IssueStatus.Resolved)
        {
            throw new DomainRuleException("解決済みの課題は提起できません。");
        }

        if (from.Id != CurrentForumId)
        {
            throw new DomainRuleException("この課題はいま別の協議の場で扱われています。");
        }

        if (from.Parent is not { } to)
        {
            throw new DomainRuleException("この協議の場には上位の協議の場が登録されていません。");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            throw new DomainRuleException("上位の協議の場に求めること(提起の理由)を入力してください。");
        }

        var escalation = new IssueEscalation(from, to, note.Trim(), userName, now);
        _escalations.Add(escalation);
        Status = IssueStatus.Escalated;
        return escalation;
    }

    /// <summary>The forum an issue was escalated to records its answer; the issue goes back to 「回答あり」 unless still escalated higher.</summary>
    public void Answer(Forum by, string answer, string userName, DateTimeOffset now)
    {
        if (Status == IssueStatus.Resolved)
        {
            throw new DomainRuleException("解決済みの課題には回答できません。提起した協議の場が再開してから回答してください。");
        }

        var open = _escalations.Where(e => e.AnsweredAt is null && e.ToForumId == by.Id).OrderBy(e => e.EscalatedAt).LastOrDefault()
            ?? throw new DomainRuleException("この協議の場に回答を求めている提起はありません。");
        if (string.IsNullOrWhiteSpace(answer))
        {
            throw new DomainRuleException("回答を入力してください。");
        }

        open.Record(answer.Trim(), userName, now);
        Status = _escalations.Any(e => e.AnsweredAt is null) ? IssueStatus.Escalated : IssueStatus.Answered;
    }

    public void Resolve() => Status = IssueStatus.Resolved;

    public void Reopen() => Status = _escalations.Any(e => e.AnsweredAt is null) ? IssueStatus.Escalated : IssueStatus.Open;
}

/// <summary>One step up the forum tree: who sent it, why, and the upper forum's answer.</summary>
public sealed class IssueEscalation
{
    private IssueEscalation()
    {
    }

    internal IssueEscalation(Forum from, Forum to, string note, string userName, DateTimeOffset now)
    {
        FromForum = from;
        FromForumId = from.Id;
        ToForum = to;
        ToForumId = to.Id;
        Note = note;
        EscalatedBy = userName;
        EscalatedAt = now;
    }

    public int Id { get; private set; }
    public int IssueId { get; private set; }
    public int FromForumId { get; private set; }
    public Forum FromForum { get; private set; } = null!;
    public int ToForumId { get; private set; }
    public Forum ToForum { get; private set; } = null!;
    public string Note { get; private set; } = "";
    public DateTimeOffset EscalatedAt { get; private set; }
    public string EscalatedBy { get; private set; } = "";
    public string? Answer { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? AnsweredBy { get; private set; }

    internal void Record(string answer, string userName, DateTimeOffset now)
    {
        Answer = answer;
        AnsweredBy = userName;
        AnsweredAt = now;
    }
}
