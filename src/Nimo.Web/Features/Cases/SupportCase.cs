using Nimo.Features.Clients;
using Nimo.Features.Organizations;
using Nimo.Platform.Data;

namespace Nimo.Features.Cases;

public enum Programme { Consultation, Outreach, DischargeSupport, CommunityTransition, CommunityRetention }

/// <summary>Where a case is. Each programme uses some of these; <see cref="SupportCase"/> enforces its own moves.</summary>
public enum CaseState
{
    /// <summary>紹介・通知を受けた (アウトリーチの紹介、退院後支援の病院からの通知).</summary>
    Referred,
    /// <summary>所内会議で対象か検討中 (アウトリーチ).</summary>
    UnderReview,
    /// <summary>支援中.</summary>
    Active,
    /// <summary>同意がなく計画は作らず、相談支援のみ (退院後支援).</summary>
    ConsultationOnly,
    /// <summary>対象外と判断.</summary>
    Declined,
    Ended,
}

public enum EndReason { PeriodEnded, PersonRequested, Readmitted, MovedAway, NoLongerNeeded, GoalReached, Other }

/// <summary>
/// 支援ケース: one client in one programme, owned by one organisation, with its staff, its own state machine and,
/// for 退院後支援, the plan and its rules (2018 guideline) in <see cref="DischargePlan"/>.
/// </summary>
public sealed class SupportCase : IVersioned
{
    private readonly List<CaseNote> _notes = [];
    private readonly List<CaseConference> _conferences = [];
    private readonly List<Grant> _grants = [];

    private SupportCase()
    {
    }

