using Microsoft.EntityFrameworkCore;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform.Web;

/// <summary>/healthz asks the database at most once a second per instance, whatever the rate of probes (HealthProbe).</summary>
public sealed class HealthProbeTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_flood_of_probes_asks_the_database_once_and_the_next_second_asks_it_again()
    {
        var connectionString = await app.WithDbAsync((db, _) => Task.FromResult(db.Database.GetConnectionString()));
        var client = app.CreateClient();
        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        using var probes = new CommandCounter(connectionString, sql => sql.Trim() != "SELECT 1");
        // EF stops asking whether anyone listens for a moment after it last found no one: let it notice the counter.
        await Task.Delay(TimeSpan.FromSeconds(2));

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        }

        Assert.Equal(0, probes.Count);

        app.Clock.Advance(TimeSpan.FromSeconds(1.5));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        }

        Assert.Equal(1, probes.Count);
    }
}
