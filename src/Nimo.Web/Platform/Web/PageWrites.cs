using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Platform.Web;

/// <summary>
/// The one write path of a handler that answers with a redirect (modelled on Liaison/Details' ActAsync and Plans'
/// PlanAccess.CommitAsync): act on the tracked record through its entity method, stage the audit entry so that it is saved
/// in the same SaveChanges as the change, save, and send back with a whole sentence. A rule the entity refuses with
/// (<see cref="DomainRuleException"/>, a whole Japanese sentence) and a concurrent change by someone else are answered the
/// same way everywhere: nothing is saved, and the page sent back shows the sentence where success messages are shown
/// (<c>_Layout</c>), above the record as it now is.
/// </summary>
public static class PageWrites
{
    public const string MessageKey = "Message";
    public const string ErrorKey = "Error";

    /// <summary>The one wording of a concurrent change, for every record.</summary>
    public const string ConcurrentChange = "同じ時に他の職員がこの記録を更新しました。最新の状態を表示しています。確かめてから、もう一度操作してください。";

    /// <summary>
    /// Runs <paramref name="act"/> (the change, through the entity's methods; it may throw <see cref="DomainRuleException"/>),
    /// then <paramref name="stageAudit"/> (adds the audit entry, saved with the change or not at all), saves, and sends the
    /// person to <paramref name="thenTo"/> (or <paramref name="back"/>) with <paramref name="done"/>, the whole sentence made
    /// after the change. A refusal or a conflict sends them to <paramref name="back"/>, the record's page, with its sentence.
    /// </summary>
    public static async Task<IActionResult> CommitAsync(this PageModel page, NimoDbContext db, Action act, Action stageAudit, Func<string> done, string back,
        CancellationToken ct, string? thenTo = null)
    {
        try
        {
            act();
        }
        catch (DomainRuleException e)
        {
            page.TempData[ErrorKey] = e.Message;
            return new RedirectResult(back);
        }

        stageAudit();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            page.TempData[ErrorKey] = ConcurrentChange;
            return new RedirectResult(back);
        }

        page.TempData[MessageKey] = done();
        return new RedirectResult(thenTo ?? back);
    }

    /// <summary>
    /// For a handler that shows its form again: applies the change, or puts the rule's sentence on the form's error summary
    /// (under <paramref name="field"/>, or for the whole form) and returns false.
    /// </summary>
    public static bool TryApply(this PageModel page, Action act, string field = "")
    {
        try
        {
            act();
            return true;
        }
        catch (DomainRuleException e)
        {
            page.ModelState.AddModelError(field, e.Message);
            return false;
        }
    }
}