    public int Id { get; private set; }
    public int ClientId { get; private set; }
    public Client Client { get; private set; } = null!;
    public int OwnerOrganizationId { get; private set; }
    public Organization OwnerOrganization { get; private set; } = null!;
    public Programme Programme { get; private set; }
    public CaseState State { get; private set; }
    /// <summary>担当者 (user name) and 担当チーム as the office writes them.</summary>
    public string? AssignedStaff { get; private set; }
    public string? Team { get; private set; }
    public DateOnly OpenedOn { get; private set; }
    public DateOnly? ReviewedOn { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    public EndReason? EndReason { get; private set; }
    public string? EndNote { get; private set; }
    public string? Referral { get; private set; }
    public DischargePlan? DischargePlan { get; private set; }
    public Guid Version { get; set; }
    public IReadOnlyList<CaseNote> Notes => _notes;
    public IReadOnlyList<CaseConference> Conferences => _conferences;
    public IReadOnlyList<Grant> Grants => _grants;

    public static readonly IReadOnlyDictionary<Programme, string> ProgrammeLabels = new Dictionary<Programme, string>
    {
        [Programme.Consultation] = "相談", [Programme.Outreach] = "アウトリーチ支援", [Programme.DischargeSupport] = "措置入院者等退院後支援",
        [Programme.CommunityTransition] = "地域移行支援", [Programme.CommunityRetention] = "地域定着支援",
    };

    public static readonly IReadOnlyDictionary<CaseState, string> StateLabels = new Dictionary<CaseState, string>
    {
        [CaseState.Referred] = "受付", [CaseState.UnderReview] = "所内会議で検討中", [CaseState.Active] = "支援中",
        [CaseState.ConsultationOnly] = "相談支援のみ", [CaseState.Declined] = "対象外", [CaseState.Ended] = "終了",
    };

    public static readonly IReadOnlyDictionary<EndReason, string> EndReasonLabels = new Dictionary<EndReason, string>
    {
        [Cases.EndReason.PeriodEnded] = "期間満了", [Cases.EndReason.PersonRequested] = "本人の申出", [Cases.EndReason.Readmitted] = "再入院",
        [Cases.EndReason.MovedAway] = "転居", [Cases.EndReason.NoLongerNeeded] = "支援不要", [Cases.EndReason.GoalReached] = "目標達成", [Cases.EndReason.Other] = "その他",
    };

    public string ProgrammeLabel => ProgrammeLabels[Programme];
    public string StateLabel => StateLabels[State];
    public bool IsOpen => State is not (CaseState.Ended or CaseState.Declined);

    /// <summary>The consent purpose that shares this case with another organisation (支援全般 shares every case).</summary>
    public static ConsentPurpose PurposeFor(Programme programme) => programme switch
    {
        Programme.Outreach => ConsentPurpose.Outreach,
        Programme.DischargeSupport => ConsentPurpose.DischargeSupport,
        Programme.Consultation => ConsentPurpose.Consultation,
        Programme.CommunityTransition or Programme.CommunityRetention => ConsentPurpose.CommunityTransition,
        _ => ConsentPurpose.General,
    };

    /// <summary>Only the owner's own clients: another organisation's client is reached through a consent and a liaison sheet, not a case.</summary>
    public static SupportCase Open(Client client, Programme programme, DateOnly openedOn, string? assignedStaff, string? team, string? referral, DateOnly today)
    {
        if (client.IsMerged)
        {
            throw new DomainRuleException("統合済みの記録には支援ケースを作れません。");
        }

        if (openedOn > today)
        {
            throw new DomainRuleException("開始日に未来の日付は入力できません。");
        }

        var c = new SupportCase
        {
            Client = client, ClientId = client.Id, OwnerOrganizationId = client.OwnerOrganizationId, Programme = programme, OpenedOn = openedOn,
            State = programme is Programme.Outreach or Programme.DischargeSupport ? CaseState.Referred : CaseState.Active,
        };
        c.Assign(assignedStaff, team);
        c.Referral = TextField.Optional(referral, 2000, "紹介・通知の内容");
        return c;
    }

    public void Assign(string? staff, string? team)
    {
        AssignedStaff = TextField.Optional(staff, 100, "担当者");
        Team = TextField.Optional(team, 200, "担当チーム");
    }

    /// <summary>アウトリーチ: the monthly in-house meeting (所内会議) takes it up, then decides.</summary>
    public void SendToReview()
    {
        Require(Programme.Outreach, CaseState.Referred, "所内会議にかけられるのは、受付済みのアウトリーチのケースです。");
        State = CaseState.UnderReview;
    }

    public void DecideEligibility(bool eligible, DateOnly meetingDate, string? note)
    {
        Require(Programme.Outreach, CaseState.UnderReview, "対象かどうかは、所内会議で検討中のケースについて決めます。");
        if (meetingDate < OpenedOn)
        {
            throw new DomainRuleException("所内会議の日付が受付日より前です。");
        }

        ReviewedOn = meetingDate;
        State = eligible ? CaseState.Active : CaseState.Declined;
        if (!eligible)
        {
            ClosedOn = meetingDate;
            EndNote = TextField.Optional(note, 2000, "理由");
        }
    }

    /// <summary>
    /// 退院後支援: a plan only with a recorded consent that covers it (ガイドライン: no consent, no plan). The plan is
    /// owned by this case's organisation, the 保健所設置自治体 of the home after discharge.
    /// </summary>
    public DischargePlan MakeDischargePlan(Consent consent, DateOnly today)
    {
        Require(Programme.DischargeSupport, null, "退院後支援計画は、措置入院者等退院後支援のケースで作成します。");
        if (State is not (CaseState.Referred or CaseState.ConsultationOnly))
        {
            throw new DomainRuleException("計画は、受付後または相談支援のみの状態から作成します。");
        }

        if (consent.ClientId != ClientId || !consent.IsActiveOn(today) || consent.Purpose is not (ConsentPurpose.DischargeSupport or ConsentPurpose.General))
        {
            throw new DomainRuleException("退院後支援計画は、本人(または家族)の同意を記録してから作成します。有効な「退院後支援」の同意がありません。同意が得られない場合は「相談支援のみ」として記録してください。");
        }

        DischargePlan = new DischargePlan(this, consent);
        return DischargePlan;
    }

    /// <summary>No consent after a full explanation: no plan, but 相談支援 continues (ガイドライン).</summary>
    public void ConsultationOnly(string? note)
    {
        Require(Programme.DischargeSupport, CaseState.Referred, "「相談支援のみ」にできるのは、受付済みの退院後支援のケースです。");
        State = CaseState.ConsultationOnly;
        EndNote = TextField.Optional(note, 2000, "経過");
    }

    /// <summary>Discharged: support starts and its period runs from the day after.</summary>
    public void StartSupport(DateOnly dischargedOn, DischargeSupportRules rules, DateOnly today)
    {
        Require(Programme.DischargeSupport, null, "退院日を記録するのは退院後支援のケースです。");
        if (DischargePlan is null)
        {
            throw new DomainRuleException("退院後支援計画(同意を含む)を作成してから支援を開始してください。");
        }

        if (State != CaseState.Referred)
        {
            throw new DomainRuleException("支援はすでに開始しているか、終了しています。");
        }

        if (dischargedOn > today)
        {
            throw new DomainRuleException("退院日に未来の日付は入力できません。退院後に記録してください。");
        }

        DischargePlan.Discharge(dischargedOn, rules);
        State = CaseState.Active;
    }

    public void AddGrant(GrantKind kind, DateOnly decidedOn, int? months, bool livesInGroupHome)
    {
        var expected = kind == GrantKind.Transition ? Programme.CommunityTransition : Programme.CommunityRetention;
        Require(expected, CaseState.Active, $"{SupportCase.ProgrammeLabels[expected]}の支給決定は、支援中のケースに記録します。");
        var previous = _grants.Where(g => g.Kind == kind).MaxBy(g => g.ValidUntil);
        _grants.Add(Grant.Decide(this, kind, decidedOn, months, livesInGroupHome, previous));
    }

    public CaseNote AddNote(DateTimeOffset at, NoteKind kind, int? minutes, string staff, string? topic, string content) =>
        AddNote(at, hasTime: true, kind, minutes, staff, topic, content);

    /// <summary>A note on a day, with the time when the person gave one: a note without a time shows none (not 00:00).</summary>
    public CaseNote AddNote(DateOnly date, TimeOnly? time, NoteKind kind, int? minutes, string staff, string? topic, string content) =>
        AddNote(new DateTimeOffset(date.ToDateTime(time ?? TimeOnly.MinValue), Platform.Japanese.JapanTime.Offset), time is not null, kind, minutes, staff, topic, content);

    private CaseNote AddNote(DateTimeOffset at, bool hasTime, NoteKind kind, int? minutes, string staff, string? topic, string content)
    {
        if (State is CaseState.Declined)
        {
            throw new DomainRuleException("対象外としたケースには記録を追加できません。");
        }

        var note = CaseNote.Create(this, at, hasTime, kind, minutes, staff, topic, content);
        _notes.Add(note);
        return note;
    }

    public CaseConference HoldConference(DateOnly heldOn, string purpose, string? summary)
    {
        var conference = CaseConference.Create(this, heldOn, purpose, summary);
        _conferences.Add(conference);
        return conference;
    }

    public void End(EndReason reason, DateOnly on, string? note)
    {
        if (!IsOpen)
        {
            throw new DomainRuleException("このケースはすでに終了しています。");
        }

        if (on < OpenedOn)
        {
            throw new DomainRuleException("終了日が開始日より前です。");
        }

        if (Programme == Programme.DischargeSupport && reason == Cases.EndReason.PeriodEnded && DischargePlan?.PeriodEndsOn is DateOnly end && on < end)
        {
            throw new DomainRuleException($"支援期間は{Platform.Japanese.JapaneseDate.Format(end)}までです。期間満了での終了はそれ以降に記録してください。");
        }

        State = CaseState.Ended;
        EndReason = reason;
        ClosedOn = on;
        EndNote = TextField.Optional(note, 2000, "終了時の経過");
    }

    /// <summary>Days of support: from discharge (退院後支援) or the start, to the end or <paramref name="today"/>.</summary>
    public int SupportDays(DateOnly today)
    {
        var from = DischargePlan?.DischargedOn ?? OpenedOn;
        var to = ClosedOn ?? today;
        return Math.Max(0, to.DayNumber - from.DayNumber);
    }

    /// <summary>
    /// The day by which the open case must be dealt with: the end of the 退院後支援 period, or the end of the newest grant
    /// of 地域移行・地域定着支援 (grants loaded). Null when nothing runs out.
    /// </summary>
    public DateOnly? DueOn => State != CaseState.Active ? null
        : Programme == Programme.DischargeSupport ? DischargePlan?.PeriodEndsOn
        : Programme is Programme.CommunityTransition or Programme.CommunityRetention && _grants.Count > 0 ? _grants.Max(g => g.ValidUntil)
        : null;

    /// <summary>
    /// Past its period or grant with nothing recorded: 期限切れ until someone extends, renews or ends it. Overdue work needs
    /// more attention, never less, so it stays listed however long ago the date was.
    /// </summary>
    public int? DaysOverdue(DateOnly today) => DueOn is DateOnly due && due < today ? today.DayNumber - due.DayNumber : null;

    private void Require(Programme programme, CaseState? state, string message)
    {
        if (Programme != programme || (state is CaseState s && State != s))
        {
            throw new DomainRuleException(message);
        }
    }
}

/// <summary>The guideline's periods, marked [M] (unverified wording): master data an administrator can change, not constants.</summary>
public sealed class DischargeSupportRules
{
    /// <summary>原則として退院後6か月以内.</summary>
    public int DefaultMonths { get; set; } = 6;

