using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>
/// Creates or edits a forum. Choosing a parent forum the user does not run asks that forum's secretariat (a
/// <see cref="JoinRequest"/>); the link is made only when it accepts.
/// </summary>
public sealed class EditModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ForumInput Input { get; set; } = new();

    public bool IsNew => Input.Id == 0;
    public IReadOnlyList<Region> RegionChoices { get; private set; } = [];
    public IReadOnlyList<Forum> ParentChoices { get; private set; } = [];
    public IReadOnlyList<Organization> SecretariatChoices { get; private set; } = [];
    public string? Conflict { get; private set; }

    // region: for a new forum, the region chosen in the form's first step (a GET form, so that the list of 上位の協議の場
    // below is drawn for the region the forum will be in, with JavaScript off too).
    public async Task<IActionResult> OnGetAsync(int? id, int? region, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (id is int existing)
        {
            var forum = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Members).SingleOrDefaultAsync(f => f.Id == existing, ct);
            if (forum is null)
            {
                return NotFound();
            }

            if (!scope.CanManage(forum))
            {
                return Forbid();
            }

            Input = new ForumInput
            {
                Id = forum.Id, Version = forum.Version, RegionId = forum.RegionId, Name = forum.Name, Kind = forum.Kind, ParentId = forum.ParentId,
                Purpose = forum.Purpose, SecretariatOrganizationId = forum.SecretariatOrganizationId, FrequencyText = forum.FrequencyText,
                Status = forum.Status, Activities = forum.Activities, Notes = forum.Notes,
            };
        }
        else
        {
            Input = new ForumInput { RegionId = region ?? scope.RegionId, SecretariatOrganizationId = scope.OrganizationId };
        }

        await LoadChoicesAsync(scope, ct);
        if (IsNew && RegionChoices.Count > 0 && RegionChoices.All(r => r.Id != Input.RegionId))
        {
            // The user's own region is not one they can create a forum in (a 日常生活圏域), or the link named another: start from the first they can.
            Input.RegionId = RegionChoices[0].Id;
            await LoadChoicesAsync(scope, ct);
        }

        return IsNew && RegionChoices.Count == 0 ? Forbid() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        await LoadChoicesAsync(scope, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var region = await db.Regions.SingleOrDefaultAsync(r => r.Id == Input.RegionId, ct);
        Forum forum;
        if (IsNew)
        {
            if (region is null || region.Kind == RegionKind.DailyLifeArea || !scope.CanCreateForumIn(region))
            {
                return Forbid();
            }

            forum = Forum.Create(region, Input.Name!, Input.Kind, null);
            db.Forums.Add(forum);
        }
        else
        {
            var found = await db.Forums.VisibleTo(scope).Include(f => f.Members).Include(f => f.Region).Include(f => f.Parent).SingleOrDefaultAsync(f => f.Id == Input.Id, ct);
            if (found is null)
            {
                return NotFound();
            }

            if (!scope.CanManage(found))
            {
                return Forbid();
            }

            forum = found;
            db.Entry(forum).Property(f => f.Version).OriginalValue = Input.Version;
        }

        // The chain above is loaded so the entity can refuse a loop.
        Forum? parent = null;
        if (Input.ParentId is int parentId)
        {
            if (ParentChoices.All(p => p.Id != parentId))
            {
                ModelState.AddModelError("Input.ParentId", "上位の協議の場を選び直してください。");
                return Page();
            }

            parent = await db.Forums.Include(f => f.Members).SingleAsync(f => f.Id == parentId, ct);
            await db.LoadAncestorsAsync(parent, ct);
        }

        // A forum the user does not run is asked, not taken: until its secretariat accepts, the parent stays as it was.
        var asked = parent is not null && parent.Id != forum.ParentId && !scope.CanManage(parent) ? parent : null;

        if (Input.SecretariatOrganizationId is int sid && SecretariatChoices.All(o => o.Id != sid))
        {
            ModelState.AddModelError("Input.SecretariatOrganizationId", "事務局を選び直してください。");
            return Page();
        }

        var secretariat = Input.SecretariatOrganizationId is int secretariatId ? await db.Organizations.SingleAsync(o => o.Id == secretariatId, ct) : null;
        try
        {
            forum.Update(Input.Name!, Input.Kind, asked is null ? parent : forum.Parent, Input.Purpose, secretariat, Input.FrequencyText, Input.Status, Input.Activities, Input.Notes);
            if (asked is not null)
            {
                asked = await AskAsync(forum, asked, scope, ct);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "Forum", IsNew ? null : forum.Id, detail: forum.Name);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = "編集している間に他の利用者がこの協議の場を更新しました。あなたの入力は残っています。一覧から開き直して確かめてください。";
            return Page();
        }

        TempData[PageWrites.MessageKey] = asked is null
            ? $"「{forum.Name}」を保存しました。"
            : $"「{forum.Name}」を保存し、「{asked.Name}」の事務局に参加を申請しました。承認されると上位の協議の場として登録され、地域課題を提起できるようになります。";
        return Redirect($"/Forums/Details/{forum.Id}");
    }

    /// <summary>
    /// Asks <paramref name="parent"/> to take the forum in, replacing a pending request to another forum. Returns the
    /// forum asked, or null when the same request is already waiting (nothing new to say).
    /// </summary>
    private async Task<Forum?> AskAsync(Forum forum, Forum parent, UserScope scope, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pending = forum.Id == 0 ? [] : await db.JoinRequests.Where(r => r.ForumId == forum.Id && r.State == JoinRequestState.Pending).ToListAsync(ct);
        if (pending.Any(r => r.ParentId == parent.Id))
        {
            return null;
        }

        foreach (var earlier in pending)
        {
            earlier.Withdraw(scope.UserName, now);
            audit.Add(AuditActions.Update, "JoinRequest", earlier.Id, detail: "取下げ(別の協議の場に申請)");
        }

        db.JoinRequests.Add(JoinRequest.Ask(forum, parent, Input.JoinNote, scope.UserName, now));
        audit.Add(AuditActions.Create, "JoinRequest", detail: $"{forum.Name} → {parent.Name}");
        return parent;
    }

    private async Task LoadChoicesAsync(UserScope scope, CancellationToken ct)
    {
        RegionChoices = [.. (await db.Regions.AsNoTracking().Within(scope).Where(r => r.Kind != RegionKind.DailyLifeArea).OrderBy(r => r.Path).ToListAsync(ct))
            .Where(scope.CanCreateForumIn)];
        if (!IsNew)
        {
            // An existing forum keeps its region, whatever the form says; choices follow the stored one.
            Input.RegionId = await db.Forums.Where(f => f.Id == Input.Id).Select(f => f.RegionId).SingleOrDefaultAsync(ct);
            var own = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => db.Forums.Any(f => f.Id == Input.Id && f.RegionId == r.Id), ct);
            if (own is not null && RegionChoices.All(r => r.Id != own.Id))
            {
                RegionChoices = [own, .. RegionChoices];
            }
        }

        // A parent is a forum of the same region or of a region above it: issues escalate there, so never sideways
        // into another municipality or prefecture (even one the user sees as a member).
        var regionPath = await db.Regions.Where(r => r.Id == Input.RegionId).Select(r => r.Path).SingleOrDefaultAsync(ct) ?? "";
        var upward = UserScope.AncestorsOf(regionPath).Append(regionPath).ToList();
        ParentChoices = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Region)
            .Where(f => f.Id != Input.Id && upward.Contains(f.Region.Path)).OrderBy(f => f.Region.Path).ThenBy(f => f.Name).ToListAsync(ct);
        if (Input.Id != 0)
        {
            // A forum's own sub-bodies cannot be its parent (the save refuses them): they are not offered. A parent is in the
            // same region or above, so the chain from a choice up to this forum stays within the regions read here.
            var parents = await db.Forums.AsNoTracking().Where(f => upward.Contains(f.Region.Path)).Select(f => new { f.Id, f.ParentId }).ToDictionaryAsync(f => f.Id, f => f.ParentId, ct);
            bool Below(int id)
            {
                var step = 0;
                for (var p = parents.GetValueOrDefault(id); p is int up && step++ < parents.Count; p = parents.GetValueOrDefault(up))
                {
                    if (up == Input.Id)
                    {
                        return true;
                    }
                }

                return false;
            }

            ParentChoices = [.. ParentChoices.Where(f => !Below(f.Id))];
        }
        SecretariatChoices = await db.Organizations.AsNoTracking().VisibleTo(scope).Include(o => o.Region).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
    }

    public sealed class ForumInput
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "地域")]
        public int RegionId { get; set; }

        [Display(Name = "名称")]
        [Required(ErrorMessage = "名称を入力してください。")]
        [StringLength(TextLength.Title)]
        public string? Name { get; set; }

        [Display(Name = "種別")]
        public ForumKind Kind { get; set; }

        [Display(Name = "上位の協議の場(部会の親、または上の階層)")]
        public int? ParentId { get; set; }

        [Display(Name = "参加を申請する理由(上位の協議の場の事務局に表示されます)")]
        [StringLength(TextLength.Paragraph)]
        public string? JoinNote { get; set; }

        [Display(Name = "目的")]
        [StringLength(TextLength.Note)]
        public string? Purpose { get; set; }

        [Display(Name = "事務局")]
        public int? SecretariatOrganizationId { get; set; }

        [Display(Name = "開催頻度(例: 年2回、月1回、未定)")]
        [StringLength(TextLength.Phrase)]
        public string? FrequencyText { get; set; }

        [Display(Name = "状態")]
        public ForumStatus Status { get; set; }

        [Display(Name = "実施内容")]
        [StringLength(TextLength.Section)]
        public string? Activities { get; set; }

        [Display(Name = "特記事項(課題・強み等)")]
        [StringLength(TextLength.Section)]
        public string? Notes { get; set; }
    }
}
