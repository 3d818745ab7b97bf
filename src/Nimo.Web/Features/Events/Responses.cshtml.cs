using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;

namespace Nimo.Features.Events;

/// <summary>
/// Typing in paper questionnaires, one sheet per save; the form comes back empty for the next sheet, with the sheet just
/// saved shown beside it so that the typist can check it against the paper (free text included: before, it was read back
/// only on the 集計 page, so a sheet typed wrongly went unnoticed).
/// </summary>
public sealed class ResponsesModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public Event Event { get; private set; } = null!;
    public IReadOnlyList<QuestionnaireItem> Items { get; private set; } = [];
    public int Responses { get; private set; }

    /// <summary>The sheet saved by the previous post, shown as typed; null on a first visit.</summary>
    public IReadOnlyList<(QuestionnaireItem Item, QuestionnaireAnswer Answer)>? LastSheet { get; private set; }

    [BindProperty]
    public Dictionary<int, AnswerForm> Answers { get; set; } = [];

    public sealed class AnswerForm
    {
        public int? Rating { get; set; }
        public int? Before { get; set; }
        public int? After { get; set; }
        public string? Text { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        if (TempData["SavedResponse"] is int saved)
        {
            var answers = await db.QuestionnaireResponses.AsNoTracking().Where(r => r.Id == saved && r.EventId == id)
                .SelectMany(r => r.Answers).ToListAsync(ct);
            LastSheet = [.. Items.Select(i => (Item: i, Answer: answers.FirstOrDefault(a => a.ItemId == i.Id))).Where(x => x.Answer is not null).Select(x => (x.Item, x.Answer!))];
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        QuestionnaireResponse response;
        try
        {
            response = QuestionnaireResponse.Create(id, ResponseSource.Paper, Items,
                Answers.ToDictionary(a => a.Key, a => new AnswerInput(a.Value.Rating, a.Value.Before, a.Value.After, a.Value.Text)), clock.GetUtcNow());
            db.QuestionnaireResponses.Add(response);
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
            return Page();
        }

        audit.Add(AuditActions.Create, "QuestionnaireResponse", id, detail: $"{Event.Title}: 紙のアンケートを入力");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"{Responses + 1}件目の回答を登録しました。続けて次の用紙を入力できます。";
        TempData["SavedResponse"] = response.Id;
        return Redirect($"/Events/Responses/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (e, refusal) = await this.EventForAsync(db, id, manage: true, ct);
        if (e is null)
        {
            return refusal;
        }

        Event = e;
        Items = await db.QuestionnaireItems.AsNoTracking().Where(i => i.EventId == id).OrderBy(i => i.SortOrder).ThenBy(i => i.Id).ToListAsync(ct);
        Responses = await db.QuestionnaireResponses.CountAsync(r => r.EventId == id, ct);
        return Items.Count == 0 ? Redirect($"/Events/Questionnaire/{id}") : null;
    }
}
