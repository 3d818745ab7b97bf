using System.Security.Cryptography;
using System.Text;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Surveys;

public enum QuestionKind { SingleChoice, MultipleChoice, Number, Date, ShortText, LongText, Matrix, Activities }

/// <summary>How an organisation's answer came in.</summary>
public enum AnswerChannel { Staff, Code, Paper }

/// <summary>
/// A 地域アセスメント questionnaire (issue 19): sections of questions sent to organisations by the secretariat of a forum or
/// of a region, open between two dates. Questions are fixed once it is sent; answers can change until it closes and are
/// frozen after, except an organisation's answer reopened with a reason.
/// </summary>
public sealed class Survey : IVersioned
{
    private readonly List<SurveyCategory> _categories = [];
    private readonly List<SurveySection> _sections = [];
    private readonly List<SurveyRecipient> _recipients = [];

    private Survey()
    {
    }

    public int Id { get; private set; }
    public string Title { get; private set; } = "";
    /// <summary>目的と利用: why it is asked and how answers are used, shown on top of the answer form.</summary>
    public string Purpose { get; private set; } = "";
    /// <summary>The forum the survey belongs to, when a forum runs it; otherwise the region's secretariat (<see cref="OwnerOrganization"/>).</summary>
    public int? ForumId { get; private set; }
    public Forum? Forum { get; private set; }
    /// <summary>The secretariat that runs the survey: sends it, reads the answers, shares the results.</summary>
    public int OwnerOrganizationId { get; private set; }
    public Organization OwnerOrganization { get; private set; } = null!;
    /// <summary>The region whose survey it is (the owner's, or the forum's).</summary>
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public DateOnly OpensOn { get; private set; }
    /// <summary>The last day answers are taken (inclusive, Japan time).</summary>
    public DateOnly ClosesOn { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    /// <summary>Closed early by the secretariat.</summary>
    public DateTimeOffset? ClosedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public Guid Version { get; set; }
    public IReadOnlyList<SurveyCategory> Categories => _categories;
    public IReadOnlyList<SurveySection> Sections => _sections;
    /// <summary>Loaded only where a query includes it (lists use their own counts).</summary>
    public IReadOnlyList<SurveyRecipient> Recipients => _recipients;

    public IEnumerable<SurveyQuestion> Questions => _sections.OrderBy(s => s.Order).SelectMany(s => s.Questions.OrderBy(q => q.Order));

    public static Survey Create(string title, string purpose, Organization owner, Region region, Forum? forum, DateOnly opensOn, DateOnly closesOn,
        IEnumerable<string> categories, DateTimeOffset now, string userName)
    {
        var survey = new Survey { CreatedAt = now, CreatedBy = userName };
        survey.Describe(title, purpose, owner, region, forum, opensOn, closesOn);
        survey.SetCategories(categories);
        return survey;
    }

    public void Describe(string title, string purpose, Organization owner, Region region, Forum? forum, DateOnly opensOn, DateOnly closesOn)
    {
        title = (title ?? "").Trim();
        purpose = (purpose ?? "").Trim();
        if (title.Length is 0 or > 200)
        {
            throw new DomainRuleException("調査名は1〜200文字で入力してください。");
        }

        if (purpose.Length is 0 or > 4000)
        {
            throw new DomainRuleException("調査の目的と回答の利用方法を入力してください(4000文字まで)。");
        }

        if (closesOn < opensOn)
        {
            throw new DomainRuleException("締切日は回答開始日と同じ日か、それより後にしてください。");
        }

        Title = title;
        Purpose = purpose;
        OwnerOrganization = owner;
        OwnerOrganizationId = owner.Id;
        Region = region;
        RegionId = region.Id;
        Forum = forum;
        ForumId = forum?.Id;
        OpensOn = opensOn;
        ClosesOn = closesOn;
    }

    /// <summary>Replaces the category list (「研修等」「講演会」…). Categories already used by a sent survey's answers keep their rows.</summary>
    public void SetCategories(IEnumerable<string> names)
    {
        var wanted = names.Select(n => (n ?? "").Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Any(n => n.Length > 50))
        {
            throw new DomainRuleException("取組の分類は1つ50文字までで入力してください。");
        }

        if (SentAt is not null && _categories.Any(c => !wanted.Contains(c.Name)))
        {
            throw new DomainRuleException("送付済みの調査から分類を削除することはできません。追加と並べ替えはできます。");
        }

        foreach (var gone in _categories.Where(c => !wanted.Contains(c.Name)).ToList())
        {
            _categories.Remove(gone);
        }

        for (var i = 0; i < wanted.Count; i++)
        {
            var existing = _categories.FirstOrDefault(c => c.Name == wanted[i]);
            if (existing is null)
            {
                _categories.Add(new SurveyCategory(wanted[i], i + 1));
            }
            else
            {
                existing.Order = i + 1;
            }
        }
    }

    public SurveySection AddSection(string title)
    {
        EnsureDraft();
        title = (title ?? "").Trim();
        if (title.Length is 0 or > 200)
        {
            throw new DomainRuleException("設問のまとまり(章)の名前は1〜200文字で入力してください。");
        }

        var section = new SurveySection(title, _sections.Count == 0 ? 1 : _sections.Max(s => s.Order) + 1);
        _sections.Add(section);
        return section;
    }

    public SurveyQuestion AddQuestion(SurveySection section, QuestionKind kind, string text, string? help, bool required, string? unit,
        IEnumerable<string> choices, IEnumerable<string> rows)
    {
        EnsureDraft();
        if (!_sections.Contains(section))
        {
            throw new DomainRuleException("この調査の章を選んでください。");
        }

        if (kind == QuestionKind.Activities && _categories.Count == 0)
        {
            throw new DomainRuleException("「取組」の設問を作る前に、取組の分類を1つ以上登録してください。");
        }

        return section.Add(SurveyQuestion.Create(kind, text, help, required, unit, choices, rows, section.Questions.Count + 1));
    }

    public void RemoveQuestion(SurveyQuestion question)
    {
        EnsureDraft();
        foreach (var s in _sections)
        {
            s.Remove(question);
        }
    }

    public void Send(DateTimeOffset now, int recipients)
    {
        EnsureDraft();
        if (!Questions.Any())
        {
            throw new DomainRuleException("設問が1つもないため送付できません。");
        }

        if (recipients == 0)
        {
            throw new DomainRuleException("回答を依頼する機関が選ばれていないため送付できません。");
        }

        SentAt = now;
    }

    public void Close(DateTimeOffset now)
    {
        if (SentAt is null)
        {
            throw new DomainRuleException("送付していない調査は締め切れません。");
        }

        if (IsClosed(now))
        {
            throw new DomainRuleException("この調査はすでに締め切られています。");
        }

        ClosedAt = now;
    }

    public bool IsSent => SentAt is not null;

    public bool IsClosed(DateTimeOffset now) => ClosedAt is not null || JapanDay(now) > ClosesOn;

    /// <summary>Answers are taken: sent, the first day reached, not closed.</summary>
    public bool IsOpen(DateTimeOffset now) => SentAt is not null && !IsClosed(now) && JapanDay(now) >= OpensOn;

    public string StateLabel(DateTimeOffset now) => SentAt is null ? "作成中" : IsClosed(now) ? "締切済み" : JapanDay(now) < OpensOn ? "回答開始前" : "回答受付中";

    public FiscalYear Year => FiscalYear.Of(OpensOn);

    internal static DateOnly JapanDay(DateTimeOffset now) => DateOnly.FromDateTime(JapanTime.ToJst(now).DateTime);

    private void EnsureDraft()
    {
        if (SentAt is not null)
        {
            throw new DomainRuleException("送付済みの調査の設問は変更できません。回答の集計がくずれるためです。");
        }
    }
}

public sealed class SurveyCategory
{
    private SurveyCategory()
    {
    }

