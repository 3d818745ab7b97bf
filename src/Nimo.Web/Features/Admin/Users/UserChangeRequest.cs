using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Admin.Users;

public enum UserChangeKind
{
    /// <summary>A new account whose role sees personal data (or administers those who do).</summary>
    Create,
    /// <summary>A role or organisation that then sees personal data.</summary>
    Update,
    ResetPassword,
    ResetTwoFactor,
}

public enum UserChangeState
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// A change to an account that needs a second administrator (four eyes): granting a role that sees personal data, moving
/// such an account to another organisation, resetting its password or second factor. Nothing happens until another
/// administrator approves; the approval applies it. One administrator alone could otherwise give itself (or a second
/// account of its own) casework access, which ADR 0005 keeps from administrators.
/// </summary>
public sealed class UserChangeRequest
{
    /// <summary>A request nobody decided on within this time can no longer be approved: the situation it described has moved on.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public int Id { get; private set; }
    public UserChangeKind Kind { get; private set; }
    public UserChangeState State { get; private set; }
    /// <summary>The account changed; null for <see cref="UserChangeKind.Create"/> until it is approved.</summary>
    public string? TargetUserId { get; private set; }
    public string UserName { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public int OrganizationId { get; private set; }
    public string Role { get; private set; } = "";
    public string RequestedById { get; private set; } = "";
    public string RequestedByName { get; private set; } = "";
    public DateTimeOffset RequestedAt { get; private set; }
    public string? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    private UserChangeRequest()
    {
    }

    /// <summary>Roles that can reach 要配慮個人情報, and the administrators who grant them, are granted by two people.</summary>
    public static bool NeedsSecondAdministrator(string role) => role is Roles.Admin or Roles.PrefectureStaff or Roles.MunicipalStaff or Roles.PartnerStaff;

    /// <summary>Whether saving this role and organisation for an account needs approval: a grant, not a removal or a new name.</summary>
    public static bool IsGrant(string? currentRole, int? currentOrganizationId, string role, int organizationId) =>
        NeedsSecondAdministrator(role) && (currentRole != role || currentOrganizationId != organizationId);

    public static UserChangeRequest For(UserChangeKind kind, string? targetUserId, string userName, string displayName, int organizationId, string role,
        UserScope requester, DateTimeOffset now) => new()
    {
        Kind = kind,
        State = UserChangeState.Pending,
        TargetUserId = targetUserId,
        UserName = userName,
        DisplayName = displayName,
        OrganizationId = organizationId,
        Role = role,
        RequestedById = requester.UserId,
        RequestedByName = requester.UserName,
        RequestedAt = now,
    };

    public bool IsExpired(DateTimeOffset now) => State == UserChangeState.Pending && now - RequestedAt > Lifetime;

    /// <summary>Only another administrator, only while pending and not expired, and never for a change to the approver's own account.</summary>
    public void Approve(UserScope approver, DateTimeOffset now)
    {
        if (approver.UserId == RequestedById)
        {
            throw new DomainRuleException("自分が依頼した変更は承認できません。別のシステム管理者に承認を依頼してください。");
        }

        if (approver.UserId == TargetUserId)
        {
            throw new DomainRuleException("自分自身のアカウントへの変更は承認できません。");
        }

        Decide(approver, now, UserChangeState.Approved);
    }

    /// <summary>The requester may withdraw; another administrator may refuse.</summary>
    public void Reject(UserScope decider, DateTimeOffset now) => Decide(decider, now, UserChangeState.Rejected);

    /// <summary>Set once the account of an approved <see cref="UserChangeKind.Create"/> exists.</summary>
    public void Created(string userId) => TargetUserId = userId;

    private void Decide(UserScope decider, DateTimeOffset now, UserChangeState state)
    {
        if (State != UserChangeState.Pending)
        {
            throw new DomainRuleException("この依頼は既に処理されています。");
        }

        if (IsExpired(now))
        {
            throw new DomainRuleException("この依頼は7日を過ぎたため承認できません。必要なら改めて依頼してください。");
        }

        State = state;
        DecidedById = decider.UserId;
        DecidedByName = decider.UserName;
        DecidedAt = now;
    }

    public string KindLabel => Kind switch
    {
        UserChangeKind.Create => "利用者の追加",
        UserChangeKind.Update => "役割・所属の変更",
        UserChangeKind.ResetPassword => "パスワードの再発行",
        UserChangeKind.ResetTwoFactor => "二要素認証の解除",
        _ => Kind.ToString(),
    };
}
