using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;

namespace Nimo.Features.Events;

/// <summary>An event's anonymous questionnaire: its items (from a template or typed), and the ways in: paper entry, the public page.</summary>
public sealed class QuestionnaireModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public Event Event { get; private set; } = null!;
    public IReadOnlyList<QuestionnaireItem> Items { get; private set; } = [];
    public HashSet<int> Answered { get; private set; } = [];
    public int Responses { get; private set; }

    [BindProperty]
    [Display(Name = "設問")]
    [StringLength(300, ErrorMessage = "設問は300文字以内で入力してください。")]
    public string? Text { get; set; }

    [BindProperty]
    [Display(Name = "答え方")]
    public QuestionKind Kind { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnPostTemplateAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        if (Items.Count > 0)
        {
            TempData[PageWrites.ErrorKey] = "設問がすでにあるため、ひな形は使えません。";
            return Redirect($"/Events/Questionnaire/{id}");
        }

        var order = 0;
        foreach (var (kind, text) in QuestionnaireItem.Template(Event.Kind))
        {
            db.QuestionnaireItems.Add(QuestionnaireItem.Create(id, ++order, kind, text));
        }

        audit.Add(AuditActions.Update, "Questionnaire", id, detail: $"{Event.Title}: ひな形から設問を作成");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "ひな形から設問を作りました。必要に応じて足したり消したりしてください。";
        return Redirect($"/Events/Questionnaire/{id}");
    }

    public async Task<IActionResult> OnPostAddAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        try
        {
            db.QuestionnaireItems.Add(QuestionnaireItem.Create(id, Items.Count == 0 ? 1 : Items.Max(i => i.SortOrder) + 1, Enum.IsDefined(Kind) ? Kind : QuestionKind.Rating, Text));
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(nameof(Text), x.Message);
            return Page();
        }

        audit.Add(AuditActions.Update, "Questionnaire", id, detail: $"{Event.Title}: 設問を追加");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "設問を追加しました。";
        return Redirect($"/Events/Questionnaire/{id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int itemId, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        if (Answered.Contains(itemId))
        {
            TempData[PageWrites.ErrorKey] = "回答のある設問は削除できません(集計が変わってしまうため)。";
            return Redirect($"/Events/Questionnaire/{id}");
        }

        var item = await db.QuestionnaireItems.SingleOrDefaultAsync(i => i.Id == itemId && i.EventId == id, ct);
        if (item is null)
        {
            return NotFound();
        }

        db.QuestionnaireItems.Remove(item);
        audit.Add(AuditActions.Update, "Questionnaire", id, detail: $"{Event.Title}: 設問を削除");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "設問を削除しました。";
        return Redirect($"/Events/Questionnaire/{id}");
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
        var ids = Items.Select(i => i.Id).ToList();
        Answered = [.. await db.QuestionnaireAnswers.Where(a => ids.Contains(a.ItemId)).Select(a => a.ItemId).Distinct().ToListAsync(ct)];
        Responses = await db.QuestionnaireResponses.CountAsync(r => r.EventId == id, ct);
        return null;
    }
}
