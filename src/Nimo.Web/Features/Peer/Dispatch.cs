using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Peer;

/// <summary>
/// A request for supporters (依頼): one activity at one time and place, from a hospital, an agency, a forum, a person or an
/// inpatient (入院者訪問). It holds no client of the case records: the place and the kind of activity, never a patient's name.
/// Its state follows its offers: an acceptance confirms, a decline that leaves it short returns it to 調整中.
/// </summary>
public sealed class PeerRequest : IVersioned
{
    private readonly List<PeerDispatch> _dispatches = [];
    private readonly List<PeerVisitTopic> _topics = [];

    private PeerRequest()
    {
    }

    public int Id { get; private set; }
    public int ProgrammeId { get; private set; }
    public PeerProgramme Programme { get; private set; } = null!;
    public ActivityType Activity { get; private set; }
    public RequesterKind RequesterKind { get; private set; }
    /// <summary>Who asked (「○○病院 地域連携室」); for a visit the hospital and ward, never the inpatient's name.</summary>
    public string Requester { get; private set; } = "";
    /// <summary>The 市町村 or 圏域 where the activity takes place: what the counts roll up by.</summary>
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public string Place { get; private set; } = "";
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public string Purpose { get; private set; } = "";
    public int SupportersNeeded { get; private set; }
    /// <summary>For 入院者訪問: the admission category (master data), which says whether the law's conditions are met.</summary>
    public int? AdmissionCategoryId { get; private set; }
    public PeerCategory? AdmissionCategory { get; private set; }
    public RequestStatus Status { get; private set; }
    public string? CloseReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";

    // The report (活動報告), once the activity took place.
    public DateTimeOffset? ReportedAt { get; private set; }
    public string? ReportedBy { get; private set; }
    /// <summary>What was done (peer activities only: a visit keeps no text).</summary>
    public string? ReportSummary { get; private set; }
    public int? Participants { get; private set; }
    public VisitOutcome? VisitOutcome { get; private set; }
    public Guid Version { get; set; }

    public IReadOnlyList<PeerDispatch> Dispatches => _dispatches;
    public IReadOnlyList<PeerVisitTopic> Topics => _topics;

    public FiscalYear Year => FiscalYear.Of(StartsAt);
    public DateOnly Date => DateOnly.FromDateTime(JapanTime.ToJst(StartsAt).DateTime);
    public int Accepted => _dispatches.Count(d => d.State == DispatchState.Accepted);
    public int Pending => _dispatches.Count(d => d.State == DispatchState.Offered);
    public string StatusLabel => PeerLabels.Statuses[Status];
    public string ActivityLabel => PeerLabels.Activities[Activity];
    public string When => $"{JapaneseDate.Format(Date)} {JapanTime.ToJst(StartsAt):HH\\:mm}〜{JapanTime.ToJst(EndsAt):HH\\:mm}";

    public static PeerRequest Create(PeerProgramme programme, RequestDetails details, Region region, PeerCategory? admission, string regionPathOfProgramme, DateTimeOffset now, string by)
    {
        var request = new PeerRequest { Programme = programme, ProgrammeId = programme.Id, Status = RequestStatus.Open, CreatedAt = now, CreatedBy = by };
        request.Update(details, region, admission, regionPathOfProgramme);
        return request;
    }