    /// <summary>Extension: up to about 1年以内 after discharge.</summary>
    public int MaxMonths { get; set; } = 12;
}

public enum AdmissionType { Involuntary, EmergencyInvoluntary, MedicalProtection, Voluntary, Other }

public enum HandoverState { None, Pending, Sent }

/// <summary>
/// 退院後支援計画 (参考様式1): the person's wishes, the family's views, needs, the services with who provides them and
/// how to reach them, a crisis plan, the period, the contact person, and the consent it rests on.
/// </summary>
public sealed class DischargePlan
{
    private readonly List<PlanService> _services = [];

    private DischargePlan()
    {
    }

    internal DischargePlan(SupportCase supportCase, Consent consent)
    {
        // The id only: the consent row is the client's, and stays as it is.
        Case = supportCase;
        ConsentId = consent.Id;
    }

    public int Id { get; private set; }
    public int CaseId { get; private set; }
    public SupportCase Case { get; private set; } = null!;
    public int ConsentId { get; private set; }
    public Consent Consent { get; private set; } = null!;
    public AdmissionType AdmissionType { get; private set; }
    public string? Hospital { get; private set; }
    public DateOnly? AdmittedOn { get; private set; }
    public DateOnly? PlannedDischargeOn { get; private set; }
    public DateOnly? DischargedOn { get; private set; }
    public string? Wishes { get; private set; }
    public string? FamilyViews { get; private set; }
    public string? ResidenceAfter { get; private set; }
    public string? Needs { get; private set; }
    public string? CrisisPlan { get; private set; }
    public string? ContactPerson { get; private set; }
    /// <summary>共同で作成した自治体 (the one that ordered the 措置, when the home is elsewhere); null = 単独.</summary>
    public string? JointWith { get; private set; }
    public DateOnly? PeriodEndsOn { get; private set; }
    public int Extensions { get; private set; }
    public string? ExtensionReason { get; private set; }
    public HandoverState Handover { get; private set; }
    public string? HandoverTo { get; private set; }
    public int? HandoverConsentId { get; private set; }
    public IReadOnlyList<PlanService> Services => _services;

