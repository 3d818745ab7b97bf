using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>Records a consent: purpose, which data, with which organisations, when, by whom, in what form, until when.</summary>
public sealed class ConsentModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ConsentInput Input { get; set; } = new();

    public Client Client { get; private set; } = null!;
    public IReadOnlyList<Organization> OrganizationChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Input.ConsentedOn = JapanTime.Today(clock);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var chosen = OrganizationChoices.Where(o => Input.OrganizationIds.Contains(o.Id)).ToList();
        if (chosen.Count != Input.OrganizationIds.Distinct().Count())
        {
            ModelState.AddModelError("Input.OrganizationIds", "共有先は一覧から選んでください。");
        }

        if (!Enum.IsDefined(Input.Purpose) || !Enum.IsDefined(Input.GivenBy) || !Enum.IsDefined(Input.Form))
        {
            ModelState.AddModelError(string.Empty, "選択肢にない値が送られました。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scope = HttpContext.Scope();
        try
        {
            var tracked = await db.Clients.Include(c => c.Consents).SingleAsync(c => c.Id == id, ct);
            var consent = tracked.RecordConsent(Input.Purpose, Input.Scope!, chosen, Input.ConsentedOn!.Value, Input.GivenBy, Input.Form, Input.ExpiresOn,
                JapanTime.Today(clock), scope.UserName);
            audit.Add(AuditActions.Create, "Consent", null, detail: $"対象者#{id} {consent.PurposeLabel} 共有先{chosen.Count}機関");
            await db.SaveChangesAsync(ct);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        TempData["Message"] = "同意を記録しました。";
        return Redirect($"/Clients/Details/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var client = await db.Clients.AsNoTracking().VisibleTo(db, scope, JapanTime.Today(clock)).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (client is null)
        {
            return NotFound();
        }

        if (!scope.Owns(client))
        {
            return Forbid();
        }

        Client = client;
        await HttpContext.AuditReadAsync(audit, client.Id, "同意の記録", ct);
        // 共有先: organisations in the owner's prefecture (hospitals, 相談支援事業所, other 保健所), not the owner itself.
        var prefecture = Profiles.ProfileQueries.PrefecturePath(scope.RegionPath);
        OrganizationChoices = await db.Organizations.AsNoTracking().Include(o => o.Region)
            .Where(o => o.Id != scope.OrganizationId && o.Region.Path.StartsWith(prefecture)).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
        return null;
    }

    public sealed class ConsentInput
    {
        [Display(Name = "目的")]
        public ConsentPurpose Purpose { get; set; }

        [Display(Name = "同意の範囲(共有する情報)")]
        [Required(ErrorMessage = "共有する情報の範囲を入力してください。")]
        [StringLength(1000)]
        public string? Scope { get; set; }

        [Display(Name = "共有先の機関")]
        public List<int> OrganizationIds { get; set; } = [];

        [Display(Name = "同意日")]
        [Required(ErrorMessage = "同意日を入力してください。")]
        public DateOnly? ConsentedOn { get; set; }

        [Display(Name = "同意した人")]
        public ConsentGiver GivenBy { get; set; }

        [Display(Name = "方法")]
        public ConsentForm Form { get; set; }

        [Display(Name = "有効期限(任意)")]
        public DateOnly? ExpiresOn { get; set; }
    }
}
