using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>
/// Makes the material shared at the forum: the secretariat picks which questions' summaries and which free texts (a text
/// answer, or one organisation's list of 取組) go in. Nothing free is shared unless picked. The snapshot is frozen when made
/// and attached to agenda items of the forum's meetings.
/// </summary>
public sealed class ShareModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public SurveyResults Results { get; private set; } = null!;
    public List<Meeting> Meetings { get; private set; } = [];

    public sealed record FreeText(string Key, string Organization, string Question, string Text);

    public List<FreeText> FreeTexts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int id, string? title, List<int> questionIds, List<string> texts, List<int> meetingIds, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        var lines = Lines(questionIds, texts);
        SurveySnapshot? snapshot = null;
        var meetings = Meetings.Where(m => meetingIds.Contains(m.Id)).ToList();
        var ok = this.TryApply(() =>
        {
            snapshot = SurveySnapshot.Create(Results.Survey, title ?? "", lines, clock.GetUtcNow(), HttpContext.Scope().UserName);
            foreach (var m in meetings)
            {
                var item = int.TryParse(Request.Form[$"agendaItem_{m.Id}"], System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                snapshot.AttachTo(m.Id, item, m.AgendaItems.Count());
            }
        });
        if (!ok)
        {
            return Page();
        }

        db.SurveySnapshots.Add(snapshot!);
        await db.SaveChangesAsync(ct);
        audit.Add(AuditActions.Create, "SurveySnapshot", snapshot!.Id, detail: $"共有資料を作成(設問{questionIds.Count}件・自由記述{texts.Count}件、会議{meetings.Count}件に添付)");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = meetings.Count == 0 ? "共有資料を作成しました。" : $"共有資料を作成し、{meetings.Count}件の会議の議題に添付しました。";
        return Redirect($"/Surveys/Snapshot/{snapshot.Id}");
    }

    /// <summary>The frozen lines: per picked question its summary; per picked free text, the text and who wrote it.</summary>
    public List<SnapshotLine> Lines(IReadOnlyCollection<int> questionIds, IReadOnlyCollection<string> texts)
    {
        var r = Results;
        var lines = new List<SnapshotLine>();
        var order = 0;
        void Add(SnapshotLineKind kind, string label, string? value = null) => lines.Add(new SnapshotLine { Order = ++order, Kind = kind, Label = label, Value = value });
        Add(SnapshotLineKind.Count, "回答", $"{r.Answered}/{r.Asked}機関(回答率 {(r.Rate is { } rate ? rate.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—")})");
        foreach (var t in r.Questions.Where(t => questionIds.Contains(t.Question.Id) && !t.Question.IsFreeText))
        {
            var q = t.Question;
            Add(SnapshotLineKind.Heading, q.Text);
            switch (q.Kind)
            {
                case QuestionKind.Activities:
                    foreach (var c in r.Categories)
                    {
                        Add(SnapshotLineKind.Count, c.Name, $"{c.Activities}件({c.Organizations}機関)");
                    }

                    var notDoing = r.Recipients.Count(x => x.HasAnswered && x.NotDoing);
                    if (notDoing > 0)
                    {
                        Add(SnapshotLineKind.Count, SurveyLabels.NotDoingLabel, $"{notDoing}機関");
                    }

                    break;
                case QuestionKind.SingleChoice or QuestionKind.MultipleChoice:
                    foreach (var (label, count) in t.Choices)
                    {
                        Add(SnapshotLineKind.Count, label, $"{count}件");
                    }

                    break;
                case QuestionKind.Matrix:
                    foreach (var (row, counts) in t.Matrix)
                    {
                        Add(SnapshotLineKind.Count, row, string.Join("、", q.Columns.Zip(counts, (c, n) => $"{c.Label} {n}件")));
                    }

                    break;
                case QuestionKind.Number:
                    Add(SnapshotLineKind.Count, "合計", $"{t.Sum?.ToString("#,0.##", CultureInfo.InvariantCulture)}{q.Unit}({t.Respondents}機関)");
                    break;
                case QuestionKind.Date:
                    Add(SnapshotLineKind.Count, "回答した機関", $"{t.Respondents}機関");
                    break;
            }
        }

        var picked = FreeTexts.Where(f => texts.Contains(f.Key)).ToList();
        foreach (var group in picked.GroupBy(f => f.Question))
        {
            Add(SnapshotLineKind.Heading, group.Key);
            foreach (var f in group)
            {
                Add(SnapshotLineKind.Text, f.Organization, f.Text);
            }
        }

        return lines;
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Results = await SurveyResults.LoadAsync(db, survey!, ct);
        var categories = survey!.Categories.ToDictionary(c => c.Id, c => c.Name);
        foreach (var rec in Results.Recipients.Where(x => x.HasAnswered))
        {
            foreach (var q in survey.Questions)
            {
                if (q.IsFreeText && rec.Answers.FirstOrDefault(a => a.QuestionId == q.Id)?.Text is { } text)
                {
                    FreeTexts.Add(new FreeText($"t{rec.Id}_{q.Id}", rec.Organization.Name, q.Text, text));
                }
                else if (q.Kind == QuestionKind.Activities && (rec.NotDoing || rec.Activities.Any(a => a.QuestionId == q.Id)))
                {
                    var list = rec.NotDoing ? SurveyLabels.NotDoingLabel
                        : string.Join("\n", rec.Activities.Where(a => a.QuestionId == q.Id).OrderBy(a => a.Id)
                            .Select(a => $"・{a.Title}{(a.CategoryId is int c ? $"({categories.GetValueOrDefault(c)})" : "")}"));
                    FreeTexts.Add(new FreeText($"a{rec.Id}_{q.Id}", rec.Organization.Name, $"{q.Text}(機関ごとの取組)", list));
                }
            }
        }

        // The meetings of the survey's forum and its sub-bodies, newest first.
        if (survey.ForumId is int forumId)
        {
            var (tree, _) = await ForumCounts.TreeAsync(db, forumId, ct);
            Meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Where(m => tree.Contains(m.ForumId))
                .OrderByDescending(m => m.StartsAt).Take(100).ToListAsync(ct);
        }

        return null;
    }
}
