using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Events;

/// <summary>The national supporter target as master data ([M]): administrators keep its value, year and source current.</summary>
public sealed class SupporterTargetModel(NimoDbContext db, AuditLog audit) : PageModel
{
    [BindProperty]
    public TargetForm Input { get; set; } = new();

    public sealed class TargetForm
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "名称")]
        [Required(ErrorMessage = "名称を入力してください。")]
        [StringLength(100, ErrorMessage = "名称は100文字以内で入力してください。")]
        public string? Name { get; set; }

        [Display(Name = "目標値(人)")]
        [Range(1, 100_000_000, ErrorMessage = "目標値は1〜100,000,000で入力してください。")]
        public int Value { get; set; }

        [Display(Name = "目標年度(西暦の開始年。令和15年度なら2033)")]
        [Range(1990, 2200, ErrorMessage = "目標年度は1990〜2200で入力してください。")]
        public int DueFiscalYear { get; set; }

        [Display(Name = "出典")]
        [StringLength(300, ErrorMessage = "出典は300文字以内で入力してください。")]
        public string? Source { get; set; }

        [Display(Name = "確認済み(出典で値を確認した)")]
        public bool IsVerified { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!HttpContext.Scope().IsAdmin)
        {
            return Forbid();
        }

        var t = await db.SupporterTargets.AsNoTracking().OrderBy(x => x.Id).FirstAsync(ct);
        Input = new TargetForm { Id = t.Id, Version = t.Version, Name = t.Name, Value = t.Value, DueFiscalYear = t.DueFiscalYear, Source = t.Source, IsVerified = t.IsVerified };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!HttpContext.Scope().IsAdmin)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var t = await db.SupporterTargets.SingleOrDefaultAsync(x => x.Id == Input.Id, ct);
        if (t is null)
        {
            return NotFound();
        }

        db.Entry(t).Property(x => x.Version).OriginalValue = Input.Version;
        try
        {
            t.Update(Input.Name, Input.Value, Input.DueFiscalYear, Input.Source, Input.IsVerified);
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
            return Page();
        }

        audit.Add(AuditActions.Update, "SupporterTarget", t.Id, detail: $"{t.Name} {t.Value}人 {t.DueFiscalYear}年度末");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "編集している間に他の利用者が目標を更新しました。画面を開き直してください。");
            return Page();
        }

        TempData[PageWrites.MessageKey] = "全国目標を保存しました。";
        return Redirect("/Events/Supporters");
    }
}
