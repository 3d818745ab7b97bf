using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Account.Manage;

public sealed class IndexModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public NimoUser Me { get; private set; } = null!;
    public List<UserSession> Sessions { get; private set; } = [];
    public string? CurrentSessionId { get; private set; }

    public async Task OnGetAsync()
    {
        var scope = HttpContext.Scope();
        Me = await db.Users.AsNoTracking().Include(u => u.Organization).SingleAsync(u => u.Id == scope.UserId);
        Sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == scope.UserId).ToListAsync();
        Sessions = [.. Sessions.OrderByDescending(s => s.LastSeenAt)];
        CurrentSessionId = DbTicketStore.CurrentSessionId(HttpContext);
    }

    /// <summary>Ends every other session of this user, e.g. after using a shared terminal (ASVS 7.4.3).</summary>
    public async Task<IActionResult> OnPostEndOthersAsync()
    {
        var scope = HttpContext.Scope();
        var ended = await DbTicketStore.EndAllAsync(db, scope.UserId, DbTicketStore.CurrentSessionId(HttpContext));
        await audit.WriteAsync(AuditActions.SessionsEnded, "User", scope.UserId, detail: $"{ended} other sessions");
        TempData["Message"] = $"他の{ended}件のセッションを終了しました。";
        return RedirectToPage();
    }
}
