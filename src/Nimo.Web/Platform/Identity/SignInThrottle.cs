using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Platform.Identity;

/// <summary>
/// Failed sign-ins counted per account and client address, and per account alone, in the database (so every instance
/// sees the same counts). A row is keyed by a hash: the name someone typed may be a password typed in the wrong field.
/// </summary>
public sealed class SignInAttempts
{
    public string Key { get; set; } = "";
    /// <summary>Hash of the account part alone, so that an administrator can clear all of an account's rows.</summary>
    public string Account { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    /// <summary>The last full sign-in from this address (per-address rows only): a known address is not slowed by others' failures.</summary>
    public DateTimeOffset? LastSuccessAt { get; set; }
}

/// <summary>
/// Throttling instead of lockout (ASVS 5.0 V6.3.1: brute force and credential stuffing are slowed without letting anyone
/// lock a colleague out). Each (account, address) pair has a few free failures, then waits that double up to a cap; the
/// account across all addresses has many more and then short waits only, which do not apply at an address the person has
/// signed in from before. Everything is the same for names that do not exist, so the answers tell nobody which do.
/// </summary>
public sealed class SignInThrottle(NimoDbContext db, TimeProvider clock)
{
    /// <summary>Free failures, the first wait after them, and the longest wait.</summary>
    public sealed record Rule(int Free, TimeSpan First, TimeSpan Max)
    {
        public TimeSpan WaitAfter(int failures) =>
            failures < Free ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(Max.Ticks, First.Ticks * (1L << Math.Min(failures - Free, 30))));
    }

    /// <summary>What is being guessed: the password (keyed by the name typed) or the second factor (keyed by the user).</summary>
    public sealed record Step(string Prefix, Rule PerAddress, Rule PerAccount);