    public bool IsJoint => JointWith is not null;

    public static readonly IReadOnlyDictionary<AdmissionType, string> AdmissionTypeLabels = new Dictionary<AdmissionType, string>
    {
        [AdmissionType.Involuntary] = "措置入院", [AdmissionType.EmergencyInvoluntary] = "緊急措置入院", [AdmissionType.MedicalProtection] = "医療保護入院",
        [AdmissionType.Voluntary] = "任意入院", [AdmissionType.Other] = "その他",
    };

    public string AdmissionTypeLabel => AdmissionTypeLabels.GetValueOrDefault(AdmissionType, "その他");

    public void Update(AdmissionType admissionType, string? hospital, DateOnly? admittedOn, DateOnly? plannedDischargeOn, string? wishes, string? familyViews,
        string? residenceAfter, string? needs, string? crisisPlan, string? contactPerson, string? jointWith, IEnumerable<PlanServiceEntry> services)
    {
        AdmissionType = admissionType;
        Hospital = TextField.Optional(hospital, 200, "入院先");
        AdmittedOn = admittedOn;
        PlannedDischargeOn = plannedDischargeOn is DateOnly p && admittedOn is DateOnly a && p < a
            ? throw new DomainRuleException("退院予定日が入院日より前です。")
            : plannedDischargeOn;
        Wishes = TextField.Optional(wishes, 2000, "退院後の生活に関する本人の希望");
        FamilyViews = TextField.Optional(familyViews, 2000, "家族その他の支援者の意見");
        ResidenceAfter = TextField.Optional(residenceAfter, 300, "退院後の居住先");
        Needs = TextField.Optional(needs, 4000, "本人の支援ニーズ・課題");
        CrisisPlan = TextField.Optional(crisisPlan, 4000, "病状が悪化した場合の対処方針");
        ContactPerson = TextField.Optional(contactPerson, 200, "作成主体の担当者");
        JointWith = TextField.Optional(jointWith, 200, "共同作成した自治体");
        var rows = new List<PlanService>();
        var n = 0;
        foreach (var entry in services)
        {
            n++;
            // A row left wholly blank is no row; a row with anything in it must say what and who.
            if (entry.IsBlank)
            {
                continue;
            }

            var content = TextField.Optional(entry.Content, 100, $"{n}行目の支援の内容")
                ?? throw new DomainRuleException($"退院後に必要な支援の{n}行目: 支援の内容を入力してください。");
            var provider = entry.Organization?.Name ?? TextField.Optional(entry.Provider, 200, $"{n}行目の担当する機関")
                ?? throw new DomainRuleException($"退院後に必要な支援の{n}行目: 担当する機関を一覧から選ぶか、登録されていない機関の名前を入力してください。");
            rows.Add(new PlanService(content, provider, TextField.Optional(entry.Contact, 200, $"{n}行目の連絡先") ?? entry.Organization?.Phone, entry.Organization?.Id));
        }

        _services.Clear();
        _services.AddRange(rows);
    }

