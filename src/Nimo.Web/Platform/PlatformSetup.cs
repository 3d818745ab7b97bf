using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.WebEncoders;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;
using Nimo.Platform.Scheduling;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Platform;

public sealed class NimoOptions
{
    /// <summary>Demo mode: loads the seed regions and demo accounts and lets demo users skip two-factor enrolment.</summary>
    public bool Demo { get; set; }
}

public static class PlatformSetup
{
    public const string LoginRateLimit = "login";
    /// <summary>Form posts on the anonymous public pages, per client address (Nimo:PublicFormRateLimitPerMinute).</summary>
    public const string PublicFormRateLimit = "public-form";
    public const string AdminPolicy = "Admin";

    public static WebApplicationBuilder AddPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        // Feature modules register into it as Program.cs adds them (Platform/Modules).
        builder.Catalog();
        services.Configure<NimoOptions>(configuration.GetSection("Nimo"));
        services.Configure<Identity.SessionOptions>(configuration.GetSection("Nimo:Session"));
        services.Configure<Privacy.PrivacyOptions>(configuration.GetSection("Nimo:Privacy"));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddNimoDatabase(configuration, builder.Environment.ContentRootPath);
        services.Configure<AuditOptions>(configuration.GetSection("Nimo:Audit"));
        services.AddSingleton<AuditChain>();
        services.AddSingleton<Modules.IScheduledJob, AuditAnchorJob>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<ImportGate>();
        services.AddSingleton<AuditWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditWriter>());
        // Per installation, not per instance: one instance at a time leads (Platform/Scheduling, docs/deploy.md).
        services.Configure<SchedulingOptions>(configuration.GetSection("Nimo:Scheduling"));
        services.AddSingleton(AppInstance.From(configuration));
        services.AddSingleton<Leadership>();
        services.AddSingleton<ScheduledWork>();
        services.AddSingleton<Web.HealthProbe>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledWork>());
        // Server-side copies of anonymous pages, for the policies features name (the residents' directory). Bounded, so odd
        // query strings cannot fill memory; nothing is kept unless a feature's policy says so.
        services.AddOutputCache(o => o.SizeLimit = configuration.GetValue("Nimo:OutputCacheMegabytes", 32L) * 1024 * 1024);

        var surface = Surfaces.Of(configuration);
        if (surface == Surface.Public)
        {
            // A Public instance signs nothing a staff instance would accept: its keys live in memory only and it never
            // reads the shared ones (its database role cannot: docs/deploy.md). Its pages set no cookie anyway.
            services.AddDataProtection().SetApplicationName("Nimo.Public").UseEphemeralDataProtectionProvider();
            // Housekeeping belongs to the staff side, which holds the audit chain and the sessions.
            services.PostConfigure<SchedulingOptions>(o => o.Enabled = false);
        }
        else
        {
            services.AddDataProtection().SetApplicationName("Nimo").PersistKeysToDbContext<NimoDbContext>();
        }

        // The error page answers on every surface (PostConfigure: AddRazorPages' setup replaces the conventions collection).
        services.PostConfigure<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>(o =>
            o.Conventions.AddPageApplicationModelConvention("/Error", model => model.EndpointMetadata.Add(new AnySurfaceAttribute())));

        services.AddIdentity<NimoUser, IdentityRole>(o =>
            {
                // ASVS 6.2 / MHLW 第6.0版: long passwords, no composition rules, no forced rotation at 13+.
                o.Password.RequiredLength = 13;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                // No lockout (NimoUserManager.SupportsUserLockout): failures are throttled per account and address (SignInThrottle).
                o.Lockout.AllowedForNewUsers = false;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@";
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.AuthenticatorTokenProvider = TokenOptions.DefaultAuthenticatorProvider;
            })
            .AddEntityFrameworkStores<NimoDbContext>()
            .AddUserManager<NimoUserManager>()
            .AddErrorDescriber<JapaneseIdentityErrors>()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddTokenProvider<DataProtectorTokenProvider<NimoUser>>(TokenOptions.DefaultProvider);
        services.AddScoped<IPasswordValidator<NimoUser>, ContextPasswordValidator>();
        services.AddScoped<SignInThrottle>();

        // Cookies are Secure and __Host- prefixed whenever the app is served over TLS (production, behind nginx);
        // `dotnet run` on http://localhost in Development cannot carry Secure cookies through antiforgery.
        var secure = configuration.GetValue("Nimo:RequireHttps", !builder.Environment.IsDevelopment());
        var cookiePrefix = secure ? "__Host-" : "";
        var securePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

        services.AddSingleton<ITicketStore, DbTicketStore>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = cookiePrefix + "Nimo";
            o.Cookie.SecurePolicy = securePolicy;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            // A refusal is answered with 403 and the generic error page rather than a redirect, and is audited:
            // repeated refusals are how a curious insider shows up in the log.
            o.Events.OnRedirectToAccessDenied = async context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                var audit = context.HttpContext.RequestServices.GetRequiredService<AuditLog>();
                await audit.WriteAsync(AuditActions.AccessDenied, "Path", context.Request.Path.Value, AuditOutcome.Denied,
                    ct: context.HttpContext.RequestAborted);
            };
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            o.SlidingExpiration = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<ITicketStore, IDataProtectionProvider>((o, store, protection) =>
            {
                o.SessionStore = store;
                // The protector the cookie handler would make itself (same purposes, so cookies issued before stay valid),
                // wrapped so a cookie seen again is not decrypted again.
                o.TicketDataFormat = new RememberedCookieFormat(new TicketDataFormat(protection.CreateProtector(
                    "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", IdentityConstants.ApplicationScheme, "v2")));
            });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = cookiePrefix + "Nimo.2fa";
            o.Cookie.SecurePolicy = securePolicy;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        // Password-change and disabling end sessions directly; the stamp check is a second line of defence.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // The principal rebuilt after a passed check keeps the session id, so the renewed ticket still knows its session.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(DbTicketStore.SessionIdClaim) is { } sid && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity
                    && identity.FindFirst(DbTicketStore.SessionIdClaim) is null)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(DbTicketStore.SessionIdClaim, sid.Value));
                }

                return Task.CompletedTask;
            };
        });

        // A Public instance authenticates nobody. It does not call UseAuthentication, but ASP.NET Core then adds the
        // middleware itself at the start of the pipeline, where a bearer header or a staff cookie would make it read the
        // tokens or sessions its database role may not (a 500 on PostgreSQL): every request goes to a scheme that reads nothing.
        var publicOnly = Surfaces.Of(configuration) == Surface.Public;
        services.AddAuthentication(o =>
            {
                // AddIdentity set the authenticate and challenge defaults to its cookie; the policy scheme must win
                // so that bearer tokens are read before UseUserScope runs.
                o.DefaultScheme = "Nimo";
                o.DefaultAuthenticateScheme = "Nimo";
                o.DefaultChallengeScheme = "Nimo";
            })
            .AddPolicyScheme("Nimo", "Nimo", o => o.ForwardDefaultSelector = context =>
                publicOnly ? Surfaces.NobodyScheme
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokens.Scheme
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(ApiTokens.Scheme, null)
            .AddScheme<AuthenticationSchemeOptions, NobodyHandler>(Surfaces.NobodyScheme, null);

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            // The role is read from the database on every request (UserScope), so a demoted admin loses access at once.
            // Page policies come from the capability table (Roles.Grants), like the two-factor rule.
            .AddPolicy(AdminPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.Resource is HttpContext http && Roles.Has(http.Scope().Role, Capability.Administer)))
            .AddPolicy(Capabilities.PersonalDataPolicy, p => p.RequireAuthenticatedUser().RequireAssertion(c => c.Resource is HttpContext http && http.Scope().HandlesPersonalData()))
            .AddPolicy(ApiTokens.Policy, p => p.AddAuthenticationSchemes(ApiTokens.Scheme).RequireAuthenticatedUser());

        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = cookiePrefix + "Nimo.Af";
            o.Cookie.SecurePolicy = securePolicy;
        });

        // Japanese is written as-is, not as &#x…; entities (still HTML-encoded where it matters).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(
            UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.GeneralPunctuation, UnicodeRanges.LetterlikeSymbols,
            UnicodeRanges.Arrows, UnicodeRanges.MathematicalOperators, UnicodeRanges.GeometricShapes, UnicodeRanges.MiscellaneousSymbols,
            UnicodeRanges.EnclosedAlphanumerics, UnicodeRanges.CjkSymbolsandPunctuation, UnicodeRanges.Hiragana, UnicodeRanges.Katakana,
            UnicodeRanges.CjkUnifiedIdeographs, UnicodeRanges.CjkCompatibilityIdeographs, UnicodeRanges.HalfwidthandFullwidthForms,
            UnicodeRanges.EnclosedCjkLettersandMonths, UnicodeRanges.CjkCompatibility));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName;
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(policy == PublicFormRateLimit
                    ? "短い時間に送信が続いたため、受け付けを一時停止しています。1分ほど待ってから、もう一度送信してください。"
                    : "ログインの試行が多すぎます。1分ほど待ってからやり直してください。", ct);
            };
            o.AddPolicy(LoginRateLimit, context => PostsPerMinute(context, configuration.GetValue("Nimo:LoginRateLimitPerMinute", 20)));
            o.AddPolicy(PublicFormRateLimit, context => PostsPerMinute(context, configuration.GetValue("Nimo:PublicFormRateLimitPerMinute", 10)));
        });

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Only proxies named in configuration are trusted for the client address (ASVS 15.3.4).
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("Nimo:KnownProxies").Get<string[]>() ?? [])
            {
                o.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });

        services.AddOpenApi();
        return builder;
    }

    /// <summary>Form posts per client address and minute; reading pages is never limited.</summary>
    private static RateLimitPartition<string> PostsPerMinute(HttpContext context, int limit) => HttpMethods.IsPost(context.Request.Method)
        ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
        : RateLimitPartition.GetNoLimiter("get");

    public static WebApplication UsePlatform(this WebApplication app)
    {
        var demo = app.Configuration.GetValue<bool>("Nimo:Demo");
        app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            // Kestrel refuses a body over the endpoint's limit by throwing from the form reader: that is the client's 413
            // (or 400 for a malformed request), not a server error.
            StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        if (app.Configuration.GetValue<bool>("Nimo:InstanceHeader"))
        {
            // Off by default: which machine answered is nobody's business but the operator's (scripts/multi-instance.sh uses it).
            var instance = app.Services.GetRequiredService<AppInstance>().Name;
            app.Use((context, next) =>
            {
                context.Response.Headers["X-Nimo-Instance"] = instance;
                return next(context);
            });
        }

        app.UseControlCharacterGuard();
        app.UseStaticFiles();
        app.UseRouting();
        var surface = Surfaces.Of(app.Configuration);
        app.UseSurface(surface);
        app.UseRequestSizeGuard();
        app.UseRateLimiter();
        if (surface.ServesStaff())
        {
            // A Public instance authenticates nobody: it holds no key to read a session cookie and no right to read tokens.
            app.UseAuthentication();
            if (DatabaseSetup.ProviderFrom(app.Configuration) == DatabaseProvider.Sqlite)
            {
                app.UseRequestConnection();
            }

            app.UseUserScope();
        }

        app.UseAuthorization();
        if (surface.ServesStaff())
        {
            app.UseTwoFactorEnforcement(demo);
        }

        app.UseAntiforgery();
        app.UseOutputCache();

        app.MapGet("/healthz", async (HealthProbe probe, CancellationToken ct) => await probe.IsHealthyAsync(ct) ? Results.Text("ok") : Results.StatusCode(503))
            .AllowAnonymous().ExcludeFromDescription().WithMetadata(new AnySurfaceAttribute());
        app.MapOpenApi().AllowAnonymous();
        return app;
    }

    /// <summary>Migrates the database and makes sure the roles exist; run before the app serves anything.</summary>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        if (Surfaces.Of(services.GetRequiredService<IConfiguration>()) == Surface.Public)
        {
            await Surfaces.CheckPublicDatabaseAsync(services, ct);
            return;
        }

        // Refused before the database is touched: an installation without its audit key would write a chain nobody can check.
        services.GetRequiredService<AuditChain>().RequireKey();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        // Instances started together (systemd starting nimo@5001 and nimo@5002) take turns here; otherwise both could find a
        // role, the national targets or the data-protection key missing and both create it. The lock is the session's,
        // on the context's one connection, kept open until it is released.
        var postgres = db.Provider == DatabaseProvider.Postgres;
        if (postgres)
        {
            // Migrate creates a missing database, but the lock needs a connection to it first.
            var creator = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalDatabaseCreator>();
            if (!await creator.ExistsAsync(ct))
            {
                try
                {
                    await creator.CreateAsync(ct);
                }
                catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.DuplicateDatabase)
                {
                    // Another instance created it a moment ago.
                }
            }

            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({AdvisoryLocks.Startup})", ct);
        }

        try
        {
            await DatabaseSetup.MigrateAsync(db, ct);
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
            }

            // The audit chain's key and its keyed start, before anything appends to it (also inside the turn: instances started
            // together must not both start a keyed chain).
            await scope.ServiceProvider.GetRequiredService<AuditChain>().EnsureKeyedAsync(db, ct);

            // National targets are master data every installation starts with; administrators maintain them afterwards.
            if (!await db.NationalTargets.AnyAsync(ct))
            {
                db.NationalTargets.AddRange(Features.Profiles.NationalTarget.Defaults());
                await db.SaveChangesAsync(ct);
            }

            // The first data-protection key is made now, inside the turn: two instances making one each at the same moment
            // would each sign cookies and antiforgery tokens with a key the other has not loaded yet.
            scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector("Nimo.Startup").Protect([1]);
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({AdvisoryLocks.Startup})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
