using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Platform.Data;
using Nimo.Platform.Scheduling;

namespace Nimo.Platform.Auditing;

public sealed class AuditOptions
{
    /// <summary>The chain's key itself, base64 (32 bytes or more): for installations that keep secrets in the environment file.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the key (base64); made on first start when missing. Default: <c>{StateDirectory}/audit.key</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Where the anchors are appended, outside the database. Default: <c>{StateDirectory}/audit-anchors/</c>.</summary>
    public string? AnchorDirectory { get; set; }

    /// <summary>Also send every anchor to the system log (logger(1): the journal or syslog) when there is one.</summary>
    public bool Journal { get; set; } = true;
}

/// <summary>
/// The app may not start: the audit chain's key is missing (outside development nothing makes one), unreadable, or not the
/// key the chain was started with.
/// </summary>
public sealed class AuditKeyException(string message) : Exception(message);

/// <summary>One line of the anchor file: the chain's head at a moment, sealed with the key.</summary>
public sealed record AuditAnchor(string Kind, long Sequence, string Hash, long KeyedFrom, DateTimeOffset At, string Instance, string Mac)
{
    /// <summary>Written each scheduled tick by the leader.</summary>
    public const string Periodic = "anchor";

    /// <summary>Written when the chain starts being keyed (a new installation, or an old unkeyed chain carried over).</summary>
    public const string Start = "start";

    /// <summary>Written by `restore`: anchors above this sequence that came before it describe entries the restore gave up.</summary>
    public const string Restore = "restore";

    public string Text() => string.Join('|', Kind, Sequence.ToString(CultureInfo.InvariantCulture), Hash, KeyedFrom.ToString(CultureInfo.InvariantCulture),
        At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), Instance);
}

