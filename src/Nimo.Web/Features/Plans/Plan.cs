using System.Globalization;
using System.Text.RegularExpressions;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Plans;

public enum PlanState { Draft, Evaluated }

public enum ScheduleKind { LongTerm, ThisYear }

public static class PlanLabels
{
    public static readonly IReadOnlyDictionary<PeriodBasis, string> Bases = new Dictionary<PeriodBasis, string>
    {
        [PeriodBasis.Unspecified] = "指定なし", [PeriodBasis.PerYear] = "年あたり", [PeriodBasis.PerMonth] = "月あたり", [PeriodBasis.Cumulative] = "累計",
    };

    public static readonly IReadOnlyDictionary<Direction, string> Directions = new Dictionary<Direction, string>
    {
        [Direction.MoreIsBetter] = "多いほどよい", [Direction.LessIsBetter] = "少ないほどよい", [Direction.Exact] = "目標どおりがよい",
    };

    /// <summary>The sheet's four role columns (課題・方針に対する役割) and its four linkage rows (各部門の連携状況).</summary>
    public static readonly IReadOnlyList<string> RoleSectors = ["行政", "医療", "福祉", "その他関係機関・住民等"];

    public static readonly IReadOnlyList<string> LinkageSectors = ["保健", "医療", "福祉", "その他関係機関・住民等"];
}

/// <summary>The texts of a plan that are typed as prose, edited together on one form.</summary>
public sealed record PlanTexts(
    string? Title, string? Lead, string? Vision, string? Overview, string? Strengths, string? System, string? OtherMatters,
    int? UsageEndYear, string? LongTermGoal, string? ShortTermGoal, string? SmallSteps,
    IReadOnlyList<string?> Linkage, IReadOnlyList<string?> LinkageRemarks);

/// <summary>
/// A region's plan for one 年度: the chain 課題 → 取組方針 → roles per sector → 指標 → schedule, and at 年度末 its
/// evaluation. Once evaluated the plan is frozen (the actuals are the record of that year) until someone reopens it
/// with a reason.
/// </summary>
public sealed class Plan : IVersioned
{
    private readonly List<PlanChallenge> _challenges = [];
    private readonly List<PlanIndicator> _indicators = [];
    private readonly List<ScheduleItem> _schedule = [];