    public void Update(RequestDetails d, Region region, PeerCategory? admission, string regionPathOfProgramme)
    {
        if (Status is RequestStatus.Held or RequestStatus.Cancelled or RequestStatus.NotMet)
        {
            throw new DomainRuleException("終わった依頼(実施済・中止・対応できず)は変更できません。");
        }

        if (_dispatches.Any(x => x.State is DispatchState.Offered or DispatchState.Accepted) && (d.StartsAt != StartsAt || d.EndsAt != EndsAt || d.Activity != Activity))
        {
            throw new DomainRuleException("打診中・確定の支援者がいる間は、日時と活動の種類を変えられません。先に打診を取り下げるか、確定を取り消してください。");
        }

        if (!region.Path.StartsWith(regionPathOfProgramme, StringComparison.Ordinal))
        {
            throw new DomainRuleException($"「{region.Name}」はこの事業の地域の外です。");
        }

        if (d.EndsAt <= d.StartsAt)
        {
            throw new DomainRuleException("終了時刻は開始時刻より後にしてください。");
        }

        if (d.EndsAt - d.StartsAt > TimeSpan.FromHours(12))
        {
            throw new DomainRuleException("1件の依頼は12時間以内にしてください。続く日程は別の依頼として登録してください。");
        }

        if (d.SupportersNeeded is < 1 or > 20)
        {
            throw new DomainRuleException("必要な人数は1人から20人までで入力してください。");
        }

        var needed = Math.Max(d.SupportersNeeded, d.Activity == ActivityType.HospitalVisit ? Programme.MinimumSupporters(ActivityType.HospitalVisit) : 1);
        if (d.Activity == ActivityType.HospitalVisit)
        {
            if (admission is null)
            {
                throw new DomainRuleException("入院者訪問の依頼には、入院の形態(訪問支援の対象か)を選んでください。");
            }

            if (d.RequesterKind is not (RequesterKind.Inpatient or RequesterKind.Hospital))
            {
                throw new DomainRuleException("入院者訪問は、入院中の本人からの依頼(病院を通じたものを含む)として受け付けてください。");
            }
        }
        else if (d.RequesterKind == RequesterKind.Inpatient)
        {
            throw new DomainRuleException("入院中の本人からの依頼は、活動の種類を「入院者訪問」にしてください。");
        }

        Activity = d.Activity;
        RequesterKind = d.RequesterKind;
        Requester = TextField.Required(d.Requester, TextLength.Title, "依頼者");
        Region = region;
        RegionId = region.Id;
        Place = TextField.Required(d.Place, TextLength.Title, "場所");
        StartsAt = d.StartsAt;
        EndsAt = d.EndsAt;
        Purpose = TextField.Required(d.Purpose, TextLength.Paragraph, "目的・内容");
        SupportersNeeded = needed;
        AdmissionCategory = d.Activity == ActivityType.HospitalVisit ? admission : null;
        AdmissionCategoryId = AdmissionCategory?.Id;
    }

    /// <summary>Whether <paramref name="supporter"/> may be offered this request, and if not, why (a whole sentence).</summary>
    public string? WhyNot(PeerSupporter supporter, TrainingLevel? required)
    {
        if (!supporter.IsActive)
        {
            return $"{supporter.Name}さんは活動終了として記録されています。";
        }

        if (!supporter.Does(Activity))
        {
            return $"{supporter.Name}さんは「{ActivityLabel}」を担当していません。";
        }

        if (Activity == ActivityType.HospitalVisit && supporter.Kind != SupporterKind.Visitor)
        {
            return $"入院者訪問には入院者訪問支援員を派遣してください。{supporter.Name}さんはピアサポーターです。";
        }

        if (!supporter.Covers(Region.Path))
        {
            return $"{supporter.Name}さんの活動地域に「{Region.Name}」は含まれていません。";
        }

        if (!supporter.IsTrainedFor(required, Date))
        {
            return $"{supporter.Name}さんは「{ActivityLabel}」に必要な{PeerLabels.Trainings[required!.Value]}の修了が記録されていません。";
        }

        if (supporter.NeedsRenewalFor(Year))
        {
            return $"{supporter.Name}さんは{Year.ToWareki()}の登録が更新されていません(要更新)。登録を更新するまで派遣を確定できません。";
        }

        if (!supporter.IsRegisteredFor(Year))
        {
            return $"{supporter.Name}さんは{Year.ToWareki()}の登録がありません。";
        }

        return null;
    }

