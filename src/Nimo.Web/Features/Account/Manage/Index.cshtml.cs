using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Account.Manage;

public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public NimoUser Me { get; private set; } = null!;
    public List<UserSession> Sessions { get; private set; } = [];
    public List<ApiToken> Tokens { get; private set; } = [];
    public string? CurrentSessionId { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        var scope = HttpContext.Scope();
        Me = await db.Users.AsNoTracking().Include(u => u.Organization).SingleAsync(u => u.Id == scope.UserId);
        Sessions = await db.UserSessions.AsNoTracking().Where(s => s.UserId == scope.UserId).ToListAsync();
        Sessions = [.. Sessions.OrderByDescending(s => s.LastSeenAt)];
        CurrentSessionId = DbTicketStore.CurrentSessionId(HttpContext);
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == scope.UserId).OrderByDescending(t => t.Id).ToListAsync();
        Now = clock.GetUtcNow();
    }

    /// <summary>Revokes one of the user's own API tokens (a script retired, a token copied where it should not be).</summary>
    public async Task<IActionResult> OnPostRevokeTokenAsync(int tokenId)
    {
        var scope = HttpContext.Scope();
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == scope.UserId);
        if (token is null)
        {
            return NotFound();
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            audit.Add(AuditActions.ApiTokenRevoked, "ApiToken", token.Prefix, detail: "by its owner");
            await db.SaveChangesAsync();
        }

        TempData[PageWrites.MessageKey] = $"APIトークン「{token.Name}」({token.Prefix}…)を失効させました。";
        return RedirectToPage();
    }

    /// <summary>Ends every other session of this user, e.g. after using a shared terminal (ASVS 7.4.3).</summary>
    public async Task<IActionResult> OnPostEndOthersAsync()
    {
        var scope = HttpContext.Scope();
        var ended = await DbTicketStore.EndAllAsync(db, scope.UserId, DbTicketStore.CurrentSessionId(HttpContext));
        await audit.WriteAsync(AuditActions.SessionsEnded, "User", scope.UserId, detail: $"{ended} other sessions");
        TempData[PageWrites.MessageKey] = $"他の{ended}件のセッションを終了しました。";
        return RedirectToPage();
    }
}
