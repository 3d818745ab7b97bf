using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nimo.Platform.Scoping;

namespace Nimo.Platform.Identity;

/// <summary>
/// What this instance read of a session and of its user's scope in the last <see cref="Lifetime"/>, so that a burst of
/// requests (a page, then the next click; a list opened in tabs) does not read the session row, decrypt the ticket and
/// join the user's organisation, region and role again for each one. Those two round trips were half of what a
/// signed-in page cost (bench/run.sh, 「authenticated empty page」).
/// <para>
/// Revocation still reaches every instance within a second: an entry is trusted for <see cref="Lifetime"/> (750 ms,
/// measured on a monotonic clock, not the app's <see cref="TimeProvider"/>, since it bounds staleness rather than telling
/// the time of day), so a session removed or a user disabled by another instance is refused by this one at most 750 ms
/// later. On this instance it is refused at once: every write to the sessions, users, roles, organisations or regions
/// tables (<see cref="Writes"/>) empties the memory, and a read that started before such a write is not kept
/// (<see cref="Generation"/>). <c>scripts/multi-instance.sh</c> measures the cross-instance case behind nginx.
/// </para>
/// Static because it is consulted from the cookie handler's ticket store and from an interceptor on pooled contexts,
/// neither of which has a request's services; its keys are random session ids and user ids, so apps sharing a process
/// (the tests) cannot read each other's entries.
/// </summary>
public static partial class SessionCache
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMilliseconds(750);

    /// <summary>Beyond this many entries the memory is emptied rather than grown: a guard, far above any municipality's staff.</summary>
    private const int MaxEntries = 20_000;

    private static long generation;
    private static readonly ConcurrentDictionary<string, CachedSession> Sessions = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, CachedScope> Scopes = new(StringComparer.Ordinal);

    /// <summary>A session row as read: the ticket already decrypted (it is deserialized again for each request, so no request shares a principal).</summary>
    public sealed record CachedSession(byte[] Ticket, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, long ReadAt);

    private sealed record CachedScope(UserScope Scope, long ReadAt);

    /// <summary>Taken before a read from the database; an entry is kept only if no write came in between.</summary>
    public static long Generation => Interlocked.Read(ref generation);

    public static CachedSession? Session(string key) =>
        Sessions.TryGetValue(key, out var s) && Fresh(s.ReadAt) ? s : null;

    public static void Keep(string key, CachedSession session, long readGeneration) =>
        Keep(Sessions, key, session, readGeneration);

    public static UserScope? Scope(string userId) =>
        Scopes.TryGetValue(userId, out var s) && Fresh(s.ReadAt) ? s.Scope : null;

    public static void Keep(string userId, UserScope scope, long readGeneration) =>
        Keep(Scopes, userId, new CachedScope(scope, Stopwatch.GetTimestamp()), readGeneration);

    /// <summary>Forgets everything this instance remembers: called for every write that could end a session or change a scope.</summary>
    public static void Forget()
    {
        Interlocked.Increment(ref generation);
        Sessions.Clear();
        Scopes.Clear();
    }

    private static bool Fresh(long readAt) => Stopwatch.GetElapsedTime(readAt) < Lifetime;

    private static void Keep<T>(ConcurrentDictionary<string, T> map, string key, T value, long readGeneration)
    {
        if (Generation != readGeneration)
        {
            return;
        }

        if (map.Count >= MaxEntries)
        {
            map.Clear();
        }

        map[key] = value;
        // A write that landed between the check above and the store: drop what may be stale.
        if (Generation != readGeneration)
        {
            map.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Empties the memory after any statement that writes the tables a session or a scope is read from, whoever runs it
    /// (logout, password change, an administrator disabling a user, a role change, the purge job). The once-a-minute
    /// touch of a session's last use is tagged and left out: it only extends a session this instance already updates.
    /// </summary>
    public sealed partial class Writes : DbCommandInterceptor
    {
        public static readonly Writes Instance = new();
        public const string TouchTag = "nimo: session touch";

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }

        private static void Check(DbCommand command)
        {
            var sql = command.CommandText;
            if (sql.Contains(TouchTag, StringComparison.Ordinal))
            {
                return;
            }

            if (IdentityWrite().IsMatch(sql))
            {
                Forget();
            }
        }

        [GeneratedRegex("""(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"(?:UserSessions|AspNetUsers|AspNetUserRoles|AspNetRoles|Organizations|Regions)"\s""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
        private static partial Regex IdentityWrite();
    }
}
