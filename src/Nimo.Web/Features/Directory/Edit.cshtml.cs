using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>
/// The service form. A curator of the area saves it (published entries change at once); partner staff of the providing
/// organisation send the same form as a proposal that changes nothing until a curator approves it.
/// </summary>
public sealed class EditModel(NimoDbContext db, AuditLog audit, TimeProvider clock, DirectoryCache cache) : PageModel
{
    public const int BlankRows = 2;

    [BindProperty]
    public ServiceInput Input { get; set; } = new();

    public bool IsNew => Input.Id is null;
    public bool Proposing { get; private set; }
    public string? Conflict { get; private set; }
    public Organization? Provider { get; private set; }
    public List<Organization> OrganizationChoices { get; private set; } = [];
    public List<TaxonomyTerm> Categories { get; private set; } = [];
    public List<TaxonomyTerm> Kinds { get; private set; } = [];
    public List<Region> AreaChoices { get; private set; } = [];
    public List<DirectoryLocation> LocationChoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid? id, int? organizationId, CancellationToken ct)
    {
        if (this.MalformedId(id))
        {
            return NotFound();
        }

        var scope = HttpContext.Scope();
        if (id is Guid existing)
        {
            var (service, refusal) = await this.ServiceAsync(db, existing, full: true, ct);
            if (service is null)
            {
                return refusal!;
            }

            if (!scope.CanCurate(service.Organization) && !scope.CanPropose(service.OrganizationId))
            {
                return Forbid();
            }

            Input = ServiceInput.From(service);
        }
        else
        {
            Input = new ServiceInput { OrganizationId = organizationId ?? (scope.Role == Nimo.Platform.Identity.Roles.PartnerStaff ? scope.OrganizationId : 0), Languages = ["ja"] };
            if (!scope.CanCurateAnything() && !scope.CanPropose(Input.OrganizationId))
            {
                return Forbid();
            }
        }

        var loaded = await LoadChoicesAsync(scope, ct);
        if (loaded is not null)
        {
            return loaded;
        }

        Input.Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct)
    {
        if (this.MalformedId(id))
        {
            return NotFound();
        }

        var scope = HttpContext.Scope();
        var now = clock.GetUtcNow();
        DirectoryService? service = null;
        if (Input.Id is Guid existing)
        {
            (service, var refusal) = await this.ServiceAsync(db, existing, full: true, ct);
            if (service is null)
            {
                return refusal!;
            }

            Input.OrganizationId = service.OrganizationId;
        }

        var loaded = await LoadChoicesAsync(scope, ct);
        if (loaded is not null)
        {
            return loaded;
        }

        if (Provider is null)
        {
            ModelState.AddModelError("Input.OrganizationId", "提供機関を選んでください。");
        }

        var content = Input.ToContent(ModelState, service);
        if (!ModelState.IsValid || content is null || Provider is null)
        {
            Input.Pad();
            return Page();
        }

        var terms = await db.TaxonomyTerms.Where(t => content.TermIds.Contains(t.Id)).ToListAsync(ct);
        try
        {
            if (Proposing)
            {
                // Checked as the curator's save would check it; nothing of the service changes until the proposal is approved.
                DirectoryService.CheckChoices(content, terms, AreaChoices, LocationChoices, Provider.Id);
                var proposal = ServiceProposal.Propose(service, Provider.Id, content, Input.Reason, scope.UserName, now);
                db.ServiceProposals.Add(proposal);

                audit.Add("Propose", "DirectoryService", service?.Id.ToString() ?? "new", detail: $"proposal for organization {Provider.Id}");
                await db.SaveChangesAsync(ct);
                TempData["Message"] = "変更の提案を送りました。事務局が確認して承認すると公開されます。";
                return Redirect($"/Directory/Proposal/{proposal.Id}");
            }

            var isNew = service is null;
            service ??= DirectoryService.Create(Provider, now);
            if (!isNew)
            {
                db.Entry(service).Property(s => s.Version).OriginalValue = Input.Version;
            }
            else
            {
                db.DirectoryServices.Add(service);
            }

            var changes = service.Apply(content, terms, AreaChoices, LocationChoices, now);
            service.Assure(Nimo.Platform.Japanese.JapanTime.Today(clock), now);
            db.ServiceRevisions.Add(ServiceRevision.Record(service, isNew ? RevisionKind.Created : RevisionKind.Edited, changes, scope.UserName, now));
            if (service.IsPublished)
            {
                DirectoryStamp.Touch(db);
            }

            audit.Add(isNew ? AuditActions.Create : AuditActions.Update, "DirectoryService", service.Id, detail: string.Join(",", changes.Select(c => c.Field)));
            await db.SaveChangesAsync(ct);
            cache.Invalidate();
            TempData["Message"] = isNew ? $"「{service.Name}」を登録しました(まだ公開していません)。" : $"「{service.Name}」を保存しました。";
            return Redirect($"/Directory/Details/{service.Id}");
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = "このサービスは、あなたが編集している間に他の利用者が更新しました。あなたの入力は下に残っています。サービスの画面で最新の内容を確かめてから、もう一度編集してください。";
        }

        Input.Pad();
        return Page();
    }

    /// <summary>Who may do what with the organisation of the form, and the choices it offers; a refusal when the user may neither save nor propose.</summary>
    private async Task<IActionResult?> LoadChoicesAsync(UserScope scope, CancellationToken ct)
    {
        OrganizationChoices = await db.Organizations.AsNoTracking().Include(o => o.Region).VisibleTo(scope).OrderBy(o => o.Name).ToListAsync(ct);
        OrganizationChoices = [.. OrganizationChoices.Where(o => scope.CanCurate(o) || scope.CanPropose(o.Id))];
        Provider = Input.OrganizationId == 0 ? null : await db.Organizations.Include(o => o.Region).VisibleTo(scope).SingleOrDefaultAsync(o => o.Id == Input.OrganizationId, ct);
        if (Provider is not null && !scope.CanCurate(Provider) && !scope.CanPropose(Provider.Id))
        {
            return Forbid();
        }

        Proposing = Provider is not null && !scope.CanCurate(Provider) && scope.CanPropose(Provider.Id);
        var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.SortOrder).ToListAsync(ct);
        Categories = [.. terms.Where(t => t.TaxonomyId == Taxonomies.TaxonomyId(Taxonomies.Categories))];
        Kinds = [.. terms.Where(t => t.TaxonomyId == Taxonomies.TaxonomyId(Taxonomies.ServiceKinds))];
        if (Provider is not null)
        {
            var path = Provider.Region.Path;
            var ancestors = UserScope.AncestorsOf(path).ToList();
            AreaChoices = await db.Regions.Where(r => r.Path.StartsWith(path) || ancestors.Contains(r.Path)).OrderBy(r => r.Path).ToListAsync(ct);
            LocationChoices = await db.DirectoryLocations.Where(l => l.OrganizationId == Provider.Id).OrderBy(l => l.Name).ToListAsync(ct);
        }

        return null;
    }

    public sealed class ServiceInput
    {
        public Guid? Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "提供機関")]
        public int OrganizationId { get; set; }

        [Display(Name = "サービス名")]
        [Required(ErrorMessage = "サービス名を入力してください。")]
        [StringLength(200, ErrorMessage = "サービス名は200文字以内にしてください。")]
        public string Name { get; set; } = "";

        [Display(Name = "よみがな(ひらがな)")]
        [StringLength(300, ErrorMessage = "よみがなは300文字以内にしてください。")]
        public string? Kana { get; set; }

        [Display(Name = "別名")]
        [StringLength(200, ErrorMessage = "別名は200文字以内にしてください。")]
        public string? AlternateName { get; set; }

        [Display(Name = "説明")]
        [StringLength(2000, ErrorMessage = "説明は2000文字以内にしてください。")]
        public string? Description { get; set; }

        [Display(Name = "状態")]
        public ServiceStatus Status { get; set; }

        [Display(Name = "対象")]
        [StringLength(2000, ErrorMessage = "対象は2000文字以内にしてください。")]
        public string? Eligibility { get; set; }

        [Display(Name = "費用")]
        [StringLength(2000, ErrorMessage = "費用は2000文字以内にしてください。")]
        public string? Fees { get; set; }

        [Display(Name = "利用の方法")]
        [StringLength(2000, ErrorMessage = "利用の方法は2000文字以内にしてください。")]
        public string? ApplicationProcess { get; set; }

        [Display(Name = "ホームページ")]
        [StringLength(500, ErrorMessage = "ホームページのアドレスは500文字以内にしてください。")]
        public string? Url { get; set; }

        [Display(Name = "メールアドレス")]
        [StringLength(200, ErrorMessage = "メールアドレスは200文字以内にしてください。")]
        public string? Email { get; set; }

        [Display(Name = "対象年齢(下限)")]
        [Range(0, 120, ErrorMessage = "年齢は0〜120で入力してください。")]
        public int? MinimumAge { get; set; }

        [Display(Name = "対象年齢(上限)")]
        [Range(0, 120, ErrorMessage = "年齢は0〜120で入力してください。")]
        public int? MaximumAge { get; set; }

        [Display(Name = "お知らせ(休みなど)")]
        [StringLength(2000, ErrorMessage = "お知らせは2000文字以内にしてください。")]
        public string? Alert { get; set; }

        public List<string?> Documents { get; set; } = [];
        public List<string> Languages { get; set; } = [];
        public List<PhoneRow> Phones { get; set; } = [];
        public List<ScheduleRow> Schedules { get; set; } = [];
        public List<Guid> Terms { get; set; } = [];
        public List<int> Areas { get; set; } = [];
        public List<Guid> Locations { get; set; } = [];

        [Display(Name = "提案の理由(事務局への連絡)")]
        [StringLength(1000, ErrorMessage = "提案の理由は1000文字以内にしてください。")]
        public string? Reason { get; set; }

        public static ServiceInput From(DirectoryService s) => new()
        {
            Id = s.Id, Version = s.Version, OrganizationId = s.OrganizationId, Name = s.Name, Kana = s.Kana, AlternateName = s.AlternateName, Description = s.Description,
            Status = s.Status, Eligibility = s.Eligibility, Fees = s.Fees, ApplicationProcess = s.ApplicationProcess, Url = s.Url, Email = s.Email,
            MinimumAge = s.MinimumAge, MaximumAge = s.MaximumAge, Alert = s.Alert,
            Documents = [.. s.Documents.Select(d => (string?)d.Document)], Languages = [.. s.Languages.Select(l => l.Code)],
            Phones = [.. s.Phones.OrderBy(p => p.SortOrder).Select(p => new PhoneRow { Number = p.Number, Description = p.Description })],
            Schedules = [.. s.Schedules.OrderBy(x => x.SortOrder).Select(x => new ScheduleRow { Text = x.Japanese, Rule = x.Rule, Notes = x.Notes })],
            Terms = [.. s.Terms.Select(t => t.TermId)], Areas = [.. s.Areas.Select(a => a.RegionId)], Locations = [.. s.Locations.Select(l => l.LocationId)],
        };

        /// <summary>Blank rows after the filled ones, so another phone, date or document can be added without JavaScript.</summary>
        public void Pad()
        {
            Documents = [.. Documents.Where(d => !string.IsNullOrWhiteSpace(d)), .. Enumerable.Repeat<string?>(null, BlankRows)];
            Phones = [.. Phones.Where(p => !p.IsBlank), .. Enumerable.Range(0, BlankRows).Select(_ => new PhoneRow())];
            Schedules = [.. Schedules.Where(s => !s.IsBlank), .. Enumerable.Range(0, BlankRows).Select(_ => new ScheduleRow())];
        }

        /// <summary>The content the form describes, or null with each unreadable row named in the model state.</summary>
        public ServiceContent? ToContent(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state, DirectoryService? current)
        {
            var schedules = new List<ScheduleContent>();
            for (var i = 0; i < Schedules.Count; i++)
            {
                var row = Schedules[i];
                if (row.IsBlank)
                {
                    continue;
                }

                // A row left as it was drawn keeps its stored rule, even one the Japanese reader would not write (「隔週」 from an import).
                var kept = current?.Schedules.FirstOrDefault(s => s.Rule == row.Rule && s.Japanese == (row.Text ?? "").Trim());
                if (kept is not null)
                {
                    schedules.Add(new ScheduleContent(kept.Rule, kept.OpensAt, kept.ClosesAt, Clean(row.Notes)));
                    continue;
                }

                if (Recurrence.TryParseJapanese(row.Text, out var rule, out var opens, out var closes, out var error))
                {
                    schedules.Add(new ScheduleContent(rule.ToRule(), opens, closes, Clean(row.Notes)));
                }
                else
                {
                    state.AddModelError($"Input.Schedules[{i}].Text", $"日時({i + 1}行目): {error}");
                }
            }

            var phones = new List<PhoneContent>();
            for (var i = 0; i < Phones.Count; i++)
            {
                var row = Phones[i];
                if (row.IsBlank)
                {
                    continue;
                }

                var number = (row.Number ?? "").Normalize(System.Text.NormalizationForm.FormKC).Trim();
                if (!ServiceContent.IsPhoneNumber(number))
                {
                    state.AddModelError($"Input.Phones[{i}].Number", $"電話({i + 1}行目): 「{row.Number}」は電話番号として読めません。数字とハイフンで入力してください(例: 03-1234-5678)。");
                    continue;
                }

                phones.Add(new PhoneContent(number, Clean(row.Description)));
            }

            if (!state.IsValid)
            {
                return null;
            }

            return new ServiceContent(Name.Trim(), Clean(Kana), Clean(AlternateName), Clean(Description), Status, Clean(Eligibility), Clean(Fees), Clean(ApplicationProcess),
                Clean(Url), Clean(Email), MinimumAge, MaximumAge, Clean(Alert),
                [.. Documents.Select(Clean).OfType<string>().Distinct()], [.. ServiceContent.InFormOrder(Languages)], phones, schedules,
                [.. Terms.Distinct().Order()], [.. Areas.Distinct().Order()], [.. Locations.Distinct().Order()]);
        }

        private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    public sealed class PhoneRow
    {
        [Display(Name = "電話番号")]
        public string? Number { get; set; }

        [Display(Name = "説明")]
        public string? Description { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Number) && string.IsNullOrWhiteSpace(Description);
    }

    public sealed class ScheduleRow
    {
        [Display(Name = "日時")]
        public string? Text { get; set; }

        /// <summary>The stored rule the row was drawn from, so an unchanged row keeps it.</summary>
        public string? Rule { get; set; }

        [Display(Name = "補足")]
        public string? Notes { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Notes);
    }
}
