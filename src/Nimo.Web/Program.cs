using Nimo.Platform;
using Nimo.Platform.Cli;
using Nimo.Platform.Demo;
using Nimo.Platform.Modules;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
// Each capability plugs in here, once (Platform/Modules, README "How a feature plugs in").
// The order is the order of the hubs' contents: the navigation aside (each entry has its own order), home panels, demo
// seeds (a seed may use what an earlier one loaded) and the indicator form's sources.
builder.AddFeature<Nimo.Features.Regions.RegionsModule>();
builder.AddFeature<Nimo.Features.Organizations.OrganizationsModule>();
builder.AddFeature<Nimo.Features.Forums.ForumsModule>();
builder.AddFeature<Nimo.Features.Clients.ClientsModule>();
builder.AddFeature<Nimo.Features.Cases.CasesModule>();
builder.AddFeature<Nimo.Features.Liaison.LiaisonModule>();
builder.AddFeature<Nimo.Features.Plans.PlansModule>();
builder.AddFeature<Nimo.Features.Events.EventsModule>();
builder.AddFeature<Nimo.Features.Profiles.ProfilesModule>();
builder.AddFeature<Nimo.Features.Directory.DirectoryModule>();
builder.AddFeature<Nimo.Features.Peer.PeerModule>();
builder.AddFeature<Nimo.Features.Surveys.SurveysModule>();

if (Cli.IsVerb(builder, args))
{
    // Standard output belongs to the verb's result (a token is its last line); logs go to standard error.
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

builder.Services.AddRazorPages(o =>
{
    o.RootDirectory = "/Features";
    o.Conventions.AllowAnonymousToPage("/Account/Login");
    o.Conventions.AllowAnonymousToPage("/Account/LoginWith2fa");
    o.Conventions.AllowAnonymousToPage("/Account/LoginWithRecoveryCode");
    o.Conventions.AllowAnonymousToPage("/Error");
    o.Conventions.AuthorizeFolder("/Admin", Nimo.Platform.PlatformSetup.AdminPolicy);
    o.Conventions.ConfigureFilter(new Nimo.Platform.Web.UnknownHandlers());
    o.Conventions.AddFolderApplicationModelConvention("/", Nimo.Platform.Web.ImportGate.ApplyTo);
}).AddMvcOptions(Nimo.Platform.Web.JapaneseModelBinding.Apply).AddMvcOptions(Nimo.Platform.Web.ControlCharacters.Apply)
    // No page runs JavaScript, so the data-val-* attributes were dead weight, and those of implicitly required value
    // types carried English defaults ("The Id field is required.") into every form.
    .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false);

var app = builder.Build();

// The same executable is the command line: `Nimo.Web token create --user admin`, `backup --out FILE`, …
if (Cli.IsVerb(builder, args))
{
    // Disposed when the verb ends: the tests run many verbs in one process, and each app holds file watchers.
    await using (app)
    {
        return await Cli.RunAsync(app, args);
    }
}

try
{
    await PlatformSetup.PrepareDatabaseAsync(app.Services);
}
catch (Nimo.Platform.Auditing.AuditKeyException e)
{
    // A configuration mistake, said in one paragraph rather than a stack trace; systemd restarts and logs it again.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

if (app.Configuration.GetValue<bool>("Nimo:Demo") && Nimo.Platform.Web.Surfaces.ServesStaff(Nimo.Platform.Web.Surfaces.Of(app.Configuration)))
{
    await DemoData.LoadAsync(app.Services);
}

app.UsePlatform();
app.MapRazorPages();
var api = app.MapGroup("/api/v1").RequireAuthorization(Nimo.Platform.Api.ApiTokens.Policy);
app.MapFeatures(api);
await app.RunAsync();
return 0;

public partial class Program;
