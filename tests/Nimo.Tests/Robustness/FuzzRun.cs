using System.Globalization;
using Xunit.Abstractions;

namespace Nimo.Tests.Robustness;

/// <summary>
/// How many inputs a bad-input test tries, and where it says so. Bounded by default so the suite stays a few
/// minutes per provider in CI; NIMO_FUZZ_ITERATIONS asks for the long run (scripts/fuzz.sh).
/// </summary>
public static class FuzzRun
{
    public static int? Requested =>
        int.TryParse(Environment.GetEnvironmentVariable("NIMO_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>The CI default, or the requested count (scaled by <paramref name="share"/> for tests whose inputs cost much more).</summary>
    public static int Iterations(int bounded, double share = 1) =>
        Requested is int n ? Math.Max(bounded, (int)(n * share)) : bounded;

    /// <summary>A fixed seed unless NIMO_FUZZ_SEED is given: a CI failure reproduces with the seed CsCheck prints.</summary>
    public static string? Seed => Environment.GetEnvironmentVariable("NIMO_FUZZ_SEED") is { Length: > 0 } s ? s : null;

    private static readonly Lock ReportLock = new();

    /// <summary>One line per test to the test output and, when NIMO_FUZZ_REPORT names a file, to that file (tab-separated).</summary>
    public static void Report(ITestOutputHelper output, string test, long inputs, int failures, TimeSpan elapsed)
    {
        output.WriteLine($"{test}: {inputs:N0} inputs tried, {failures} failures, {elapsed.TotalSeconds:N1}s");
        if (Environment.GetEnvironmentVariable("NIMO_FUZZ_REPORT") is { Length: > 0 } file)
        {
            lock (ReportLock)
            {
                File.AppendAllText(file, string.Create(CultureInfo.InvariantCulture,
                    $"{test}\t{inputs}\t{failures}\t{elapsed.TotalSeconds:0.0}\t{Infrastructure.TestDatabase.ProviderName}\n"));
            }
        }
    }
}