    internal void Discharge(DateOnly dischargedOn, DischargeSupportRules rules)
    {
        if (AdmittedOn is DateOnly a && dischargedOn < a)
        {
            throw new DomainRuleException("退院日が入院日より前です。");
        }

        DischargedOn = dischargedOn;
        PeriodEndsOn = DefaultEnd(dischargedOn, rules);
    }

    /// <summary>原則6か月: discharged 2024-04-10 → supported to 2024-10-09.</summary>
    public static DateOnly DefaultEnd(DateOnly dischargedOn, DischargeSupportRules rules) => dischargedOn.AddMonths(rules.DefaultMonths).AddDays(-1);

    /// <summary>The latest end an extension may reach: 1年以内 after discharge (2024-04-10 → 2025-04-09).</summary>
    public static DateOnly LatestEnd(DateOnly dischargedOn, DischargeSupportRules rules) => dischargedOn.AddMonths(rules.MaxMonths).AddDays(-1);

    /// <summary>Extension: decided at a 会議 with renewed consent, never past the latest end.</summary>
    public void Extend(DateOnly until, string reason, Consent renewedConsent, DischargeSupportRules rules, DateOnly today)
    {
        if (DischargedOn is not DateOnly discharged || PeriodEndsOn is not DateOnly current)
        {
            throw new DomainRuleException("退院日を記録してから延長してください。");
        }

        if (!renewedConsent.IsActiveOn(today) || renewedConsent.ClientId != Case.ClientId)
        {
            throw new DomainRuleException("延長には、改めて本人の同意を記録してください。");
        }

        var latest = LatestEnd(discharged, rules);
        if (until > latest)
        {
            throw new DomainRuleException($"支援期間の延長は退院後{rules.MaxMonths}か月({Platform.Japanese.JapaneseDate.Format(latest)})までです。");
        }

        if (until <= current)
        {
            throw new DomainRuleException("延長後の期限は、いまの期限より後にしてください。");
        }

        PeriodEndsOn = until;
        Extensions++;
        ExtensionReason = TextField.Required(reason, 1000, "延長の理由");
    }

