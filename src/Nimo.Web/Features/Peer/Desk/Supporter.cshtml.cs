using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Peer.Desk;

/// <summary>
/// A supporter's record for the coordinator: details, areas, activities, weekly availability, trainings, registrations per
/// 年度, the account they answer with, and their lived experience, which is shown only here, only to the coordinator,
/// and each showing is written to the audit log.
/// </summary>
public sealed class SupporterModel(NimoDbContext db, AuditLog audit, TimeProvider clock, UserManager<NimoUser> users) : PageModel
{
    public sealed class SupporterInput
    {
        public int ProgrammeId { get; set; }
        [Display(Name = "種別")] public SupporterKind Kind { get; set; }
        [Display(Name = "氏名")] public string? Name { get; set; }
        [Display(Name = "ふりがな")] public string? Kana { get; set; }
        [Display(Name = "所属(登録チーム・委託先)")] public int? TeamId { get; set; }
        [Display(Name = "電話番号")] public string? Phone { get; set; }
        [Display(Name = "メールアドレス")] public string? Email { get; set; }
        [Display(Name = "連絡方法の希望")] public string? ContactNote { get; set; }
        [Display(Name = "債権者番号")] public string? PayeeCode { get; set; }
        public List<ActivityType> Activities { get; set; } = [];
        public List<int> AreaIds { get; set; } = [];
        [Display(Name = "活動できる日時の補足")] public string? AvailabilityNote { get; set; }
        [Display(Name = "活動終了日")] public DateOnly? EndedOn { get; set; }
        public List<SlotInput> Slots { get; set; } = [];
        public Guid Version { get; set; }
    }

    public sealed class SlotInput
    {
        public DayOfWeek Day { get; set; }
        public TimeOnly? From { get; set; }
        public TimeOnly? To { get; set; }
    }

    [BindProperty] public SupporterInput Input { get; set; } = new();

    public PeerSupporter? Supporter { get; private set; }
    public PeerProgramme Programme { get; private set; } = null!;
    public List<(Regions.Region Region, int Depth)> Regions { get; private set; } = [];
    public List<Organization> Teams { get; private set; } = [];
    public SupporterExperience? Experience { get; private set; }
    public bool ShowExperience { get; private set; }
    public string? LinkedUserName { get; private set; }
    /// <summary>PeerSupporter accounts not linked to another supporter: the choices of the link form.</summary>
    public IReadOnlyList<string> AccountChoices { get; private set; } = [];
    public FiscalYear Year { get; private set; }
    public List<PeerDispatch> Recent { get; private set; } = [];
    public bool IsNew => Supporter is null;

