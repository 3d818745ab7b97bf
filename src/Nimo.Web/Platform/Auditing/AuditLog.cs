using System.Security.Claims;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Platform.Auditing;

/// <summary>
/// Writes audit entries. <see cref="Add"/> stages an entry in the same unit of work as the change it
/// describes, so both commit or neither does; <see cref="WriteAsync"/> commits one on its own (sign-ins, exports);
/// <see cref="StoreReadAsync(string, object?, string?, CancellationToken)"/> shares a commit with other requests' reads.
/// An entry about clients carries them as <see cref="AuditSubject"/> rows (a change names them through
/// <c>ClientAuditTrail</c>), so who saw or changed whom can be read back for any client.
/// </summary>
public sealed class AuditLog(NimoDbContext db, TimeProvider clock, IHttpContextAccessor http, AuditWriter writer)
{
    public AuditEntry Add(string action, string? recordType = null, object? recordId = null, AuditOutcome outcome = AuditOutcome.Success,
        string? detail = null, string? userId = null, string? userName = null, int? organizationId = null)
    {
        var entry = Create(action, recordType, recordId, outcome, detail, userId, userName, organizationId);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>A read, stored on its own through the group commit (<see cref="AuditWriter"/>); returns once durable.</summary>
    public Task StoreReadAsync(string recordType, object? recordId, string? detail, CancellationToken ct) =>
        writer.StoreAsync(Create(AuditActions.Read, recordType, recordId, AuditOutcome.Success, detail, null, null, null), ct);

    /// <summary>
    /// A read that showed clients (a list, a search, a page): one entry for the whole response, durable before it is
    /// answered, with every client it showed as a subject and the search the user typed kept beside it.
    /// </summary>
    public Task StoreReadAsync(string recordType, object? recordId, string? detail, IEnumerable<int> clientIds, string? query, CancellationToken ct)
    {
        var entry = Create(AuditActions.Read, recordType, recordId, AuditOutcome.Success, detail, null, null, null);
        About(entry, clientIds, query);
        return writer.StoreAsync(entry, ct);
    }

    /// <summary>Marks an entry as being about these clients (and the search that found them); before it is saved.</summary>
    public static AuditEntry About(AuditEntry entry, IEnumerable<int> clientIds, string? query = null)
    {
        foreach (var id in clientIds.Distinct().Where(id => entry.Subjects.All(s => s.ClientId != id)))
        {
            entry.Subjects.Add(new AuditSubject { ClientId = id });
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var text = query.Trim();
            entry.Query = new AuditQuery { Text = text.Length > 1000 ? text[..1000] : text };
        }

        return entry;
    }

    private AuditEntry Create(string action, string? recordType, object? recordId, AuditOutcome outcome, string? detail, string? userId, string? userName, int? organizationId)
    {
        var context = http.HttpContext;
        var scope = context?.Scope();
        var entry = new AuditEntry
        {
            // Milliseconds: the same value must survive SQLite ticks and PostgreSQL microseconds so the hash verifies.
            OccurredAt = TruncateToMilliseconds(clock.GetUtcNow()),
            UserId = userId ?? NullIfEmpty(scope?.UserId) ?? context?.User.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = userName ?? NullIfEmpty(scope?.UserName) ?? context?.User.Identity?.Name ?? (context is null ? "cli" : null),
            OrganizationId = organizationId ?? (scope is { OrganizationId: > 0 } ? scope.OrganizationId : null),
            Action = action,
            RecordType = recordType,
            RecordId = recordId?.ToString(),
            Outcome = outcome,
            ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        };
        return entry;
    }

    public async Task WriteAsync(string action, string? recordType = null, object? recordId = null, AuditOutcome outcome = AuditOutcome.Success,
        string? detail = null, string? userId = null, string? userName = null, int? organizationId = null, CancellationToken ct = default)
    {
        Add(action, recordType, recordId, outcome, detail, userId, userName, organizationId);
        await db.SaveChangesAsync(ct);
    }

    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>
    /// Walks the whole chain in order, keyed part and anchors included (<see cref="AuditChain.VerifyAsync"/>); returns the first
    /// broken sequence number, or null when intact.
    /// </summary>
    public static Task<AuditVerification> VerifyAsync(NimoDbContext db, CancellationToken ct = default) =>
        Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<AuditChain>(db).VerifyAsync(db, ct);
}

/// <summary>The result of a walk; <paramref name="CutShort"/> when the only fault is that the chain ends before the anchors' head.</summary>
public sealed record AuditVerification(bool Intact, long Checked, long? BrokenAt, string Message, bool CutShort = false);

/// <summary>Action names in one place so the viewer can offer them as a filter.</summary>
public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignInLockedOut = "SignInLockedOut";
    public const string SignInThrottled = "SignInThrottled";
    public const string SignOut = "SignOut";
    public const string TwoFactorEnabled = "TwoFactorEnabled";
    public const string TwoFactorReset = "TwoFactorReset";
    public const string PasswordChanged = "PasswordChanged";
    public const string SessionsEnded = "SessionsEnded";
    public const string UserCreated = "UserCreated";
    public const string UserUpdated = "UserUpdated";
    public const string UserDisabled = "UserDisabled";
    public const string UserEnabled = "UserEnabled";
    public const string UserChangeRequested = "UserChangeRequested";
    public const string UserChangeApproved = "UserChangeApproved";
    public const string UserChangeRejected = "UserChangeRejected";
    public const string ApiTokenCreated = "ApiTokenCreated";
    public const string ApiTokenRevoked = "ApiTokenRevoked";
    public const string Create = "Create";
    public const string Update = "Update";
    public const string Import = "Import";
    public const string Export = "Export";
    public const string Read = "Read";
    public const string Download = "Download";
    public const string Escalate = "Escalate";
    public const string Answer = "Answer";
    public const string AccessDenied = "AccessDenied";
    public const string Backup = "Backup";
    public const string Restore = "Restore";
    public const string AuditVerified = "AuditVerified";
    public const string AuditChainKeyed = "AuditChainKeyed";
    public const string AuditAnchored = "AuditAnchored";
    public const string SessionsPurged = "SessionsPurged";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [SignIn] = "ログイン",
        [SignInFailed] = "ログイン失敗",
        [SignInLockedOut] = "ロックアウト",
        [SignInThrottled] = "ログインの一時制限",
        [SignOut] = "ログアウト",
        [TwoFactorEnabled] = "二要素認証の設定",
        [TwoFactorReset] = "二要素認証の解除",
        [PasswordChanged] = "パスワード変更",
        [SessionsEnded] = "セッション終了",
        [UserCreated] = "利用者の作成",
        [UserUpdated] = "利用者の変更",
        [UserDisabled] = "利用者の停止",
        [UserEnabled] = "利用者の再開",
        [UserChangeRequested] = "利用者の変更の承認依頼",
        [UserChangeApproved] = "利用者の変更の承認",
        [UserChangeRejected] = "利用者の変更の却下",
        [ApiTokenCreated] = "APIトークン発行",
        [ApiTokenRevoked] = "APIトークン失効",
        [Create] = "作成",
        [Update] = "更新",
        [Import] = "取込",
        [Export] = "出力",
        [Read] = "閲覧",
        [Download] = "ダウンロード",
        [Escalate] = "上位へ提起",
        [Answer] = "提起への回答",
        [AccessDenied] = "アクセス拒否",
        [Backup] = "バックアップ",
        [Restore] = "リストア",
        [AuditVerified] = "監査ログ検証",
        [AuditChainKeyed] = "監査ログの鍵付き連結の開始",
        [AuditAnchored] = "監査ログのアンカー記録",
        [SessionsPurged] = "期限切れセッションの削除",
    };

    public static string Label(string action) => Labels.TryGetValue(action, out var l) ? l : action;
}
