using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;

namespace Nimo.Tests.Infrastructure;

/// <summary>
/// The real app over the real HTTP pipeline, on a fresh database of the provider under test, in production
/// settings (no demo mode, HTTPS cookies, two-factor enforced) unless a test asks otherwise.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct horse battery staple 2026";
    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero));
    public TestDatabase Database { get; }
    private readonly bool _ownsDatabase;
    private readonly string? _instanceName;
    protected virtual bool Demo => false;
    protected virtual int LoginRateLimit => 10_000;
    /// <summary>Browser tests reach Kestrel over plain http on loopback, where Secure cookies would not be sent back.</summary>
    protected virtual bool RequireHttps => true;

    static AppFactory()
    {
        // Each app instance would watch appsettings*.json for changes with an inotify instance of its own; a suite run holds
        // dozens of instances at once, past the kernel's default 128 per user, and the next one failed to start. Tests never
        // edit the settings files, so nothing needs watching.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        // The same for the web root: asp-append-version watches the files it hashes. Polling needs no inotify instance, so
        // a suite running beside other processes of the same user (a second suite, a benchmark) does not run out of them.
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public AppFactory()
        : this(new TestDatabase(), ownsDatabase: true, instanceName: null)
    {
    }

    /// <summary>
    /// An instance of the app with a name of its own, on a database another factory made and disposes (multi-instance tests).
    /// Not public: a class fixture must have exactly one public constructor.
    /// </summary>
    internal AppFactory(TestDatabase database, string instanceName)
        : this(database, ownsDatabase: false, instanceName)
    {
    }

    private AppFactory(TestDatabase database, bool ownsDatabase, string? instanceName)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        _instanceName = instanceName;
        ClientOptions.BaseAddress = new Uri("https://nimo.test/");
        ClientOptions.AllowAutoRedirect = false;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("ConnectionStrings:Nimo", Database.ConnectionString);
        builder.UseSetting("Nimo:StateDirectory", Database.StateDirectory);
        builder.UseSetting("Nimo:Demo", Demo ? "true" : "false");
        builder.UseSetting("Nimo:RequireHttps", RequireHttps ? "true" : "false");
        builder.UseSetting("Nimo:LoginRateLimitPerMinute", LoginRateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Ticks are driven by hand (ScheduledWorkTests): a timer firing mid-test would add audit entries tests count.
        builder.UseSetting("Nimo:Scheduling:Enabled", "false");
        if (_instanceName is not null)
        {
            builder.UseSetting("Nimo:InstanceName", _instanceName);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>();
            ConfigureServices(services);
        });
    }

    /// <summary>Services a test's own factory replaces (a counting password hasher, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Header with which a test request claims a client address (the in-memory server has none).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>
    /// Sets the connection's remote address from <see cref="ClientAddressHeader"/>, before anything else runs: how tests speak
    /// from two machines. Only in tests; the app itself takes addresses from the connection or a trusted proxy.
    /// </summary>
    private sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (Microsoft.AspNetCore.Http.HttpContext context, Func<Task> following) =>
            {
                if (context.Request.Headers.TryGetValue(ClientAddressHeader, out var value) && IPAddress.TryParse(value.ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                await following();
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsDatabase)
        {
            Database.Dispose();
        }
    }

    public async Task<T> WithDbAsync<T>(Func<NimoDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<NimoDbContext>(), scope.ServiceProvider);
    }

    public Task WithDbAsync(Func<NimoDbContext, Task> work) =>
        WithDbAsync<int>(async (db, _) =>
        {
            await work(db);
            return 0;
        });

    /// <summary>A prefecture with two municipalities of its own; tests build on it with their own names.</summary>
    public async Task<World> CreateWorldAsync()
    {
        return await WithDbAsync(async (db, _) =>
        {
            // A test prefecture: codes that are valid but distinct from the seed regions.
            var existing = await db.Regions.SingleOrDefaultAsync(r => r.Code == "470007");
            if (existing is not null)
            {
                return await LoadWorldAsync(db);
            }

            var prefecture = Region.Create("470007", "テスト県", "てすとけん", RegionKind.Prefecture, MunicipalityFlags.None, null);
            var area = Region.Create(null, "北部保健所圏域", "ほくぶ", RegionKind.HealthArea, MunicipalityFlags.None, prefecture);
            var cityA = Region.Create("472018", "あおば市", "あおばし", RegionKind.Municipality, MunicipalityFlags.CoreCity | MunicipalityFlags.HasHealthCenter, prefecture);
            var townB = Region.Create("473014", "みどり町", "みどりちょう", RegionKind.Municipality, MunicipalityFlags.None, area);
            db.Regions.AddRange(prefecture, area, cityA, townB);
            db.Organizations.AddRange(
                Organization.Create("テスト県 障害福祉課", "", OrganizationKind.LocalGovernment, prefecture),
                Organization.Create("あおば市保健所", "あおばしほけんじょ", OrganizationKind.HealthCenter, cityA),
                Organization.Create("あおば相談支援センター", "あおばそうだん", OrganizationKind.CounsellingSupport, cityA),
                Organization.Create("みどり町役場 福祉課", "みどりちょうやくば", OrganizationKind.LocalGovernment, townB),
                Organization.Create("みどり家族会", "みどりかぞくかい", OrganizationKind.FamilyAssociation, townB),
                Organization.Create("北部保健所", "ほくぶほけんじょ", OrganizationKind.HealthCenter, area));
            await db.SaveChangesAsync();
            return await LoadWorldAsync(db);
        });
    }

    private static async Task<World> LoadWorldAsync(NimoDbContext db)
    {
        var orgs = await db.Organizations.Include(o => o.Region).Where(o => o.Region.Path.StartsWith(
            db.Regions.Where(r => r.Code == "470007").Select(r => r.Path).First())).ToListAsync();
        Organization Org(string name) => orgs.Single(o => o.Name == name);
        return new World(
            Org("テスト県 障害福祉課"), Org("あおば市保健所"), Org("あおば相談支援センター"), Org("みどり町役場 福祉課"), Org("みどり家族会"), Org("北部保健所"));
    }

    /// <summary>Creates a user; with <paramref name="twoFactor"/> also enrols an authenticator and returns its key.</summary>
    public async Task<TestUser> CreateUserAsync(string userName, string role, int organizationId, bool twoFactor = false)
    {
        return await WithDbAsync(async (_, sp) =>
        {
            var users = sp.GetRequiredService<UserManager<NimoUser>>();
            var user = new NimoUser { UserName = userName, DisplayName = userName, OrganizationId = organizationId, CreatedAt = Clock.GetUtcNow() };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, role));
            string? key = null;
            if (twoFactor)
            {
                Check(await users.ResetAuthenticatorKeyAsync(user));
                key = await users.GetAuthenticatorKeyAsync(user);
                Check(await users.SetTwoFactorEnabledAsync(user, true));
            }

            return new TestUser(user.Id, userName, key);
        });
    }

    public string CurrentCode(TestUser user) =>
        Totp.Code(Totp.FromBase32(user.AuthenticatorKey!), Totp.TimeStep(Clock.GetUtcNow()));

    /// <summary>Signs in through the real login pages (and the two-factor page when the user has one).</summary>
    public async Task<HttpClient> SignInAsync(TestUser user, string? code = null)
    {
        var client = CreateClient();
        var response = await PostLoginAsync(client, user.UserName, Password);
        if (response.Headers.Location?.OriginalString.Contains("LoginWith2fa", StringComparison.Ordinal) == true)
        {
            response = await PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = code ?? CurrentCode(user) });
        }

        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/")
        {
            throw new InvalidOperationException($"Sign-in of {user.UserName} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password) =>
        await PostFormAsync(client, "/Account/Login", new() { ["Input.UserName"] = userName, ["Input.Password"] = password });

    /// <summary>GETs the page to obtain its antiforgery token, then POSTs the form to it (or to <paramref name="action"/>).</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, Dictionary<string, string> fields, string? action = null)
    {
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var token = AntiforgeryToken(html);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token };
        return await client.PostAsync(action ?? page, new FormUrlEncodedContent(form));
    }

    public static string AntiforgeryToken(string html)
    {
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("No antiforgery token on the page.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed record TestUser(string Id, string UserName, string? AuthenticatorKey);

public sealed record World(Organization Prefecture, Organization CityHealthCenter, Organization CityPartner, Organization TownOffice, Organization TownFamilyAssociation, Organization AreaHealthCenter);

/// <summary>Demo mode: seeds and demo accounts loaded, as `dotnet run` in Development does.</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override bool Demo => true;
}
