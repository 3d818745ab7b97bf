using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Platform.Web;

/// <summary>
/// The answer of /healthz: whether the database takes a statement. The database is asked at most once per
/// <c>Nimo:HealthCheckSeconds</c> (1 s) per instance, however often the probe comes: a load balancer polls every few
/// seconds, and a flood of probes (a misconfigured poller, or someone outside) must not become a flood of database round
/// trips. On PostgreSQL that round trip held /healthz to 0.40–0.49 of the bare endpoint (bench/run.sh). An outage is
/// therefore reported at most that long after it begins.
/// </summary>
public sealed class HealthProbe(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration)
{
    private readonly TimeSpan _every = TimeSpan.FromSeconds(configuration.GetValue("Nimo:HealthCheckSeconds", 1.0));
    private volatile Answer? _last;

    private sealed record Answer(bool Healthy, DateTimeOffset At);

    public async Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_last is { } last && now - last.At < _every)
        {
            return last.Healthy;
        }

        bool healthy;
        try
        {
            // One statement on a pooled connection: CanConnectAsync opened a fresh, unpooled SQLite connection each time.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<NimoDbContext>().Database.ExecuteSqlRawAsync("SELECT 1", ct);
            healthy = true;
        }
        catch (DbException)
        {
            healthy = false;
        }

        _last = new Answer(healthy, now);
        return healthy;
    }
}