    private Plan()
    {
    }

    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public int FiscalYear { get; private set; }
    /// <summary>Title or slogan at the head of the sheet.</summary>
    public string? Title { get; private set; }
    public string? Lead { get; private set; }
    /// <summary>地域ビジョン (地域のあるべき姿).</summary>
    public string? Vision { get; private set; }
    /// <summary>§2 取組概要(全体).</summary>
    public string? Overview { get; private set; }
    /// <summary>§5 【特徴(強み)】.</summary>
    public string? Strengths { get; private set; }
    /// <summary>§6 【にも包括構築の体制】.</summary>
    public string? SystemDescription { get; private set; }
    /// <summary>§7 【その他事項】: questions for the adviser.</summary>
    public string? OtherMatters { get; private set; }
    /// <summary>§8 事業利用予定年数: the last 年度 of using the 構築支援事業; null is 未定.</summary>
    public int? UsageEndYear { get; private set; }
    public string? LongTermGoal { get; private set; }
    public string? ShortTermGoal { get; private set; }
    public string? SmallSteps { get; private set; }
    public string? HealthLinkage { get; private set; }
    public string? HealthRemarks { get; private set; }
    public string? MedicalLinkage { get; private set; }
    public string? MedicalRemarks { get; private set; }
    public string? WelfareLinkage { get; private set; }
    public string? WelfareRemarks { get; private set; }
    public string? OtherLinkage { get; private set; }
    public string? OtherRemarks { get; private set; }
    public PlanState State { get; private set; }
    public DateTimeOffset? EvaluatedAt { get; private set; }
    public string? EvaluatedBy { get; private set; }
    /// <summary>Why an evaluated plan was opened again, kept with the plan.</summary>
    public string? ReopenReason { get; private set; }
    public int? CopiedFromPlanId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; } = "";
    public Guid Version { get; set; }

    public IReadOnlyList<PlanChallenge> Challenges => _challenges;
    public IReadOnlyList<PlanIndicator> Indicators => _indicators;
    public IReadOnlyList<ScheduleItem> Schedule => _schedule;

    public FiscalYear Year => new(FiscalYear);
    public bool IsEvaluated => State == PlanState.Evaluated;

    public IReadOnlyList<string?> Linkage => [HealthLinkage, MedicalLinkage, WelfareLinkage, OtherLinkage];
    public IReadOnlyList<string?> LinkageRemarks => [HealthRemarks, MedicalRemarks, WelfareRemarks, OtherRemarks];

    public IEnumerable<PlanChallenge> OrderedChallenges => _challenges.OrderBy(c => c.SortOrder).ThenBy(c => c.Id);
    public IEnumerable<PlanIndicator> OrderedIndicators => _indicators.OrderBy(i => i.SortOrder).ThenBy(i => i.Id);

    public IEnumerable<ScheduleItem> ScheduleOf(ScheduleKind kind) => _schedule.Where(s => s.Kind == kind)
        .OrderBy(s => kind == ScheduleKind.LongTerm ? s.FiscalYear ?? int.MaxValue : s.MonthKey ?? int.MaxValue).ThenBy(s => s.SortOrder).ThenBy(s => s.Id);

    /// <summary>「令和8年度まで」, or 「未定」.</summary>
    public string UsageEndText => UsageEndYear is int y ? new FiscalYear(y).ToWareki() + "まで" : "未定";

    public static Plan Create(Region region, int fiscalYear)
    {
        if (!Platform.Japanese.FiscalYear.IsSupported(fiscalYear))
        {
            throw new DomainRuleException("年度が範囲外です。");
        }

        return new Plan { Region = region, RegionId = region.Id, FiscalYear = fiscalYear };
    }

    public void EnsureEditable()
    {
        if (IsEvaluated)
        {
            throw new DomainRuleException($"{Year.ToWareki()}の計画は評価を確定済みのため変更できません。変更するには、理由を記録して評価を取り消してください。");
        }
    }

    public void SetTexts(PlanTexts t)
    {
        EnsureEditable();
        if (t.UsageEndYear is int end && (end < FiscalYear || !Platform.Japanese.FiscalYear.IsSupported(end)))
        {
            throw new DomainRuleException("事業利用予定年数は、この計画の年度以降の年度で入力してください。");
        }

        if (t.Linkage.Count != 4 || t.LinkageRemarks.Count != 4)
        {
            throw new ArgumentException("Four linkage rows are expected.", nameof(t));
        }

        Title = TextField.Lines(t.Title, TextLength.Title, "タイトル");
        Lead = TextField.Lines(t.Lead, TextLength.Section, "リード文");
        Vision = TextField.Lines(t.Vision, TextLength.Section, "地域ビジョン");
        Overview = TextField.Lines(t.Overview, TextLength.Document, "取組概要");
        Strengths = TextField.Lines(t.Strengths, TextLength.Section, "特徴(強み)");
        SystemDescription = TextField.Lines(t.System, TextLength.Section, "にも包括構築の体制");
        OtherMatters = TextField.Lines(t.OtherMatters, TextLength.Section, "その他事項");
        UsageEndYear = t.UsageEndYear;
        LongTermGoal = TextField.Lines(t.LongTermGoal, TextLength.Note, "長期目標");
        ShortTermGoal = TextField.Lines(t.ShortTermGoal, TextLength.Note, "短期目標");
        SmallSteps = TextField.Lines(t.SmallSteps, TextLength.Note, "スモールステップ");
        (HealthLinkage, MedicalLinkage, WelfareLinkage, OtherLinkage) =
            (TextField.Lines(t.Linkage[0], TextLength.Note, "連携状況"), TextField.Lines(t.Linkage[1], TextLength.Note, "連携状況"), TextField.Lines(t.Linkage[2], TextLength.Note, "連携状況"), TextField.Lines(t.Linkage[3], TextLength.Note, "連携状況"));
        (HealthRemarks, MedicalRemarks, WelfareRemarks, OtherRemarks) =
            (TextField.Lines(t.LinkageRemarks[0], TextLength.Note, "強み・課題等"), TextField.Lines(t.LinkageRemarks[1], TextLength.Note, "強み・課題等"), TextField.Lines(t.LinkageRemarks[2], TextLength.Note, "強み・課題等"), TextField.Lines(t.LinkageRemarks[3], TextLength.Note, "強み・課題等"));
    }

    public PlanTexts Texts => new(Title, Lead, Vision, Overview, Strengths, SystemDescription, OtherMatters, UsageEndYear, LongTermGoal, ShortTermGoal, SmallSteps, Linkage, LinkageRemarks);

    public PlanChallenge AddChallenge(string title, string? policy, IReadOnlyList<string?> roles, int? regionalIssueId)
    {
        EnsureEditable();
        var challenge = new PlanChallenge { Plan = this, SortOrder = NextOrder(_challenges.Select(c => c.SortOrder)) };
        challenge.Set(title, policy, roles);
        challenge.RegionalIssueId = regionalIssueId;
        _challenges.Add(challenge);
        return challenge;
    }

    public void UpdateChallenge(PlanChallenge challenge, string title, string? policy, IReadOnlyList<string?> roles)
    {
        EnsureEditable();
        challenge.Set(title, policy, roles);
    }

    public void RemoveChallenge(PlanChallenge challenge)
    {
        EnsureEditable();
        foreach (var indicator in _indicators.Where(i => i.ChallengeId == challenge.Id || i.Challenge == challenge))
        {
            indicator.Challenge = null;
            indicator.ChallengeId = null;
        }

        _challenges.Remove(challenge);
    }

    public PlanIndicator AddIndicator(IndicatorInput input)
    {
        EnsureEditable();
        var indicator = new PlanIndicator { Plan = this, SortOrder = NextOrder(_indicators.Select(i => i.SortOrder)) };
        indicator.Set(input, Challenge(input.ChallengeId));
        _indicators.Add(indicator);
        return indicator;
    }

    public void UpdateIndicator(PlanIndicator indicator, IndicatorInput input)
    {
        EnsureEditable();
        indicator.Set(input, Challenge(input.ChallengeId));
    }

    /// <summary>実績値 and 具体的な成果・効果, written at 年度末 (a live indicator's actual is its count).</summary>
    public void RecordResult(PlanIndicator indicator, string? actual, string? achievedEffect)
    {
        EnsureEditable();
        indicator.RecordResult(actual, achievedEffect);
    }

    public void RemoveIndicator(PlanIndicator indicator)
    {
        EnsureEditable();
        _indicators.Remove(indicator);
    }

    public ScheduleItem AddScheduleItem(ScheduleKind kind, int? fiscalYear, string? when, string title, string? detail, int? meetingId)
    {
        EnsureEditable();
        var item = new ScheduleItem { Plan = this, Kind = kind, SortOrder = NextOrder(_schedule.Where(s => s.Kind == kind).Select(s => s.SortOrder)) };
        item.Set(FiscalYear, fiscalYear, when, title, detail, meetingId);
        _schedule.Add(item);
        return item;
    }

    public void UpdateScheduleItem(ScheduleItem item, int? fiscalYear, string? when, string title, string? detail, int? meetingId)
    {
        EnsureEditable();
        item.Set(FiscalYear, fiscalYear, when, title, detail, meetingId);
    }

    public void SetScheduleDone(ScheduleItem item, bool done)
    {
        EnsureEditable();
        item.Done = done;
    }

    public void RemoveScheduleItem(ScheduleItem item)
    {
        EnsureEditable();
        _schedule.Remove(item);
    }

    /// <summary>
    /// 年度末の評価: every actual is fixed (a live indicator's count becomes its typed actual, so later records do not
    /// change a closed year) and the plan is frozen with who confirmed it.
    /// </summary>
    public void Evaluate(IReadOnlyDictionary<int, int> liveCounts, string userName, DateTimeOffset now)
    {
        EnsureEditable();
        var missing = _indicators.Where(i => i.Source is null && string.IsNullOrWhiteSpace(i.Actual)).Select(i => $"「{i.Name}」").ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException($"実績値が未入力の指標があります: {string.Join("、", missing)}。実績値(把握できない場合はその旨)を入力してから確定してください。");
        }

        // A source no feature registers any more (a module taken out) has no count to freeze: the indicator is re-bound first.
        var uncounted = _indicators.Where(i => i.Source is not null && !liveCounts.ContainsKey(i.Id)).Select(i => $"「{i.Name}」").ToList();
        if (uncounted.Count > 0)
        {
            throw new DomainRuleException($"集計元が見つからない指標があります: {string.Join("、", uncounted)}。集計元を選び直すか「手入力」にしてから確定してください。");
        }

        foreach (var indicator in _indicators.Where(i => i.Source is not null))
        {
            var count = liveCounts[indicator.Id];
            indicator.Actual = count.ToString(CultureInfo.InvariantCulture) + (indicator.Unit ?? "");
            indicator.ActualFromLiveCount = true;
        }

        State = PlanState.Evaluated;
        EvaluatedAt = now;
        EvaluatedBy = userName;
        ReopenReason = null;
    }

    /// <summary>評価・見直し of one challenge, written at 年度末 before the evaluation is confirmed.</summary>
    public void SetReview(PlanChallenge challenge, string? note)
    {
        EnsureEditable();
        challenge.ReviewNote = TextField.Lines(note, TextLength.Section, "評価・見直し");
    }

    /// <summary>Opens an evaluated plan again. The reason stays on the plan and in the audit log.</summary>
    public void Reopen(string reason)
    {
        if (!IsEvaluated)
        {
            throw new DomainRuleException("この計画はまだ評価を確定していません。");
        }

        ReopenReason = TextField.Lines(reason, TextLength.Paragraph, "取消の理由") ?? throw new DomainRuleException("評価を取り消す理由を入力してください。");
        State = PlanState.Draft;
        foreach (var indicator in _indicators.Where(i => i.ActualFromLiveCount))
        {
            // A live indicator counts live again; its frozen number goes back to being computed.
            indicator.Actual = null;
            indicator.ActualFromLiveCount = false;
        }
    }

    /// <summary>
    /// A later 年度's plan from this one (the next, or one after skipped years; the years between get no plan): the
    /// texts, the challenges and indicators with links back to these, the live bindings, and each indicator's baseline
    /// from this year's actual, or this year's baseline when there is no actual. The monthly schedule is per year and
    /// is not carried; long-term rows from the new 年度 on are. The counts say where each baseline came from.
    /// </summary>
    /// <param name="fiscalYear">The 年度 of the new plan, after this one's.</param>
    /// <param name="actuals">
    /// This year's actual of each indicator as the copy may carry it: a live count, or a frozen one, in the form everyone
    /// who reads the plan may see (a protected count of personal records stays 「10件未満」, ADR 0005). Indicators not in it
    /// carry their typed actual.
    /// </param>
    public (Plan Plan, CarriedBaselines Baselines) CopyTo(int fiscalYear, IReadOnlyDictionary<int, string?> actuals)
    {
        if (fiscalYear <= FiscalYear)
        {
            throw new DomainRuleException($"{Year.ToWareki()}の計画は、これより後の年度にだけ引き継げます。");
        }

        var next = Create(Region, fiscalYear);
        next.CopiedFromPlanId = Id;
        next.SetTexts(Texts with { UsageEndYear = UsageEndYear is int y && y >= fiscalYear ? y : null });
        var challengeMap = new Dictionary<PlanChallenge, PlanChallenge>();
        foreach (var c in OrderedChallenges)
        {
            var copy = next.AddChallenge(c.Title, c.Policy, c.Roles, c.RegionalIssueId);
            copy.CarriedFromId = c.Id;
            challengeMap[c] = copy;
        }

        var (fromActual, fromBaseline, empty) = (0, 0, 0);
        foreach (var i in OrderedIndicators)
        {
            var actual = actuals.TryGetValue(i.Id, out var carried) ? carried : i.Actual;
            var baseline = actual ?? i.Baseline;
            if (actual is not null)
            {
                fromActual++;
            }
            else if (baseline is not null)
            {
                fromBaseline++;
            }
            else
            {
                empty++;
            }

            var copy = next.AddIndicator(new IndicatorInput(i.Name, i.Unit, i.Basis, i.Direction, baseline, i.Target, null, i.Population,
                i.ExpectedEffect, null, null, null, null));
            // The source by its key, as stored: next year counts the same records, whether or not its module is still there.
            copy.BindSource(i.Source, i.SourceForumId);
            copy.Challenge = i.Challenge is { } ch && challengeMap.TryGetValue(ch, out var mapped) ? mapped : null;
            copy.CarriedFromId = i.Id;
        }

        foreach (var s in ScheduleOf(ScheduleKind.LongTerm).Where(s => s.FiscalYear is null || s.FiscalYear >= fiscalYear))
        {
            next.AddScheduleItem(ScheduleKind.LongTerm, s.FiscalYear, null, s.Title, s.Detail, null);
        }

        return (next, new CarriedBaselines(FiscalYear, fiscalYear, fromActual, fromBaseline, empty));
    }

    public void Stamp(string userName, DateTimeOffset now)
    {
        UpdatedBy = userName;
        UpdatedAt = now;
    }

    private PlanChallenge? Challenge(int? id) => id is int cid
        ? _challenges.FirstOrDefault(c => c.Id == cid) ?? throw new DomainRuleException("選んだ課題がこの計画にありません。")
        : null;

    private static int NextOrder(IEnumerable<int> orders) => orders.DefaultIfEmpty(0).Max() + 1;

}