    internal SurveyCategory(string name, int order)
    {
        Name = name;
        Order = order;
    }

    public int Id { get; private set; }
    public int SurveyId { get; private set; }
    public string Name { get; private set; } = "";
    public int Order { get; internal set; }
}

public sealed class SurveySection
{
    private readonly List<SurveyQuestion> _questions = [];

    private SurveySection()
    {
    }

    internal SurveySection(string title, int order)
    {
        Title = title;
        Order = order;
    }

    public int Id { get; private set; }
    public int SurveyId { get; private set; }
    public string Title { get; private set; } = "";
    public int Order { get; private set; }
    public IReadOnlyList<SurveyQuestion> Questions => _questions;

    internal SurveyQuestion Add(SurveyQuestion q)
    {
        _questions.Add(q);
        return q;
    }

    internal void Remove(SurveyQuestion q) => _questions.Remove(q);
}

public sealed class SurveyQuestion
{
    private readonly List<SurveyChoice> _choices = [];

    private SurveyQuestion()
    {
    }

    public int Id { get; private set; }
    public int SectionId { get; private set; }
    public int Order { get; private set; }
    public QuestionKind Kind { get; private set; }
    public string Text { get; private set; } = "";
    public string? Help { get; private set; }
    public bool Required { get; private set; }
    /// <summary>The unit a number is given in (人, 件, 床).</summary>
    public string? Unit { get; private set; }
    /// <summary>Choices of a choice question, the columns of a matrix (<see cref="SurveyChoice.IsRow"/> false) and its rows (true).</summary>
    public IReadOnlyList<SurveyChoice> Choices => _choices;

