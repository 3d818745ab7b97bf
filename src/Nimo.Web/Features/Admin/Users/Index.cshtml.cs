using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Admin.Users;

public sealed class IndexModel(NimoDbContext db, Nimo.Platform.Identity.SignInThrottle throttle) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? OrganizationId { get; set; }

    public List<UserRow> Users { get; private set; } = [];
    public int PendingApprovals { get; private set; }

    public sealed record UserRow(string Id, string UserName, string DisplayName, string Organization, string Role, bool TwoFactor, bool Disabled, bool Slowed, int Sessions);

    public async Task OnGetAsync()
    {
        var slowed = await throttle.SlowedAccountsAsync();
        PendingApprovals = await db.UserChangeRequests.CountAsync(r => r.State == UserChangeState.Pending);
        var query = db.Users.AsNoTracking();
        if (OrganizationId is int orgId)
        {
            query = query.Where(u => u.OrganizationId == orgId);
        }

        var key = TextNormalizer.SearchKey(Q);
        var rows = await query.OrderBy(u => u.UserName).Select(u => new
        {
            u.Id,
            u.UserName,
            u.DisplayName,
            Organization = u.Organization.Name,
            Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
            u.TwoFactorEnabled,
            u.IsDisabled,
            Sessions = db.UserSessions.Count(s => s.UserId == u.Id),
        }).ToListAsync();
        Users = [.. rows
            .Where(u => key.Length == 0 || TextNormalizer.SearchKey(u.UserName + u.DisplayName + u.Organization).Contains(key, StringComparison.Ordinal))
            .Select(u => new UserRow(u.Id, u.UserName ?? "", u.DisplayName, u.Organization, Nimo.Platform.Identity.Roles.Label(u.Role ?? ""),
                u.TwoFactorEnabled, u.IsDisabled, Slowed(u.Id, u.UserName), u.Sessions))];

        bool Slowed(string id, string? name) => slowed.Count > 0
            && (slowed.Contains(Nimo.Platform.Identity.SignInThrottle.AccountHash(new() { Id = id, UserName = name }))
                || slowed.Contains(Nimo.Platform.Identity.SignInThrottle.CodeAccountHash(new() { Id = id, UserName = name })));
    }
}
