using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>An organisation's entry in the directory: what residents read about it, and its 法人番号 and 事業所番号.</summary>
public sealed class OrganizationModel(NimoDbContext db, AuditLog audit, DirectoryCache cache) : PageModel
{
    public Organization Provider { get; private set; } = null!;
    public bool CanEdit { get; private set; }

    [BindProperty]
    [Display(Name = "機関の紹介(住民向け)")]
    [StringLength(2000, ErrorMessage = "機関の紹介は2000文字以内にしてください。")]
    public string? Description { get; set; }

    [BindProperty]
    [Display(Name = "ホームページ")]
    [StringLength(500, ErrorMessage = "ホームページのアドレスは500文字以内にしてください。")]
    public string? Website { get; set; }

    [BindProperty]
    [Display(Name = "メールアドレス")]
    [StringLength(200, ErrorMessage = "メールアドレスは200文字以内にしてください。")]
    public string? Email { get; set; }

    [BindProperty]
    [Display(Name = "法人番号(13桁)")]
    [StringLength(20, ErrorMessage = "法人番号は13桁の数字で入力してください。")]
    public string? CorporateNumber { get; set; }

    [BindProperty]
    [Display(Name = "事業所番号(10桁)")]
    [StringLength(20, ErrorMessage = "事業所番号は10桁の数字で入力してください。")]
    public string? OfficeNumber { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var listing = await LoadAsync(id, ct);
        if (listing is null)
        {
            return NotFound();
        }

        Description = listing.Description;
        Website = listing.Website;
        Email = listing.Email;
        CorporateNumber = listing.Identifier(IdentifierKind.CorporateNumber);
        OfficeNumber = listing.Identifier(IdentifierKind.OfficeNumber);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var listing = await LoadAsync(id, ct);
        if (listing is null)
        {
            return NotFound();
        }

        if (!CanEdit)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            listing.Update(Description, Website, Email);
            listing.SetIdentifier(IdentifierKind.CorporateNumber, CorporateNumber);
            listing.SetIdentifier(IdentifierKind.OfficeNumber, OfficeNumber);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        DirectoryStamp.Touch(db);
        audit.Add(AuditActions.Update, "DirectoryOrganization", id);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        TempData["Message"] = $"「{Provider.Name}」の掲載情報を保存しました。";
        return Redirect($"/Directory/Organization/{id}");
    }

    /// <summary>The listing, made on first use (it carries the organisation's HSDS id).</summary>
    private async Task<DirectoryOrganization?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var organization = await db.Organizations.Include(o => o.Region).VisibleTo(scope).SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null)
        {
            return null;
        }

        Provider = organization;
        CanEdit = scope.CanCurate(organization);
        var listing = await db.DirectoryOrganizations.Include(o => o.Identifiers).SingleOrDefaultAsync(o => o.OrganizationId == id, ct);
        if (listing is null)
        {
            listing = DirectoryOrganization.For(organization, DeterministicGuid.Create(Taxonomies.Namespace, "organization/" + organization.Id));
            db.DirectoryOrganizations.Add(listing);
        }

        return listing;
    }
}
