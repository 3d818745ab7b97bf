using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations;

public sealed class EditModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public List<Region> RegionChoices { get; private set; } = [];
    public bool IsNew => Input.Id == 0;
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, int? regionId)
    {
        var scope = HttpContext.Scope();
        if (!scope.CanEditMasterData)
        {
            return Forbid();
        }

        if (id is int existingId)
        {
            var organization = await db.Organizations.AsNoTracking().Include(o => o.Region).VisibleTo(scope).SingleOrDefaultAsync(o => o.Id == existingId);
            if (organization is null)
            {
                return NotFound();
            }

            if (!scope.CanEdit(organization))
            {
                return Forbid();
            }

            Input = OrganizationInput.From(organization);
        }
        else
        {
            Input = new OrganizationInput { RegionId = regionId ?? scope.RegionId, IsActive = true };
        }

        await LoadChoicesAsync(scope);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var scope = HttpContext.Scope();
        if (!scope.CanEditMasterData)
        {
            return Forbid();
        }

        await LoadChoicesAsync(scope);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var region = await db.Regions.EditableBy(scope).SingleOrDefaultAsync(r => r.Id == Input.RegionId);
        if (region is null)
        {
            ModelState.AddModelError("Input.RegionId", "選んだ地域に機関を登録する権限がありません。");
            return Page();
        }

        Organization organization;
        try
        {
            if (IsNew)
            {
                organization = Organization.Create(Input.Name, Input.Kana ?? "", Input.Kind, region);
                db.Organizations.Add(organization);
            }
            else
            {
                var found = await db.Organizations.Include(o => o.Region).VisibleTo(scope).SingleOrDefaultAsync(o => o.Id == Input.Id);
                if (found is null)
                {
                    return NotFound();
                }

                if (!scope.CanEdit(found))
                {
                    return Forbid();
                }

                organization = found;
                db.Entry(organization).Property(o => o.Version).OriginalValue = Input.Version;
            }

            organization.Update(Input.Name, Input.Kana ?? "", Input.Kind, region, Input.Address, Input.Phone, Input.Notes, Input.IsActive);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "Organization", IsNew ? null : organization.Id);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == Input.Id);
            Conflict = current is null
                ? "この機関は他の利用者によって削除されました。"
                : $"この機関は、あなたが編集している間に他の利用者が更新しました(現在の機関名:「{current.Name}」、電話:「{current.Phone}」)。あなたの入力は下に残っています。確かめてからもう一度「保存」を押すと上書きします。";
            if (current is not null)
            {
                Input.Version = current.Version;
                ModelState.Remove("Input.Version");
            }

            return Page();
        }

        TempData[PageWrites.MessageKey] = $"「{organization.Name}」を保存しました。";
        return Redirect($"/Organizations/Details/{organization.Id}");
    }

    private async Task LoadChoicesAsync(UserScope scope) =>
        RegionChoices = await db.Regions.AsNoTracking().EditableBy(scope).OrderBy(r => r.Path).ToListAsync();

    public sealed class OrganizationInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Required(ErrorMessage = "機関名を入力してください。")]
        [StringLength(200, ErrorMessage = "機関名は200文字以内にしてください。")]
        [Display(Name = "機関名")]
        public string Name { get; set; } = "";

        [StringLength(300, ErrorMessage = "よみがなは300文字以内にしてください。")]
        [Display(Name = "よみがな")]
        public string? Kana { get; set; }

        [Display(Name = "種別")]
        public OrganizationKind Kind { get; set; }

        [Display(Name = "地域")]
        public int RegionId { get; set; }

        [StringLength(TextLength.Address)]
        [Display(Name = "住所")]
        public string? Address { get; set; }

        [StringLength(30, ErrorMessage = "電話番号は30文字以内にしてください。")]
        [Display(Name = "電話")]
        public string? Phone { get; set; }

        [StringLength(TextLength.Note)]
        [Display(Name = "備考")]
        public string? Notes { get; set; }

        [Display(Name = "有効(活動中)")]
        public bool IsActive { get; set; } = true;

        public static OrganizationInput From(Organization o) => new()
        {
            Id = o.Id,
            Version = o.Version,
            Name = o.Name,
            Kana = o.Kana,
            Kind = o.Kind,
            RegionId = o.RegionId,
            Address = o.Address,
            Phone = o.Phone,
            Notes = o.Notes,
            IsActive = o.IsActive,
        };
    }
}
