using System.Text.Json;
using Nimo.Platform.Data;

namespace Nimo.Features.Directory;

public enum ProposalStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>
/// A change to a service proposed by staff of the organisation that provides it (or a new service of theirs). It changes
/// nothing public until a curator of the area approves it; both steps are audited and kept in the service's history.
/// </summary>
public sealed class ServiceProposal : IVersioned
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    private ServiceProposal()
    {
    }

    public int Id { get; private set; }
    /// <summary>The service to change; null for a proposed new service.</summary>
    public Guid? ServiceId { get; private set; }
    public DirectoryService? Service { get; private set; }
    public int OrganizationId { get; private set; }
    public string ContentJson { get; private set; } = "";
    public string? Reason { get; private set; }
    public ProposalStatus Status { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }
    public string ProposedBy { get; private set; } = "";
    public DateTimeOffset? ReviewedAt { get; private set; }
    public string? ReviewedBy { get; private set; }
    public string? ReviewNote { get; private set; }
    public Guid Version { get; set; }

    public ServiceContent Content => JsonSerializer.Deserialize<ServiceContent>(ContentJson, Json)!;

    public static readonly IReadOnlyDictionary<ProposalStatus, string> StatusLabels = new Dictionary<ProposalStatus, string>
    {
        [ProposalStatus.Pending] = "確認待ち", [ProposalStatus.Approved] = "承認・公開済み", [ProposalStatus.Rejected] = "差し戻し", [ProposalStatus.Withdrawn] = "取り下げ",
    };

    public string StatusLabel => StatusLabels[Status];

    public static ServiceProposal Propose(DirectoryService? service, int organizationId, ServiceContent content, string? reason, string userName, DateTimeOffset now)
    {
        content.Validate();
        if (service is not null && service.OrganizationId != organizationId)
        {
            throw new DomainRuleException("提案できるのは、あなたの機関のサービスだけです。");
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if ((reason ?? "").Length > 1000)
        {
            throw new DomainRuleException("提案の理由は1000文字以内にしてください。");
        }

        return new ServiceProposal
        {
            Service = service, ServiceId = service?.Id, OrganizationId = organizationId, ContentJson = JsonSerializer.Serialize(content, Json),
            Reason = reason, Status = ProposalStatus.Pending, ProposedAt = now, ProposedBy = userName,
        };
    }

    public void Approve(string reviewer, string? note, DateTimeOffset now) => Decide(ProposalStatus.Approved, reviewer, note, now);

    public void Reject(string reviewer, string? note, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new DomainRuleException("差し戻す理由を入力してください。提案した人に伝わります。");
        }

        Decide(ProposalStatus.Rejected, reviewer, note, now);
    }

    public void Withdraw(string userName, DateTimeOffset now) => Decide(ProposalStatus.Withdrawn, userName, null, now);

    /// <summary>A new service proposed by a partner gets its id when it is approved and created.</summary>
    public void AttachTo(DirectoryService service)
    {
        Service = service;
        ServiceId = service.Id;
    }

    private void Decide(ProposalStatus status, string userName, string? note, DateTimeOffset now)
    {
        if (Status != ProposalStatus.Pending)
        {
            throw new DomainRuleException($"この提案はすでに「{StatusLabel}」です。");
        }

        if ((note ?? "").Length > 1000)
        {
            throw new DomainRuleException("コメントは1000文字以内にしてください。");
        }

        Status = status;
        ReviewedBy = userName;
        ReviewedAt = now;
        ReviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }
}

public enum RevisionKind
{
    Created,
    Edited,
    ProposalApproved,
    Published,
    Unpublished,
    Assured,
    Imported,
}

/// <summary>One step of a service's history: who did what when, and each changed field with its old and new value.</summary>
public sealed class ServiceRevision
{
    private static readonly JsonSerializerOptions Json = new();

    private ServiceRevision()
    {
    }

    public long Id { get; private set; }
    public Guid ServiceId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string By { get; private set; } = "";
    public RevisionKind Kind { get; private set; }
    public int? ProposalId { get; private set; }
    public string ChangesJson { get; private set; } = "[]";

    public IReadOnlyList<FieldChange> Changes => JsonSerializer.Deserialize<List<FieldChange>>(ChangesJson, Json) ?? [];

    public static readonly IReadOnlyDictionary<RevisionKind, string> KindLabels = new Dictionary<RevisionKind, string>
    {
        [RevisionKind.Created] = "登録", [RevisionKind.Edited] = "編集", [RevisionKind.ProposalApproved] = "提案を承認",
        [RevisionKind.Published] = "公開", [RevisionKind.Unpublished] = "非公開に変更", [RevisionKind.Assured] = "内容を確認", [RevisionKind.Imported] = "取込",
    };

    public string KindLabel => KindLabels[Kind];

    public static ServiceRevision Record(DirectoryService service, RevisionKind kind, IReadOnlyList<FieldChange> changes, string by, DateTimeOffset at, int? proposalId = null) => new()
    {
        ServiceId = service.Id, Kind = kind, ChangesJson = JsonSerializer.Serialize(changes, Json), By = by, At = at, ProposalId = proposalId,
    };
}

/// <summary>
/// One row whose token changes with every change a resident could see (a publish, an edit of a published service or of
/// a location it uses). Every instance keeps the published directory in memory and compares this token at most once a
/// second (<see cref="DirectoryCache"/>), so a change made on one instance reaches the others within that second.
/// </summary>
public sealed class DirectoryStamp
{
    public const int SingletonId = 1;
    public static readonly Guid Initial = new("0d7c3f1e-2a6b-4e8f-9c1d-5b3a7e9f0c21");

    public int Id { get; set; }
    public Guid Token { get; set; }

    /// <summary>Stages a new token in the caller's unit of work, without reading the row: the change and the stamp commit together.</summary>
    public static void Touch(NimoDbContext db)
    {
        var stamp = db.ChangeTracker.Entries<DirectoryStamp>().FirstOrDefault()?.Entity;
        if (stamp is null)
        {
            stamp = new DirectoryStamp { Id = SingletonId };
            db.Attach(stamp);
        }

        stamp.Token = Guid.NewGuid();
        db.Entry(stamp).Property(s => s.Token).IsModified = true;
    }
}