/// <summary>Where the baselines of a carried-over plan came from: the source year's actuals, its baselines, or nothing.</summary>
public sealed record CarriedBaselines(int FromYear, int ToYear, int FromActual, int FromBaseline, int Empty)
{
    /// <summary>What was done, in whole sentences, for the message after copying.</summary>
    public string Describe()
    {
        var from = new FiscalYear(FromYear).ToWareki();
        var to = new FiscalYear(ToYear).ToWareki();
        var lines = new List<string> { $"{from}の計画を引き継いで、{to}の計画を作成しました。" };
        if (FromActual + FromBaseline + Empty == 0)
        {
            lines.Add($"{from}の計画に指標はありませんでした。");
        }

        if (FromActual > 0)
        {
            lines.Add($"指標{FromActual}件の現状値には、{from}の実績値を入れました。");
        }

        if (FromBaseline > 0)
        {
            lines.Add($"{from}の実績値がない指標{FromBaseline}件には、{from}の現状値をそのまま入れました。");
        }

        if (Empty > 0)
        {
            lines.Add($"実績値も現状値もない指標{Empty}件は、現状値を空欄にしました。");
        }

        if (ToYear - FromYear == 2)
        {
            lines.Add($"{new FiscalYear(FromYear + 1).ToWareki()}の計画はないため、現状値が{to}当初の値として正しいか確かめてください。");
        }
        else if (ToYear - FromYear > 2)
        {
            lines.Add($"{new FiscalYear(FromYear + 1).ToWareki()}から{new FiscalYear(ToYear - 1).ToWareki()}までの計画はないため、現状値が{to}当初の値として正しいか確かめてください。");
        }

        return string.Concat(lines);
    }
}

