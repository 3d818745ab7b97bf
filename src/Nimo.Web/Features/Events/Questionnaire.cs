using System.Globalization;
using Nimo.Platform.Data;

namespace Nimo.Features.Events;

public enum QuestionKind
{
    /// <summary>5段階 (1 そう思わない … 5 そう思う).</summary>
    Rating,
    /// <summary>受講前・受講後 on the same 5-point scale, answered on one sheet after the course (supporter courses).</summary>
    BeforeAfter,
    FreeText,
}

public enum ResponseSource { Paper, Online }

/// <summary>One item of an event's anonymous questionnaire. Items that have answers keep their wording.</summary>
public sealed class QuestionnaireItem
{
    private QuestionnaireItem()
    {
    }

    public int Id { get; private set; }
    public int EventId { get; private set; }
    public int SortOrder { get; private set; }
    public QuestionKind Kind { get; private set; }
    public string Text { get; private set; } = "";

    public static readonly IReadOnlyDictionary<QuestionKind, string> KindLabels = new Dictionary<QuestionKind, string>
    {
        [QuestionKind.Rating] = "5段階",
        [QuestionKind.BeforeAfter] = "受講前・受講後(5段階)",
        [QuestionKind.FreeText] = "自由記述",
    };

    /// <summary>The five points as the sheet prints them.</summary>
    public static readonly IReadOnlyList<string> Scale = ["そう思わない", "あまりそう思わない", "どちらともいえない", "ややそう思う", "そう思う"];

    public static QuestionnaireItem Create(int eventId, int sortOrder, QuestionKind kind, string? text) =>
        new() { EventId = eventId, SortOrder = sortOrder, Kind = kind, Text = Event.Text(text, 300, "設問") ?? throw new DomainRuleException("設問を入力してください。") };

    /// <summary>The items a questionnaire starts from: the usual ones, and for a supporter course the knowledge items before and after.</summary>
    public static IEnumerable<(QuestionKind Kind, string Text)> Template(EventKind kind)
    {
        yield return (QuestionKind.Rating, "内容に満足した");
        yield return (QuestionKind.Rating, "内容はわかりやすかった");
        if (kind == EventKind.SupporterCourse)
        {
            yield return (QuestionKind.BeforeAfter, "こころの病気や不調について、基本的なことを知っている");
            yield return (QuestionKind.BeforeAfter, "身近な人の不調のサインに気づくことができる");
            yield return (QuestionKind.BeforeAfter, "不調のある人の話を、否定せずに聴くことができる");
            yield return (QuestionKind.BeforeAfter, "相談できる窓口を紹介できる");
        }
        else
        {
            yield return (QuestionKind.Rating, "今後の生活や仕事に役立つと思う");
        }

        yield return (QuestionKind.FreeText, "ご意見・ご感想");
    }
}

/// <summary>One filled-in sheet, typed in from paper or sent from the public page. Nothing in it points at a person.</summary>
public sealed class QuestionnaireResponse
{
    private readonly List<QuestionnaireAnswer> _answers = [];

    private QuestionnaireResponse()
    {
    }

