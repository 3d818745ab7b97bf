using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

/// <summary>
/// The home page gathers its panels from every feature module (Platform/Modules). Moving the queries out of the page must
/// not make it slower: the number of database round trips of one GET / is held at what the page made when it queried
/// every feature itself (issue 15), for each kind of demo user.
/// </summary>
public sealed partial class HomeRoundTripTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    // The page's own commands per GET / (the identity work aside, see IdentityWork), measured on SQLite after the panels
    // moved into the features and the directory's curator panel arrived (PostgreSQL makes as many or fewer). Issue 20 lowers them.
    private static readonly Dictionary<string, int> Budget = new(StringComparer.Ordinal)
    {
        ["meguro"] = 27, ["kawaguchi"] = 21, ["saitama"] = 21, ["kawaguchi-partner"] = 13, ["admin"] = 7,
    };

    [Fact]
    public async Task The_home_page_makes_no_more_database_round_trips_than_before_the_panels_moved_into_the_features()
    {
        var connectionString = await app.WithDbAsync((db, _) => Task.FromResult(db.Database.GetConnectionString()));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var counter = new CommandCounter(connectionString, sql => IdentityWork().IsMatch(sql));
        // EF stops asking whether anyone listens for a moment after it last found no one: let it notice the counter.
        await Task.Delay(TimeSpan.FromSeconds(2));
        foreach (var user in Budget.Keys)
        {
            var client = app.CreateClient();
            await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(client, user, DemoData.DemoPassword));
            // Once to warm up (first-visit work such as a session refresh), then the measured visit.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
            counter.Reset();
            var response = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            counts[user] = counter.Count;
        }

        var report = string.Join(", ", counts.Select(c => $"{c.Key} {c.Value} (budget {Budget[c.Key]})"));
        Assert.True(counts.All(c => c.Value <= Budget[c.Key]), "Round trips of GET /: " + report);
    }

    /// <summary>
    /// The per-request reads of the session, the user and the roles: SessionCache serves them from memory for 750 ms, so
    /// whether a visit makes them depends on how long the visit before it took (the suite under load), not on the page.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex("""(?:FROM|UPDATE|INTO)\s+"(?:UserSessions|AspNetUsers|AspNetUserRoles|AspNetRoles|AspNetUserClaims)"\s""")]
    private static partial System.Text.RegularExpressions.Regex IdentityWork();
}
