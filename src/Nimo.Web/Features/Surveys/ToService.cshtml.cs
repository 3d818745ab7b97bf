using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Directory;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>
/// Registers a directory service from one 取組 of an organisation's answer, for the answering organisation, unpublished: a
/// directory entry reaches residents only when a curator has checked it with the provider and pressed 公開する on the
/// directory page (README "Directory"), so the service is saved as a draft with no 確認日. The form opens pre-filled (名称,
/// 説明 from its audience, frequency and period, 分野 where the survey's category maps to one of the にも包括の8分野); the directory requires a 分野,
/// so an unmapped category leaves the choice to the curator here. A 取組 makes one service: a second click opens it.
/// </summary>
public sealed class ToServiceModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    [BindProperty]
    public DraftForm Input { get; set; } = new();

    public ActivitySource Source { get; private set; } = null!;
    public IReadOnlyList<(string Code, string Name, string Description)> Categories => Taxonomies.CategoryTerms;

    public async Task<IActionResult> OnGetAsync(int recipientId, int activity, CancellationToken ct)
    {
        if (await LoadAsync(recipientId, activity, ct) is { } answer)
        {
            return answer;
        }

        Input = new DraftForm
        {
            Name = Source.Activity.Title, Eligibility = Source.Activity.Audience, Description = Source.ServiceDescription, Category = ActivityMapping.DirectoryCategoryFor(Source.Category),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int recipientId, int activity, CancellationToken ct)
    {
        if (await LoadAsync(recipientId, activity, ct) is { } answer)
        {
            return answer;
        }

        if (Input.Category is not null && Categories.All(c => c.Code != Input.Category))
        {
            ModelState.AddModelError("Input.Category", "分野は一覧から選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var scope = HttpContext.Scope();
        var now = clock.GetUtcNow();
        var termId = Taxonomies.TermId(Taxonomies.Categories, Input.Category!);
        var terms = await db.TaxonomyTerms.Where(t => t.Id == termId).ToListAsync(ct);
        var organization = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == Source.Recipient.OrganizationId, ct);
        var service = DirectoryService.Create(organization, now);
        try
        {
            var content = new ServiceContent(Input.Name!.Trim(), null, null, Clean(Input.Description), ServiceStatus.Active, Clean(Input.Eligibility), null, null, null, null, null, null, null,
                [], [], [], [], [termId], [], []);
            var changes = service.Apply(content, terms, [], [], now);
            db.DirectoryServices.Add(service);
            db.ServiceRevisions.Add(ServiceRevision.Record(service, RevisionKind.Created, changes, scope.UserName, now));
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
            return Page();
        }

        db.SurveyServiceLinks.Add(new SurveyServiceLink
        {
            ServiceId = service.Id, RecipientId = Source.Recipient.Id, SurveyId = Source.Survey.Id, ActivityTitle = Source.Activity.Title, CreatedAt = now, CreatedBy = scope.UserName,
        });
        audit.Add(AuditActions.Create, "DirectoryService", service.Id, detail: $"地域アセスメントの回答(機関: {organization.Name}、取組: {Source.Activity.Title})から登録(非公開)");
        try
        {
            // One write with its link: two clicks at once make one service (the link is unique per answer and 取組).
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await LoadAsync(recipientId, activity, ct) is { } made)
            {
                return made;
            }

            ModelState.AddModelError(string.Empty, "保存できませんでした。もう一度「登録」を押してください。");
            return Page();
        }
        TempData[PageWrites.MessageKey] = $"「{service.Name}」を非公開のサービスとして登録しました。提供機関に内容を確かめ、連絡先や日時を整えてから公開してください。";
        return Redirect($"/Directory/Details/{service.Id}");
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<IActionResult?> LoadAsync(int recipientId, int activity, CancellationToken ct)
    {
        var (source, refusal) = await ActivitySource.LoadAsync(this, db, recipientId, activity, ct);
        if (source is null)
        {
            return refusal;
        }

        Source = source;
        if (await db.SurveyServiceLinks.Where(l => l.RecipientId == recipientId && l.ActivityTitle == source.Activity.Title).Select(l => (Guid?)l.ServiceId).FirstOrDefaultAsync(ct) is Guid made)
        {
            TempData[PageWrites.MessageKey] = "この取組からはすでに社会資源のサービスを登録しています。";
            return Redirect($"/Directory/Details/{made}");
        }

        // The directory's own rule: a curator of the provider's area edits it; the survey's secretariat may not be one.
        return HttpContext.Scope().CanCurate(source.Recipient.Organization) ? null : Forbid();
    }

    public sealed class DraftForm
    {
        [Display(Name = "サービス名")]
        [Required(ErrorMessage = "サービス名を入力してください。")]
        [StringLength(200, ErrorMessage = "サービス名は200文字以内で入力してください。")]
        public string? Name { get; set; }

        [Display(Name = "対象")]
        [StringLength(2000, ErrorMessage = "対象は2000文字以内で入力してください。")]
        public string? Eligibility { get; set; }

        [Display(Name = "説明")]
        [StringLength(2000, ErrorMessage = "説明は2000文字以内で入力してください。")]
        public string? Description { get; set; }

        [Display(Name = "分野(にも包括の8分野)")]
        [Required(ErrorMessage = "分野を選んでください。")]
        public string? Category { get; set; }
    }
}
