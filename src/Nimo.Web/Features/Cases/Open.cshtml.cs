using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Cases;

/// <summary>Opens a case for one of the organisation's own clients: programme, start, staff, referral.</summary>
public sealed class OpenModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public OpenInput Input { get; set; } = new();

    public Client Client { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int clientId, CancellationToken ct)
    {
        var refusal = await LoadAsync(clientId, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Input.OpenedOn = JapanTime.Today(clock);
        // 担当者 is a person's name as the office writes it, so the default is the user's name, not the login ID.
        Input.AssignedStaff = await StaffNames.OfUserAsync(db, HttpContext.Scope().UserId, HttpContext.Scope().UserName, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int clientId, CancellationToken ct)
    {
        var refusal = await LoadAsync(clientId, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!Enum.IsDefined(Input.Programme))
        {
            ModelState.AddModelError("Input.Programme", "事業を選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        SupportCase created;
        try
        {
            var client = await db.Clients.SingleAsync(c => c.Id == clientId, ct);
            created = SupportCase.Open(client, Input.Programme, Input.OpenedOn!.Value, Input.AssignedStaff, Input.Team, Input.Referral, JapanTime.Today(clock));
            db.SupportCases.Add(created);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(AuditActions.Create, "SupportCase", created.Id, detail: $"対象者#{clientId} {created.ProgrammeLabel}", ct: ct);
        TempData[PageWrites.MessageKey] = $"{created.ProgrammeLabel}のケースを開始しました。";
        return Redirect($"/Cases/Details/{created.Id}");
    }

    private async Task<IActionResult?> LoadAsync(int clientId, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var client = await db.Clients.AsNoTracking().VisibleTo(db, scope, JapanTime.Today(clock)).SingleOrDefaultAsync(c => c.Id == clientId, ct);
        if (client is null)
        {
            return NotFound();
        }

        if (!scope.Owns(client))
        {
            return Forbid();
        }

        Client = client;
        await HttpContext.AuditReadAsync(audit, client.Id, "支援ケースの開始", ct);
        return null;
    }

    public sealed class OpenInput
    {
        [Display(Name = "事業")]
        public Programme Programme { get; set; }

        [Display(Name = "開始日(受付日)")]
        [Required(ErrorMessage = "開始日を入力してください。")]
        public DateOnly? OpenedOn { get; set; }

        [Display(Name = "担当者")]
        [StringLength(100)]
        public string? AssignedStaff { get; set; }

        [Display(Name = "担当チーム")]
        [StringLength(200)]
        public string? Team { get; set; }

        [Display(Name = "紹介・通知の内容(病院からの通知、紹介元など)")]
        [StringLength(2000)]
        public string? Referral { get; set; }
    }
}
