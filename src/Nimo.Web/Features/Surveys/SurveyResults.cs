using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>
/// The tally of a survey from its answers: response rate, 取組 per category, choice counts, numeric sums, and the roll-up
/// organisation → 市町村 → 圏域 → 都道府県 whose every level is the sum of the organisations' rows under it.
/// </summary>
public sealed class SurveyResults
{
    public required Survey Survey { get; init; }
    public required IReadOnlyList<SurveyRecipient> Recipients { get; init; }
    public required IReadOnlyList<OrgRow> Organizations { get; init; }
    public required IReadOnlyList<CategoryCount> Categories { get; init; }
    public required IReadOnlyList<QuestionTally> Questions { get; init; }
    public required IReadOnlyList<RollUpRow> RollUp { get; init; }

    public int Asked => Recipients.Count;
    public int Answered => Recipients.Count(r => r.HasAnswered);
    public decimal? Rate => Asked == 0 ? null : Math.Round(100m * Answered / Asked, 1);
    public IReadOnlyList<SurveyQuestion> NumberQuestions => [.. Survey.Questions.Where(q => q.Kind == QuestionKind.Number)];

    public sealed record OrgRow(SurveyRecipient Recipient, string Municipality, string Area, string Prefecture, IReadOnlyDictionary<int, int> ActivitiesByCategory,
        IReadOnlyDictionary<int, decimal> Numbers)
    {
        public int ActivityCount => Recipient.Activities.Count;
    }

    public sealed record CategoryCount(int? CategoryId, string Name, int Activities, int Organizations);

    public sealed record QuestionTally(SurveyQuestion Question, int Respondents, IReadOnlyList<(string Label, int Count)> Choices,
        IReadOnlyList<(string Row, IReadOnlyList<int> Counts)> Matrix, decimal? Sum, int TextAnswers);

    public enum Level { Prefecture, Area, Municipality, Organization }

    public sealed record RollUpRow(Level Level, string Name, int Asked, int Answered, IReadOnlyDictionary<int, decimal> Sums, int? RecipientId);

    public const string NoArea = "圏域に属さない市町村";
    public const string NoMunicipality = "(市町村に属さない機関)";

