using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// 取組の経緯: a region's dated timeline, typed in 和暦 as the sheet has it. Readable like the region's statistics
/// (the whole prefecture); written by the region's own editors.
/// </summary>
public sealed class HistoryModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public EntryInput Input { get; set; } = new();

    public Region Region { get; private set; } = null!;
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public bool Editing => Input.Id != 0;

    public async Task<IActionResult> OnGetAsync(int id, int? edit, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (edit is int entryId && CanEdit && Entries.FirstOrDefault(e => e.Id == entryId) is { } entry)
        {
            Input = new EntryInput { Id = entry.Id, Version = entry.Version, When = entry.WhenText, Text = entry.Text };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        if (!HistoryEntry.TryParseWhen(Input.When, out var when, out var ongoing))
        {
            ModelState.AddModelError("Input.When", $"「{Input.When}」は読めません。「平成30年9月」「令和2年」「R5年度」「平成18年～」のように入力してください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        HistoryEntry entry;
        try
        {
            if (Editing)
            {
                var found = await db.HistoryEntries.SingleOrDefaultAsync(e => e.Id == Input.Id && e.RegionId == id, ct);
                if (found is null)
                {
                    return NotFound();
                }

                entry = found;
                db.Entry(entry).Property(e => e.Version).OriginalValue = Input.Version;
                entry.Update(when, ongoing, Input.Text!);
            }
            else
            {
                db.Attach(Region);
                entry = HistoryEntry.Create(Region, when, ongoing, Input.Text!);
                db.HistoryEntries.Add(entry);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(Editing ? AuditActions.Update : AuditActions.Create, "HistoryEntry", Editing ? entry.Id : null, detail: $"{Region.Name} {entry.WhenText}");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "編集している間に他の利用者がこの行を変更または削除しました。あなたの入力は残っています。一覧を確かめてから保存し直してください。");
            return Page();
        }

        TempData[PageWrites.MessageKey] = $"「{entry.WhenText}」の経緯を保存しました。";
        return Redirect($"/Plans/History/{id}");
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, int entryId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        var entry = await db.HistoryEntries.SingleOrDefaultAsync(e => e.Id == entryId && e.RegionId == id, ct);
        if (entry is null)
        {
            return NotFound();
        }

        db.HistoryEntries.Remove(entry);
        audit.Add(AuditActions.Update, "HistoryEntry", entry.Id, detail: $"削除: {Region.Name} {entry.WhenText}");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = $"「{entry.WhenText}」の経緯を削除しました。";
        return Redirect($"/Plans/History/{id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (region is null)
        {
            return false;
        }

        Region = region;
        CanEdit = scope.CanEditProfile(region);
        Entries = [.. (await db.HistoryEntries.AsNoTracking().Where(e => e.RegionId == id).ToListAsync(ct)).OrderBy(e => e.SortKey).ThenBy(e => e.Id)];
        return true;
    }

    public sealed class EntryInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "時期(和暦)")]
        [Required(ErrorMessage = "時期を入力してください。")]
        [StringLength(30)]
        public string? When { get; set; }

        [Display(Name = "内容")]
        [Required(ErrorMessage = "内容を入力してください。")]
        [StringLength(TextLength.Note)]
        public string? Text { get; set; }
    }
}
