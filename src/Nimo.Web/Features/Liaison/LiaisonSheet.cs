using Nimo.Features.Clients;
using Nimo.Features.Organizations;
using Nimo.Platform.Data;

namespace Nimo.Features.Liaison;

public enum LiaisonState { Sent, Acknowledged, Answered }

/// <summary>
/// 地域連携票 (川口市精神医療保健福祉地域連携票): a structured sheet from one organisation to another (hospital ↔
/// 保健所 ↔ 相談支援事業所) about one client. It can only be sent under a consent that covers the receiver on the
/// day; the receiver acknowledges it and answers.
/// </summary>
public sealed class LiaisonSheet : IVersioned
{
    private LiaisonSheet()
    {
    }

    public int Id { get; private set; }
    public int ClientId { get; private set; }
    public Client Client { get; private set; } = null!;
    public int FromOrganizationId { get; private set; }
    public Organization FromOrganization { get; private set; } = null!;
    public int ToOrganizationId { get; private set; }
    public Organization ToOrganization { get; private set; } = null!;
    public int ConsentId { get; private set; }
    public Consent Consent { get; private set; } = null!;
    public string Reason { get; private set; } = "";
    public string Situation { get; private set; } = "";
    public string? Request { get; private set; }
    public string? SenderContact { get; private set; }
    public DateTimeOffset SentAt { get; private set; }
    public string SentBy { get; private set; } = "";
    public LiaisonState State { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public string? AcknowledgedBy { get; private set; }
    public string? Answer { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public string? AnsweredBy { get; private set; }
    public Guid Version { get; set; }

    public static readonly IReadOnlyDictionary<LiaisonState, string> StateLabels = new Dictionary<LiaisonState, string>
    {
        [LiaisonState.Sent] = "未確認", [LiaisonState.Acknowledged] = "受領済", [LiaisonState.Answered] = "回答済",
    };

    public string StateLabel => StateLabels[State];

    public static LiaisonSheet Send(Client client, Organization from, Organization to, Consent consent, string reason, string situation, string? request,
        string? senderContact, DateOnly today, DateTimeOffset now, string userName)
    {
        if (from.Id == to.Id)
        {
            throw new DomainRuleException("送り先には、自分の機関以外を選んでください。");
        }

        if (consent.ClientId != client.Id || !consent.Covers(to.Id, ConsentPurpose.Liaison, today))
        {
            throw new DomainRuleException($"「{to.Name}」への情報提供に有効な同意がありません。同意(目的: 地域連携票による情報共有、または支援全般)に送り先の機関を含めて記録してください。");
        }

        return new LiaisonSheet
        {
            Client = client, ClientId = client.Id, FromOrganization = from, FromOrganizationId = from.Id, ToOrganization = to, ToOrganizationId = to.Id,
            Consent = consent, ConsentId = consent.Id, Reason = TextField.Required(reason, 1000, "連絡の理由"), Situation = TextField.Required(situation, 8000, "本人の状況"),
            Request = TextField.Optional(request, 4000, "依頼したいこと"), SenderContact = TextField.Optional(senderContact, 200, "連絡先(担当者)"),
            SentAt = now, SentBy = userName, State = LiaisonState.Sent,
        };
    }

    public void Acknowledge(int organizationId, DateTimeOffset now, string userName)
    {
        EnsureReceiver(organizationId);
        if (State != LiaisonState.Sent)
        {
            throw new DomainRuleException("この連携票はすでに受領済みです。");
        }

        State = LiaisonState.Acknowledged;
        AcknowledgedAt = now;
        AcknowledgedBy = userName;
    }

    public void Reply(int organizationId, string answer, DateTimeOffset now, string userName)
    {
        EnsureReceiver(organizationId);
        if (State == LiaisonState.Sent)
        {
            Acknowledge(organizationId, now, userName);
        }

        Answer = TextField.Required(answer, 8000, "回答");
        State = LiaisonState.Answered;
        AnsweredAt = now;
        AnsweredBy = userName;
    }

    private void EnsureReceiver(int organizationId)
    {
        if (organizationId != ToOrganizationId)
        {
            throw new DomainRuleException("受領・回答できるのは送り先の機関です。");
        }
    }
}
