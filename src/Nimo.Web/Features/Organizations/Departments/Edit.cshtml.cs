using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Organizations.Departments;

public sealed class EditModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public DepartmentInput Input { get; set; } = new();

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
            var department = await db.Departments.AsNoTracking().Include(d => d.Region).VisibleTo(scope).SingleOrDefaultAsync(d => d.Id == existingId);
            if (department is null)
            {
                return NotFound();
            }

            if (!scope.CanEdit(department))
            {
                return Forbid();
            }

            Input = new DepartmentInput
            {
                Id = department.Id,
                Version = department.Version,
                RegionId = department.RegionId,
                Name = department.Name,
                Role = department.Role,
                Duties = department.Duties,
                SortOrder = department.SortOrder,
            };
        }
        else
        {
            Input = new DepartmentInput { RegionId = regionId ?? scope.RegionId };
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
            ModelState.AddModelError("Input.RegionId", "選んだ地域に部署を登録する権限がありません。");
            return Page();
        }

        var duties = (Input.Duties ?? "").Split('\n');
        Department department;
        try
        {
            if (IsNew)
            {
                department = Department.Create(region, Input.Name, Input.Role, duties, Input.SortOrder);
                db.Departments.Add(department);
            }
            else
            {
                var found = await db.Departments.Include(d => d.Region).VisibleTo(scope).SingleOrDefaultAsync(d => d.Id == Input.Id);
                if (found is null)
                {
                    return NotFound();
                }

                if (!scope.CanEdit(found))
                {
                    return Forbid();
                }

                department = found;
                db.Entry(department).Property(d => d.Version).OriginalValue = Input.Version;
                department.Update(region, Input.Name, Input.Role, duties, Input.SortOrder);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "Department", IsNew ? null : department.Id);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == Input.Id);
            Conflict = current is null
                ? "この部署は他の利用者によって削除されました。"
                : $"この部署は、あなたが編集している間に他の利用者が更新しました(現在の部署名:「{current.Name}」)。あなたの入力は下に残っています。確かめてからもう一度「保存」を押すと上書きします。";
            if (current is not null)
            {
                Input.Version = current.Version;
                ModelState.Remove("Input.Version");
            }

            return Page();
        }

        TempData[PageWrites.MessageKey] = $"「{department.Name}」を保存しました。";
        return Redirect(Regions.RegionLinks.Details(region.Id));
    }

    private async Task LoadChoicesAsync(UserScope scope) =>
        RegionChoices = await db.Regions.AsNoTracking().EditableBy(scope)
            .Where(r => r.Kind == RegionKind.Prefecture || r.Kind == RegionKind.Municipality).OrderBy(r => r.Path).ToListAsync();

    public sealed class DepartmentInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "自治体")]
        public int RegionId { get; set; }

        [Required(ErrorMessage = "部署名を入力してください。")]
        [StringLength(100, ErrorMessage = "部署名は100文字以内にしてください。")]
        [Display(Name = "部署名")]
        public string Name { get; set; } = "";

        [Display(Name = "区分")]
        public DepartmentRole Role { get; set; }

        [StringLength(4000, ErrorMessage = "主な業務は4000文字以内にしてください。")]
        [Display(Name = "主な業務(1行に1つ)")]
        public string? Duties { get; set; }

        [Range(0, 999, ErrorMessage = "表示順は0〜999にしてください。")]
        [Display(Name = "表示順")]
        public int SortOrder { get; set; }
    }
}
