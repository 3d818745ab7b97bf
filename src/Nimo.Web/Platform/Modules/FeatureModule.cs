using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Nimo.Platform.Modules;

/// <summary>
/// A capability's entry point, in its own folder (<c>Features/Cases/CasesModule.cs</c>). Program.cs names each module once
/// (<c>builder.AddFeature&lt;CasesModule&gt;()</c>); everything the capability contributes to the shared hubs (plan
/// indicators' live counts, home-page panels, demo data, command-line verbs, scheduled jobs, page policies, API routes)
/// is registered from here, so a new capability does not edit the hubs.
/// </summary>
public interface IFeatureModule
{
    /// <summary>Services and contributions. Runs while the app is being built.</summary>
    static abstract void Add(FeatureBuilder feature);

    /// <summary>Endpoints under <c>/api/v1</c> (the group already requires a bearer token).</summary>
    static virtual void MapApi(RouteGroupBuilder api)
    {
    }

    /// <summary>Other endpoints (anonymous feeds, public JSON); most modules have none.</summary>
    static virtual void Map(WebApplication app)
    {
    }
}

/// <summary>What a module may register. Each method is one extension point; see the README's "How a feature plugs in".</summary>
public sealed class FeatureBuilder(WebApplicationBuilder builder, FeatureCatalog catalog, string name)
{
    public string Name { get; } = name;
    public IServiceCollection Services => builder.Services;
    public IConfiguration Configuration => builder.Configuration;
    public IWebHostEnvironment Environment => builder.Environment;

    /// <summary>A source a plan indicator can count live instead of a typed number (<see cref="ILiveCountSource"/>).</summary>
    public FeatureBuilder LiveCount<TSource>() where TSource : class, ILiveCountSource
    {
        builder.Services.AddSingleton<ILiveCountSource, TSource>();
        return this;
    }

    /// <summary>A panel of the home page's 「いま対応が必要なこと」 (<see cref="IHomePanel"/>).</summary>
    public FeatureBuilder HomePanel<TPanel>() where TPanel : class, IHomePanel
    {
        builder.Services.AddScoped<IHomePanel, TPanel>();
        return this;
    }

    /// <summary>Demo data the module loads in demo mode (<see cref="IDemoSeed"/>), through its real importers where it has them.</summary>
    public FeatureBuilder DemoSeed<TSeed>() where TSeed : class, IDemoSeed
    {
        builder.Services.AddScoped<IDemoSeed, TSeed>();
        return this;
    }

    /// <summary>A command-line verb (<c>Nimo.Web NAME …</c>); the name must be new across all modules.</summary>
    public FeatureBuilder Verb(string name, string usage, Func<IServiceProvider, string[], Task<int>> run)
    {
        catalog.AddVerb(new CliVerb(name, usage, run, Name));
        return this;
    }

    /// <summary>
    /// An area of the site navigation (「協議の場」 → <c>/Forums</c>), shown to the users <paramref name="visible"/> admits (the
    /// same rule the folder's policy applies; everyone signed in when omitted), ordered by <paramref name="order"/> among all
    /// modules' areas.
    /// </summary>
    public FeatureBuilder Nav(string label, string href, int order, Func<Scoping.UserScope, bool>? visible = null)
    {
        catalog.AddNav(new NavEntry(label, href, order, visible ?? (_ => true), Name));
        return this;
    }

    /// <summary>Work run by the one leading instance on the scheduled ticks (<see cref="IScheduledJob"/>).</summary>
    public FeatureBuilder Job<TJob>() where TJob : class, IScheduledJob
    {
        builder.Services.AddSingleton<IScheduledJob, TJob>();
        return this;
    }

    /// <summary>
    /// A folder of anonymous pages for residents and partners without accounts (<c>/Events/Public</c>, served at
    /// <c>/public/…</c> by the pages' own route templates). Its pages need no login; their form posts are rate-limited per
    /// address (<see cref="PlatformSetup.PublicFormRateLimit"/>); and they carry no antiforgery token, because that token
    /// comes with a cookie and a public page may set none before a form is posted (there is no session for a forged post
    /// to ride on). Forms there must say <c>asp-antiforgery="false"</c>; the security tests check every public route.
    /// </summary>
    public FeatureBuilder PublicFolder(string folder)
    {
        catalog.AddPublicFolder(folder);
        return Pages(c =>
        {
            c.AllowAnonymousToFolder(folder);
            c.AddFolderApplicationModelConvention(folder, model =>
            {
                model.EndpointMetadata.Add(new EnableRateLimitingAttribute(PlatformSetup.PublicFormRateLimit));
                // Served by instances whose Nimo:Surface is Public or Both, refused by Staff ones (Platform/Web/Surface.cs).
                model.EndpointMetadata.Add(new Web.PublicSurfaceAttribute());
                model.Filters.Add(new IgnoreAntiforgeryTokenAttribute());
            });
        });
    }

    /// <summary>
    /// What the database role of a Public instance may read for this module's public pages (PostgreSQL statements for the
    /// role named by the argument: GRANTs, row-level policies). The <c>public-role</c> verb runs them after its own, which
    /// start by revoking everything, so each module grants only what its pages read.
    /// </summary>
    public FeatureBuilder PublicRoleGrants(Func<string, IEnumerable<string>> statements)
    {
        builder.Services.AddSingleton(new PublicRoleGrant(Name, statements));
        return this;
    }

    /// <summary>Razor Pages conventions for the module's own folders (policies, anonymous public folders).</summary>
    public FeatureBuilder Pages(Action<PageConventionCollection> configure)
    {
        // After every Configure: AddRazorPages' own setup replaces the convention collection, and Program.cs adds the
        // modules before it, so conventions added in a plain Configure were thrown away (public pages asked for a login).
        builder.Services.PostConfigure<RazorPagesOptions>(o => configure(o.Conventions));
        return this;
    }
}

/// <summary>A module's statements for the role of a Public instance (<see cref="FeatureBuilder.PublicRoleGrants"/>).</summary>
public sealed record PublicRoleGrant(string Module, Func<string, IEnumerable<string>> Statements);
