using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Platform.Identity;

public sealed class SessionOptions
{
    public int IdleMinutes { get; set; } = 30;
    public int AbsoluteHours { get; set; } = 10;
}

/// <summary>
/// Keeps authentication tickets in the database; the cookie holds only a random session id.
/// Removing the row is what logs a session out, everywhere, at once.
/// </summary>
public sealed class DbTicketStore(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock, Microsoft.Extensions.Options.IOptions<SessionOptions> options) : ITicketStore
{
    private readonly IDataProtector _protector = protection.CreateProtector("Nimo.UserSession.v1");
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = clock.GetUtcNow();
        // The session id travels inside the ticket too, so a page can tell "this session" from the user's others.
        (ticket.Principal.Identity as System.Security.Claims.ClaimsIdentity)?.AddClaim(new System.Security.Claims.Claim(SessionIdClaim, id));
        var userId = ticket.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var http = scope.ServiceProvider.GetService<IHttpContextAccessor>()?.HttpContext;
        db.UserSessions.Add(new UserSession
        {
            Id = id,
            UserId = userId,
            Ticket = _protector.Protect(TicketSerializer.Default.Serialize(ticket)),
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now.AddHours(options.Value.AbsoluteHours),
            ClientAddress = http?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(http?.Request.Headers.UserAgent.ToString(), 300),
        });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>Remembers which session this request runs in, whatever later happens to the principal (see <see cref="CurrentSessionId"/>).</summary>
    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var ticket = await RetrieveAsync(key);
        if (ticket is not null)
        {
            httpContext.Items[SessionKeyItem] = key;
        }

        return ticket;
    }

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var key = await StoreAsync(ticket);
        httpContext.Items[SessionKeyItem] = key;
        return key;
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var now = clock.GetUtcNow();
        // Read within the last 750 ms by this instance (SessionCache says why that keeps revocation within a second).
        if (SessionCache.Session(key) is { } cached && Valid(cached.LastSeenAt, cached.ExpiresAt, now) && now - cached.LastSeenAt <= TouchInterval)
        {
            return WithSessionId(TicketSerializer.Default.Deserialize(cached.Ticket), key);
        }

        var generation = SessionCache.Generation;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var session = await db.UserSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == key);
        if (session is null)
        {
            return null;
        }

        if (!Valid(session.LastSeenAt, session.ExpiresAt, now))
        {
            using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(default);
            await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
            return null;
        }

        // Touch at most once a minute: a write per request would cost more than the idle timeout needs. Tagged, so the
        // session memory is not emptied for a write that only extends a session.
        var lastSeen = session.LastSeenAt;
        if (now - session.LastSeenAt > TouchInterval)
        {
            using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(default);
            var touched = await db.UserSessions.TagWith(SessionCache.Writes.TouchTag).Where(s => s.Id == key)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now));
            if (touched == 0)
            {
                return null;
            }

            lastSeen = now;
        }

        byte[] bytes;
        AuthenticationTicket? ticket;
        try
        {
            bytes = _protector.Unprotect(session.Ticket);
            ticket = TicketSerializer.Default.Deserialize(bytes);
        }
        catch (CryptographicException)
        {
            return null;
        }

        if (ticket is not null)
        {
            SessionCache.Keep(key, new SessionCache.CachedSession(bytes, lastSeen, session.ExpiresAt, System.Diagnostics.Stopwatch.GetTimestamp()), generation);
        }

        return WithSessionId(ticket, key);
    }

    private bool Valid(DateTimeOffset lastSeenAt, DateTimeOffset expiresAt, DateTimeOffset now) =>
        now < expiresAt && now - lastSeenAt <= TimeSpan.FromMinutes(options.Value.IdleMinutes);

    /// <summary>
    /// The session id claim is set from the row's key on every read: the security-stamp check renews the ticket with a
    /// principal rebuilt from the user, without it, and "end my other sessions" then ended this one as well.
    /// </summary>
    private static AuthenticationTicket? WithSessionId(AuthenticationTicket? ticket, string key)
    {
        if (ticket?.Principal.Identity is System.Security.Claims.ClaimsIdentity identity && identity.FindFirst(SessionIdClaim)?.Value != key)
        {
            foreach (var stale in identity.FindAll(SessionIdClaim).ToList())
            {
                identity.RemoveClaim(stale);
            }

            identity.AddClaim(new System.Security.Claims.Claim(SessionIdClaim, key));
        }

        return ticket;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var session = await db.UserSessions.SingleOrDefaultAsync(s => s.Id == key);
        if (session is not null)
        {
            session.Ticket = _protector.Protect(TicketSerializer.Default.Serialize(ticket));
            await db.SaveChangesAsync();
        }
    }

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(default);
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>Ends every session of a user (password change, disabling, 2FA reset), except one if given.</summary>
    public static async Task<int> EndAllAsync(NimoDbContext db, string userId, string? exceptSessionId = null)
    {
        using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(default);
        return await db.UserSessions.Where(s => s.UserId == userId && s.Id != exceptSessionId).ExecuteDeleteAsync();
    }

    private static string? Truncate(string? s, int max) => string.IsNullOrEmpty(s) ? null : s.Length <= max ? s : s[..max];

    /// <summary>
    /// The session id of the current request: the key the cookie handler read it under, or the one it just stored. Not
    /// only the principal's claim: when the security-stamp check replaces the principal in the middle of a request, the new
    /// one is built from the user without it, and "end my other sessions" in that request then ended this one too.
    /// </summary>
    public static string? CurrentSessionId(HttpContext context) =>
        context.Items.TryGetValue(SessionKeyItem, out var key) && key is string s ? s : context.User.FindFirst(SessionIdClaim)?.Value;

    public const string SessionIdClaim = "nimo:sid";
    private static readonly object SessionKeyItem = new();
}