/// <summary>A row of the sheet's 課題 table: 課題, 取組方針, and what each sector does about it.</summary>
public sealed class PlanChallenge
{
    internal PlanChallenge()
    {
    }

    public int Id { get; private set; }
    public int PlanId { get; private set; }
    public Plan Plan { get; internal set; } = null!;
    public int SortOrder { get; internal set; }
    public string Title { get; private set; } = "";
    public string? Policy { get; private set; }
    public string? RoleGovernment { get; private set; }
    public string? RoleMedical { get; private set; }
    public string? RoleWelfare { get; private set; }
    public string? RoleOthers { get; private set; }
    /// <summary>評価・見直し at 年度末.</summary>
    public string? ReviewNote { get; internal set; }
    /// <summary>The regional issue (from a forum) this challenge takes up.</summary>
    public int? RegionalIssueId { get; internal set; }
    /// <summary>Last year's challenge this continues.</summary>
    public int? CarriedFromId { get; internal set; }

    public IReadOnlyList<string?> Roles => [RoleGovernment, RoleMedical, RoleWelfare, RoleOthers];

    internal void Set(string title, string? policy, IReadOnlyList<string?> roles)
    {
        Title = TextField.Lines(title, TextLength.Paragraph, "課題") ?? throw new DomainRuleException("課題を入力してください。");
        Policy = TextField.Lines(policy, TextLength.Section, "取組方針");
        if (roles.Count != 4)
        {
            throw new ArgumentException("Four sector roles are expected.", nameof(roles));
        }

        RoleGovernment = TextField.Lines(roles[0], TextLength.Note, "行政の役割");
        RoleMedical = TextField.Lines(roles[1], TextLength.Note, "医療の役割");
        RoleWelfare = TextField.Lines(roles[2], TextLength.Note, "福祉の役割");
        RoleOthers = TextField.Lines(roles[3], TextLength.Note, "その他関係機関・住民等の役割");
    }
}