    public async Task<IActionResult> OnGetAsync(int? id, int? programmeId, bool experience, CancellationToken ct)
    {
        if (await LoadAsync(id, programmeId, ct) is { } refusal)
        {
            return refusal;
        }

        if (Supporter is { } s)
        {
            Input = new SupporterInput
            {
                ProgrammeId = s.ProgrammeId, Kind = s.Kind, Name = s.Name, Kana = s.Kana, TeamId = s.TeamOrganizationId, Phone = s.Phone, Email = s.Email,
                ContactNote = s.ContactNote, PayeeCode = s.PayeeCode, Activities = [.. PeerLabels.Each(s.Activities)], AreaIds = [.. s.Areas.Select(a => a.RegionId)],
                AvailabilityNote = s.AvailabilityNote, EndedOn = s.EndedOn, Version = s.Version,
                Slots = [.. Enumerable.Range(0, 7).Select(d => (DayOfWeek)d).Select(d => s.Availability.FirstOrDefault(a => a.Day == d) is { } a
                    ? new SlotInput { Day = d, From = a.From, To = a.To } : new SlotInput { Day = d })],
            };
            Recent = await db.PeerDispatches.AsNoTracking().Where(d => d.SupporterId == s.Id).Include(d => d.Request)
                .OrderByDescending(d => d.StartsAt).Take(20).ToListAsync(ct);
            if (experience)
            {
                // The only place the lived experience is read, and every read is recorded before it is shown.
                Experience = await db.SupporterExperiences.AsNoTracking().SingleOrDefaultAsync(e => e.SupporterId == s.Id, ct);
                ShowExperience = true;
                await audit.StoreReadAsync("SupporterExperience", s.Id, $"{s.Name}さんの本人の体験(要配慮個人情報)を表示{(Experience is null ? "(記録なし)" : "")}", ct);
            }
            else
            {
                await audit.StoreReadAsync("PeerSupporter", s.Id, $"{s.Name}さんの登録情報を表示", ct);
            }
        }
        else
        {
            Input = new SupporterInput { ProgrammeId = Programme.Id, Slots = [.. Enumerable.Range(0, 7).Select(d => new SlotInput { Day = (DayOfWeek)d })] };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken ct)
    {
        if (await LoadAsync(id, Input.ProgrammeId, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var team = Input.TeamId is int t ? Teams.FirstOrDefault(o => o.Id == t) : null;
        if (Input.TeamId is not null && team is null)
        {
            ModelState.AddModelError("Input.TeamId", "所属は一覧から選んでください。");
            return Page();
        }

        var areas = await db.Regions.Where(r => Input.AreaIds.Contains(r.Id)).ToListAsync(ct);
        var activities = Input.Activities.Aggregate(ActivityTypes.None, (set, a) => set | PeerLabels.Flag(a));
        var details = new SupporterDetails(Input.Kind, Input.Name, Input.Kana, team, Input.Phone, Input.Email, Input.ContactNote, Input.PayeeCode, activities,
            Input.AvailabilityNote, Input.EndedOn);
        var slots = Input.Slots.Where(x => x.From is not null || x.To is not null).ToList();
        if (slots.Any(x => x.From is null || x.To is null))
        {
            ModelState.AddModelError("Input.Slots", "活動できる曜日の時間は、始まりと終わりの両方を入力してください。");
            return Page();
        }

        PeerSupporter? created = null;
        if (!this.TryApply(() =>
            {
                var s = Supporter;
                if (s is null)
                {
                    s = created = PeerSupporter.Create(Programme, details, clock.GetUtcNow());
                    db.PeerSupporters.Add(s);
                }
                else
                {
                    db.Entry(s).Property(x => x.Version).OriginalValue = Input.Version;
                    s.Update(details);
                }

                s.SetAreas(areas, Programme.OwnerOrganization.Region.Path);
                s.SetAvailability([.. slots.Select(x => (x.Day, x.From!.Value, x.To!.Value))]);
            }))
        {
            return Page();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData[PageWrites.ErrorKey] = PageWrites.ConcurrentChange;
            return Redirect($"/Peer/Supporter/{id}");
        }

        var saved = created ?? Supporter!;
        await audit.WriteAsync(created is null ? AuditActions.Update : AuditActions.Create, "PeerSupporter", saved.Id, detail: $"{saved.Name}さんの登録情報", ct: ct);
        TempData[PageWrites.MessageKey] = created is null ? $"{saved.Name}さんの登録情報を保存しました。" : $"{saved.Name}さんを登録しました。研修の修了と年度の登録を記録してください。";
        return Redirect($"/Peer/Supporter/{saved.Id}");
    }

    public async Task<IActionResult> OnPostTrainingAsync(int id, TrainingLevel level, DateOnly? completedOn, string? organizer, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var s = Supporter!;
        return await this.CommitAsync(db,
            () => s.AddTraining(level, completedOn ?? throw new DomainRuleException("修了日を入力してください。"), organizer, JapanTime.Today(clock)),
            () => audit.Add(AuditActions.Update, "PeerSupporter", id, detail: $"{s.Name}さんの{PeerLabels.Trainings[level]}修了を記録"),
            () => $"{s.Name}さんの{PeerLabels.Trainings[level]}の修了を記録しました。", $"/Peer/Supporter/{id}", ct);
    }

    public async Task<IActionResult> OnPostRegisterAsync(int id, int fiscalYear, DateOnly? registeredOn, DateOnly? pledgedOn, string? note, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var s = Supporter!;
        var year = new FiscalYear(FiscalYear.IsSupported(fiscalYear) ? fiscalYear : FiscalYear.Of(JapanTime.Today(clock)).StartYear);
        return await this.CommitAsync(db,
            () => s.Register(year, registeredOn ?? throw new DomainRuleException("登録日を入力してください。"), pledgedOn, note, JapanTime.Today(clock)),
            () => audit.Add(AuditActions.Update, "PeerSupporter", id, detail: $"{s.Name}さんを{year.ToWareki()}に登録"),
            () => $"{s.Name}さんを{year.ToWareki()}に登録しました(有効期限 {JapaneseDate.Format(year.End)})。", $"/Peer/Supporter/{id}", ct);
    }

    public async Task<IActionResult> OnPostExperienceAsync(int id, string? text, DateOnly? consentedOn, string? purpose, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var s = Supporter!;
        var existing = await db.SupporterExperiences.SingleOrDefaultAsync(e => e.SupporterId == s.Id, ct);
        var by = HttpContext.Scope().UserName;
        var today = JapanTime.Today(clock);
        return await this.CommitAsync(db, () =>
            {
                if (existing is null)
                {
                    db.SupporterExperiences.Add(SupporterExperience.Record(s.Id, text, consentedOn, purpose, today, clock.GetUtcNow(), by));
                }
                else
                {
                    existing.Update(text, consentedOn, purpose, today, clock.GetUtcNow(), by);
                }
            },
            () => audit.Add(AuditActions.Update, "SupporterExperience", id, detail: $"{s.Name}さんの本人の体験を記録"),
            () => $"{s.Name}さんの本人の体験を記録しました。", $"/Peer/Supporter/{id}?experience=true", ct);
    }

    public async Task<IActionResult> OnPostDeleteExperienceAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var s = Supporter!;
        var existing = await db.SupporterExperiences.SingleOrDefaultAsync(e => e.SupporterId == s.Id, ct);
        return await this.CommitAsync(db, () =>
            {
                if (existing is not null)
                {
                    db.SupporterExperiences.Remove(existing);
                }
            },
            () => audit.Add(AuditActions.Update, "SupporterExperience", id, detail: $"{s.Name}さんの本人の体験を削除"),
            () => $"{s.Name}さんの本人の体験の記録を削除しました。", $"/Peer/Supporter/{id}", ct);
    }

    /// <summary>Links the supporter to a PeerSupporter account (by user name), or unlinks with an empty name.</summary>
    public async Task<IActionResult> OnPostLinkAsync(int id, string? userName, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var s = Supporter!;
        NimoUser? user = null;
        if (!string.IsNullOrWhiteSpace(userName))
        {
            user = await users.FindByNameAsync(userName.Trim());
            if (user is null || !await users.IsInRoleAsync(user, Roles.PeerSupporter) || !Accounts(s, user))
            {
                TempData[PageWrites.ErrorKey] = $"「{userName.Trim()}」というピアサポーターのアカウントはありません。アカウントはシステム管理者が作成します(役割: ピアサポーター)。";
                return Redirect($"/Peer/Supporter/{id}");
            }

            if (await db.PeerSupporters.AnyAsync(x => x.UserId == user.Id && x.Id != s.Id, ct))
            {
                TempData[PageWrites.ErrorKey] = $"アカウント「{user.UserName}」はすでに別の支援者に結び付けられています。";
                return Redirect($"/Peer/Supporter/{id}");
            }
        }

        return await this.CommitAsync(db, () => s.LinkUser(user?.Id),
            () => audit.Add(AuditActions.Update, "PeerSupporter", id, detail: user is null ? $"{s.Name}さんのアカウントの結び付けを解除" : $"{s.Name}さんをアカウント「{user.UserName}」に結び付け"),
            () => user is null ? $"{s.Name}さんのアカウントの結び付けを解除しました。" : $"{s.Name}さんをアカウント「{user.UserName}」に結び付けました。", $"/Peer/Supporter/{id}", ct);
    }

    /// <summary>A supporter is linked only to an account of the registry's organisation, its 委託先 or the supporter's own team.</summary>
    private static bool Accounts(PeerSupporter supporter, NimoUser user) =>
        user.OrganizationId == supporter.Programme.OwnerOrganizationId || user.OrganizationId == supporter.Programme.OperatorOrganizationId
        || user.OrganizationId == supporter.TeamOrganizationId;

    private async Task<IActionResult?> LoadAsync(int? id, int? programmeId, CancellationToken ct, bool tracked = false)
    {
        var scope = HttpContext.Scope();
        Year = FiscalYear.Of(JapanTime.Today(clock));
        if (id is int i)
        {
            var q = db.PeerSupporters.VisibleTo(scope)
                .Include(s => s.Programme).ThenInclude(p => p.OwnerOrganization).ThenInclude(o => o.Region)
                .Include(s => s.TeamOrganization).Include(s => s.Areas).ThenInclude(a => a.Region).AsSplitQuery();
            Supporter = await (tracked ? q : q.AsNoTracking()).SingleOrDefaultAsync(s => s.Id == i, ct);
            if (Supporter is null)
            {
                return NotFound();
            }

            Programme = Supporter.Programme;
            LinkedUserName = Supporter.UserId is null ? null : await db.Users.Where(u => u.Id == Supporter.UserId).Select(u => u.UserName).SingleOrDefaultAsync(ct);
            var supporterId = Supporter.Id;
            var linked = await db.PeerSupporters.Where(x => x.UserId != null && x.Id != supporterId).Select(x => x.UserId!).ToListAsync(ct);
            AccountChoices = [.. (await users.GetUsersInRoleAsync(Roles.PeerSupporter)).Where(u => !linked.Contains(u.Id) && Accounts(Supporter, u))
                .Select(u => u.UserName!).Order(StringComparer.Ordinal)];
        }
        else
        {
            var p = PeerPages.Pick(await PeerPages.ProgrammesAsync(db, scope, ct), programmeId);
            if (p is null)
            {
                return NotFound();
            }

            Programme = tracked ? await db.PeerProgrammes.Include(x => x.OwnerOrganization).ThenInclude(o => o.Region).SingleAsync(x => x.Id == p.Id, ct) : p;
        }

        Regions = await PeerPages.RegionsAsync(db, Programme, ct);
        var root = Programme.OwnerOrganization.Region.Path;
        Teams = await db.Organizations.Where(o => o.Region.Path.StartsWith(root)).OrderBy(o => o.Name).ToListAsync(ct);
        return null;
    }
}
