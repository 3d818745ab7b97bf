using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Web;

namespace Nimo.Features.About;

/// <summary>
/// 「このシステムについて」: the version a user quotes when asking the helpdesk, where the data lives, and the open-source
/// components inside, with versions, for a municipality's procurement and security review. It reads no table: the
/// components come from the app's own dependency file once per process, so the page also measures what the platform alone
/// costs a signed-in request (the benchmark's 「authenticated empty page」).
/// </summary>
public sealed class IndexModel(IConfiguration configuration) : PageModel
{
    // Read once per process: reading an assembly attribute is reflection, and it was 6% of this page's cost per request.
    private static readonly string AppVersion = typeof(IndexModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "不明";

    public string Version => AppVersion;

    public string Runtime { get; } = Environment.Version.ToString();

    public string Database => configuration.GetValue<string>("Database:Provider") is { } p && p.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
        ? "PostgreSQL(複数の利用者・複数の実行環境向け)"
        : "SQLite(1台のサーバー上のファイル)";

    public string SurfaceLabel => Surfaces.Of(configuration) switch
    {
        Surface.Staff => "職員用(住民向けページは別の実行環境で公開)",
        Surface.Public => "住民向けのみ",
        _ => "職員用と住民向けの両方",
    };

    public IReadOnlyList<Component> Components => ComponentList.Value;

    public void OnGet()
    {
    }

    public sealed record Component(string Name, string Version);

    private static readonly Lazy<IReadOnlyList<Component>> ComponentList = new(ReadComponents);

    /// <summary>The NuGet packages the build resolved, from <c>Nimo.Web.deps.json</c> beside the app (the same file the runtime loads from).</summary>
    private static IReadOnlyList<Component> ReadComponents()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Nimo.Web.deps.json");
        if (!System.IO.File.Exists(file))
        {
            return [];
        }

        using var json = JsonDocument.Parse(System.IO.File.ReadAllBytes(file));
        if (!json.RootElement.TryGetProperty("libraries", out var libraries))
        {
            return [];
        }

        var list = new List<Component>();
        foreach (var library in libraries.EnumerateObject())
        {
            if (library.Value.TryGetProperty("type", out var type) && type.GetString() == "package" && library.Name.Split('/') is [var name, var version])
            {
                list.Add(new Component(name, version));
            }
        }

        return [.. list.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }
}