public sealed record IndicatorInput(
    string Name, string? Unit, PeriodBasis Basis, Direction Direction, string? Baseline, string? Target, string? Actual, decimal? Population,
    string? ExpectedEffect, string? AchievedEffect, ILiveCountSource? Source, int? SourceForumId, int? ChallengeId);

/// <summary>
/// 課題解決の達成度を測る指標: baseline (現状値, 今年度当初), target (目標値), actual (実績値, 年度末), each as the sheet
/// writes it (a number, 「全数」, 「8人以上」 or words), or bound to a live count of records in Nimo.
/// </summary>
public sealed class PlanIndicator
{
    internal PlanIndicator()
    {
    }

    public int Id { get; private set; }
    public int PlanId { get; private set; }
    public Plan Plan { get; internal set; } = null!;
    public int? ChallengeId { get; internal set; }
    public PlanChallenge? Challenge { get; internal set; }
    public int SortOrder { get; internal set; }
    public string Name { get; private set; } = "";
    public string? Unit { get; private set; }
    public PeriodBasis Basis { get; private set; }
    public Direction Direction { get; private set; }
    public string? Baseline { get; private set; }
    public string? Target { get; private set; }
    public string? Actual { get; internal set; }
    /// <summary>For a 「全数」 target: how many there were (目黒: 16 措置入院者 identified).</summary>
    public decimal? Population { get; private set; }
    /// <summary>見込んでいる成果・効果.</summary>
    public string? ExpectedEffect { get; private set; }
    /// <summary>具体的な成果・効果, written at 年度末.</summary>
    public string? AchievedEffect { get; private set; }
    /// <summary>
    /// The key of the live-count source the actual is counted from (<see cref="ILiveCountSource.Key"/>: 「OutreachClients」,
    /// 「events.held.training」 …), or null when the actual is typed. A key no source answers to any more is kept as it is.
    /// </summary>
    public string? Source { get; private set; }
    public int? SourceForumId { get; private set; }
    /// <summary>True when <see cref="Actual"/> was fixed from the live count at evaluation.</summary>
    public bool ActualFromLiveCount { get; internal set; }
    public int? CarriedFromId { get; internal set; }

