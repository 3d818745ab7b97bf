using Nimo.Platform.Auditing;

namespace Nimo.Platform.Modules;

/// <summary>
/// Work run on the scheduled ticks by the one leading instance (Platform/Scheduling), recorded once per period in the
/// audit log whatever the number of instances (<see cref="FeatureBuilder.Job{TJob}"/>).
/// </summary>
public interface IScheduledJob
{
    /// <summary>The audit action its runs are recorded under; stable.</summary>
    string Name { get; }

    /// <summary>The period this tick falls in when the job is due (「2026-11-26」 for a daily job), or null when it is not due.</summary>
    string? DueKey(DateTimeOffset tick);

    /// <summary>Does the work with services of its own scope; returns the outcome and a line for the audit entry.</summary>
    Task<(AuditOutcome Outcome, string Detail)> RunAsync(IServiceProvider services, DateTimeOffset tick, CancellationToken ct);
}