    /// <summary>
    /// 転居: the home moves to another 保健所設置自治体 during support. A handover task is created; the plan and its
    /// information go across only with the person's consent (<paramref name="consent"/> covering the new owner).
    /// </summary>
    public void MoveTo(string newMunicipality, Consent? consent, DateOnly today, int? receivingOrganizationId)
    {
        if (Case.State != CaseState.Active)
        {
            throw new DomainRuleException("転居の引継ぎは、支援中のケースで記録します。");
        }

        HandoverTo = TextField.Required(newMunicipality, 100, "転居先の自治体");
        if (consent is not null && receivingOrganizationId is int org && consent.Covers(org, ConsentPurpose.DischargeSupport, today))
        {
            HandoverConsentId = consent.Id;
            Handover = HandoverState.Sent;
        }
        else
        {
            // The task stays open: nothing goes across until consent is recorded.
            HandoverConsentId = null;
            Handover = HandoverState.Pending;
        }
    }
}

/// <summary>
/// 退院後に必要な医療等の支援: what, by whom, how to reach them. The provider is a registered organisation when there is one
/// (<see cref="OrganizationId"/>); its name is kept as written on the day, as the plan handed to the person says it.
/// </summary>
public sealed class PlanService(string kind, string provider, string? contact, int? organizationId)
{
    public int Id { get; private set; }
    public int DischargePlanId { get; private set; }
    public string Kind { get; private set; } = kind;
    public string Provider { get; private set; } = provider;
    public string? Contact { get; private set; } = contact;
    public int? OrganizationId { get; private set; } = organizationId;
}

/// <summary>One row of 退院後に必要な支援 as entered: the content, a registered organisation or the name of one that is not, the contact.</summary>
public sealed record PlanServiceEntry(string? Content, Organization? Organization, string? Provider, string? Contact)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Content) && Organization is null && string.IsNullOrWhiteSpace(Provider) && string.IsNullOrWhiteSpace(Contact);
}

public enum GrantKind { Transition, Retention }

/// <summary>
/// 支給決定 of 地域移行支援 (6 months plus the rest of the month of the decision; renewal up to 6 more months) or
/// 地域定着支援 (1 year, renewable; not for group-home residents).
/// </summary>
public sealed class Grant
{
    private Grant()
    {
    }

    public int Id { get; private set; }
    public int CaseId { get; private set; }
    public GrantKind Kind { get; private set; }
    public DateOnly DecidedOn { get; private set; }
    public DateOnly ValidFrom { get; private set; }
    public DateOnly ValidUntil { get; private set; }
    public bool IsRenewal { get; private set; }

    internal static Grant Decide(SupportCase supportCase, GrantKind kind, DateOnly decidedOn, int? months, bool livesInGroupHome, Grant? previous)
    {
        if (kind == GrantKind.Retention && livesInGroupHome)
        {
            throw new DomainRuleException("グループホームの入居者は地域定着支援の対象になりません。");
        }

        var renewal = previous is not null;
        var from = renewal ? previous!.ValidUntil.AddDays(1) : decidedOn;
        DateOnly until;
        if (kind == GrantKind.Transition)
        {
            if (renewal)
            {
                var m = months ?? 6;
                if (m is < 1 or > 6)
                {
                    throw new DomainRuleException("地域移行支援の更新は6か月以内です。");
                }

                until = from.AddMonths(m).AddDays(-1);
            }
            else
            {
                until = TransitionEnd(decidedOn);
            }
        }
        else
        {
            if (months is int m && m != 12)
            {
                throw new DomainRuleException("地域定着支援の支給決定期間は1年です。");
            }

            until = from.AddYears(1).AddDays(-1);
        }

        return new Grant { CaseId = supportCase.Id, Kind = kind, DecidedOn = decidedOn, ValidFrom = from, ValidUntil = until, IsRenewal = renewal };
    }

    /// <summary>6 months plus the rest of the month: decided 2024-06-15 → 2024-12-31; decided on the 1st → exactly 6 months.</summary>
    public static DateOnly TransitionEnd(DateOnly decidedOn)
    {
        if (decidedOn.Day == 1)
        {
            return decidedOn.AddMonths(6).AddDays(-1);
        }

        var sixLater = decidedOn.AddMonths(6);
        return new DateOnly(sixLater.Year, sixLater.Month, DateTime.DaysInMonth(sixLater.Year, sixLater.Month));
    }
}

public enum NoteKind { Visit, Phone, Interview, Conference, Accompanied, Other }

/// <summary>支援記録: a visit, a call, an interview, with time, staff and content.</summary>
public sealed class CaseNote
{
    private CaseNote()
    {
    }

