using System.Globalization;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;

namespace Nimo.Platform.Auditing;

/// <summary>
/// Every scheduled tick, the leader appends the audit chain's head outside the database (<see cref="AuditChain.AnchorAsync"/>).
/// Through the one-leader scheduled work, so the installation writes one anchor per tick whatever the number of instances;
/// its own audit entry (「監査ログのアンカー記録」) names the anchored head, and the next tick's anchor covers that entry.
/// </summary>
public sealed class AuditAnchorJob(AuditChain chain, ILogger<AuditAnchorJob> log) : IScheduledJob
{
    public string Name => AuditActions.AuditAnchored;

    public string? DueKey(DateTimeOffset tick) => tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public async Task<(AuditOutcome Outcome, string Detail)> RunAsync(IServiceProvider services, DateTimeOffset tick, CancellationToken ct)
    {
        AuditAnchor? anchor;
        try
        {
            anchor = await chain.AnchorAsync(services.GetRequiredService<NimoDbContext>(), ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The anchor folder is not writable (a unit without StateDirectory=, a full disk): said in the log and the audit
            // entry, and tried again at the next tick.
            log.LogCritical(e, "Audit anchors not written: {AnchorFile} could not be appended to.", chain.AnchorFile);
            return (AuditOutcome.Failure, $"アンカーを書けませんでした({chain.AnchorFile}: {e.Message})。");
        }

        return anchor is null
            ? (AuditOutcome.Failure, "アンカーを書きませんでした。監査ログが連結していないか、アンカーが読めません。verify-audit で確認してください。")
            : (AuditOutcome.Success, $"連番{anchor.Sequence}までをアンカーに記録しました(ハッシュ {anchor.Hash[..16]}…)。");
    }
}