    /// <summary>The sentence refusing a booking that overlaps one the supporter already accepted, or null.</summary>
    public string? Overlap(PeerSupporter supporter, IEnumerable<PeerDispatch> supporterBookings)
    {
        var clash = supporterBookings.FirstOrDefault(b => b.RequestId != Id && b.State == DispatchState.Accepted && b.StartsAt < EndsAt && StartsAt < b.EndsAt);
        return clash is null
            ? null
            : $"{supporter.Name}さんは{JapaneseDate.Format(DateOnly.FromDateTime(JapanTime.ToJst(clash.StartsAt).DateTime))} {JapanTime.ToJst(clash.StartsAt):HH\\:mm}〜{JapanTime.ToJst(clash.EndsAt):HH\\:mm}に別の派遣が確定しているため、時間の重なるこの依頼には派遣できません。";
    }

    private void RequireOpenForOffers()
    {
        if (Status is RequestStatus.Held or RequestStatus.Cancelled or RequestStatus.NotMet)
        {
            throw new DomainRuleException($"この依頼は「{StatusLabel}」です。打診はできません。");
        }
    }

    /// <summary>An offer (打診) to a supporter the request may go to; not a booking until they accept.</summary>
    public PeerDispatch Offer(PeerSupporter supporter, TrainingLevel? required, IEnumerable<PeerDispatch> supporterBookings, DateTimeOffset now, string by)
    {
        RequireOpenForOffers();
        if (WhyNot(supporter, required) is { } why)
        {
            throw new DomainRuleException(why);
        }

        if (_dispatches.Any(d => d.SupporterId == supporter.Id && d.State is DispatchState.Offered or DispatchState.Accepted))
        {
            throw new DomainRuleException($"{supporter.Name}さんにはすでに打診しています。");
        }

        if (Overlap(supporter, supporterBookings) is { } clash)
        {
            throw new DomainRuleException(clash);
        }

        var dispatch = new PeerDispatch(this, supporter, now, by);
        _dispatches.Add(dispatch);
        Recompute();
        return dispatch;
    }

    /// <summary>The supporter's answer, given in Nimo or by phone to the coordinator. Only an acceptance confirms.</summary>
    public void Answer(PeerDispatch dispatch, bool accept, AnswerChannel channel, TrainingLevel? required, IEnumerable<PeerDispatch> supporterBookings, DateTimeOffset now, string by)
    {
        RequireOpenForOffers();
        if (dispatch.State != DispatchState.Offered)
        {
            throw new DomainRuleException($"この打診はすでに「{dispatch.StateLabel}」です。");
        }

        if (accept)
        {
            if (Accepted >= SupportersNeeded)
            {
                throw new DomainRuleException("必要な人数がすでに確定しています。この打診は取り下げてください。");
            }

            if (WhyNot(dispatch.Supporter, required) is { } why)
            {
                throw new DomainRuleException(why);
            }

            if (Overlap(dispatch.Supporter, supporterBookings) is { } clash)
            {
                throw new DomainRuleException(clash);
            }

            dispatch.Supporter.MarkBooked(now);
        }

        dispatch.Answered(accept ? DispatchState.Accepted : DispatchState.Declined, channel, now, by);
        Recompute();
    }

    public void Withdraw(PeerDispatch dispatch, DateTimeOffset now, string by)
    {
        if (dispatch.State != DispatchState.Offered)
        {
            throw new DomainRuleException("回答待ちの打診だけを取り下げられます。");
        }

        dispatch.Answered(DispatchState.Withdrawn, AnswerChannel.Phone, now, by);
        Recompute();
    }

    /// <summary>An accepted booking called off before the day (kept, with who called it off).</summary>
    public void CancelDispatch(PeerDispatch dispatch, CancelledBy cancelledBy, string? reason, DateTimeOffset now, string by)
    {
        if (dispatch.State != DispatchState.Accepted || Status == RequestStatus.Held)
        {
            throw new DomainRuleException("確定していて、まだ実施報告のない派遣だけを取り消せます。");
        }

        dispatch.Cancel(cancelledBy, TextField.Optional(reason, TextLength.Title, "取消の理由"), now, by);
        Recompute();
    }

