using System.Globalization;
using System.Text;
using Microsoft.Extensions.Primitives;
using Nimo.Platform.Data;

namespace Nimo.Features.Surveys;

/// <summary>
/// The answer form, shared by the partner's page, the secretariat's paper entry and the public page: the fields it draws
/// (<c>_AnswerFields.cshtml</c>) and how a posted form becomes an <see cref="AnswerSheet"/>. Field names are the question's
/// id (<c>q12</c>), a matrix row's (<c>q12_r40</c>) and an activity row's (<c>a12_3_title</c>), so the form works without
/// JavaScript and a posted form that failed is shown again as typed.
/// </summary>
public sealed class AnswerForm
{
    public const int BlankActivityRows = 3;

    private AnswerForm(Survey survey, IReadOnlyDictionary<string, StringValues> values, IReadOnlyDictionary<int, int> activityRows, bool notDoing, string? respondent)
    {
        Survey = survey;
        Values = values;
        ActivityRows = activityRows;
        NotDoing = notDoing;
        Respondent = respondent;
    }

    public Survey Survey { get; }
    public IReadOnlyDictionary<string, StringValues> Values { get; }
    /// <summary>Rows drawn per 取組 question.</summary>
    public IReadOnlyDictionary<int, int> ActivityRows { get; }
    public bool NotDoing { get; }
    public string? Respondent { get; }

    public string Value(string name) => Values.TryGetValue(name, out var v) ? v.ToString() : "";

    public bool Has(string name, string value) => Values.TryGetValue(name, out var v) && v.Contains(value);

    public static string Field(SurveyQuestion q) => $"q{q.Id}";

    public static string Cell(SurveyQuestion q, SurveyChoice row) => $"q{q.Id}_r{row.Id}";

    public static string Activity(SurveyQuestion q, int i, string part) => $"a{q.Id}_{i}_{part}";

    /// <summary>The form filled with the organisation's answer as stored (or empty).</summary>
    public static AnswerForm From(Survey survey, SurveyRecipient? recipient)
    {
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        var rows = new Dictionary<int, int>();
        foreach (var q in survey.Questions)
        {
            var answers = recipient?.Answers.Where(a => a.QuestionId == q.Id).ToList() ?? [];
            switch (q.Kind)
            {
                case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                    values[Field(q)] = new StringValues([.. answers.Where(a => a.ChoiceId is not null).Select(a => a.ChoiceId!.Value.ToString(CultureInfo.InvariantCulture))]);
                    break;
                case QuestionKind.Matrix:
                    foreach (var a in answers.Where(a => a.RowId is not null && a.ChoiceId is not null))
                    {
                        values[$"q{q.Id}_r{a.RowId}"] = a.ChoiceId!.Value.ToString(CultureInfo.InvariantCulture);
                    }

                    break;
                case QuestionKind.Number:
                    values[Field(q)] = answers.FirstOrDefault()?.Number?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
                    break;
                case QuestionKind.Date:
                    values[Field(q)] = answers.FirstOrDefault()?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
                    break;
                case QuestionKind.ShortText or QuestionKind.LongText:
                    values[Field(q)] = answers.FirstOrDefault()?.Text ?? "";
                    break;
                case QuestionKind.Activities:
                    var acts = recipient?.Activities.Where(a => a.QuestionId == q.Id).OrderBy(a => a.Id).ToList() ?? [];
                    for (var i = 0; i < acts.Count; i++)
                    {
                        values[Activity(q, i, "title")] = acts[i].Title;
                        values[Activity(q, i, "cat")] = acts[i].CategoryId?.ToString(CultureInfo.InvariantCulture) ?? "";
                        values[Activity(q, i, "aud")] = acts[i].Audience ?? "";
                        values[Activity(q, i, "freq")] = acts[i].Frequency ?? "";
                        values[Activity(q, i, "period")] = acts[i].Period ?? "";
                    }

                    rows[q.Id] = acts.Count + BlankActivityRows;
                    break;
            }
        }

        return new AnswerForm(survey, values, rows, recipient?.NotDoing ?? false, recipient?.Respondent);
    }

