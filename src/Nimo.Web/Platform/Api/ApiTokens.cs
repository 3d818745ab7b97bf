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
            .Select(t => new { t.Id, t.UserId, t.User.UserName, t.ExpiresAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (token is null || (token.ExpiresAt is { } expires && expires <= now))
        {
            return AuthenticateResult.Fail("invalid token");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, token.UserId), new Claim(ClaimTypes.Name, token.UserName ?? "")], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