    /// <summary>Loads the recipients with their answers and regions and tallies them.</summary>
    public static async Task<SurveyResults> LoadAsync(NimoDbContext db, Survey survey, CancellationToken ct)
    {
        var recipients = await db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == survey.Id)
            .Include(r => r.Organization).ThenInclude(o => o.Region).Include(r => r.Answers).Include(r => r.Activities)
            .AsSplitQuery().OrderBy(r => r.Organization.Kana).ThenBy(r => r.Organization.Name).ToListAsync(ct);
        var paths = recipients.SelectMany(r => UserScope.AncestorsOf(r.Organization.Region.Path)).Distinct().ToList();
        var ancestors = await db.Regions.AsNoTracking().Where(r => paths.Contains(r.Path)).ToListAsync(ct);
        return Tally(survey, recipients, ancestors);
    }

    public static SurveyResults Tally(Survey survey, IReadOnlyList<SurveyRecipient> recipients, IReadOnlyList<Region> ancestors)
    {
        var byPath = ancestors.ToDictionary(r => r.Path);
        string Up(Region region, RegionKind kind, string none)
        {
            if (region.Kind == kind)
            {
                return region.Name;
            }

            return UserScope.AncestorsOf(region.Path).Select(p => byPath.GetValueOrDefault(p)).LastOrDefault(r => r?.Kind == kind)?.Name ?? none;
        }

        var numbers = survey.Questions.Where(q => q.Kind == QuestionKind.Number).ToList();
        var rows = recipients.Select(r =>
        {
            var region = r.Organization.Region;
            var byCategory = r.Activities.GroupBy(a => a.CategoryId ?? 0).ToDictionary(g => g.Key, g => g.Count());
            var nums = r.Answers.Where(a => a.Number is not null).GroupBy(a => a.QuestionId).ToDictionary(g => g.Key, g => g.Sum(a => a.Number!.Value));
            var municipality = region.Kind == RegionKind.DailyLifeArea || region.Kind == RegionKind.Municipality ? Up(region, RegionKind.Municipality, NoMunicipality) : NoMunicipality;
            return new OrgRow(r, municipality, Up(region, RegionKind.HealthArea, NoArea), Up(region, RegionKind.Prefecture, "(都道府県不明)"), byCategory, nums);
        }).ToList();

        var categories = survey.Categories.OrderBy(c => c.Order)
            .Select(c => new CategoryCount(c.Id, c.Name, rows.Sum(o => o.ActivitiesByCategory.GetValueOrDefault(c.Id)), rows.Count(o => o.ActivitiesByCategory.ContainsKey(c.Id))))
            .ToList();
        var uncategorised = rows.Sum(o => o.ActivitiesByCategory.GetValueOrDefault(0));
        if (uncategorised > 0)
        {
            categories.Add(new CategoryCount(null, "分類なし", uncategorised, rows.Count(o => o.ActivitiesByCategory.ContainsKey(0))));
        }

        var answered = recipients.Where(r => r.HasAnswered).ToList();
        var tallies = survey.Questions.Select(q =>
        {
            var answers = answered.SelectMany(r => r.Answers.Where(a => a.QuestionId == q.Id).Select(a => (r.Id, a))).ToList();
            var respondents = q.Kind == QuestionKind.Activities
                ? answered.Count(r => r.Activities.Any(a => a.QuestionId == q.Id) || r.NotDoing)
                : answers.Select(x => x.Id).Distinct().Count();
            var choices = q.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice
                ? q.Columns.Select(c => (c.Label, answers.Count(x => x.a.ChoiceId == c.Id))).ToList() : [];
            var matrix = q.Kind == QuestionKind.Matrix
                ? q.Rows.Select(row => (row.Label, (IReadOnlyList<int>)[.. q.Columns.Select(c => answers.Count(x => x.a.RowId == row.Id && x.a.ChoiceId == c.Id))])).ToList()
                : [];
            decimal? sum = q.Kind == QuestionKind.Number ? answers.Sum(x => x.a.Number ?? 0) : null;
            return new QuestionTally(q, respondents, choices, matrix, sum, q.IsFreeText ? answers.Count : 0);
        }).ToList();

        return new SurveyResults
        {
            Survey = survey, Recipients = recipients, Organizations = rows, Categories = categories, Questions = tallies,
            RollUp = RollUpOf(rows, numbers),
        };
    }

    private static List<RollUpRow> RollUpOf(List<OrgRow> rows, List<SurveyQuestion> numbers)
    {
        Dictionary<int, decimal> Sum(IEnumerable<OrgRow> group) =>
            numbers.ToDictionary(q => q.Id, q => group.Sum(o => o.Numbers.GetValueOrDefault(q.Id)));
        RollUpRow Row(Level level, string name, IReadOnlyCollection<OrgRow> group, int? recipientId = null) =>
            new(level, name, group.Count, group.Count(o => o.Recipient.HasAnswered), Sum(group), recipientId);

        var list = new List<RollUpRow>();
        foreach (var pref in rows.GroupBy(o => o.Prefecture).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            list.Add(Row(Level.Prefecture, pref.Key, [.. pref]));
            foreach (var area in pref.GroupBy(o => o.Area).OrderBy(g => g.Key == NoArea).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                list.Add(Row(Level.Area, area.Key, [.. area]));
                foreach (var city in area.GroupBy(o => o.Municipality).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    list.Add(Row(Level.Municipality, city.Key, [.. city]));
                    list.AddRange(city.Select(o => Row(Level.Organization, o.Recipient.Organization.Name, [o], o.Recipient.Id)));
                }
            }
        }

        return list;
    }
}
