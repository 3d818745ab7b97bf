namespace Nimo.Platform.Modules;

/// <summary>An area of the site navigation contributed by a module: shown to the users <see cref="Visible"/> admits, by <see cref="Order"/>.</summary>
public sealed record NavEntry(string Label, string Href, int Order, Func<Scoping.UserScope, bool> Visible, string Module);

/// <summary>A command-line verb contributed by a module.</summary>
public sealed record CliVerb(string Name, string Usage, Func<IServiceProvider, string[], Task<int>> RunAsync, string Module);

/// <summary>
/// The modules the app was built with, in the order Program.cs names them, and what they contributed that must be known
/// before the service provider exists (command-line verbs decide how logging is set up; endpoints are mapped after build).
/// </summary>
public sealed class FeatureCatalog
{
    private readonly List<(string Name, Action<RouteGroupBuilder> MapApi, Action<WebApplication> Map)> _modules = [];
    private readonly Dictionary<string, CliVerb> _verbs = new(StringComparer.Ordinal);
    private readonly List<string> _publicFolders = [];
    private readonly List<NavEntry> _nav = [];

    public IReadOnlyList<string> Modules => [.. _modules.Select(m => m.Name)];
    public IReadOnlyCollection<CliVerb> Verbs => _verbs.Values;

    /// <summary>Page folders of the anonymous surface (<see cref="FeatureBuilder.PublicFolder"/>).</summary>
    public IReadOnlyList<string> PublicFolders => _publicFolders;

    public CliVerb? Verb(string name) => _verbs.GetValueOrDefault(name);

    /// <summary>The navigation's areas this user may open, in order (the layout draws them after ホーム).</summary>
    public IReadOnlyList<NavEntry> NavFor(Scoping.UserScope scope) => [.. _nav.Where(n => n.Visible(scope)).OrderBy(n => n.Order)];

    internal void AddNav(NavEntry entry)
    {
        if (_nav.Any(n => n.Href == entry.Href))
        {
            throw new InvalidOperationException($"The navigation already has {entry.Href} ({entry.Module}).");
        }

        _nav.Add(entry);
    }

    internal void AddPublicFolder(string folder)
    {
        if (!folder.StartsWith('/') || !folder.EndsWith("/Public", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A public folder is a feature's Public/ folder (\"/Events/Public\"), not '{folder}'.");
        }

        _publicFolders.Add(folder);
    }

    internal void AddModule(string name, Action<RouteGroupBuilder> mapApi, Action<WebApplication> map)
    {
        if (_modules.Any(m => m.Name == name))
        {
            throw new InvalidOperationException($"The module {name} is added twice.");
        }

        _modules.Add((name, mapApi, map));
    }

    internal void AddVerb(CliVerb verb)
    {
        if (!_verbs.TryAdd(verb.Name, verb))
        {
            throw new InvalidOperationException($"The verb '{verb.Name}' of {verb.Module} is already taken by {_verbs[verb.Name].Module}.");
        }
    }

    internal void MapAll(WebApplication app, RouteGroupBuilder api)
    {
        foreach (var (_, mapApi, map) in _modules)
        {
            mapApi(api);
            map(app);
        }
    }
}

public static class FeatureModules
{
    /// <summary>The catalog, made once per builder and shared with the service provider.</summary>
    public static FeatureCatalog Catalog(this WebApplicationBuilder builder)
    {
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(FeatureCatalog))?.ImplementationInstance is FeatureCatalog existing)
        {
            return existing;
        }

        var catalog = new FeatureCatalog();
        builder.Services.AddSingleton(catalog);
        return catalog;
    }

    /// <summary>Adds a capability: its services and its contributions to the shared hubs. One line in Program.cs per module.</summary>
    public static WebApplicationBuilder AddFeature<TModule>(this WebApplicationBuilder builder) where TModule : IFeatureModule
    {
        var catalog = builder.Catalog();
        var name = typeof(TModule).Name;
        catalog.AddModule(name, TModule.MapApi, TModule.Map);
        TModule.Add(new FeatureBuilder(builder, catalog, name));
        return builder;
    }

    /// <summary>Maps every module's endpoints: API routes under <paramref name="api"/>, the rest on the app.</summary>
    public static WebApplication MapFeatures(this WebApplication app, RouteGroupBuilder api)
    {
        app.Services.GetRequiredService<FeatureCatalog>().MapAll(app, api);
        return app;
    }
}
