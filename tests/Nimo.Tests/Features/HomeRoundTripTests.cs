using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

/// <summary>
/// The home page gathers its panels from every feature module (Platform/Modules). Moving the queries out of the page must
/// not make it slower: the number of database round trips of one GET / is held at its budget for each kind of demo user
/// (issue 15 set it at what the page made when it queried every feature itself; issue 20 lowered it).
/// </summary>
public sealed partial class HomeRoundTripTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    // The page's own commands per GET / (the identity work aside, see IdentityWork), on SQLite (PostgreSQL makes as many or
    // fewer). Issue 20 lowered them from 27, 21, 21, 13 and 7: on SQLite every statement is parsed and planned afresh, which
    // cost the page more than its rows, so the area's four counts, the directory's counts and the forums with their members
    // are one statement each.
    private static readonly Dictionary<string, int> Budget = new(StringComparer.Ordinal)
    {
        ["meguro"] = 19, ["kawaguchi"] = 15, ["saitama"] = 15, ["kawaguchi-partner"] = 8, ["admin"] = 3,
    };

    [Fact]
    public async Task The_home_page_makes_no_more_database_round_trips_than_before_the_panels_moved_into_the_features()
    {
        var connectionString = await app.WithDbAsync((db, _) => Task.FromResult(db.Database.GetConnectionString()));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var statements = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
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
            statements[user] = counter.Statements;
        }

        var report = string.Join(", ", counts.Select(c => $"{c.Key} {c.Value} (budget {Budget[c.Key]})"))
            + string.Concat(counts.Where(c => c.Value > Budget[c.Key]).Select(c => $"\n\n{c.Key}:\n" + string.Join("\n", statements[c.Key])));
        Assert.True(counts.All(c => c.Value <= Budget[c.Key]), "Round trips of GET /: " + report);
    }

    /// <summary>
    /// The per-request reads of the session, the user and the roles: SessionCache serves them from memory for 750 ms, so
    /// whether a visit makes them depends on how long the visit before it took (the suite under load), not on the page.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex("""(?:FROM|UPDATE|INTO)\s+"(?:UserSessions|AspNetUsers|AspNetUserRoles|AspNetRoles|AspNetUserClaims)"\s""")]
    private static partial System.Text.RegularExpressions.Regex IdentityWork();
}