    /// <summary>The form as posted; <paramref name="moreRows"/> draws more blank 取組 rows (the 「行を増やす」 button).</summary>
    public static AnswerForm Posted(Survey survey, IFormCollection form, bool moreRows = false)
    {
        var values = form.Keys.Where(k => k.Length > 1 && k[0] is 'q' or 'a' && char.IsAsciiDigit(k[1]))
            .ToDictionary(k => k, k => form[k], StringComparer.Ordinal);
        var rows = new Dictionary<int, int>();
        foreach (var q in survey.Questions.Where(q => q.Kind == QuestionKind.Activities))
        {
            var posted = int.TryParse(form[$"a{q.Id}_rows"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 200) : BlankActivityRows;
            rows[q.Id] = moreRows ? Math.Min(posted + 5, 200) : posted;
        }

        return new AnswerForm(survey, values, rows, form["notDoing"] == "true", form["respondent"].ToString());
    }

    /// <summary>The answer the form carries, or the first problem in a whole sentence.</summary>
    public AnswerSheet ToSheet()
    {
        var answers = new List<SurveyAnswer>();
        var activities = new List<SurveyActivity>();
        foreach (var q in Survey.Questions)
        {
            switch (q.Kind)
            {
                case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                    var chosen = (Values.TryGetValue(Field(q), out var v) ? v : StringValues.Empty).Where(s => !string.IsNullOrEmpty(s)).Distinct().ToList();
                    if (q.Kind == QuestionKind.SingleChoice && chosen.Count > 1)
                    {
                        throw new DomainRuleException($"「{q.Text}」は1つだけ選んでください。");
                    }

                    foreach (var c in chosen.OfType<string>())
                    {
                        answers.Add(new SurveyAnswer { QuestionId = q.Id, ChoiceId = ChoiceOf(q, c, null) });
                    }

                    break;
                case QuestionKind.Matrix:
                    foreach (var row in q.Rows)
                    {
                        var cell = Value(Cell(q, row));
                        if (cell.Length > 0)
                        {
                            answers.Add(new SurveyAnswer { QuestionId = q.Id, RowId = row.Id, ChoiceId = ChoiceOf(q, cell, row) });
                        }
                    }

                    break;
                case QuestionKind.Number:
                    var text = Normalize(Value(Field(q))).Replace(",", "", StringComparison.Ordinal);
                    if (text.Length > 0)
                    {
                        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                            || number is < -1_000_000_000m or > 1_000_000_000m)
                        {
                            throw new DomainRuleException($"「{q.Text}」には数値を入力してください(例: 12)。");
                        }

                        answers.Add(new SurveyAnswer { QuestionId = q.Id, Number = number });
                    }

                    break;
                case QuestionKind.Date:
                    var d = Normalize(Value(Field(q)));
                    if (d.Length > 0)
                    {
                        if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                            && !DateOnly.TryParseExact(d, "yyyy/M/d", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                        {
                            throw new DomainRuleException($"「{q.Text}」には日付を入力してください(例: 2026-10-01)。");
                        }

                        answers.Add(new SurveyAnswer { QuestionId = q.Id, Date = date });
                    }

                    break;
                case QuestionKind.ShortText or QuestionKind.LongText:
                    var t = Value(Field(q)).Trim();
                    if (t.Length > 0)
                    {
                        answers.Add(new SurveyAnswer { QuestionId = q.Id, Text = t });
                    }

                    break;
                case QuestionKind.Activities:
                    for (var i = 0; i < ActivityRows.GetValueOrDefault(q.Id, BlankActivityRows); i++)
                    {
                        var title = Value(Activity(q, i, "title")).Trim();
                        string? Opt(string part) => Value(Activity(q, i, part)).Trim() is { Length: > 0 } s ? s : null;
                        var cat = Opt("cat");
                        var aud = Opt("aud");
                        var freq = Opt("freq");
                        var period = Opt("period");
                        if (title.Length == 0)
                        {
                            if (aud is not null || freq is not null || period is not null)
                            {
                                throw new DomainRuleException($"取組の{i + 1}行目に名称がありません。名称を入力するか、その行を空にしてください。");
                            }

                            continue;
                        }

                        int? categoryId = cat is null ? null
                            : int.TryParse(cat, NumberStyles.None, CultureInfo.InvariantCulture, out var cid) && Survey.Categories.Any(c => c.Id == cid) ? cid
                            : throw new DomainRuleException($"取組「{title}」の分類を選び直してください。");
                        activities.Add(new SurveyActivity { QuestionId = q.Id, Title = title, CategoryId = categoryId, Audience = aud, Frequency = freq, Period = period });
                    }

                    break;
            }
        }

        return new AnswerSheet(answers, activities, NotDoing, Respondent);
    }

    private static int ChoiceOf(SurveyQuestion q, string posted, SurveyChoice? row)
    {
        var id = int.TryParse(posted, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return q.Columns.Any(c => c.Id == id) ? id
            : throw new DomainRuleException(row is null ? $"「{q.Text}」の選択肢を選び直してください。" : $"「{q.Text}」の「{row.Label}」の選択肢を選び直してください。");
    }

    private static string Normalize(string s) => s.Normalize(NormalizationForm.FormKC).Trim();
}