    /// <summary>A supporter who was booked and did not come: kept, and unpaid.</summary>
    public void MarkNoShow(PeerDispatch dispatch, DateTimeOffset now, string by)
    {
        if (dispatch.State != DispatchState.Accepted || now < StartsAt)
        {
            throw new DomainRuleException("不参加は、確定していた支援者について、活動の開始時刻の後に記録してください。");
        }

        dispatch.Cancel(null, null, now, by);
        Recompute();
    }

    public void Cancel(string? reason, DateTimeOffset now, string by) => Close(RequestStatus.Cancelled, reason, now, by);

    /// <summary>Closed without supporters: counted as a request not met.</summary>
    public void CloseNotMet(string? reason, DateTimeOffset now, string by) => Close(RequestStatus.NotMet, reason, now, by);

    private void Close(RequestStatus status, string? reason, DateTimeOffset now, string by)
    {
        if (Status == RequestStatus.Held)
        {
            throw new DomainRuleException("実施報告のある依頼は閉じられません。");
        }

        if (status == RequestStatus.NotMet && Accepted >= SupportersNeeded)
        {
            throw new DomainRuleException("支援者が確定している依頼は「対応できず」にできません。先に確定を取り消してください。");
        }

        CloseReason = TextField.Required(reason, TextLength.Title, status == RequestStatus.Cancelled ? "中止の理由" : "対応できなかった理由");
        foreach (var d in _dispatches.Where(d => d.State == DispatchState.Offered).ToList())
        {
            d.Answered(DispatchState.Withdrawn, AnswerChannel.Phone, now, by);
        }

        foreach (var d in _dispatches.Where(d => d.State == DispatchState.Accepted).ToList())
        {
            d.Cancel(CancelledBy.Requester, CloseReason, now, by);
        }

        Status = status;
    }

    /// <summary>
    /// The report: for peer activities what was done and how many took part (never a patient's name); for a visit only the
    /// outcome and the categories of what was asked, never what was said. Each supporter's minutes and travel are paid at
    /// the 年度's rate (<paramref name="rate"/>).
    /// </summary>
    public void Report(ReportDetails r, IReadOnlyCollection<PeerCategory> topics, PeerRate? rate, DateTimeOffset now, string by)
    {
        if (Status != RequestStatus.Confirmed && Status != RequestStatus.Held)
        {
            throw new DomainRuleException("実施報告は、支援者が確定した依頼について記録してください。");
        }

        if (now < StartsAt)
        {
            throw new DomainRuleException("実施報告は活動の開始時刻の後に記録してください。");
        }

        if (rate is null)
        {
            throw new DomainRuleException($"{Year.ToWareki()}の謝金・旅費の単価が登録されていません。システム管理者に単価表の登録を依頼してください。");
        }

        if (Activity == ActivityType.HospitalVisit)
        {
            if (r.Outcome is null)
            {
                throw new DomainRuleException("入院者訪問の結果(面会した・できなかった等)を選んでください。");
            }

            if (!string.IsNullOrWhiteSpace(r.Summary))
            {
                throw new DomainRuleException("入院者訪問の報告には、話された内容を書きません。相談された内容は分類だけを選んでください。");
            }

            if (topics.Any(t => t.Set != CategorySet.VisitTopic))
            {
                throw new DomainRuleException("相談内容の分類には、一覧にある分類を選んでください。");
            }

            VisitOutcome = r.Outcome;
            ReportSummary = null;
            Participants = null;
            _topics.Clear();
            _topics.AddRange(topics.Select(t => new PeerVisitTopic(t)));
        }
        else
        {
            ReportSummary = TextField.Required(r.Summary, TextLength.Section, "実施内容");
            if (r.Participants is not int n || n < 0 || n > 100_000)
            {
                throw new DomainRuleException("参加者数を0以上の数で入力してください。");
            }

            Participants = n;
            VisitOutcome = null;
        }

        var accepted = _dispatches.Where(d => d.State == DispatchState.Accepted).ToList();
        foreach (var d in accepted)
        {
            var time = r.Times.FirstOrDefault(t => t.DispatchId == d.Id);
            d.Settle(time?.Minutes ?? (int)(EndsAt - StartsAt).TotalMinutes, time?.TravelYen, rate);
        }

        ReportedAt = now;
        ReportedBy = by;
        Status = RequestStatus.Held;
    }

