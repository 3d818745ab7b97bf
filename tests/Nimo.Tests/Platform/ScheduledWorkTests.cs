using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Platform.Scheduling;
using Nimo.Tests.Features;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform;

public sealed class ScheduledWorkTests
{
    private static Task<List<AuditEntry>> EntriesAsync(AppFactory app, string action) =>
        app.WithDbAsync((db, _) => db.AuditEntries.AsNoTracking()
            .Where(a => a.RecordType == ScheduledWork.RecordType && a.Action == action).OrderBy(a => a.Sequence).ToListAsync());

    [Fact]
    public async Task A_tick_removes_sessions_past_their_limits_records_itself_and_runs_once()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("tick-" + Guid.NewGuid().ToString("N")[..6], Roles.ForumSecretariat, world.TownOffice.Id);
        await app.SignInAsync(user);
        await app.SignInAsync(user);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var active = await app.SignInAsync(user);

        var work = app.Services.GetRequiredService<ScheduledWork>();
        var tick = ScheduledWork.NextTick(app.Clock.GetUtcNow(), TimeSpan.FromMinutes(15));
        var outcome = await work.RunTickAsync(tick, CancellationToken.None);

        // The two idle sessions are gone, the one in use stays and still works.
        Assert.True(outcome.Led);
        Assert.Equal(2, outcome.SessionsPurged);
        Assert.Equal(1, await app.WithDbAsync((db, _) => db.UserSessions.CountAsync(s => s.UserId == user.Id)));
        Assert.Equal(HttpStatusCode.OK, (await active.GetAsync("/")).StatusCode);
        var entry = Assert.Single(await EntriesAsync(app, AuditActions.SessionsPurged));
        Assert.Equal("2026-11-20T01:45:00Z", entry.RecordId);
        Assert.Equal(ScheduledWork.UserName, entry.UserName);
        Assert.StartsWith("2件", entry.Detail, StringComparison.Ordinal);

        // The same tick again (a timer waking early, a second leader) does nothing; the next one runs.
        Assert.Null((await work.RunTickAsync(tick, CancellationToken.None)).SessionsPurged);
        Assert.Equal(0, (await work.RunTickAsync(tick.AddMinutes(15), CancellationToken.None)).SessionsPurged);
        Assert.Equal(2, (await EntriesAsync(app, AuditActions.SessionsPurged)).Count);
        Assert.True((await app.WithDbAsync((db, _) => AuditLog.VerifyAsync(db))).Intact);
    }

    [Fact]
    public async Task The_audit_chain_is_verified_once_a_day_from_the_configured_hour_and_a_break_is_recorded_as_a_failure()
    {
        using var app = new AppFactory();
        var work = app.Services.GetRequiredService<ScheduledWork>();
        var interval = TimeSpan.FromMinutes(15);
        Task<TickOutcome> TickAsync() => work.RunTickAsync(ScheduledWork.NextTick(app.Clock.GetUtcNow(), interval), CancellationToken.None);

        // 10:00 JST: due, and done once that day.
        var first = await TickAsync();
        Assert.True(first.Verification?.Intact);
        Assert.Null((await TickAsync()).Verification);

        // 02:00 JST the next day is before 03:00; from 03:00 it is due again.
        app.Clock.Advance(TimeSpan.FromHours(16));
        Assert.Null((await TickAsync()).Verification);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'edited' WHERE \"Sequence\" = 1"));
        app.Clock.Advance(TimeSpan.FromHours(1));
        var second = await TickAsync();
        Assert.False(second.Verification?.Intact);

        var entries = await EntriesAsync(app, AuditActions.AuditVerified);
        Assert.Equal(["2026-11-20", "2026-11-21"], entries.Select(e => e.RecordId));
        Assert.Equal([AuditOutcome.Success, AuditOutcome.Failure], entries.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_database_run_each_tick_once_and_the_survivor_takes_over()
    {
        if (!TestDatabase.IsPostgres)
        {
            // SQLite is one file for one instance by design; that instance always leads (the tests above).
            return;
        }

        using var database = new TestDatabase();
        var a = new AppFactory(database, "instance-a");
        var b = new AppFactory(database, "instance-b");
        try
        {
            // One after the other, as the start-up lock would order them anyway.
            var works = new[] { a.Services.GetRequiredService<ScheduledWork>(), b.Services.GetRequiredService<ScheduledWork>() };
            var tick = ScheduledWork.NextTick(a.Clock.GetUtcNow(), TimeSpan.FromMinutes(15));

            // Both wake at the same moment: one leads and does the work, the other stands by.
            var outcomes = await Task.WhenAll(works.Select(w => w.RunTickAsync(tick, CancellationToken.None)));
            Assert.Single(outcomes, o => o.Led);
            Assert.Single(outcomes, o => o.SessionsPurged is not null);
            var leader = outcomes[0].Led ? 0 : 1;

            // The leader keeps the lead on the next tick without contest.
            outcomes = await Task.WhenAll(works.Select(w => w.RunTickAsync(tick.AddMinutes(15), CancellationToken.None)));
            Assert.True(outcomes[leader].Led);
            Assert.False(outcomes[1 - leader].Led);

            var entries = await EntriesAsync(a, AuditActions.SessionsPurged);
            Assert.Equal(2, entries.Count);
            Assert.Equal(2, entries.Select(e => e.RecordId).Distinct().Count());
            var leaderName = leader == 0 ? "instance-a" : "instance-b";
            Assert.All(entries, e => Assert.Contains(leaderName, e.Detail, StringComparison.Ordinal));

            // The leader stops (its connection closes with it); the other leads from its next tick.
            var (stopping, survivor) = leader == 0 ? (a, b) : (b, a);
            stopping.Dispose();
            var takeover = await works[1 - leader].RunTickAsync(tick.AddMinutes(30), CancellationToken.None);
            Assert.True(takeover.Led);
            Assert.Equal(0, takeover.SessionsPurged);
            var last = (await EntriesAsync(survivor, AuditActions.SessionsPurged)).Last();
            Assert.Contains(leader == 0 ? "instance-b" : "instance-a", last.Detail, StringComparison.Ordinal);
            Assert.True((await survivor.WithDbAsync((db, _) => AuditLog.VerifyAsync(db))).Intact);
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }
}