    /// <summary>5 free per address, then 30 s doubling to 15 min; the account: 50 free a day, then at most 30 s between tries.</summary>
    public static readonly Step Password = new("pw", new Rule(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)), new Rule(50, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));

    /// <summary>Only reachable with the password: stricter across the account, since six digits are few.</summary>
    public static readonly Step Code = new("code", new Rule(5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)), new Rule(10, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(15)));

    /// <summary>Failures older than this are forgotten.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    /// <summary>An address the person signed in from within this time is theirs: others' failures do not slow it.</summary>
    public static readonly TimeSpan KnownAddressFor = TimeSpan.FromDays(30);

    /// <summary>How long this attempt must wait; zero when it may go ahead. Reads only, so a refused attempt costs nothing.</summary>
    public async Task<TimeSpan> WaitAsync(Step step, string account, string? address, CancellationToken ct = default)
    {
        var (pairKey, accountKey, _) = Keys(step, account, address);
        var rows = await db.SignInAttempts.AsNoTracking().Where(a => a.Key == pairKey || a.Key == accountKey).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var pair = rows.FirstOrDefault(r => r.Key == pairKey);
        var whole = rows.FirstOrDefault(r => r.Key == accountKey);
        var wait = Remaining(pair, step.PerAddress, now);
        var known = pair?.LastSuccessAt is { } success && now - success < KnownAddressFor;
        return known ? wait : Max(wait, Remaining(whole, step.PerAccount, now));
    }

    /// <summary>Counts a failure for the pair and for the account, atomically however many arrive at once.</summary>
    public async Task FailedAsync(Step step, string account, string? address, CancellationToken ct = default)
    {
        var (pairKey, accountKey, accountHash) = Keys(step, account, address);
        await CountAsync(pairKey, accountHash, ct);
        await CountAsync(accountKey, accountHash, ct);
    }

    /// <summary>
    /// The step succeeded from this address: its failures there are forgotten. With <paramref name="signedIn"/> (the whole
    /// sign-in, second factor included) the address also becomes a known one.
    /// </summary>
    public async Task SucceededAsync(Step step, string account, string? address, bool signedIn, CancellationToken ct = default)
    {
        var (pairKey, _, accountHash) = Keys(step, account, address);
        var now = clock.GetUtcNow();
        using (var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(ct))
        {
            var updated = signedIn
                ? await db.SignInAttempts.Where(a => a.Key == pairKey).ExecuteUpdateAsync(s => s.SetProperty(a => a.Failures, 0).SetProperty(a => a.LastSuccessAt, now), ct)
                : await db.SignInAttempts.Where(a => a.Key == pairKey).ExecuteUpdateAsync(s => s.SetProperty(a => a.Failures, 0), ct);
            if (updated > 0 || !signedIn)
            {
                return;
            }
        }

        await InsertOrAsync(new SignInAttempts { Key = pairKey, Account = accountHash, Failures = 0, LastFailureAt = now, LastSuccessAt = now },
            () => SucceededAsync(step, account, address, signedIn, ct), ct);
    }

    /// <summary>Forgets every failure of a user, password and code alike (an administrator's 「ログインの制限を解除」).</summary>
    public async Task<int> ClearAsync(NimoUser user, CancellationToken ct = default)
    {
        string[] accounts = [Hash(Password.Prefix + "|" + Normalise(user.UserName)), Hash(Code.Prefix + "|" + user.Id)];
        using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(ct);
        return await db.SignInAttempts.Where(a => accounts.Contains(a.Account)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Failures, 0), ct);
    }

    /// <summary>Whether the user's account is being slowed right now, from anywhere (shown in 利用者管理).</summary>
    public async Task<bool> IsSlowedAsync(NimoUser user, CancellationToken ct = default)
    {
        var slowed = await SlowedAccountsAsync(ct);
        return slowed.Contains(Hash(Password.Prefix + "|" + Normalise(user.UserName))) || slowed.Contains(Hash(Code.Prefix + "|" + user.Id));
    }

    /// <summary>The account hashes that have an address or the account itself waiting now.</summary>
    public async Task<HashSet<string>> SlowedAccountsAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var since = now - Window;
        var rows = await db.SignInAttempts.AsNoTracking().Where(a => a.Failures >= Password.PerAddress.Free && a.LastFailureAt > since).ToListAsync(ct);
        return [.. rows.Where(r => Remaining(r, r.Key == r.Account ? Password.PerAccount : Password.PerAddress, now) > TimeSpan.Zero).Select(r => r.Account)];
    }

    public static string AccountHash(NimoUser user) => Hash(Password.Prefix + "|" + Normalise(user.UserName));

    public static string CodeAccountHash(NimoUser user) => Hash(Code.Prefix + "|" + user.Id);

    /// <summary>「30秒」「2分」: how a wait is said in the messages.</summary>
    public static string Say(TimeSpan wait) =>
        wait < TimeSpan.FromMinutes(1) ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))}秒" : $"{(int)Math.Ceiling(wait.TotalMinutes)}分";

    private static string? _nobodysHash;

    /// <summary>
    /// Verifies the password against a hash of nobody's: a name that does not exist (or an account that cannot sign in) costs
    /// the same key derivation as a wrong password, so the time taken tells nothing (it was 5 ms against 130 ms).
    /// </summary>
    public static void SpendPasswordCheck(IPasswordHasher<NimoUser> hasher, string password)
    {
        var nobody = new NimoUser { UserName = "-" };
        var hash = _nobodysHash ??= hasher.HashPassword(nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)));
        _ = hasher.VerifyHashedPassword(nobody, hash, password);
    }

    private TimeSpan Remaining(SignInAttempts? row, Rule rule, DateTimeOffset now)
    {
        if (row is null || now - row.LastFailureAt > Window)
        {
            return TimeSpan.Zero;
        }

        var until = row.LastFailureAt + rule.WaitAfter(row.Failures);
        return until > now ? until - now : TimeSpan.Zero;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task CountAsync(string key, string accountHash, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = now - Window;
        using (var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(ct))
        {
            // One atomic increment per failure: eight guesses sent at once are eight failures.
            if (await db.SignInAttempts.Where(a => a.Key == key)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Failures, a => a.LastFailureAt < stale ? 1 : a.Failures + 1).SetProperty(a => a.LastFailureAt, now), ct) > 0)
            {
                return;
            }
        }

        await InsertOrAsync(new SignInAttempts { Key = key, Account = accountHash, Failures = 1, LastFailureAt = now }, () => CountAsync(key, accountHash, ct), ct);
    }

    /// <summary>Inserts the first row of a key; if another request inserted it a moment earlier, does <paramref name="instead"/>.</summary>
    private async Task InsertOrAsync(SignInAttempts row, Func<Task> instead, CancellationToken ct)
    {
        db.SignInAttempts.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            await instead();
        }
    }

    private static (string Pair, string Account, string AccountHash) Keys(Step step, string account, string? address)
    {
        var who = step.Prefix + "|" + (step == Password ? Normalise(account) : account);
        var accountHash = Hash(who);
        return (Hash(who + "|" + (address ?? "?")), accountHash, accountHash);
    }

    /// <summary>User names are compared as Identity compares them: trimmed, case-insensitive.</summary>
    private static string Normalise(string? name) => (name ?? "").Trim().ToUpperInvariant();

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