/// <summary>
/// What makes the audit chain hold against someone who can write to the database (and only to it):
/// <list type="bullet">
/// <item>every entry is hashed with HMAC-SHA-256 under a key kept outside the database (a file or a setting the database
/// backup does not contain), so an edited or deleted row cannot be re-chained without the key;</item>
/// <item>the head of the chain is appended periodically to a file in a separate directory (and to the system log where
/// there is one), so a log cut short at its end, or emptied, no longer verifies: the anchors name entries it lacks.</item>
/// </list>
/// A chain written before the key existed is carried over as it is: the first keyed entry (<see cref="AuditActions.AuditChainKeyed"/>)
/// chains onto the last unkeyed one, so the old part can no longer be rewritten either, and the start anchor records the
/// boundary. See docs/deploy.md (監査ログの鍵とアンカー).
/// </summary>
public sealed class AuditChain(IOptions<AuditOptions> options, IHostEnvironment environment, IConfiguration configuration, AppInstance instance,
    TimeProvider clock, ILogger<AuditChain> log)
{
    public const string AnchorFileName = "audit-anchors.log";
    private const int MinimumKeyBytes = 32;
    private readonly Lock _gate = new();
    private byte[]? _key;

    /// <summary>The state directory: <c>Nimo:StateDirectory</c>, else systemd's StateDirectory=, else the app's data folder.</summary>
    public string StateDirectory =>
        configuration["Nimo:StateDirectory"] is { Length: > 0 } configured ? configured
        : Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } systemd ? systemd.Split(':')[0]
        : Path.Combine(environment.ContentRootPath, "data");

    public string KeyFile => options.Value.KeyFile is { Length: > 0 } file ? file : Path.Combine(StateDirectory, "audit.key");

    public string AnchorDirectory => options.Value.AnchorDirectory is { Length: > 0 } dir ? dir : Path.Combine(StateDirectory, "audit-anchors");

    public string AnchorFile => Path.Combine(AnchorDirectory, AnchorFileName);

    /// <summary>Where the key came from, for messages (never the key itself).</summary>
    public string KeySource => options.Value.Key is { Length: > 0 } ? "Nimo:Audit:Key" : KeyFile;

    /// <summary>
    /// Only a developer's machine or a test makes its own key. Anywhere else a key made at first start would sit next to the
    /// data, unknown to whoever keeps the backups, and a second instance or a restored server would make a different one.
    /// </summary>
    public bool MayMakeKey => environment.IsDevelopment() || environment.IsEnvironment("Testing");

    /// <summary>
    /// Before the database is touched: outside development the key must already be there (Nimo:Audit:Key, or the key file);
    /// the app refuses to start rather than write an audit log nobody can verify later.
    /// </summary>
    public void RequireKey()
    {
        if (MayMakeKey || LoadKey(create: false) is not null)
        {
            return;
        }

        throw new AuditKeyException(
            $"監査ログの鍵がありません。{environment.EnvironmentName} 環境では鍵を自動で作りません。" +
            $"鍵を作り(例: `openssl rand -base64 32 > /etc/nimo/audit.key`)、Nimo:Audit:KeyFile に指定するか {KeyFile} に置いてから起動してください(docs/deploy.md「監査ログの鍵とアンカー」)。" +
            $" / The audit key is missing: outside Development no key is made. Create one (openssl rand -base64 32), set Nimo:Audit:KeyFile (or Nimo:Audit:Key) or put it in {KeyFile}, then start again.");
    }

    /// <summary>The key; loaded (or made) at start-up by <see cref="EnsureKeyedAsync"/>.</summary>
    public byte[] Key => _key ?? LoadKey(create: false) ?? throw new AuditKeyException(
        $"監査ログの鍵がありません。Nimo:Audit:KeyFile(または Nimo:Audit:Key)を設定するか {KeyFile} に置いてください。 / The audit chain has no key: set Nimo:Audit:KeyFile or Nimo:Audit:Key, or put the key in {KeyFile} (docs/deploy.md).");

    /// <summary>The keyed hash of an entry (its <see cref="AuditEntry.PreviousHash"/> set).</summary>
    public string Seal(AuditEntry entry) => entry.ComputeHash(Key);

    /// <summary>
    /// At start-up, before anything is appended (under the start-up lock on PostgreSQL): loads the key, and if the chain has
    /// no keyed start yet, makes the key when there is none and writes the start entry and the start anchor.
    /// </summary>
    public async Task EnsureKeyedAsync(NimoDbContext db, CancellationToken ct)
    {
        var markers = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.AuditChainKeyed).OrderBy(a => a.Sequence).ToListAsync(ct);
        var key = LoadKey(create: markers.Count == 0 && MayMakeKey)
            ?? throw new AuditKeyException(
                $"監査ログは鍵付きで連結されていますが、鍵が見つかりません。この環境の鍵を {KeyFile} に戻すか Nimo:Audit:KeyFile に指定してください(すべてのインスタンスが同じ鍵を使います)。 / The audit chain is keyed but no key was found: restore the installation's key to {KeyFile} or set Nimo:Audit:KeyFile (docs/deploy.md).");
        if (markers.Count > 0)
        {
            if (!markers.Any(m => m.ComputeHash(key) == m.Hash))
            {
                // Refusing to start beats appending with a key the chain does not know: that would break it for good.
                throw new AuditKeyException(
                    $"監査ログの鍵({KeySource})は、この監査ログを連結した鍵ではありません。この環境の鍵を使ってください。 / The audit key ({KeySource}) is not the key this audit chain was started with (docs/deploy.md).");
            }

            return;
        }

        var anchors = ReadAnchors(out _);
        if (anchors.Count > 0)
        {
            log.LogCritical("The audit chain has no keyed start, but {File} holds {Count} anchors: the audit log was cut or emptied, or this is another database. Nothing is appended to mend it; verify-audit reports it.",
                AnchorFile, anchors.Count);
            return;
        }

        var legacy = await db.AuditEntries.CountAsync(ct);
        var start = new AuditEntry
        {
            OccurredAt = AuditLog.TruncateToMilliseconds(clock.GetUtcNow()),
            UserName = "system",
            Action = AuditActions.AuditChainKeyed,
            RecordType = "AuditChain",
            Outcome = AuditOutcome.Success,
            Detail = legacy == 0
                ? $"監査ログの鍵付き連結を開始 ({instance.Name})"
                : $"監査ログの鍵付き連結を開始: 連番{legacy}までの{legacy}件は鍵なしの記録 ({instance.Name})",
        };
        db.AuditEntries.Add(start);
        await db.SaveChangesAsync(ct);
        AppendAnchor(AuditAnchor.Start, start.Sequence, start.Hash, start.Sequence);
        log.LogWarning("The audit chain is keyed from sequence {Sequence} on ({Legacy} earlier entries unkeyed); key {KeyFile}, anchors {AnchorFile}. Back both up apart from the database.",
            start.Sequence, legacy, KeySource, AnchorFile);
    }

    /// <summary>
    /// Walks the whole chain: numbering, links, the unkeyed part up to the keyed start, the keyed part after it, and every
    /// anchor (its hash where the chain has that entry; the head it names where the chain has been cut).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(NimoDbContext db, CancellationToken ct = default)
    {
        var anchors = ReadAnchors(out var anchorProblem);
        if (anchorProblem is not null)
        {
            return new AuditVerification(false, 0, null, anchorProblem);
        }

        var (expected, floor, keyedFrom) = Expectations(anchors);
        var key = Key;
        var previous = AuditEntry.GenesisHash;
        long next = 1, count = 0, last = 0;
        long? keyedAt = null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (entry.Sequence != next)
            {
                return new AuditVerification(false, count, next, $"連番{next}の記録がありません(削除または挿入の疑い)。");
            }

            var sealedWithKey = entry.ComputeHash(key) == entry.Hash;
            if (keyedAt is null && entry.Action == AuditActions.AuditChainKeyed && sealedWithKey)
            {
                keyedAt = entry.Sequence;
            }

            var intact = entry.PreviousHash == previous && (keyedAt is not null ? sealedWithKey : entry.ComputeHash() == entry.Hash);
            if (!intact)
            {
                return new AuditVerification(false, count, entry.Sequence, $"連番{entry.Sequence}の記録が改ざんされています。");
            }

            if (expected.TryGetValue(entry.Sequence, out var anchored) && anchored != entry.Hash)
            {
                return new AuditVerification(false, count, entry.Sequence, $"連番{entry.Sequence}の記録がアンカーと一致しません(書き換えの疑い)。");
            }

            previous = entry.Hash;
            last = entry.Sequence;
            next++;
            count++;
        }

        if (keyedAt is null)
        {
            return new AuditVerification(false, count, count == 0 ? 1 : null, count == 0
                ? "監査記録が1件もありません(すべて削除された疑い)。"
                : "鍵付きの連結の開始記録がありません(鍵の異なる記録、または末尾が削除された疑い)。");
        }

        if (keyedFrom is not null && keyedFrom != keyedAt)
        {
            return new AuditVerification(false, count, keyedAt, $"鍵付きの連結の開始位置(連番{keyedAt})がアンカー(連番{keyedFrom})と一致しません。");
        }

        if (floor > last)
        {
            return new AuditVerification(false, count, last + 1,
                $"アンカーには連番{floor}までの記録がありますが、データベースには連番{last}までしかありません(末尾が削除された疑い)。", CutShort: true);
        }

        if (anchors.Count == 0)
        {
            return new AuditVerification(false, count, null, $"アンカーがありません({AnchorFile})。末尾の削除を検査できません。アンカーの保存場所を確認してください。");
        }

        return new AuditVerification(true, count, null, $"{count}件の監査記録はすべて正常に連結しています(アンカー{anchors.Count}件と一致)。");
    }

    /// <summary>
    /// The scheduled anchor: checks the entries written since the last anchor (cheap: only those) and appends the new head.
    /// Nothing is anchored over a break: a chain that does not verify is reported, never blessed.
    /// </summary>
    public async Task<AuditAnchor?> AnchorAsync(NimoDbContext db, CancellationToken ct)
    {
        var anchors = ReadAnchors(out var problem);
        if (problem is not null)
        {
            log.LogCritical("Audit anchors not written: {Problem}", problem);
            return null;
        }

        var lastAnchor = anchors.LastOrDefault();
        var keyedFrom = anchors.FirstOrDefault(a => a.Kind == AuditAnchor.Start)?.KeyedFrom
            ?? await db.AuditEntries.Where(a => a.Action == AuditActions.AuditChainKeyed).OrderBy(a => a.Sequence).Select(a => (long?)a.Sequence).FirstOrDefaultAsync(ct);
        if (keyedFrom is null)
        {
            log.LogCritical("Audit anchors not written: the chain has no keyed start.");
            return null;
        }

        var from = Math.Max(lastAnchor?.Sequence ?? keyedFrom.Value, keyedFrom.Value);
        var key = Key;
        string? previous = null;
        long next = from, head = 0;
        string headHash = "";
        await foreach (var entry in db.AuditEntries.AsNoTracking().Where(a => a.Sequence >= from).OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            var fine = entry.Sequence == next && (previous is null || entry.PreviousHash == previous) && entry.ComputeHash(key) == entry.Hash
                && (entry.Sequence != lastAnchor?.Sequence || entry.Hash == lastAnchor.Hash);
            if (!fine)
            {
                log.LogCritical("The audit chain is broken at sequence {Sequence}; no anchor written. Run verify-audit.", entry.Sequence);
                return null;
            }

            previous = entry.Hash;
            head = entry.Sequence;
            headHash = entry.Hash;
            next++;
        }

        if (head == 0 || (lastAnchor is not null && head < lastAnchor.Sequence))
        {
            log.LogCritical("The audit chain ends before the last anchor (sequence {Sequence}); no anchor written. Run verify-audit.", lastAnchor?.Sequence);
            return null;
        }

        if (lastAnchor is not null && head == lastAnchor.Sequence)
        {
            return lastAnchor;
        }

        return AppendAnchor(AuditAnchor.Periodic, head, headHash, keyedFrom.Value);
    }

    /// <summary>After `restore`: the restored head becomes the reference; anchors above it before now name what the restore gave up.</summary>
    public AuditAnchor AnchorRestore(long sequence, string hash, long keyedFrom) => AppendAnchor(AuditAnchor.Restore, sequence, hash, keyedFrom);

    /// <summary>The anchors in file order; <paramref name="problem"/> when a line is unreadable or not sealed with the key.</summary>
    public List<AuditAnchor> ReadAnchors(out string? problem)
    {
        problem = null;
        var anchors = new List<AuditAnchor>();
        if (!File.Exists(AnchorFile))
        {
            return anchors;
        }

        var number = 0;
        foreach (var line in File.ReadLines(AnchorFile))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            AuditAnchor? anchor;
            try
            {
                anchor = JsonSerializer.Deserialize<AuditAnchor>(line);
            }
            catch (JsonException)
            {
                anchor = null;
            }

            if (anchor is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(anchor.Mac), Encoding.ASCII.GetBytes(Mac(anchor.Text()))))
            {
                problem = $"アンカーの{number}行目が読めないか、鍵で封印されていません({AnchorFile})。";
                return anchors;
            }

            anchors.Add(anchor);
        }

        return anchors;
    }

    /// <summary>
    /// What the anchors require of the chain: the hash at each anchored sequence, the head it must reach, and where the keyed
    /// part starts. A restore line gives up the anchors above it that came before it.
    /// </summary>
    private static (Dictionary<long, string> Expected, long Floor, long? KeyedFrom) Expectations(List<AuditAnchor> anchors)
    {
        var expected = new Dictionary<long, string>();
        long floor = 0;
        long? keyedFrom = null;
        foreach (var anchor in anchors)
        {
            if (anchor.Kind == AuditAnchor.Restore)
            {
                foreach (var above in expected.Keys.Where(k => k > anchor.Sequence).ToList())
                {
                    expected.Remove(above);
                }

                floor = anchor.Sequence;
            }

            expected[anchor.Sequence] = anchor.Hash;
            floor = Math.Max(floor, anchor.Sequence);
            keyedFrom ??= anchor.KeyedFrom;
        }

        return (expected, floor, keyedFrom);
    }

    private AuditAnchor AppendAnchor(string kind, long sequence, string hash, long keyedFrom)
    {
        var unsealed = new AuditAnchor(kind, sequence, hash, keyedFrom, AuditLog.TruncateToMilliseconds(clock.GetUtcNow()), instance.Name, "");
        var anchor = unsealed with { Mac = Mac(unsealed.Text()) };
        lock (_gate)
        {
            Directory.CreateDirectory(AnchorDirectory);
            // Appended and flushed to the disk before anything relies on it; one line per anchor, never rewritten.
            using var file = new FileStream(AnchorFile, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
            file.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(anchor) + "\n"));
            file.Flush(flushToDisk: true);
        }

        log.LogInformation("Audit anchor ({Kind}): sequence {Sequence}, hash {Hash}, keyed from {KeyedFrom}", kind, sequence, hash, keyedFrom);
        if (options.Value.Journal)
        {
            SystemLog.Write($"nimo audit anchor {kind} sequence={sequence} hash={hash} keyedFrom={keyedFrom} instance={instance.Name}");
        }

        return anchor;
    }

    private string Mac(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes("anchor|" + text)));

    /// <summary>
    /// The key from Nimo:Audit:Key or the key file; with <paramref name="create"/>, a new random key is written to the key file
    /// (owner-only) when neither exists. Null when there is none and none may be made.
    /// </summary>
    private byte[]? LoadKey(bool create)
    {
        lock (_gate)
        {
            if (_key is not null)
            {
                return _key;
            }

            if (options.Value.Key is { Length: > 0 } configured)
            {
                return _key = Decode(configured, "Nimo:Audit:Key");
            }

            if (File.Exists(KeyFile))
            {
                return _key = Decode(File.ReadAllText(KeyFile), KeyFile);
            }

            if (!create)
            {
                return null;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(KeyFile))!);
            var key = RandomNumberGenerator.GetBytes(MinimumKeyBytes);
            try
            {
                var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using (var file = new FileStream(KeyFile, fileOptions))
                {
                    file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                    file.Flush(flushToDisk: true);
                }

                log.LogWarning("Made a new audit key in {KeyFile}. Back it up apart from the database backups; every instance needs the same key.", KeyFile);
                return _key = key;
            }
            catch (IOException) when (File.Exists(KeyFile))
            {
                // Another instance sharing the folder made it a moment ago.
                return _key = Decode(File.ReadAllText(KeyFile), KeyFile);
            }
        }
    }

    private static byte[] Decode(string text, string source)
    {
        try
        {
            var key = Convert.FromBase64String(text.Trim());
            return key.Length >= MinimumKeyBytes ? key : throw new AuditKeyException($"監査ログの鍵({source})が{MinimumKeyBytes}バイトより短いです。 / The audit key in {source} is shorter than {MinimumKeyBytes} bytes.");
        }
        catch (FormatException)
        {
            throw new AuditKeyException($"監査ログの鍵({source})が base64 ではありません。 / The audit key in {source} is not base64.");
        }
    }
}

/// <summary>
/// The system log, where there is one: logger(1) writes to the journal (or syslog) through /dev/log, a second copy of the
/// anchors that the application cannot rewrite afterwards. Never required: without it nothing fails.
/// </summary>
internal static class SystemLog
{
    private static readonly Lazy<string?> Logger = new(() =>
        File.Exists("/dev/log") || File.Exists("/run/systemd/journal/socket")
            ? new[] { "/usr/bin/logger", "/bin/logger" }.FirstOrDefault(File.Exists)
            : null);

    public static void Write(string message)
    {
        if (Logger.Value is not { } logger)
        {
            return;
        }

        try
        {
            var start = new ProcessStartInfo(logger) { UseShellExecute = false, RedirectStandardError = true };
            foreach (var argument in new[] { "-t", "nimo-audit", "-p", "auth.notice", "--", message })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start);
            process?.WaitForExit(2000);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // The file and the application log have the anchor; the system log is a bonus.
        }
    }
}
