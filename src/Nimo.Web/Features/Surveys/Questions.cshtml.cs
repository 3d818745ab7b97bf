using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>The survey's sections and questions, built before it is sent (fixed after, so the tally stays whole).</summary>
public sealed class QuestionsModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public const int ChoiceRows = 8;

    public Survey Survey { get; private set; } = null!;

    [BindProperty]
    public QuestionInput Question { get; set; } = new();

    public sealed class QuestionInput
    {
        public int? SectionId { get; set; }
        public QuestionKind Kind { get; set; } = QuestionKind.SingleChoice;
        public string? Text { get; set; }
        public string? Help { get; set; }
        public bool Required { get; set; }
        public string? Unit { get; set; }
        public List<string?> Choices { get; set; } = [];
        public List<string?> Rows { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Survey = survey!;
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostSectionAsync(int id, string? title, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: true, ct);
        return refusal ?? await this.CommitAsync(db, () => survey!.AddSection(title ?? ""),
            () => audit.Add(AuditActions.Update, "Survey", id, detail: "章を追加"), () => $"章「{title?.Trim()}」を追加しました。", $"/Surveys/Questions/{id}", ct);
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Survey = survey!;
        var section = survey!.Sections.FirstOrDefault(s => s.Id == Question.SectionId) ?? (survey.Sections.Count == 0 ? null : survey.Sections.OrderBy(s => s.Order).First());
        var ok = this.TryApply(() =>
        {
            section ??= survey.AddSection("設問");
            survey.AddQuestion(section, Question.Kind, Question.Text ?? "", Question.Help, Question.Required, Question.Unit,
                Question.Choices.Select(c => c ?? ""), Question.Rows.Select(c => c ?? ""));
        });
        if (!ok)
        {
            Pad();
            return Page();
        }

        audit.Add(AuditActions.Update, "Survey", id, detail: "設問を追加");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "設問を追加しました。";
        return Redirect($"/Surveys/Questions/{id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int questionId, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var q = survey!.Questions.FirstOrDefault(x => x.Id == questionId);
        if (q is null)
        {
            return NotFound();
        }

        return await this.CommitAsync(db, () => survey.RemoveQuestion(q), () => audit.Add(AuditActions.Update, "Survey", id, detail: "設問を削除"),
            () => "設問を削除しました。", $"/Surveys/Questions/{id}", ct);
    }

    private void Pad()
    {
        while (Question.Choices.Count < ChoiceRows)
        {
            Question.Choices.Add(null);
        }

        while (Question.Rows.Count < ChoiceRows)
        {
            Question.Rows.Add(null);
        }
    }
}
