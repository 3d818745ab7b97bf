using System.Text.RegularExpressions;

namespace Nimo.Tests.Platform;

/// <summary>
/// <c>Platform/</c> is the plumbing every feature uses; features plug into it through the extension points of
/// <c>Platform/Modules</c> (ADR 0014), so Platform does not name a feature. The few files that must are listed with their
/// reason; any other file under Platform/ that names <c>Nimo.Features</c> (a using, or a qualified name) fails here.
/// The migrations are generated from the model and name every entity; they are not read.
/// </summary>
public sealed partial class PlatformDependencyTests
{
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["Identity/NimoUser.cs"] = "a user belongs to an organisation (NimoUser.Organization), which Identity's tables reference",
        ["Data/DatabaseSetup.cs"] = "the client audit interceptor is added to every context the app or the command line makes",
        ["PlatformSetup.cs"] = "the national targets are master data every installation starts with, inside the start-up lock",
    };

    [Fact]
    public void Platform_names_no_feature_outside_the_files_listed_with_their_reason()
    {
        var platform = Path.Combine(SourceRoot(), "src", "Nimo.Web", "Platform");
        var offenders = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(platform, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(platform, file).Replace('\\', '/');
            if (relative.StartsWith("Data/Migrations/", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            var hits = lines.Select((text, i) => (text, line: i + 1)).Where(l => FeatureReference().IsMatch(StripComment(l.text))).ToList();
            if (hits.Count == 0)
            {
                continue;
            }

            if (Allowed.ContainsKey(relative))
            {
                used.Add(relative);
                continue;
            }

            offenders.AddRange(hits.Select(h => $"Platform/{relative}:{h.line}: {h.text.Trim()}"));
        }

        Assert.True(offenders.Count == 0, "Platform/ names a feature; register it through an extension point (Platform/Modules) instead:\n" + string.Join("\n", offenders));
        // A listed exception that no longer names a feature is struck off the list, so the list stays the truth.
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_check_sees_a_using_and_a_qualified_name_but_not_the_http_context_features()
    {
        Assert.Matches(FeatureReference(), "using Nimo.Features.Clients;");
        Assert.Matches(FeatureReference(), "var x = Features.Clients.ClientAccess.HandlesPersonalData(scope);");
        Assert.DoesNotMatch(FeatureReference(), "context.Features.Set<IFormFeature>(form);");
        Assert.DoesNotMatch(FeatureReference(), StripComment("var a = 1; // Features.Clients moved"));
    }

    private static string StripComment(string line)
    {
        var i = line.IndexOf("//", StringComparison.Ordinal);
        return i < 0 ? line : line[..i];
    }

    /// <summary>The repository's root: the folder above this test assembly that holds Nimo.slnx.</summary>
    private static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nimo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Nimo.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\bNimo\.Features\b|(?<![\w.])Features\.[A-Z]\w*\.")]
    private static partial Regex FeatureReference();
}
