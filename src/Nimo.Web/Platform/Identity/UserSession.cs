namespace Nimo.Platform.Identity;

/// <summary>
/// A signed-in browser session. The cookie carries only <see cref="Id"/>; the ticket lives here, so deleting
/// the row (logout, password change, disabling the user) ends the session on the server (ASVS 7.4.1/7.4.2).
/// </summary>
public sealed class UserSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public byte[] Ticket { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? ClientAddress { get; set; }
    public string? UserAgent { get; set; }
}

/// <summary>A bearer token for /api/v1. Only its SHA-256 is stored; the token itself is shown once.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public NimoUser User { get; set; } = null!;
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
