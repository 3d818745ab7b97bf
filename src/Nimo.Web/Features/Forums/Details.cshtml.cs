using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>
/// A forum: its facts, members, meetings, hearings and issues; for its secretariat the member forms (removal asks
/// first) and the requests of other forums to sit under this one. Each POST loads only the forum it changes.
/// </summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public Forum Forum { get; private set; } = null!;
    public bool CanManage { get; private set; }
    /// <summary>Reads what 「構成員限り」 meetings hide (the hearing points given for them, here).</summary>
    public bool CanReadRestricted { get; private set; }
    public DateOnly Today => Platform.Japanese.JapanTime.Today(clock);
    public DateTimeOffset Now => clock.GetUtcNow();
    public IReadOnlyList<Forum> Children { get; private set; } = [];
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public IReadOnlyList<RegionalIssue> Issues { get; private set; } = [];
    public IReadOnlyList<RegionalIssue> Inbox { get; private set; } = [];
    public IReadOnlyList<Hearing> Hearings { get; private set; } = [];
    public IReadOnlyList<Organization> OrganizationChoices { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> UserChoices { get; private set; } = [];
    /// <summary>Other forums asking to sit under this one, for its secretariat to accept or decline.</summary>
    public IReadOnlyList<JoinRequest> JoinRequests { get; private set; } = [];
    /// <summary>This forum's own latest request to join a parent, while it waits or after it was declined.</summary>
    public JoinRequest? OwnRequest { get; private set; }
    /// <summary>The member whose removal is being confirmed (「外す」 asks before it acts).</summary>
    public ForumMember? MemberToRemove { get; private set; }

    [BindProperty]
    public MemberInput NewMember { get; set; } = new();

    public IReadOnlyDictionary<Sector, int> MembersBySector => Forum.Members.GroupBy(m => m.Sector).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The meetings whose hearing points this user may not read.</summary>
    public bool HidesPointsOf(Hearing h) => !CanReadRestricted && h.MeetingId is int m && Meetings.Any(x => x.Id == m && x.MinutesMembersOnly);

    public async Task<IActionResult> OnGetAsync(int id, int? remove, CancellationToken ct)
    {
        if (!await FindAsync(id, tracked: false, ct))
        {
            return NotFound();
        }

        if (remove is int memberId && CanManage)
        {
            MemberToRemove = Forum.Members.FirstOrDefault(m => m.Id == memberId);
        }

        return await ShowAsync(ct);
    }

    /// <summary>This forum's meetings as an iCalendar feed.</summary>
    public async Task<IActionResult> OnGetCalendarAsync(int id, CancellationToken ct)
    {
        if (!await FindAsync(id, tracked: false, ct))
        {
            return NotFound();
        }

        var meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Where(m => m.ForumId == id).OrderBy(m => m.StartsAt).ToListAsync(ct);
        return File(System.Text.Encoding.UTF8.GetBytes(ForumCalendar.ToIcs(Forum.Name, meetings, clock.GetUtcNow())), ForumCalendar.ContentType, $"forum-{id}.ics");
    }

    public async Task<IActionResult> OnPostAddMemberAsync(int id, CancellationToken ct)
    {
        if (!await FindAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        await LoadChoicesAsync(ct);
        // The tracked instance (FindAsync), since an existing member may already hold the same organisation.
        var organization = NewMember.OrganizationId is int o && OrganizationChoices.Any(x => x.Id == o) ? await db.Organizations.FindAsync([o], ct) : null;
        if (NewMember.OrganizationId is not null && organization is null)
        {
            ModelState.AddModelError("NewMember.OrganizationId", "機関を選び直してください。");
        }

        if (NewMember.UserId is not null && UserChoices.All(u => u.Id != NewMember.UserId))
        {
            ModelState.AddModelError("NewMember.UserId", "利用者を選び直してください。");
        }

        if (ModelState.IsValid)
        {
            try
            {
                Forum.AddMember(organization, NewMember.Name, NewMember.Role, NewMember.Sector, NewMember.TermStart, NewMember.TermEnd, NewMember.UserId);
                audit.Add(AuditActions.Update, "Forum", Forum.Id, detail: "構成員を追加");
                await db.SaveChangesAsync(ct);
                TempData[PageWrites.MessageKey] = "構成員を追加しました。";
                return Redirect($"/Forums/Details/{id}#members");
            }
            catch (DomainRuleException e)
            {
                ModelState.AddModelError(string.Empty, e.Message);
            }
        }

        return await ShowAsync(ct);
    }

    /// <summary>The second step of 「外す」: the confirmation form posts here.</summary>
    public async Task<IActionResult> OnPostRemoveMemberAsync(int id, int memberId, CancellationToken ct)
    {
        if (!await FindAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        var member = Forum.Members.FirstOrDefault(m => m.Id == memberId);
        if (member is null)
        {
            return NotFound();
        }

        Forum.RemoveMember(member);
        audit.Add(AuditActions.Update, "Forum", Forum.Id, detail: $"構成員を削除: {member.DisplayName}");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = $"「{member.DisplayName}」を構成員から外しました。";
        return Redirect($"/Forums/Details/{id}#members");
    }

    /// <summary>This forum's secretariat accepts another forum's request to sit under it.</summary>
    public Task<IActionResult> OnPostAcceptJoinAsync(int id, int requestId, CancellationToken ct) =>
        DecideAsync(id, requestId, asParent: true, (r, user, now) =>
        {
            r.Accept(user, now);
            return ("承認", $"「{r.Forum.Name}」の参加を承認しました。「{r.Forum.Name}」はこの協議の場に地域課題を提起できるようになりました。");
        }, ct);

    public Task<IActionResult> OnPostDeclineJoinAsync(int id, int requestId, string? reason, CancellationToken ct) =>
        DecideAsync(id, requestId, asParent: true, (r, user, now) =>
        {
            r.Decline(reason, user, now);
            return ("辞退", $"「{r.Forum.Name}」の参加の申請を辞退しました。理由は申請した協議の場に表示されます。");
        }, ct);

    /// <summary>The asking forum's secretariat takes its pending request back.</summary>
    public Task<IActionResult> OnPostWithdrawJoinAsync(int id, int requestId, CancellationToken ct) =>
        DecideAsync(id, requestId, asParent: false, (r, user, now) =>
        {
            r.Withdraw(user, now);
            return ("取下げ", $"「{r.Parent.Name}」への参加の申請を取り下げました。");
        }, ct);

    /// <summary>Loads the request (to this forum as parent, or from it), checks who acts, applies <paramref name="act"/>, audits and saves.</summary>
    private async Task<IActionResult> DecideAsync(int id, int requestId, bool asParent, Func<JoinRequest, string, DateTimeOffset, (string Audit, string Message)> act, CancellationToken ct)
    {
        if (!await FindAsync(id, tracked: true, ct))
        {
            return NotFound();
        }

        var request = await db.JoinRequests.Include(r => r.Forum).Include(r => r.Parent)
            .SingleOrDefaultAsync(r => r.Id == requestId && (asParent ? r.ParentId == id : r.ForumId == id), ct);
        if (request is null)
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

        try
        {
            // The chain above the parent, so that accepting cannot close a loop made since the request was sent.
            await db.LoadAncestorsAsync(request.Parent, ct);
            var (what, message) = act(request, HttpContext.Scope().UserName, clock.GetUtcNow());
            audit.Add(AuditActions.Update, "JoinRequest", request.Id, detail: $"{what}: {request.Forum.Name} → {request.Parent.Name}");
            await db.SaveChangesAsync(ct);
            TempData[PageWrites.MessageKey] = message;
        }
        catch (DomainRuleException e)
        {
            TempData[PageWrites.MessageKey] = e.Message;
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData[PageWrites.ErrorKey] = PageWrites.ConcurrentChange;
        }

        return Redirect($"/Forums/Details/{id}#join");
    }

    /// <summary>The forum with its region, parent, secretariat and members, if the user may see it; and what the user may do with it.</summary>
    private async Task<bool> FindAsync(int id, bool tracked, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var query = db.Forums.VisibleTo(scope).Include(f => f.Region).Include(f => f.Parent).Include(f => f.SecretariatOrganization)
            .Include(f => f.Members).ThenInclude(m => m.Organization);
        var forum = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(f => f.Id == id, ct);
        if (forum is null)
        {
            return false;
        }

        Forum = forum;
        CanManage = scope.CanManage(forum);
        CanReadRestricted = scope.CanReadRestricted(forum);
        return true;
    }

    /// <summary>Everything the page shows besides the forum itself.</summary>
    private async Task<PageResult> ShowAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var id = Forum.Id;
        Children = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Region).Where(f => f.ParentId == id).OrderBy(f => f.Name).ToListAsync(ct);
        Meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Where(m => m.ForumId == id).OrderByDescending(m => m.StartsAt).ToListAsync(ct);
        Issues = await db.RegionalIssues.AsNoTracking().Include(i => i.Escalations).Where(i => i.ForumId == id).OrderByDescending(i => i.RaisedAt).ToListAsync(ct);
        Inbox = await db.RegionalIssues.AsNoTracking().Include(i => i.Forum).Include(i => i.Escalations)
            .Where(i => i.Escalations.Any(e => e.ToForumId == id)).OrderByDescending(i => i.RaisedAt).ToListAsync(ct);
        Hearings = await db.Hearings.AsNoTracking().Where(h => h.ForumId == id).OrderByDescending(h => h.HeardOn).ToListAsync(ct);
        if (CanManage)
        {
            JoinRequests = await db.JoinRequests.AsNoTracking().Include(r => r.Forum).ThenInclude(f => f.Region)
                .Where(r => r.ParentId == id && r.State == JoinRequestState.Pending).OrderBy(r => r.RequestedAt).ToListAsync(ct);
            OwnRequest = await db.JoinRequests.AsNoTracking().Include(r => r.Parent)
                .Where(r => r.ForumId == id && (r.State == JoinRequestState.Pending || r.State == JoinRequestState.Declined))
                .OrderByDescending(r => r.RequestedAt).FirstOrDefaultAsync(ct);
            if (OrganizationChoices.Count == 0)
            {
                await LoadChoicesAsync(ct);
            }
        }

        return Page();
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        // Members may come from anywhere the forum's region can see: its own area and the regions above.
        var regionPath = Forum.Region.Path;
        var ancestors = UserScope.AncestorsOf(regionPath);
        OrganizationChoices = await db.Organizations.AsNoTracking().Include(o => o.Region)
            .Where(o => o.Region.Path.StartsWith(regionPath) || ancestors.Contains(o.Region.Path)).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
        var orgIds = OrganizationChoices.Select(o => o.Id).ToList();
        UserChoices = [.. (await db.Users.AsNoTracking().Where(u => orgIds.Contains(u.OrganizationId) && !u.IsDisabled).OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct)).Select(u => (u.Id, $"{u.DisplayName}({u.UserName})"))];
    }

    public sealed class MemberInput
    {
        [Display(Name = "機関")]
        public int? OrganizationId { get; set; }

        [Display(Name = "氏名または団体名")]
        [StringLength(200)]
        public string? Name { get; set; }

        [Display(Name = "役割")]
        public MemberRole Role { get; set; } = MemberRole.Member;

        [Display(Name = "分野")]
        public Sector Sector { get; set; }

        [Display(Name = "任期の始まり")]
        public DateOnly? TermStart { get; set; }

        [Display(Name = "任期の終わり")]
        public DateOnly? TermEnd { get; set; }

        [Display(Name = "Nimo の利用者(いれば)")]
        public string? UserId { get; set; }
    }
}