    public bool IsLive => Source is not null && !ActualFromLiveCount;

    /// <summary>Longest key a source may have (the column's length).</summary>
    public const int SourceKeyLength = 100;

    internal void Set(IndicatorInput input, PlanChallenge? challenge)
    {
        Name = TextField.Lines(input.Name, TextLength.Line, "指標名") ?? throw new DomainRuleException("指標名を入力してください。");
        // A live indicator without a typed unit is written with its source's (回, 人, 圏域), kept with the indicator so that
        // the figure still reads right if the source is ever taken out.
        Unit = TextField.Lines(input.Unit, TextLength.Unit, "単位") ?? input.Source?.Unit;
        Basis = input.Basis;
        Direction = input.Direction;
        Baseline = TextField.Lines(input.Baseline, TextLength.Line, "現状値");
        Target = TextField.Lines(input.Target, TextLength.Line, "目標値");
        Population = input.Population is < 0 ? throw new DomainRuleException("対象の総数は0以上で入力してください。") : input.Population;
        ExpectedEffect = TextField.Lines(input.ExpectedEffect, TextLength.Section, "見込んでいる成果・効果");
        AchievedEffect = TextField.Lines(input.AchievedEffect, TextLength.Section, "具体的な成果・効果");
        if (input.Source is { NeedsForum: true } && input.SourceForumId is null)
        {
            throw new DomainRuleException("数える協議の場を選んでください。");
        }

        BindSource(input.Source?.Key, input.Source is { NeedsForum: true } ? input.SourceForumId : null);
        Actual = Source is null ? TextField.Lines(input.Actual, TextLength.Line, "実績値") : null;
        ActualFromLiveCount = false;
        Challenge = challenge;
        ChallengeId = challenge?.Id;
    }

