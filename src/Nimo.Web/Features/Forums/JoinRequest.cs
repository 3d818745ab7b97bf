using Nimo.Platform.Data;

namespace Nimo.Features.Forums;

public enum JoinRequestState { Pending, Accepted, Declined, Withdrawn }

/// <summary>
/// A forum asking to sit under another forum (参加の申請). Issues escalate along the parent link and the parent must
/// answer them, so the parent's secretariat agrees first: until it accepts, the asking forum has no new parent.
/// </summary>
public sealed class JoinRequest : IVersioned
{
    private JoinRequest()
    {
    }

    public int Id { get; private set; }
    /// <summary>The forum that asks to join.</summary>
    public int ForumId { get; private set; }
    public Forum Forum { get; private set; } = null!;
    /// <summary>The forum it asks to sit under.</summary>
    public int ParentId { get; private set; }
    public Forum Parent { get; private set; } = null!;
    public JoinRequestState State { get; private set; }
    /// <summary>Why the forum asks (optional): what it expects the parent to take up.</summary>
    public string? Note { get; private set; }
    public string RequestedBy { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    /// <summary>The parent's reason when it declines.</summary>
    public string? Reply { get; private set; }
    public Guid Version { get; set; }

    public static readonly IReadOnlyDictionary<JoinRequestState, string> StateLabels = new Dictionary<JoinRequestState, string>
    {
        [JoinRequestState.Pending] = "承認待ち", [JoinRequestState.Accepted] = "承認済", [JoinRequestState.Declined] = "辞退", [JoinRequestState.Withdrawn] = "取下げ",
    };

    public string StateLabel => StateLabels[State];

    /// <summary>The chain above <paramref name="parent"/> must be loaded (a loop is refused now, and again on acceptance).</summary>
    public static JoinRequest Ask(Forum forum, Forum parent, string? note, string userName, DateTimeOffset now)
    {
        if (forum.ParentId == parent.Id)
        {
            throw new DomainRuleException("この協議の場は、すでにその協議の場の下位に登録されています。");
        }

        forum.CheckParent(parent);
        note = TextField.Optional(note, TextLength.Paragraph, "申請の理由");

        return new JoinRequest
        {
            Forum = forum, ForumId = forum.Id, Parent = parent, ParentId = parent.Id, State = JoinRequestState.Pending, Note = note,
            RequestedBy = userName, RequestedAt = now,
        };
    }

    /// <summary>The parent's secretariat agrees: the asking forum now sits under the parent. Both chains must be loaded.</summary>
    public void Accept(string userName, DateTimeOffset now)
    {
        RequirePending();
        Forum.AttachTo(Parent);
        Decide(JoinRequestState.Accepted, null, userName, now);
    }

    public void Decline(string? reason, string userName, DateTimeOffset now)
    {
        RequirePending();
        reason = TextField.Optional(reason, TextLength.Paragraph, "辞退の理由");
        if (reason is null)
        {
            throw new DomainRuleException("申請した協議の場に伝える、辞退の理由を入力してください。");
        }

        if (reason.Length > 1000)
        {
            throw new DomainRuleException("辞退の理由は1000文字以内で入力してください。");
        }

        Decide(JoinRequestState.Declined, reason, userName, now);
    }

    public void Withdraw(string userName, DateTimeOffset now)
    {
        RequirePending();
        Decide(JoinRequestState.Withdrawn, null, userName, now);
    }

    private void RequirePending()
    {
        if (State != JoinRequestState.Pending)
        {
            throw new DomainRuleException($"この申請はすでに「{StateLabel}」になっています。");
        }
    }

    private void Decide(JoinRequestState state, string? reply, string userName, DateTimeOffset now)
    {
        State = state;
        Reply = reply;
        DecidedBy = userName;
        DecidedAt = now;
    }
}
