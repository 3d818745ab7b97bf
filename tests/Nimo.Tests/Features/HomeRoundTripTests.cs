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
public sealed class HomeRoundTripTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    // Commands per GET / measured on the page before the panels moved into the features (db87056), session checks included.
    // 目黒 is a curator of the resource directory, whose panel (issue 17, merged after the measure) asks for pending proposals
    // and stale services: one more than the 28 measured, after the move saved one.
    private static readonly Dictionary<string, int> Budget = new(StringComparer.Ordinal)
    {
        ["meguro"] = 29, ["kawaguchi"] = 22, ["saitama"] = 22, ["kawaguchi-partner"] = 16, ["admin"] = 10,
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

    /// <summary>Counts the commands EF sends to one database (the suite runs other apps on other databases at the same time).</summary>
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
                && data.Context?.Database.GetConnectionString() == _connectionString)
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