    internal void BindSource(string? key, int? forumId)
    {
        if (key is { Length: > SourceKeyLength })
        {
            throw new ArgumentException($"A live-count source key is at most {SourceKeyLength} characters: '{key}'.", nameof(key));
        }

        Source = key;
        SourceForumId = key is null ? null : forumId;
    }

    internal void RecordResult(string? actual, string? achievedEffect)
    {
        if (Source is null)
        {
            Actual = TextField.Lines(actual, TextLength.Line, "実績値");
        }

        AchievedEffect = TextField.Lines(achievedEffect, TextLength.Section, "具体的な成果・効果");
    }

    /// <summary>
    /// The actual to judge: the live count while the year is open, else what was typed or frozen. A value without a
    /// period takes the indicator's own (so 「72件」 on a per-year indicator compares with 「延13件/月」).
    /// </summary>
    public IndicatorValue ActualValue(int? liveCount)
    {
        var value = IsLive && liveCount is int n
            ? new IndicatorValue(ValueKind.Number, n, Unit ?? "", Basis, n.ToString(CultureInfo.InvariantCulture))
            : IndicatorValue.Parse(Actual);
        return value.Basis == PeriodBasis.Unspecified && Basis != PeriodBasis.Unspecified && value.Number is not null ? value with { Basis = Basis } : value;
    }

    public Achievement Judge(int? liveCount) =>
        Achievement.Evaluate(IndicatorValue.Parse(Target), ActualValue(liveCount), Direction, Population);

    /// <summary>The actual as shown: typed, frozen, or 「12回(自動集計)」 while live.</summary>
    public string? ActualText(int? liveCount) => IsLive
        ? (liveCount is int n ? $"{n.ToString(CultureInfo.InvariantCulture)}{Unit}" : null)
        : Actual;
}