    public IEnumerable<SurveyChoice> Columns => _choices.Where(c => !c.IsRow).OrderBy(c => c.Order);
    public IEnumerable<SurveyChoice> Rows => _choices.Where(c => c.IsRow).OrderBy(c => c.Order);

    /// <summary>Free text: never shared unless the secretariat picks it.</summary>
    public bool IsFreeText => Kind is QuestionKind.ShortText or QuestionKind.LongText;

    public string KindLabel => SurveyLabels.Kinds[Kind];

    internal static SurveyQuestion Create(QuestionKind kind, string text, string? help, bool required, string? unit, IEnumerable<string> choices, IEnumerable<string> rows, int order)
    {
        text = (text ?? "").Trim();
        if (text.Length is 0 or > 1000)
        {
            throw new DomainRuleException("設問文は1〜1000文字で入力してください。");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainRuleException("設問の種類を選んでください。");
        }

        // The same label twice would be silently merged, and "two or more" refused for a list a person typed as two.
        foreach (var (list, what) in new[] { (choices, kind == QuestionKind.Matrix ? "列" : "選択肢"), (rows, "行") })
        {
            if (list.Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new DomainRuleException($"{what}「{twice.Key}」が2回以上入力されています。{what}はそれぞれ違う言葉で入力してください。");
            }
        }

        var cols = Clean(choices);
        var rowList = Clean(rows);
        if (kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice or QuestionKind.Matrix && cols.Count < 2)
        {
            throw new DomainRuleException(kind == QuestionKind.Matrix ? "表形式の設問には、列(選択肢)を2つ以上入力してください。" : "選択式の設問には、選択肢を2つ以上入力してください。");
        }

        if (kind == QuestionKind.Matrix && rowList.Count == 0)
        {
            throw new DomainRuleException("表形式の設問には、行(項目)を1つ以上入力してください。");
        }

        if (cols.Concat(rowList).Any(c => c.Length > 200))
        {
            throw new DomainRuleException("選択肢と行は1つ200文字までで入力してください。");
        }

        var q = new SurveyQuestion
        {
            Kind = kind, Text = text, Help = string.IsNullOrWhiteSpace(help) ? null : help.Trim(), Required = required && kind != QuestionKind.Activities,
            Unit = kind == QuestionKind.Number && !string.IsNullOrWhiteSpace(unit) ? unit.Trim() : null, Order = order,
        };
        if (kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice or QuestionKind.Matrix)
        {
            q._choices.AddRange(cols.Select((c, i) => new SurveyChoice(c, i + 1, false)));
        }

        if (kind == QuestionKind.Matrix)
        {
            q._choices.AddRange(rowList.Select((r, i) => new SurveyChoice(r, i + 1, true)));
        }

        return q;
    }

    private static List<string> Clean(IEnumerable<string> items) =>
        [.. items.Select(c => (c ?? "").Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal)];
}

public sealed class SurveyChoice
{
    private SurveyChoice()
    {
    }

    internal SurveyChoice(string label, int order, bool isRow)
    {
        Label = label;
        Order = order;
        IsRow = isRow;
    }

    public int Id { get; private set; }
    public int QuestionId { get; private set; }
    public string Label { get; private set; } = "";
    public int Order { get; private set; }
    public bool IsRow { get; private set; }
}

/// <summary>
/// One organisation asked to answer, and its one answer. The organisation answers once: its partner staff in Nimo, with
/// the one-time code on the public page, or the secretariat types in a paper or fax reply. 「組織としては行っていない」
/// (<see cref="NotDoing"/>) is an answer with no activities.
/// </summary>
public sealed class SurveyRecipient : IVersioned
{
    private readonly List<SurveyAnswer> _answers = [];
    private readonly List<SurveyActivity> _activities = [];

    private SurveyRecipient()
    {
    }