    /// <summary>調整中 when nobody is asked or every offer ended short, 打診中 while answers are awaited, 確定 once enough accepted.</summary>
    private void Recompute()
    {
        if (Status is RequestStatus.Held or RequestStatus.Cancelled or RequestStatus.NotMet)
        {
            return;
        }

        Status = Accepted >= SupportersNeeded ? RequestStatus.Confirmed : Pending > 0 ? RequestStatus.Offering : RequestStatus.Open;
    }
}

public sealed record RequestDetails(ActivityType Activity, RequesterKind RequesterKind, string? Requester, string? Place, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    string? Purpose, int SupportersNeeded);

public sealed record ReportDetails(string? Summary, int? Participants, VisitOutcome? Outcome, IReadOnlyList<DispatchTime> Times);

public sealed record DispatchTime(int DispatchId, int? Minutes, int? TravelYen);

/// <summary>One supporter on one request: an offer and what became of it, and once reported, the time and the pay.</summary>
public sealed class PeerDispatch
{
    private PeerDispatch()
    {
    }

    internal PeerDispatch(PeerRequest request, PeerSupporter supporter, DateTimeOffset now, string by)
    {
        Request = request;
        Supporter = supporter;
        SupporterId = supporter.Id;
        StartsAt = request.StartsAt;
        EndsAt = request.EndsAt;
        State = DispatchState.Offered;
        OfferedAt = now;
        OfferedBy = by;
    }

    public int Id { get; private set; }
    public int RequestId { get; private set; }
    public PeerRequest Request { get; private set; } = null!;
    public int SupporterId { get; private set; }
    public PeerSupporter Supporter { get; private set; } = null!;
    /// <summary>Copied from the request, so that a supporter's bookings can be checked for overlap in one query.</summary>
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public DispatchState State { get; private set; }
    public DateTimeOffset OfferedAt { get; private set; }
    public string OfferedBy { get; private set; } = "";
    public DateTimeOffset? AnsweredAt { get; private set; }
    public AnswerChannel? Channel { get; private set; }
    public string? AnsweredBy { get; private set; }
    public CancelledBy? CancelledBy { get; private set; }
    public string? CancelReason { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    // Pay, fixed when the activity is reported, at the rate of its 年度 (a later change of the rate table does not change it).
    public int? Minutes { get; private set; }
    public int? HonorariumYen { get; private set; }
    public int? TravelYen { get; private set; }
    public string? HonorariumBudget { get; private set; }
    public string? TravelBudget { get; private set; }
    public RoundingRule? Rounding { get; private set; }
    public int? HourlyYen { get; private set; }

    public string StateLabel => PeerLabels.DispatchStates[State];
    public int PayYen => (HonorariumYen ?? 0) + (TravelYen ?? 0);

    internal void Answered(DispatchState state, AnswerChannel channel, DateTimeOffset now, string by)
    {
        State = state;
        Channel = channel;
        AnsweredAt = now;
        AnsweredBy = by;
    }

    internal void Cancel(CancelledBy? cancelledBy, string? reason, DateTimeOffset now, string by)
    {
        State = cancelledBy is null ? DispatchState.NoShow : DispatchState.Cancelled;
        CancelledBy = cancelledBy;
        CancelReason = reason;
        CancelledAt = now;
        AnsweredBy ??= by;
    }

    internal void Settle(int minutes, int? travelYen, PeerRate rate)
    {
        if (minutes is < 1 or > 720)
        {
            throw new DomainRuleException($"{Supporter.Name}さんの活動時間は1分から720分までで入力してください。");
        }

        if (travelYen is < 0 or > 100_000)
        {
            throw new DomainRuleException($"{Supporter.Name}さんの交通費は0円から100,000円までで入力してください。");
        }

        Minutes = minutes;
        HourlyYen = rate.HourlyYen;
        Rounding = rate.Rounding;
        HonorariumYen = rate.Honorarium(minutes);
        TravelYen = rate.TravelBasis == TravelBasis.Flat ? rate.FlatTravelYen : travelYen ?? throw new DomainRuleException($"{Supporter.Name}さんの交通費(実費)を入力してください。");
        HonorariumBudget = rate.HonorariumBudget;
        TravelBudget = rate.TravelBudget;
    }
}

/// <summary>A category of what was asked at a visit (master data), never what was said.</summary>
public sealed class PeerVisitTopic
{
    private PeerVisitTopic()
    {
    }