/// <summary>
/// A row of the long-term schedule (one per 年度) or of this year's (時期(月) | 実施内容 | 具体的な取組). A row may be a
/// forum meeting: then it is done when that meeting has been held.
/// </summary>
public sealed partial class ScheduleItem
{
    internal ScheduleItem()
    {
    }

    public int Id { get; private set; }
    public int PlanId { get; private set; }
    public Plan Plan { get; internal set; } = null!;
    public ScheduleKind Kind { get; internal set; }
    /// <summary>The 年度 of a long-term row.</summary>
    public int? FiscalYear { get; private set; }
    /// <summary>時期 as written: 「R5年4月」「5月」「10月～」「通年」.</summary>
    public string? WhenText { get; private set; }
    /// <summary>year × 100 + month of the 時期, when it names a month; sorts the rows and finds overdue ones.</summary>
    public int? MonthKey { get; private set; }
    public string Title { get; private set; } = "";
    public string? Detail { get; private set; }
    public int? MeetingId { get; private set; }
    public int SortOrder { get; internal set; }
    public bool Done { get; internal set; }

    internal void Set(int planYear, int? fiscalYear, string? when, string title, string? detail, int? meetingId)
    {
        Title = TextField.Lines(title, TextLength.Note, "実施内容") ?? throw new DomainRuleException("実施内容を入力してください。");
        Detail = TextField.Lines(detail, TextLength.Section, "具体的な取組");
        MeetingId = meetingId;
        if (Kind == ScheduleKind.LongTerm)
        {
            if (fiscalYear is not int y || y < planYear || y > planYear + 20)
            {
                throw new DomainRuleException("長期スケジュールの年度は、計画の年度から20年以内で選んでください。");
            }

            FiscalYear = y;
            WhenText = null;
            MonthKey = null;
            return;
        }

        WhenText = TextField.Lines(when, 30, "時期") ?? throw new DomainRuleException("時期を「R6年6月」「6月」「通年」のように入力してください。");
        MonthKey = ParseMonth(WhenText, planYear, out var error);
        if (error is not null)
        {
            throw new DomainRuleException(error);
        }

        FiscalYear = null;
    }

    /// <summary>
    /// 「R5年4月」「令和6年2月」 name a month; 「5月」「10月～」 name a month of the plan's 年度 (1–3月 are the next
    /// calendar year); 「通年」「随時」「R6年度」 name no month. A month outside the 年度 is refused.
    /// </summary>
    public static int? ParseMonth(string text, int planYear, out string? error)
    {
        error = null;
        var s = text.Normalize(System.Text.NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal).TrimEnd('～', '〜', '~', '-', 'ー');
        var fy = new FiscalYear(planYear);
        var bare = BareMonth().Match(s);
        if (bare.Success)
        {
            var month = int.Parse(bare.Groups[1].Value, CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                error = $"「{text}」の月が読めません。";
                return null;
            }

            return ((month >= 4 ? planYear : planYear + 1) * 100) + month;
        }

        if (JapaneseDate.TryParse(s, out var value) && value.Precision is WarekiPrecision.YearMonth or WarekiPrecision.Date)
        {
            if (!fy.Contains(new DateOnly(value.Year, value.Month, 1)))
            {
                error = $"「{text}」は{fy.ToWareki()}({JapaneseDate.FormatYearMonth(fy.Start)}～{JapaneseDate.FormatYearMonth(fy.End)})の外です。";
                return null;
            }

            return (value.Year * 100) + value.Month;
        }

        return null;
    }

    /// <summary>Past its month, not marked done, and not a meeting that has been held.</summary>
    public bool IsOverdue(DateOnly today, bool meetingHeld) =>
        Kind == ScheduleKind.ThisYear && !Done && !meetingHeld && MonthKey is int key
        && new DateOnly(key / 100, key % 100, 1).AddMonths(1) <= today;

    [GeneratedRegex(@"^(\d{1,2})月(?:上旬|中旬|下旬|頃|ごろ)?$")]
    private static partial Regex BareMonth();
}