    public int Id { get; private set; }
    public int EventId { get; private set; }
    public ResponseSource Source { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    public IReadOnlyList<QuestionnaireAnswer> Answers => _answers;

    /// <summary>
    /// A sheet from the answers given. Every point must be 1–5, free text is cut to what the column holds, and a sheet with
    /// nothing on it is refused (a blank page typed in by mistake would weigh on no average but inflate the count).
    /// </summary>
    public static QuestionnaireResponse Create(int eventId, ResponseSource source, IReadOnlyList<QuestionnaireItem> items, IReadOnlyDictionary<int, AnswerInput> answers, DateTimeOffset now)
    {
        var response = new QuestionnaireResponse { EventId = eventId, Source = source, SubmittedAt = now };
        foreach (var item in items)
        {
            if (!answers.TryGetValue(item.Id, out var a))
            {
                continue;
            }

            int? Point(int? v, string what) => v is null or (>= 1 and <= 5) ? v : throw new DomainRuleException($"「{item.Text}」の{what}は1〜5で選んでください。");
            var answer = item.Kind switch
            {
                QuestionKind.Rating => new QuestionnaireAnswer { ItemId = item.Id, Rating = Point(a.Rating, "回答") },
                QuestionKind.BeforeAfter => new QuestionnaireAnswer { ItemId = item.Id, Before = Point(a.Before, "受講前"), After = Point(a.After, "受講後") },
                QuestionKind.FreeText => new QuestionnaireAnswer { ItemId = item.Id, Text = Event.Text(a.Text, 2000, "自由記述") },
            };
            if (answer.Rating is not null || answer.Before is not null || answer.After is not null || answer.Text is not null)
            {
                response._answers.Add(answer);
            }
        }

        return response._answers.Count == 0 ? throw new DomainRuleException("回答が1つもありません。少なくとも1つの設問に答えてください。") : response;
    }
}

public sealed record AnswerInput(int? Rating, int? Before, int? After, string? Text);

public sealed class QuestionnaireAnswer
{
    public int Id { get; private set; }
    public int ResponseId { get; private set; }
    public int ItemId { get; internal set; }
    public int? Rating { get; internal set; }
    public int? Before { get; internal set; }
    public int? After { get; internal set; }
    public string? Text { get; internal set; }
}

/// <summary>The per-event summary for the 事業 report: counts per point, means, before/after, and the free texts.</summary>
public sealed record QuestionnaireSummary(int Responses, int Paper, int Online, IReadOnlyList<ItemSummary> Items)
{
    public static QuestionnaireSummary Compute(IReadOnlyList<QuestionnaireItem> items, IReadOnlyList<QuestionnaireResponse> responses)
    {
        var answers = responses.SelectMany(r => r.Answers).ToLookup(a => a.ItemId);
        var list = items.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(item =>
        {
            var a = answers[item.Id].ToList();
            int[] Counts(IEnumerable<int?> values) => [.. Enumerable.Range(1, 5).Select(p => values.Count(v => v == p))];
            var ratings = a.Select(x => x.Rating).Where(v => v is not null).ToList();
            var pairs = a.Where(x => x.Before is not null && x.After is not null).ToList();
            return new ItemSummary(item, item.Kind switch
                {
                    QuestionKind.Rating => ratings.Count,
                    QuestionKind.BeforeAfter => a.Count(x => x.Before is not null || x.After is not null),
                    QuestionKind.FreeText => a.Count(x => x.Text is not null),
                },
                Counts(a.Select(x => x.Rating)), Mean(ratings),
                Counts(a.Select(x => x.Before)), Mean(a.Select(x => x.Before).Where(v => v is not null).ToList()),
                Counts(a.Select(x => x.After)), Mean(a.Select(x => x.After).Where(v => v is not null).ToList()),
                pairs.Count, pairs.Count(p => p.After > p.Before),
                [.. a.Select(x => x.Text).OfType<string>()]);
        }).ToList();
        return new QuestionnaireSummary(responses.Count, responses.Count(r => r.Source == ResponseSource.Paper), responses.Count(r => r.Source == ResponseSource.Online), list);
    }

    private static decimal? Mean(List<int?> values) =>
        values.Count == 0 ? null : Math.Round((decimal)values.Sum(v => v!.Value) / values.Count, 2, MidpointRounding.AwayFromZero);

    public static string Format(decimal? value) => value is decimal d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "—";
}

/// <summary>
/// One item's figures: counts per point (1–5) and the mean, for a before/after item both sides, the sheets that answered
/// both (<c>Paired</c>) and of those the ones whose 受講後 is higher (<c>Improved</c>); for free text the texts.
/// </summary>
public sealed record ItemSummary(QuestionnaireItem Item, int Answered, int[] RatingCounts, decimal? RatingMean, int[] BeforeCounts, decimal? BeforeMean,
    int[] AfterCounts, decimal? AfterMean, int Paired, int Improved, IReadOnlyList<string> Texts)
{
    public decimal? Change => BeforeMean is decimal b && AfterMean is decimal a ? a - b : null;

    public string ImprovedText => Paired == 0 ? "—" : $"{Improved}人({Math.Round(100m * Improved / Paired, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture)}%)";
}