    internal PeerVisitTopic(PeerCategory category)
    {
        Category = category;
        CategoryId = category.Id;
    }

    public int RequestId { get; private set; }
    public int CategoryId { get; private set; }
    public PeerCategory Category { get; private set; } = null!;
}

/// <summary>
/// 謝金・旅費の単価表 of one registry for one 年度 (administrators keep it): the hourly honorarium, how a fraction of a yen is
/// rounded, travel as a flat amount per activity or the fare reported, and the budget lines (予算科目) each is booked to.
/// </summary>
public sealed class PeerRate : IVersioned
{
    private PeerRate()
    {
    }

    public int Id { get; private set; }
    public int ProgrammeId { get; private set; }
    public int FiscalYear { get; private set; }
    public int HourlyYen { get; private set; }
    public RoundingRule Rounding { get; private set; }
    public TravelBasis TravelBasis { get; private set; }
    public int FlatTravelYen { get; private set; }
    public string HonorariumBudget { get; private set; } = "";
    public string TravelBudget { get; private set; } = "";
    public Guid Version { get; set; }

    /// <summary>How the honorarium is worked out, in the words printed on every statement.</summary>
    public string RuleText => $"謝金 = 時間単価{HourlyYen:#,0}円 × 活動時間(分) ÷ 60、1円未満{PeerLabels.Roundings[Rounding]}。交通費: {PeerLabels.TravelBases[TravelBasis]}"
        + (TravelBasis == TravelBasis.Flat ? $" {FlatTravelYen:#,0}円。" : "。");

    public static PeerRate Create(int programmeId, int fiscalYear, int hourlyYen, RoundingRule rounding, TravelBasis travel, int flatTravelYen, string? honorariumBudget, string? travelBudget)
    {
        var rate = new PeerRate { ProgrammeId = programmeId, FiscalYear = fiscalYear };
        rate.Update(hourlyYen, rounding, travel, flatTravelYen, honorariumBudget, travelBudget);
        return rate;
    }

    public void Update(int hourlyYen, RoundingRule rounding, TravelBasis travel, int flatTravelYen, string? honorariumBudget, string? travelBudget)
    {
        if (hourlyYen is < 1 or > 100_000)
        {
            throw new DomainRuleException("時間単価は1円から100,000円までで入力してください。");
        }

        if (flatTravelYen is < 0 or > 100_000)
        {
            throw new DomainRuleException("交通費(定額)は0円から100,000円までで入力してください。");
        }

        HourlyYen = hourlyYen;
        Rounding = rounding;
        TravelBasis = travel;
        FlatTravelYen = travel == TravelBasis.Flat ? flatTravelYen : 0;
        HonorariumBudget = TextField.Required(honorariumBudget, TextLength.Title, "謝金の予算科目");
        TravelBudget = TextField.Required(travelBudget, TextLength.Title, "旅費の予算科目");
    }

    /// <summary>minutes × hourly ÷ 60, rounded to whole yen by the stated rule (computed in integers: no floating point).</summary>
    public int Honorarium(int minutes)
    {
        var numerator = (long)minutes * HourlyYen;
        var whole = numerator / 60;
        var remainder = numerator % 60;
        return (int)(Rounding switch
        {
            RoundingRule.Down => whole,
            RoundingRule.Up => remainder > 0 ? whole + 1 : whole,
            _ => remainder * 2 >= 60 ? whole + 1 : whole,
        });
    }
}
