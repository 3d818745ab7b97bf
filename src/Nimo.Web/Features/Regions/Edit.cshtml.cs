using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Regions;

public sealed class EditModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public RegionInput Input { get; set; } = new();

    public List<Region> ParentChoices { get; private set; } = [];
    public bool IsNew => Input.Id == 0;
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, int? parentId)
    {
        var scope = HttpContext.Scope();
        if (id is int existingId)
        {
            var region = await db.Regions.AsNoTracking().EditableBy(scope).SingleOrDefaultAsync(r => r.Id == existingId);
            if (region is null)
            {
                return await DeniedOrMissingAsync(existingId);
            }

            Input = RegionInput.From(region);
        }
        else
        {
            if (!scope.CanEditMasterData)
            {
                return Forbid();
            }

            var parent = parentId is int p ? await db.Regions.AsNoTracking().EditableBy(scope).SingleOrDefaultAsync(r => r.Id == p) : null;
            Input = new RegionInput
            {
                ParentId = parent?.Id,
                Kind = parent?.Kind switch
                {
                    RegionKind.Prefecture => RegionKind.Municipality,
                    RegionKind.HealthArea => RegionKind.Municipality,
                    RegionKind.Municipality => RegionKind.DailyLifeArea,
                    _ => RegionKind.Prefecture,
                },
            };
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

        Region? parent = null;
        if (Input.ParentId is int parentId)
        {
            parent = await db.Regions.EditableBy(scope).SingleOrDefaultAsync(r => r.Id == parentId);
            if (parent is null)
            {
                ModelState.AddModelError("Input.ParentId", "選んだ上位地域に登録する権限がありません。");
                return Page();
            }
        }
        else if (!scope.IsAdmin)
        {
            ModelState.AddModelError("Input.ParentId", "上位地域を選んでください(都道府県の登録はシステム管理者が行います)。");
            return Page();
        }

        if (Input.Code is { Length: > 0 } code && await db.Regions.AnyAsync(r => r.Code == code && r.Id != Input.Id))
        {
            ModelState.AddModelError("Input.Code", $"団体コード「{code}」は既に登録されています。");
            return Page();
        }

        Region region;
        try
        {
            if (IsNew)
            {
                region = Region.Create(Input.Code, Input.Name, Input.Kana ?? "", Input.Kind, Input.FlagValue, parent);
                db.Regions.Add(region);
            }
            else
            {
                var found = await db.Regions.EditableBy(scope).Include(r => r.Children).SingleOrDefaultAsync(r => r.Id == Input.Id);
                if (found is null)
                {
                    return await DeniedOrMissingAsync(Input.Id);
                }

                region = found;
                db.Entry(region).Property(r => r.Version).OriginalValue = Input.Version;
                region.Update(Input.Code, Input.Name, Input.Kana ?? "", Input.Kind, Input.FlagValue);
                if (region.ParentId != parent?.Id)
                {
                    // Moving: load the whole subtree so every descendant's path follows.
                    var oldPath = region.Path;
                    await db.Regions.Where(r => r.Path.StartsWith(oldPath)).LoadAsync();
                    region.PlaceUnder(parent);
                }
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "Region", IsNew ? null : region.Id, detail: region.Code ?? region.Name);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == Input.Id);
            Conflict = current is null
                ? "この地域は他の利用者によって削除されました。"
                : $"この地域は、あなたが編集している間に他の利用者が更新しました(現在の名称:「{current.Name}」)。あなたの入力は下に残っています。内容を確かめて、もう一度「保存」を押すと上書きします。";
            if (current is not null)
            {
                Input.Version = current.Version;
                ModelState.Remove("Input.Version");
            }

            return Page();
        }

        TempData[PageWrites.MessageKey] = $"「{region.Name}」を保存しました。";
        return Redirect($"/Regions/Details/{region.Id}");
    }

    // A region the user may read but not edit is refused; one they may not even read does not exist for them.
    private async Task<IActionResult> DeniedOrMissingAsync(int id) =>
        await db.Regions.VisibleTo(HttpContext.Scope()).AnyAsync(r => r.Id == id) ? Forbid() : NotFound();

    private async Task LoadChoicesAsync(UserScope scope)
    {
        ParentChoices = await db.Regions.AsNoTracking().EditableBy(scope)
            .Where(r => r.Kind != RegionKind.DailyLifeArea && r.Id != Input.Id)
            .OrderBy(r => r.Path).ToListAsync();
    }

    public sealed class RegionInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [RegularExpression(@"^\d{6}$", ErrorMessage = "団体コードは半角数字6桁で入力してください。")]
        [Display(Name = "全国地方公共団体コード(6桁)")]
        public string? Code { get; set; }

        [Required(ErrorMessage = "名称を入力してください。")]
        [StringLength(100, ErrorMessage = "名称は100文字以内にしてください。")]
        [Display(Name = "名称")]
        public string Name { get; set; } = "";

        [StringLength(200, ErrorMessage = "よみがなは200文字以内にしてください。")]
        [Display(Name = "よみがな")]
        public string? Kana { get; set; }

        [Display(Name = "種別")]
        public RegionKind Kind { get; set; }

        [Display(Name = "上位の地域")]
        public int? ParentId { get; set; }

        public List<MunicipalityFlags> Flags { get; set; } = [];

        public MunicipalityFlags FlagValue => Flags.Aggregate(MunicipalityFlags.None, (a, f) => a | f);

        public static RegionInput From(Region r) => new()
        {
            Id = r.Id,
            Version = r.Version,
            Code = r.Code,
            Name = r.Name,
            Kana = r.Kana,
            Kind = r.Kind,
            ParentId = r.ParentId,
            Flags = [.. Region.FlagLabels.Where(f => r.Flags.HasFlag(f.Flag)).Select(f => f.Flag)],
        };
    }
}
