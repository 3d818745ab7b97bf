using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Features.Events.Public;

/// <summary>The anonymous questionnaire of a published event, from its start until 30 days after it. Nothing asks who answers.</summary>
public sealed class QuestionnaireModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public int EventId { get; private set; }
    public string Title { get; private set; } = "";
    public IReadOnlyList<QuestionnaireItem> Items { get; private set; } = [];
    public bool Sent { get; private set; }

    [BindProperty]
    public Dictionary<int, AnswerForm> Answers { get; set; } = [];

    public sealed class AnswerForm
    {
        public int? Rating { get; set; }
        public int? Before { get; set; }
        public int? After { get; set; }
        public string? Text { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        try
        {
            var response = QuestionnaireResponse.Create(id, ResponseSource.Online, Items,
                Answers.ToDictionary(a => a.Key, a => new AnswerInput(a.Value.Rating, a.Value.Before, a.Value.After, a.Value.Text)), clock.GetUtcNow());
            db.QuestionnaireResponses.Add(response);
            await db.SaveChangesAsync(ct);
            Sent = true;
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
        }

        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.IsPublished && !x.IsSensitive, ct);
        if (e is null || !Questionnaires.OpenOnline(e, clock.GetUtcNow()))
        {
            return false;
        }

        EventId = e.Id;
        Title = e.Title;
        Items = await db.QuestionnaireItems.AsNoTracking().Where(i => i.EventId == id).OrderBy(i => i.SortOrder).ThenBy(i => i.Id).ToListAsync(ct);
        return Items.Count > 0;
    }
}
