using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;

namespace Nimo.Platform.Api;

public static class ApiTokens
{
    public const string Scheme = "Bearer";
    public const string Policy = "Api";
    private const string TokenPrefix = "nimo_";

    /// <summary>Issues a 256-bit random token for a user; returns the clear token, which is never stored.</summary>
    public static (ApiToken Row, string Token) Issue(NimoUser user, string name, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        var token = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var row = new ApiToken
        {
            UserId = user.Id,
            User = user,
            Name = name,
            Prefix = token[..12],
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        return (row, token);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The longest a token lives. A script that runs for years gets a new token each year, from a person who still may.</summary>
    public const int MaxDays = 365;

    /// <summary>When a token stops working: its own expiry, and never later than a year after it was made (older rows had none).</summary>
    public static DateTimeOffset EffectiveExpiry(DateTimeOffset createdAt, DateTimeOffset? expiresAt)
    {
        var cap = createdAt.AddDays(MaxDays);
        return expiresAt is { } e && e < cap ? e : cap;
    }

    /// <summary>「有効」「失効」「期限切れ」 for the lists.</summary>
    public static string StateLabel(ApiToken token, DateTimeOffset now) =>
        token.RevokedAt is not null ? "失効" : EffectiveExpiry(token.CreatedAt, token.ExpiresAt) <= now ? "期限切れ" : "有効";

    /// <summary>
    /// Revokes every live token of a user: on disabling and on a new password, since a token is only as trustworthy as the
    /// account that made it. Returns how many were live; the caller writes the audit entry with its reason.
    /// </summary>
    public static async Task<int> RevokeAllAsync(NimoDbContext db, string userId, DateTimeOffset now)
    {
        using var gate = db.WriteGate is null || db.Database.CurrentTransaction is not null ? null : await db.WriteGate.EnterAsync(default);
        return await db.ApiTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now));
    }

    /// <summary>Revokes every live token of a user and records it, when there were any.</summary>
    public static async Task<int> RevokeAllAsync(NimoDbContext db, Auditing.AuditLog audit, NimoUser user, DateTimeOffset now, string reason)
    {
        var count = await RevokeAllAsync(db, user.Id, now);
        if (count > 0)
        {
            await audit.WriteAsync(Auditing.AuditActions.ApiTokenRevoked, "User", user.Id, detail: $"all {count} tokens of {user.UserName}: {reason}");
        }

        return count;
    }
}

/// <summary>Authenticates `Authorization: Bearer nimo_…` against the stored hashes.</summary>
public sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    NimoDbContext db, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = ApiTokens.Hash(header["Bearer ".Length..].Trim());
        var now = clock.GetUtcNow();
        var token = await db.ApiTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && !t.User.IsDisabled)
            .Select(t => new { t.Id, t.UserId, t.User.UserName, t.CreatedAt, t.ExpiresAt, t.LastUsedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (token is null || ApiTokens.EffectiveExpiry(token.CreatedAt, token.ExpiresAt) <= now)
        {
            return AuthenticateResult.Fail("invalid token");
        }

        // 最終利用 in the token lists, written at most once a minute: a script polling the API must not cost a write per call.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(Context.RequestAborted);
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, token.UserId), new Claim(ClaimTypes.Name, token.UserName ?? "")], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
