
namespace Nimo.Features.Peer;

/// <summary>ピアサポーター (登録派遣) or 入院者訪問支援員 (精神保健福祉法35条の2–3, appointed by the 都道府県・指定都市).</summary>
public enum SupporterKind { Peer, Visitor }

/// <summary>What a supporter is asked to do. One request is one activity.</summary>
public enum ActivityType { HospitalExchange, Talk, Accompaniment, PeerCounselling, HospitalVisit }

/// <summary>The activities a supporter takes on (a set; stored as one number, queried bit by bit).</summary>
[Flags]
public enum ActivityTypes
{
    None = 0,
    HospitalExchange = 1,
    Talk = 2,
    Accompaniment = 4,
    PeerCounselling = 8,
    HospitalVisit = 16,
}

/// <summary>基礎研修・専門研修 (障害者ピアサポート研修) and 養成研修 (入院者訪問支援員).</summary>
public enum TrainingLevel { Basic, Specialist, VisitorInduction }

public enum RequesterKind { Hospital, Agency, Forum, Person, Inpatient }

/// <summary>
/// 調整中 (nobody asked yet, or every offer declined), 打診中 (offers out), 確定 (enough acceptances), 実施済 (a report
/// approved), 中止 (called off), 対応できず (closed without a supporter: counted as a request not met).
/// </summary>
public enum RequestStatus { Open, Offering, Confirmed, Held, Cancelled, NotMet }

/// <summary>An offer to one supporter and what became of it. Only <see cref="Accepted"/> books the supporter.</summary>
public enum DispatchState { Offered, Accepted, Declined, Withdrawn, Cancelled, NoShow }

/// <summary>How the supporter's answer reached Nimo: on their own page, or by phone recorded by the coordinator.</summary>
public enum AnswerChannel { Nimo, Phone }

public enum CancelledBy { Requester, Supporter, Coordinator }

/// <summary>What happened at a hospital visit; nothing of what was said is kept.</summary>
public enum VisitOutcome { Met, NotMet, Declined }

public enum RoundingRule { Up, Down, Nearest }

public enum TravelBasis { Flat, Actual }

/// <summary>Master data lists: 入院の形態 (does the admission meet the law's conditions) and 相談内容の分類 for visit reports.</summary>
public enum CategorySet { AdmissionCategory, VisitTopic }

/// <summary>What people read for each term; identifiers stay English (docs/glossary.md).</summary>
public static class PeerLabels
{
    public static readonly IReadOnlyDictionary<SupporterKind, string> Kinds = new Dictionary<SupporterKind, string>
    {
        [SupporterKind.Peer] = "ピアサポーター", [SupporterKind.Visitor] = "入院者訪問支援員",
    };

    public static readonly IReadOnlyDictionary<ActivityType, string> Activities = new Dictionary<ActivityType, string>
    {
        [ActivityType.HospitalExchange] = "病院交流会",
        [ActivityType.Talk] = "体験発表・講演",
        [ActivityType.Accompaniment] = "地域移行の同行",
        [ActivityType.PeerCounselling] = "ピア相談",
        [ActivityType.HospitalVisit] = "入院者訪問",
    };

    public static readonly IReadOnlyDictionary<TrainingLevel, string> Trainings = new Dictionary<TrainingLevel, string>
    {
        [TrainingLevel.Basic] = "基礎研修", [TrainingLevel.Specialist] = "専門研修", [TrainingLevel.VisitorInduction] = "養成研修(入院者訪問支援員)",
    };

    public static readonly IReadOnlyDictionary<RequesterKind, string> Requesters = new Dictionary<RequesterKind, string>
    {
        [RequesterKind.Hospital] = "病院", [RequesterKind.Agency] = "関係機関", [RequesterKind.Forum] = "協議の場",
        [RequesterKind.Person] = "個人", [RequesterKind.Inpatient] = "入院中の本人",
    };

    public static readonly IReadOnlyDictionary<RequestStatus, string> Statuses = new Dictionary<RequestStatus, string>
    {
        [RequestStatus.Open] = "調整中", [RequestStatus.Offering] = "打診中", [RequestStatus.Confirmed] = "確定",
        [RequestStatus.Held] = "実施済", [RequestStatus.Cancelled] = "中止", [RequestStatus.NotMet] = "対応できず",
    };

    public static readonly IReadOnlyDictionary<DispatchState, string> DispatchStates = new Dictionary<DispatchState, string>
    {
        [DispatchState.Offered] = "打診中(回答待ち)", [DispatchState.Accepted] = "承諾(確定)", [DispatchState.Declined] = "辞退",
        [DispatchState.Withdrawn] = "打診取り下げ", [DispatchState.Cancelled] = "取消", [DispatchState.NoShow] = "不参加(連絡なし)",
    };

    public static readonly IReadOnlyDictionary<AnswerChannel, string> Channels = new Dictionary<AnswerChannel, string>
    {
        [AnswerChannel.Nimo] = "本人がNimoで回答", [AnswerChannel.Phone] = "電話(調整担当者が記録)",
    };

    public static readonly IReadOnlyDictionary<CancelledBy, string> Cancellers = new Dictionary<CancelledBy, string>
    {
        [CancelledBy.Requester] = "依頼者の都合", [CancelledBy.Supporter] = "支援者の都合", [CancelledBy.Coordinator] = "事務局の判断",
    };

    public static readonly IReadOnlyDictionary<VisitOutcome, string> Outcomes = new Dictionary<VisitOutcome, string>
    {
        [VisitOutcome.Met] = "面会した", [VisitOutcome.NotMet] = "面会できなかった(本人不在・体調等)", [VisitOutcome.Declined] = "本人が面会を辞退した",
    };

    public static readonly IReadOnlyDictionary<RoundingRule, string> Roundings = new Dictionary<RoundingRule, string>
    {
        [RoundingRule.Up] = "切り上げ", [RoundingRule.Down] = "切り捨て", [RoundingRule.Nearest] = "四捨五入",
    };

    public static readonly IReadOnlyDictionary<TravelBasis, string> TravelBases = new Dictionary<TravelBasis, string>
    {
        [TravelBasis.Flat] = "定額(1回あたり)", [TravelBasis.Actual] = "実費(報告された運賃)",
    };

    public static readonly IReadOnlyDictionary<CategorySet, string> CategorySets = new Dictionary<CategorySet, string>
    {
        [CategorySet.AdmissionCategory] = "入院の形態(入院者訪問の対象か)", [CategorySet.VisitTopic] = "入院者訪問で相談された内容の分類",
    };

    public static readonly IReadOnlyList<string> Weekdays = ["日", "月", "火", "水", "木", "金", "土"];

    public static ActivityTypes Flag(ActivityType activity) => (ActivityTypes)(1 << (int)activity);

    public static IEnumerable<ActivityType> Each(ActivityTypes set) => Enum.GetValues<ActivityType>().Where(a => set.HasFlag(Flag(a)));

    public static string List(ActivityTypes set) => set == ActivityTypes.None ? "—" : string.Join("、", Each(set).Select(a => Activities[a]));
}