    public int Id { get; private set; }
    public int CaseId { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    /// <summary>False when only the day was given: the note then shows its date alone.</summary>
    public bool HasTime { get; private set; } = true;
    public NoteKind Kind { get; private set; }
    public int? Minutes { get; private set; }
    public string Staff { get; private set; } = "";
    public string? Topic { get; private set; }
    public string Content { get; private set; } = "";

    public static readonly IReadOnlyDictionary<NoteKind, string> KindLabels = new Dictionary<NoteKind, string>
    {
        [NoteKind.Visit] = "訪問", [NoteKind.Phone] = "電話", [NoteKind.Interview] = "面接", [NoteKind.Conference] = "会議", [NoteKind.Accompanied] = "同行", [NoteKind.Other] = "その他",
    };

    public string When => HasTime ? Platform.Japanese.JapaneseDate.Format(OccurredAt) : Platform.Japanese.JapaneseDate.Format(DateOnly.FromDateTime(Platform.Japanese.JapanTime.ToJst(OccurredAt).DateTime));

    internal static CaseNote Create(SupportCase c, DateTimeOffset at, bool hasTime, NoteKind kind, int? minutes, string staff, string? topic, string content) => new()
    {
        CaseId = c.Id, OccurredAt = at, HasTime = hasTime, Kind = kind,
        Minutes = minutes is < 0 or > 1440 ? throw new DomainRuleException("所要時間は0〜1440分で入力してください。") : minutes,
        Staff = TextField.Required(staff, 100, "記録者"), Topic = TextField.Optional(topic, 200, "主な内容"), Content = TextField.Required(content, 8000, "記録"),
    };
}

/// <summary>Who an attendee of a 支援関係者会議 is (ガイドライン: 作成主体, 帰住先市町村, 入院先病院, 通院先医療機関, 地域援助事業者 …).</summary>
public enum AttendeeKind { Person, Family, HealthCenter, Municipality, Hospital, Clinic, Provider, Police, Other }

/// <summary>
/// 支援関係者会議 / ケース会議: who came and what was agreed. A police attendee is blocked unless the exception is
/// recorded: the reason (the person's own support, never crime prevention) and the agreement of the person, the
/// family and the other members (ガイドライン). An attendee is police when the kind says so, when the organisation picked
/// is registered as police, or when the name or the organisation typed reads as police (「目黒警察署 生活安全課 巡査」):
/// no way of entering an officer gets past the rule.
/// </summary>
public sealed class CaseConference
{
    private readonly List<ConferenceAttendee> _attendees = [];

    private CaseConference()
    {
    }

    public int Id { get; private set; }
    public int CaseId { get; private set; }
    public DateOnly HeldOn { get; private set; }
    public string Purpose { get; private set; } = "";
    public string? Summary { get; private set; }
    public string? PoliceReason { get; private set; }
    public bool PersonAgreed { get; private set; }
    public bool FamilyAgreed { get; private set; }
    public bool MembersAgreed { get; private set; }
    public IReadOnlyList<ConferenceAttendee> Attendees => _attendees;

    /// <summary>In the order of the form's select: the person, the family, then the bodies the guideline names.</summary>
    public static readonly IReadOnlyDictionary<AttendeeKind, string> KindLabels = new Dictionary<AttendeeKind, string>
    {
        [AttendeeKind.Person] = "本人", [AttendeeKind.Family] = "家族", [AttendeeKind.HealthCenter] = "作成主体(保健所等)", [AttendeeKind.Municipality] = "帰住先市町村",
        [AttendeeKind.Hospital] = "入院先病院", [AttendeeKind.Clinic] = "通院先医療機関", [AttendeeKind.Provider] = "地域援助事業者", [AttendeeKind.Police] = "警察",
        [AttendeeKind.Other] = "その他",
    };

    /// <summary>
    /// Stored before attendees were structured, an officer could be recorded as その他 with no exception: such a record is
    /// shown with a warning rather than hidden (the migration classified the attendees it could read as police).
    /// </summary>
    public bool LacksPoliceException => _attendees.Any(a => a.Kind == AttendeeKind.Police) && (PoliceReason is null || !PersonAgreed || !FamilyAgreed || !MembersAgreed);

