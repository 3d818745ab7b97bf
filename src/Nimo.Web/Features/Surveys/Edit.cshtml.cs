using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>A survey's heading: title, purpose and use, who runs it (a forum, or the user's office as the region's secretariat), the dates and the 取組 categories.</summary>
public sealed class EditModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public const int CategoryRows = 8;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public int? Id { get; private set; }
    public List<Forum> Forums { get; private set; } = [];
    public bool IsSent { get; private set; }

    public sealed class InputModel
    {
        [Display(Name = "調査名")]
        [Required(ErrorMessage = "調査名を入力してください。")]
        [StringLength(200, ErrorMessage = "調査名は200文字以内で入力してください。")]
        public string Title { get; set; } = "";

        [Display(Name = "調査の目的と回答の利用方法")]
        [Required(ErrorMessage = "調査の目的と回答の利用方法を入力してください。")]
        [StringLength(4000, ErrorMessage = "調査の目的と回答の利用方法は4000文字以内で入力してください。")]
        public string Purpose { get; set; } = "";

        [Display(Name = "実施する協議の場")]
        public int? ForumId { get; set; }

        [Display(Name = "回答開始日")]
        [Required(ErrorMessage = "回答開始日を入力してください。")]
        public DateOnly? OpensOn { get; set; }

        [Display(Name = "締切日")]
        [Required(ErrorMessage = "締切日を入力してください。")]
        public DateOnly? ClosesOn { get; set; }

        public List<string?> Categories { get; set; } = [];
    }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        if (id is null)
        {
            var today = JapanTime.Today(clock);
            Input = new InputModel
            {
                OpensOn = today, ClosesOn = today.AddDays(21), Categories = [.. SurveyLabels.BunkyoCategories],
                Purpose = "地域の関係機関がすでに行っている取組を把握し、協議の場で共有して、地域の強みと不足している取組を話し合うための資料とします。回答は集計して協議の場で共有します。自由記述は、事務局が選んだものだけを共有します。",
            };
        }

        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        var scope = HttpContext.Scope();
        var forum = Input.ForumId is int fid ? Forums.SingleOrDefault(f => f.Id == fid) : null;
        if (Input.ForumId is not null && forum is null)
        {
            ModelState.AddModelError("Input.ForumId", "事務局を務めている協議の場から選んでください。");
        }

        if (!ModelState.IsValid)
        {
            Pad();
            return Page();
        }

        var owner = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == scope.OrganizationId, ct);
        var trackedForum = forum is null ? null : await db.Forums.Include(f => f.Region).SingleAsync(f => f.Id == forum.Id, ct);
        var region = trackedForum?.Region ?? owner.Region;
        Survey? survey = null;
        if (id is int existing)
        {
            survey = await db.Surveys.Include(s => s.Categories).Include(s => s.Forum).ThenInclude(f => f!.Members).SingleAsync(s => s.Id == existing, ct);
            var keepOwner = survey.OwnerOrganizationId;
            var ownerOrg = keepOwner == owner.Id ? owner : await db.Organizations.SingleAsync(o => o.Id == keepOwner, ct);
            if (!this.TryApply(() =>
            {
                survey.Describe(Input.Title, Input.Purpose, ownerOrg, region, trackedForum, Input.OpensOn!.Value, Input.ClosesOn!.Value);
                survey.SetCategories(Input.Categories.Select(c => c ?? ""));
            }))
            {
                Pad();
                return Page();
            }

            audit.Add(AuditActions.Update, "Survey", survey.Id, detail: "調査の概要を変更");
        }
        else if (!this.TryApply(() => survey = Survey.Create(Input.Title, Input.Purpose, owner, region, trackedForum, Input.OpensOn!.Value, Input.ClosesOn!.Value,
                     Input.Categories.Select(c => c ?? ""), clock.GetUtcNow(), scope.UserName)))
        {
            Pad();
            return Page();
        }
        else
        {
            db.Surveys.Add(survey!);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError("", PageWrites.ConcurrentChange);
            Pad();
            return Page();
        }

        if (id is null)
        {
            await audit.WriteAsync(AuditActions.Create, "Survey", survey!.Id, detail: "調査を作成", ct: ct);
        }

        TempData[PageWrites.MessageKey] = id is null ? "調査を作成しました。続けて設問を作成してください。" : "調査の概要を保存しました。";
        return Redirect(id is null ? $"/Surveys/Questions/{survey!.Id}" : $"/Surveys/Details/{survey!.Id}");
    }

    private async Task<IActionResult?> LoadAsync(int? id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (scope.OrganizationId <= 0 || scope.Role is not (Roles.MunicipalStaff or Roles.PrefectureStaff or Roles.ForumSecretariat or Roles.Admin))
        {
            return Forbid();
        }

        var forums = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Members).Include(f => f.Region).OrderBy(f => f.Region.Path).ThenBy(f => f.Name).ToListAsync(ct);
        Forums = [.. forums.Where(f => scope.CanManage(f))];
        if (id is int existing)
        {
            var (survey, refusal) = await this.SurveyToManageAsync(db, existing, tracked: false, ct);
            if (refusal is not null)
            {
                return refusal;
            }

            Id = existing;
            IsSent = survey!.IsSent;
            if (Request.Method == "GET")
            {
                Input = new InputModel
                {
                    Title = survey.Title, Purpose = survey.Purpose, ForumId = survey.ForumId, OpensOn = survey.OpensOn, ClosesOn = survey.ClosesOn,
                    Categories = [.. survey.Categories.OrderBy(c => c.Order).Select(c => (string?)c.Name)],
                };
            }

            if (survey.Forum is { } f && Forums.All(x => x.Id != f.Id))
            {
                Forums.Add(f);
            }
        }

        return null;
    }

    private void Pad()
    {
        while (Input.Categories.Count < CategoryRows)
        {
            Input.Categories.Add(null);
        }
    }
}
