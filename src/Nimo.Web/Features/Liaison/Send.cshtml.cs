using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Clients;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Liaison;

/// <summary>Sends a liaison sheet about one of the organisation's clients to an organisation an active consent covers.</summary>
public sealed class SendModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public SendInput Input { get; set; } = new();

    public Client Client { get; private set; } = null!;
    /// <summary>Receivers an active consent (連携票 or 支援全般) covers today, with that consent.</summary>
    public IReadOnlyList<(Organization Organization, Consent Consent)> Receivers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int clientId, CancellationToken ct) => await LoadAsync(clientId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        var refusal = await LoadAsync(clientId, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scope = HttpContext.Scope();
        var today = JapanTime.Today(clock);
        // The consent is looked up again on the server: a receiver the consent does not cover is refused, whatever was posted.
        var to = await db.Organizations.SingleOrDefaultAsync(o => o.Id == Input.ToOrganizationId, ct);
        var consents = await db.Consents.Include(k => k.Organizations).Where(k => k.ClientId == clientId).ToListAsync(ct);
        var consent = to is null ? null : consents.FirstOrDefault(k => k.Covers(to.Id, ConsentPurpose.Liaison, today));
        try
        {
            if (to is null || consent is null)
            {
                throw new DomainRuleException("送り先への情報提供に有効な同意がありません。同意(目的: 地域連携票による情報共有、または支援全般)に送り先の機関を含めて記録してください。");
            }

            var client = await db.Clients.SingleAsync(c => c.Id == clientId, ct);
            var from = await db.Organizations.SingleAsync(o => o.Id == scope.OrganizationId, ct);
            var sheet = LiaisonSheet.Send(client, from, to, consent, Input.Reason!, Input.Situation!, Input.Request, Input.SenderContact, today, clock.GetUtcNow(), scope.UserName);
            db.LiaisonSheets.Add(sheet);
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActions.Create, "LiaisonSheet", sheet.Id, detail: $"対象者#{clientId} → {to.Name}(同意#{consent.Id})", ct: ct);
            TempData[PageWrites.MessageKey] = $"「{to.Name}」に地域連携票を送りました。";
            return Redirect($"/Liaison/Details/{sheet.Id}");
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
    }

    private async Task<IActionResult?> LoadAsync(int clientId, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var today = JapanTime.Today(clock);
        var client = await db.Clients.AsNoTracking().Include(c => c.Consents).ThenInclude(k => k.Organizations)
            .VisibleTo(db, scope, today).SingleOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null)
        {
            return NotFound();
        }

        if (!scope.Owns(client))
        {
            return Forbid();
        }

        Client = client;
        await HttpContext.AuditReadAsync(audit, client.Id, "地域連携票の作成", ct);
        var covering = client.Consents.Where(k => k.IsActiveOn(today) && k.Purpose is ConsentPurpose.Liaison or ConsentPurpose.General).ToList();
        var ids = covering.SelectMany(k => k.Organizations.Select(o => o.OrganizationId)).Distinct().ToList();
        // A sheet goes to another organisation: the sender's own, though a consent may name it, is no receiver.
        var orgs = await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id) && o.Id != scope.OrganizationId).OrderBy(o => o.Name).ToListAsync(ct);
        Receivers = [.. orgs.Select(o => (o, covering.First(k => k.Organizations.Any(x => x.OrganizationId == o.Id))))];
        return null;
    }

    public sealed class SendInput
    {
        [Display(Name = "送り先")]
        public int ToOrganizationId { get; set; }

        [Display(Name = "連絡の理由")]
        [Required(ErrorMessage = "連絡の理由を入力してください。")]
        [StringLength(1000)]
        public string? Reason { get; set; }

        [Display(Name = "本人の状況")]
        [Required(ErrorMessage = "本人の状況を入力してください。")]
        [StringLength(8000)]
        public string? Situation { get; set; }

        [Display(Name = "依頼したいこと")]
        [StringLength(4000)]
        public string? Request { get; set; }

        [Display(Name = "連絡先(担当者)")]
        [StringLength(200)]
        public string? SenderContact { get; set; }
    }
}