    internal static CaseConference Create(SupportCase c, DateOnly heldOn, string purpose, string? summary) => new()
    {
        CaseId = c.Id, HeldOn = heldOn, Purpose = TextField.Required(purpose, 200, "会議の目的"), Summary = TextField.Optional(summary, 8000, "協議の内容"),
    };

    public void SetAttendees(IEnumerable<ConferenceAttendeeEntry> attendees, string? policeReason, bool personAgreed, bool familyAgreed, bool membersAgreed)
    {
        var rows = new List<ConferenceAttendee>();
        var police = new List<string>();
        var n = 0;
        foreach (var entry in attendees)
        {
            n++;
            if (entry.IsBlank)
            {
                continue;
            }

            var name = TextField.Optional(entry.Name, 100, $"参加者の{n}行目の氏名")
                ?? throw new DomainRuleException($"参加者の{n}行目: 氏名(または職名)を入力してください。");
            var affiliation = entry.Organization?.Name ?? TextField.Optional(entry.Affiliation, 200, $"参加者の{n}行目の所属");
            var kind = IsPolice(entry) ? AttendeeKind.Police : entry.Kind;
            if (kind == AttendeeKind.Police)
            {
                police.Add(affiliation is null ? name : $"{name}({affiliation})");
            }

            rows.Add(new ConferenceAttendee(name, affiliation, kind, entry.Organization?.Id));
        }

        if (rows.Count == 0)
        {
            throw new DomainRuleException("参加者を1人以上入力してください。");
        }

        if (police.Count > 0 && (string.IsNullOrWhiteSpace(policeReason) || !personAgreed || !familyAgreed || !membersAgreed))
        {
            throw new DomainRuleException($"警察は、犯罪防止を目的として参加することはできません。{string.Join("、", police.Select(p => $"「{p}」"))}は警察の方として扱います。本人の支援のために例外的に参加する場合は、その理由と、本人・家族・他の参加者の同意をすべて記録してください。");
        }

        PoliceReason = police.Count > 0 ? TextField.Required(policeReason, 1000, "警察が参加する理由") : null;
        (PersonAgreed, FamilyAgreed, MembersAgreed) = police.Count > 0 ? (personAgreed, familyAgreed, membersAgreed) : (false, false, false);
        _attendees.Clear();
        _attendees.AddRange(rows);
    }

    /// <summary>
    /// Police by the kind chosen, by the registered organisation's kind, or by the words typed. A registered organisation
    /// of another kind is taken at its word (東京警察病院 is a hospital), and 「警察病院」 typed is not police either.
    /// </summary>
    public static bool IsPolice(ConferenceAttendeeEntry entry) =>
        entry.Kind == AttendeeKind.Police || entry.Organization?.Kind == OrganizationKind.Police || ReadsAsPolice(entry.Name)
        || (entry.Organization is null && ReadsAsPolice(entry.Affiliation));

    private static readonly string[] PoliceWords = ["警察", "警視庁", "県警", "府警", "道警", "交番", "駐在所", "巡査", "警部"];

    public static bool ReadsAsPolice(string? text)
    {
        var key = Platform.Japanese.TextNormalizer.SearchKey(text).Replace("警察病院", "", StringComparison.Ordinal);
        return PoliceWords.Any(w => key.Contains(w, StringComparison.Ordinal));
    }
}

/// <summary>One attendee as entered: name, a registered organisation or the name of one that is not, and the kind.</summary>
public sealed record ConferenceAttendeeEntry(string? Name, Organization? Organization, string? Affiliation, AttendeeKind Kind)
{
    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && Organization is null && string.IsNullOrWhiteSpace(Affiliation);
}

/// <summary>An attendee: the name, the organisation as it was called on the day (registered when <see cref="OrganizationId"/> is set), the kind.</summary>
public sealed class ConferenceAttendee(string name, string? affiliation, AttendeeKind kind, int? organizationId)
{
    public int Id { get; private set; }
    public int ConferenceId { get; private set; }
    public string Name { get; private set; } = name;
    public string? Affiliation { get; private set; } = affiliation;
    public AttendeeKind Kind { get; private set; } = kind;
    public int? OrganizationId { get; private set; } = organizationId;

    public string KindLabel => CaseConference.KindLabels[Kind];
}