    public int Id { get; private set; }
    public int SurveyId { get; private set; }
    public Survey Survey { get; private set; } = null!;
    public int OrganizationId { get; private set; }
    public Organization Organization { get; private set; } = null!;
    /// <summary>SHA-256 of the one-time code; the code itself is shown once, on the letter.</summary>
    public string? CodeHash { get; private set; }
    public DateTimeOffset? CodeIssuedAt { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public AnswerChannel? Channel { get; private set; }
    public string? AnsweredBy { get; private set; }
    /// <summary>Name of the person who wrote the answer, as the organisation gave it (optional).</summary>
    public string? Respondent { get; private set; }
    public bool NotDoing { get; private set; }
    /// <summary>After close, the answer may be changed again until this day (inclusive), for the reason given.</summary>
    public DateOnly? ReopenedUntil { get; private set; }
    public string? ReopenReason { get; private set; }
    public DateTimeOffset? RemindedAt { get; private set; }
    public Guid Version { get; set; }
    public IReadOnlyList<SurveyAnswer> Answers => _answers;
    public IReadOnlyList<SurveyActivity> Activities => _activities;

    public bool HasAnswered => AnsweredAt is not null;

    public static SurveyRecipient For(Survey survey, Organization organization) =>
        new() { Survey = survey, SurveyId = survey.Id, Organization = organization, OrganizationId = organization.Id };

    /// <summary>A new code (the old one stops working). The survey must not be closed.</summary>
    public string IssueCode(Survey survey, DateTimeOffset now)
    {
        if (survey.IsClosed(now))
        {
            throw new DomainRuleException("締め切った調査の回答コードは発行できません。");
        }

        var code = AnswerCode.New();
        CodeHash = AnswerCode.Hash(AnswerCode.Normalize(code)!);
        CodeIssuedAt = now;
        return code;
    }

    public void MarkReminded(DateTimeOffset now) => RemindedAt = now;

    /// <summary>Whether the answer can be written or changed now; null when it can, else the reason in a whole sentence.</summary>
    public string? WhyFrozen(Survey survey, DateTimeOffset now)
    {
        if (!survey.IsSent)
        {
            return "この調査はまだ送付されていません。";
        }

        if (Survey.JapanDay(now) < survey.OpensOn)
        {
            return $"この調査の回答受付は{JapaneseDate.Format(survey.OpensOn)}からです。";
        }

        if (survey.IsClosed(now) && !(ReopenedUntil is DateOnly until && Survey.JapanDay(now) <= until))
        {
            return "この調査は締め切られたため、回答は確定しています。変更が必要な場合は事務局にご連絡ください。";
        }

        return null;
    }

    public void Submit(Survey survey, AnswerSheet sheet, AnswerChannel channel, string by, DateTimeOffset now)
    {
        if (WhyFrozen(survey, now) is { } why)
        {
            throw new DomainRuleException(why);
        }

        sheet.Validate(survey);
        _answers.Clear();
        _answers.AddRange(sheet.Answers);
        _activities.Clear();
        if (!sheet.NotDoing)
        {
            _activities.AddRange(sheet.Activities);
        }

        NotDoing = sheet.NotDoing;
        Respondent = string.IsNullOrWhiteSpace(sheet.Respondent) ? null : sheet.Respondent.Trim();
        AnsweredAt = now;
        Channel = channel;
        AnsweredBy = by;
    }

    public void Reopen(Survey survey, string reason, DateOnly until, DateTimeOffset now)
    {
        reason = (reason ?? "").Trim();
        if (!survey.IsClosed(now))
        {
            throw new DomainRuleException("締切前の回答は、再開しなくても変更できます。");
        }

        if (reason.Length is 0 or > 500)
        {
            throw new DomainRuleException("回答を再開する理由を入力してください(500文字まで)。");
        }

        if (until < Survey.JapanDay(now))
        {
            throw new DomainRuleException("再開の期限は今日以降の日にしてください。");
        }

        ReopenedUntil = until;
        ReopenReason = reason;
    }

    public string ChannelLabel => Channel is { } c ? SurveyLabels.Channels[c] : "未回答";
}

/// <summary>One value of an answer: a choice (and for a matrix, its row), a number, a date or text.</summary>
public sealed class SurveyAnswer
{
    public int Id { get; private set; }
    public int RecipientId { get; private set; }
    public int QuestionId { get; init; }
    public int? ChoiceId { get; init; }
    public int? RowId { get; init; }
    public string? Text { get; init; }
    public decimal? Number { get; init; }
    public DateOnly? Date { get; init; }
}

/// <summary>One 取組 an organisation reported: what, of which category, for whom, how often, since/when.</summary>
public sealed class SurveyActivity
{
    public int Id { get; private set; }
    public int RecipientId { get; private set; }
    public int QuestionId { get; init; }
    public string Title { get; init; } = "";
    public int? CategoryId { get; init; }
    public string? Audience { get; init; }
    public string? Frequency { get; init; }
    public string? Period { get; init; }
}

/// <summary>What an answer form carried, checked against the survey before it replaces the organisation's answer.</summary>
public sealed record AnswerSheet(IReadOnlyList<SurveyAnswer> Answers, IReadOnlyList<SurveyActivity> Activities, bool NotDoing, string? Respondent)
{
    public void Validate(Survey survey)
    {
        var questions = survey.Questions.ToDictionary(q => q.Id);
        foreach (var a in Answers)
        {
            if (!questions.TryGetValue(a.QuestionId, out var q))
            {
                throw new DomainRuleException("この調査にない設問への回答が含まれています。画面を開き直してください。");
            }

            if (a.ChoiceId is int c && q.Choices.All(x => x.Id != c || x.IsRow))
            {
                throw new DomainRuleException($"「{q.Text}」の選択肢が正しくありません。画面を開き直してください。");
            }

            if (a.Text?.Length > 4000)
            {
                throw new DomainRuleException($"「{q.Text}」の回答は4000文字までで入力してください。");
            }
        }

        foreach (var q in questions.Values.Where(q => q.Required))
        {
            if (NotDoing && q.Kind != QuestionKind.Activities)
            {
                continue;
            }

            if (Answers.All(a => a.QuestionId != q.Id))
            {
                throw new DomainRuleException($"「{q.Text}」は必須の設問です。回答を入力してください。");
            }
        }

        var categories = survey.Categories.Select(c => c.Id).ToHashSet();
        foreach (var act in Activities)
        {
            if (act.Title.Length > 200 || act.Audience?.Length > 100 || act.Frequency?.Length > 100 || act.Period?.Length > 100)
            {
                throw new DomainRuleException("取組の名称は200文字、対象・頻度・期間は100文字までで入力してください。");
            }

            if (act.CategoryId is int cat && !categories.Contains(cat))
            {
                throw new DomainRuleException($"取組「{act.Title}」の分類が正しくありません。");
            }
        }

        if (NotDoing && Activities.Count > 0)
        {
            throw new DomainRuleException("「組織としては行っていない」を選んだ場合は、取組を入力しないでください(入力した取組を消すか、チェックを外してください)。");
        }
    }
}

/// <summary>The one-time code on the letter: 16 characters of Crockford base32 (80 bits), compared by its hash, whole.</summary>
public static class AnswerCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 16;

    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{chars[..4]}-{chars[4..8]}-{chars[8..12]}-{chars[12..]}";
    }

    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return null;
        }

        var sb = new StringBuilder(Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormKC).ToUpperInvariant())
        {
            var c = ch switch { 'O' => '0', 'I' or 'L' => '1', _ => ch };
            if (Alphabet.Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
            }
            else if (c is not ('-' or ' ' or 'ー' or '−'))
            {
                return null;
            }
        }

        return sb.Length == Length ? sb.ToString() : null;
    }

    public static string Hash(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized)));
}

