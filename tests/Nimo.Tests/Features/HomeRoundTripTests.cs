using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
        using var counter = new CommandCounter(connectionString);
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

    /// <summary>Counts the commands EF sends to one database (the suite runs other apps on other databases at the same time), but the identity work.</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string? _connectionString;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public CommandCounter(string? connectionString)
        {
            _connectionString = connectionString;
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref _count);

        public void Reset() => Interlocked.Exchange(ref _count, 0);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData data
                && data.Context?.Database.GetConnectionString() == _connectionString && !IdentityWork().IsMatch(data.Command.CommandText))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
