using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>
/// Registers or edits a client of the user's organisation. Before a new record is made, records with the same
/// ふりがな and birth date (width and kana insensitive) are shown, and a second record needs an explicit confirmation.
/// </summary>
public sealed class EditModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ClientInput Input { get; set; } = new();

    public IReadOnlyList<Region> RegionChoices { get; private set; } = [];
    public IReadOnlyList<Client> PossibleDuplicates { get; private set; } = [];
    public bool IsNew => Input.Id == 0;
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!scope.HandlesPersonalData())
        {
            return Forbid();
        }

        await LoadChoicesAsync(ct);
        if (id is int cid)
        {
            var client = await db.Clients.AsNoTracking().VisibleTo(db, scope, JapanTime.Today(clock)).SingleOrDefaultAsync(c => c.Id == cid, ct);
            if (client is null)
            {
                return NotFound();
            }

            if (!scope.Owns(client))
            {
                return Forbid();
            }

            await HttpContext.AuditReadAsync(audit, client.Id, "編集画面", ct);
            Input = new ClientInput
            {
                Id = client.Id, Version = client.Version, Name = client.Name, Kana = client.Kana, BirthDate = client.BirthDate, Sex = client.Sex,
                RegionId = client.RegionId, Address = client.Address, Phone = client.Phone, Household = client.Household, Supporters = client.Supporters,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (!scope.HandlesPersonalData())
        {
            return Forbid();
        }

        await LoadChoicesAsync(ct);
        var today = JapanTime.Today(clock);
        // The 住所地 is read again, tracked by this context: the list above is read without tracking, and a client holding
        // one of those rows made the save insert the region a second time (UNIQUE constraint failed: Regions.Id, a 500).
        var region = Input.RegionId is int rid && RegionChoices.Any(r => r.Id == rid) ? await db.Regions.SingleAsync(r => r.Id == rid, ct) : null;
        if (Input.RegionId is not null && region is null)
        {
            ModelState.AddModelError("Input.RegionId", "住所地は一覧から選んでください。");
        }

        if (!Enum.IsDefined(Input.Sex))
        {
            ModelState.AddModelError("Input.Sex", "性別は一覧から選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        Client client;
        try
        {
            if (IsNew)
            {
                var key = TextNormalizer.SearchKey(Input.Kana);
                PossibleDuplicates = await db.Clients.AsNoTracking().VisibleTo(db, scope, today)
                    .Where(c => c.KanaKey == key && c.BirthDate == Input.BirthDate!.Value).ToListAsync(ct);
                if (PossibleDuplicates.Count > 0 && !Input.NotADuplicate)
                {
                    ModelState.AddModelError(string.Empty, "同じふりがな・生年月日の対象者がすでに登録されています。同じ方でないことを確かめて「別の方として登録する」にチェックしてください。");
                    return Page();
                }

                var owner = await db.Organizations.SingleAsync(o => o.Id == scope.OrganizationId, ct);
                client = Client.Register(owner, region, Input.Name!, Input.Kana!, Input.BirthDate!.Value, Input.Sex, today, scope.UserName, clock.GetUtcNow());
                client.Update(region, Input.Name!, Input.Kana!, Input.BirthDate!.Value, Input.Sex, Input.Address, Input.Phone, Input.Household, Input.Supporters, today);
                db.Clients.Add(client);
            }
            else
            {
                var found = await db.Clients.VisibleTo(db, scope, today).SingleOrDefaultAsync(c => c.Id == Input.Id, ct);
                if (found is null)
                {
                    return NotFound();
                }

                if (!scope.Owns(found))
                {
                    return Forbid();
                }

                client = found;
                db.Entry(client).Property(c => c.Version).OriginalValue = Input.Version;
                client.Update(region, Input.Name!, Input.Kana!, Input.BirthDate!.Value, Input.Sex, Input.Address, Input.Phone, Input.Household, Input.Supporters, today);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = "編集している間に他の職員がこの記録を変更しました。あなたの入力は残っています。別のタブで最新の内容を確かめてから保存し直してください。";
            return Page();
        }

        await audit.WriteAsync(IsNew ? AuditActions.Create : AuditActions.Update, "Client", client.Id, ct: ct);
        TempData[PageWrites.MessageKey] = IsNew ? "対象者を登録しました。" : "対象者の情報を保存しました。";
        return Redirect($"/Clients/Details/{client.Id}");
    }

    /// <summary>住所地: municipalities of the user's prefecture.</summary>
    private async Task LoadChoicesAsync(CancellationToken ct) =>
        RegionChoices = await db.Regions.AsNoTracking().StatisticsVisibleTo(HttpContext.Scope()).Where(r => r.Kind == RegionKind.Municipality)
            .OrderBy(r => r.Path).ToListAsync(ct);

    public sealed class ClientInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "氏名")]
        [Required(ErrorMessage = "氏名を入力してください。")]
        [StringLength(TextLength.PersonName)]
        public string? Name { get; set; }

        [Display(Name = "ふりがな")]
        [Required(ErrorMessage = "ふりがなを入力してください。")]
        [StringLength(TextLength.PersonName)]
        public string? Kana { get; set; }

        [Display(Name = "生年月日")]
        [Required(ErrorMessage = "生年月日を入力してください。")]
        public DateOnly? BirthDate { get; set; }

        [Display(Name = "性別")]
        public Sex Sex { get; set; }

        [Display(Name = "住所地(市区町村)")]
        public int? RegionId { get; set; }

        [Display(Name = "住所")]
        [StringLength(TextLength.Address)]
        public string? Address { get; set; }

        [Display(Name = "連絡先")]
        [StringLength(TextLength.Phone)]
        public string? Phone { get; set; }

        [Display(Name = "世帯の状況")]
        [StringLength(TextLength.Note)]
        public string? Household { get; set; }

        [Display(Name = "家族・支援者(1行に1人: 氏名、続柄、連絡先)")]
        [StringLength(TextLength.Note)]
        public string? Supporters { get; set; }

        [Display(Name = "同じふりがな・生年月日の方とは別の方として登録する")]
        public bool NotADuplicate { get; set; }
    }
}