public static class SurveyLabels
{
    public static readonly IReadOnlyDictionary<QuestionKind, string> Kinds = new Dictionary<QuestionKind, string>
    {
        [QuestionKind.SingleChoice] = "選択(1つ)", [QuestionKind.MultipleChoice] = "選択(複数可)", [QuestionKind.Number] = "数値", [QuestionKind.Date] = "日付",
        [QuestionKind.ShortText] = "短い文章", [QuestionKind.LongText] = "長い文章", [QuestionKind.Matrix] = "表形式(行ごとに選択)", [QuestionKind.Activities] = "取組の一覧",
    };

    public static readonly IReadOnlyDictionary<AnswerChannel, string> Channels = new Dictionary<AnswerChannel, string>
    {
        [AnswerChannel.Staff] = "Nimoで回答", [AnswerChannel.Code] = "回答コードで回答", [AnswerChannel.Paper] = "紙・FAXの回答を事務局が入力",
    };

    /// <summary>The four categories of 文京区's アンケート, offered for a new survey.</summary>
    public static readonly IReadOnlyList<string> BunkyoCategories = ["研修等", "講演会", "発行物", "活動・イベント等"];

    public const string NotDoingLabel = "組織としては行っていない";

    public const string NoClientWarning = "個人が特定される情報(利用者・患者さんのお名前や、特定の方の様子など)は書かないでください。回答は協議の場で共有されることがあります。";
}
