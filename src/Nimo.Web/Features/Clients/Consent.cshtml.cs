using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// Records a consent: purpose, which data, with which organisations, when, by whom, in what form, until when. 共有先 are
/// checkboxes with a filter (a submit button that draws the list again narrowed, every value kept; a small script in
/// wwwroot narrows it while typing when JavaScript runs). An organisation that is not registered yet, typically the
/// 入院先病院, is added from the form itself and ticked, without leaving it.
/// </summary>
public sealed class ConsentModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ConsentInput Input { get; set; } = new();

    /// <summary>Narrows the 共有先 list (name, kana or municipality); ticked organisations always stay in it.</summary>
    [BindProperty]
    public string? Filter { get; set; }

    [BindProperty]
    public NewOrganizationInput NewOrganization { get; set; } = new();

    public Client Client { get; private set; } = null!;
    public IReadOnlyList<Organization> OrganizationChoices { get; private set; } = [];
    public IReadOnlyList<Region> Municipalities { get; private set; } = [];

    /// <summary>Adding an organisation is master data: staff who may edit it (保健所・市区町村, 都道府県) do it here; others ask them.</summary>
    public bool CanAddOrganization => HttpContext.Scope().CanEditMasterData;

    /// <summary>The choices shown: those matching the filter, and every ticked one whatever the filter.</summary>
    public IEnumerable<Organization> ShownChoices
    {
        get
        {
            var key = TextNormalizer.SearchKey(Filter);
            return key.Length == 0
                ? OrganizationChoices
                : OrganizationChoices.Where(o => Input.OrganizationIds.Contains(o.Id) || (o.SearchKey + TextNormalizer.SearchKey(o.Region.Name) + TextNormalizer.SearchKey(Organization.KindLabels[o.Kind])).Contains(key, StringComparison.Ordinal));
        }
    }

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

    public async Task<IActionResult> OnPostFilterAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        // Only the list changes; what was typed and ticked is drawn again as it was, with no errors yet.
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostAddOrganizationAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        ModelState.Clear();
        if (!CanAddOrganization)
        {
            ModelState.AddModelError("NewOrganization.Name", "機関の登録は、保健所・市区町村または都道府県の担当者が行います。");
            return Page();
        }

        var region = NewOrganization.RegionId is int rid ? Municipalities.FirstOrDefault(r => r.Id == rid) : null;
        if (region is null)
        {
            ModelState.AddModelError("NewOrganization.RegionId", "機関の所在地(市区町村)を一覧から選んでください。");
        }

        if (NewOrganization.Kind is not OrganizationKind kind || !Enum.IsDefined(kind))
        {
            ModelState.AddModelError("NewOrganization.Kind", "機関の種別を選んでください。");
            return Page();
        }

        var name = (NewOrganization.Name ?? "").Trim();
        if (name.Length == 0)
        {
            ModelState.AddModelError("NewOrganization.Name", "追加する機関の名前を入力してください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The same name in the same municipality is the organisation already registered: it is ticked, not added twice.
        var existing = OrganizationChoices.FirstOrDefault(o => o.RegionId == region!.Id && TextNormalizer.SearchKey(o.Name) == TextNormalizer.SearchKey(name));
        if (existing is null)
        {
            Organization added;
            try
            {
                added = Organization.Create(name, NewOrganization.Kana ?? "", kind, await db.Regions.SingleAsync(r => r.Id == region!.Id, ct));
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError("NewOrganization.Name", e.Message);
                return Page();
            }

            db.Organizations.Add(added);
            audit.Add(AuditActions.Create, "Organization", null, detail: $"同意の記録から追加: {added.Name}({region!.Name})");
            await db.SaveChangesAsync(ct);
            existing = added;
            TempData[PageWrites.MessageKey] = $"「{added.Name}」を機関として登録し、共有先に加えました。同意はまだ記録されていません。";
            await LoadChoicesAsync(ct);
        }
        else
        {
            TempData[PageWrites.MessageKey] = $"「{existing.Name}」は登録済みでした。共有先に加えました。同意はまだ記録されていません。";
        }

        Input.OrganizationIds = [.. Input.OrganizationIds.Append(existing.Id).Distinct()];
        NewOrganization = new NewOrganizationInput();
        ModelState.Clear();
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

        TempData[PageWrites.MessageKey] = "同意を記録しました。";
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
        await LoadChoicesAsync(ct);
        return null;
    }

    /// <summary>共有先: organisations in the owner's prefecture (hospitals, 相談支援事業所, other 保健所), not the owner itself.</summary>
    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        OrganizationChoices = await Clients.OrganizationChoices.ForCaseworkAsync(db, scope, includeOwn: false, ct);
        var prefecture = Profiles.ProfileQueries.PrefecturePath(scope.RegionPath);
        Municipalities = prefecture.Length == 0 ? [] : await db.Regions.AsNoTracking()
            .Where(r => r.Path.StartsWith(prefecture) && r.Kind == RegionKind.Municipality).OrderBy(r => r.Path).ToListAsync(ct);
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

    public sealed class NewOrganizationInput
    {
        [Display(Name = "機関の名前")]
        [StringLength(200)]
        public string? Name { get; set; }

        [Display(Name = "ふりがな(任意)")]
        [StringLength(300)]
        public string? Kana { get; set; }

        [Display(Name = "種別")]
        public OrganizationKind? Kind { get; set; } = OrganizationKind.PsychiatricHospital;

        [Display(Name = "所在地(市区町村)")]
        public int? RegionId { get; set; }
    }
}
