using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace Nimo.Tests.Robustness;

/// <summary>
/// Runs a CsCheck sample one input at a time (requests share one database, and the write probe attributes writes to
/// the request in flight), counts the inputs, keeps one example per kind of failure, reports, and fails with the seed.
/// </summary>
public sealed class FuzzLoop<T>(ITestOutputHelper output, string name, Func<T, string> print)
{
    private readonly Dictionary<string, string> _examples = new(StringComparer.Ordinal);
    private long _inputs;
    private int _failures;

    public async Task RunAsync(Gen<T> gen, int iterations, Func<T, Task<(string Where, string? Problem)>> attempt)
    {
        var clock = Stopwatch.StartNew();
        string? seedReport = null;
        try
        {
            // CsCheck's synchronous sampler on one thread, off xunit's synchronisation context: each input's requests
            // finish before the next input is generated.
            await Task.Run(() => gen.Sample(input =>
            {
                _inputs++;
                (string Where, string? Problem) outcome;
                try
                {
                    outcome = Task.Run(() => attempt(input)).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    // A harness that throws is a failure too; left to CsCheck it would only start shrinking, quietly.
                    outcome = ("test harness", $"{e.GetType().Name}: {e.Message}");
                }

                var (where, problem) = outcome;
                if (problem is not null)
                {
                    _failures++;
                    var kind = where + " → " + (problem.Length > 70 ? problem[..70] : problem);
                    if (_examples.Count < 60)
                    {
                        _examples.TryAdd(kind, print(input) + "\n      → " + problem);
                    }

                    throw new InvalidOperationException($"{where}: {problem}");
                }
            }, writeLine: output.WriteLine, seed: FuzzRun.Seed, iter: iterations, threads: 1, print: print));
        }
        catch (CsCheckException e)
        {
            // CsCheck has kept the simplest failing input and its seed: NIMO_FUZZ_SEED=<seed> replays it.
            seedReport = e.Message;
        }

        FuzzRun.Report(output, name, _inputs, _failures, clock.Elapsed);
        foreach (var (kind, example) in _examples)
        {
            output.WriteLine($"  FAIL {kind}\n      {example}");
        }

        Assert.True(_failures == 0 && seedReport is null, $"{_failures} of {_inputs} inputs failed ({_examples.Count} kinds):\n"
            + string.Join("\n", _examples.Select(e => $"- {e.Key}\n      {e.Value}")) + "\n" + seedReport);
    }
}
