using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Features.Clients;

/// <summary>
/// Records keep the login ID of who wrote them (記録者, 送付者, 回答者, 登録者): it never changes and matches the audit log.
/// People are shown by their name; a value that is no login (「デモデータ」, an older free-text entry) is shown as written.
/// </summary>
public sealed class StaffNames(IReadOnlyDictionary<string, string> names)
{
    public static readonly StaffNames None = new(new Dictionary<string, string>());

    public static async Task<StaffNames> LoadAsync(NimoDbContext db, IEnumerable<string?> logins, CancellationToken ct)
    {
        var wanted = logins.Where(l => !string.IsNullOrEmpty(l)).Select(l => l!).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return None;
        }

        var rows = await db.Users.AsNoTracking().Where(u => u.UserName != null && wanted.Contains(u.UserName)).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct);
        return new StaffNames(rows.ToDictionary(r => r.UserName!, r => r.DisplayName, StringComparer.Ordinal));
    }

    /// <summary>The person's name for the login, or the text itself when it is not a login.</summary>
    public string Of(string? login) =>
        string.IsNullOrEmpty(login) ? "—" : names.TryGetValue(login, out var name) && !string.IsNullOrWhiteSpace(name) ? name : login;

    /// <summary>The signed-in user's own name (for a form's default 担当者).</summary>
    public static async Task<string> OfUserAsync(NimoDbContext db, string userId, string fallback, CancellationToken ct)
    {
        var name = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct);
        return string.IsNullOrWhiteSpace(name) ? fallback : name;
    }
}
