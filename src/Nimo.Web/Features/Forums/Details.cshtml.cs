using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public Forum Forum { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public DateOnly Today => Platform.Japanese.JapanTime.Today(clock);
    public IReadOnlyList<Forum> Children { get; private set; } = [];
    public IReadOnlyList<Meeting> Meetings { get; private set; } = [];
    public IReadOnlyList<RegionalIssue> Issues { get; private set; } = [];
    public IReadOnlyList<RegionalIssue> Inbox { get; private set; } = [];
    public IReadOnlyList<Hearing> Hearings { get; private set; } = [];
    public IReadOnlyList<Organization> OrganizationChoices { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> UserChoices { get; private set; } = [];

    [BindProperty]
    public MemberInput NewMember { get; set; } = new();

    public IReadOnlyDictionary<Sector, int> MembersBySector => Forum.Members.GroupBy(m => m.Sector).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    /// <summary>This forum's meetings as an iCalendar feed.</summary>
    public async Task<IActionResult> OnGetCalendarAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        return File(System.Text.Encoding.UTF8.GetBytes(ForumCalendar.ToIcs(Forum.Name, Meetings, clock.GetUtcNow())), ForumCalendar.ContentType, $"forum-{id}.ics");
    }

    public async Task<IActionResult> OnPostAddMemberAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct, tracked: true))
        {
            return NotFound();
        }

        if (!CanManage)
        {
            return Forbid();
        }

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

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            Forum.AddMember(organization, NewMember.Name, NewMember.Role, NewMember.Sector, NewMember.TermStart, NewMember.TermEnd, NewMember.UserId);
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(AuditActions.Update, "Forum", Forum.Id, detail: "構成員を追加");
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "構成員を追加しました。";
        return Redirect($"/Forums/Details/{id}#members");
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync(int id, int memberId, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct, tracked: true))
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
        TempData["Message"] = $"「{member.DisplayName}」を構成員から外しました。";
        return Redirect($"/Forums/Details/{id}#members");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct, bool tracked = false)
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
        Children = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Region).Where(f => f.ParentId == id).OrderBy(f => f.Name).ToListAsync(ct);
        Meetings = await db.Meetings.AsNoTracking().Include(m => m.Forum).Where(m => m.ForumId == id).OrderByDescending(m => m.StartsAt).ToListAsync(ct);
        Issues = await db.RegionalIssues.AsNoTracking().Include(i => i.Escalations).Where(i => i.ForumId == id).OrderByDescending(i => i.RaisedAt).ToListAsync(ct);
        Inbox = await db.RegionalIssues.AsNoTracking().Include(i => i.Forum).Include(i => i.Escalations)
            .Where(i => i.Escalations.Any(e => e.ToForumId == id)).OrderByDescending(i => i.RaisedAt).ToListAsync(ct);
        Hearings = await db.Hearings.AsNoTracking().Where(h => h.ForumId == id).OrderByDescending(h => h.HeardOn).ToListAsync(ct);
        if (CanManage)
        {
            // Members may come from anywhere the forum's region can see: its own area and the regions above.
            var regionPath = forum.Region.Path;
            var ancestors = UserScope.AncestorsOf(regionPath);
            OrganizationChoices = await db.Organizations.AsNoTracking().Include(o => o.Region)
                .Where(o => o.Region.Path.StartsWith(regionPath) || ancestors.Contains(o.Region.Path)).OrderBy(o => o.Region.Path).ThenBy(o => o.Name).ToListAsync(ct);
            var orgIds = OrganizationChoices.Select(o => o.Id).ToList();
            UserChoices = [.. (await db.Users.AsNoTracking().Where(u => orgIds.Contains(u.OrganizationId) && !u.IsDisabled).OrderBy(u => u.UserName)
                .Select(u => new { u.Id, u.UserName, u.DisplayName }).ToListAsync(ct)).Select(u => (u.Id, $"{u.DisplayName}({u.UserName})"))];
        }

        return true;
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
