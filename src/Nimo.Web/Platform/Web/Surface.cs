using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Platform.Data;

namespace Nimo.Platform.Web;

/// <summary>
/// Which routes an instance answers (<c>Nimo:Surface</c>). Staff work inside the municipal network (LGWAN), residents come
/// from the internet: under 三層分離 the two are separate instances. <see cref="Both"/> is the one-machine installation
/// and the demo.
/// </summary>
public enum Surface
{
    /// <summary>Staff pages, the API and the anonymous pages under <c>/public/</c>.</summary>
    Both,
    /// <summary>Staff pages and the API; the anonymous pages answer 404 (they are served by a Public instance elsewhere).</summary>
    Staff,
    /// <summary>Only the anonymous pages under <c>/public/</c>, <c>/healthz</c> and static files; every staff route answers 404.</summary>
    Public,
}

/// <summary>Endpoint metadata: the route belongs to the residents' surface (the modules' Public folders).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class PublicSurfaceAttribute : Attribute;

/// <summary>Endpoint metadata: the route is served whatever the surface (the health check, the error page).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AnySurfaceAttribute : Attribute;

/// <summary>The authentication of a Public instance: nobody, without reading a cookie, a header or the database.</summary>
public sealed class NobodyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}

public static class Surfaces
{
    public const string NobodyScheme = "Nobody";

    public static Surface Of(IConfiguration configuration) => configuration.GetValue("Nimo:Surface", Surface.Both);

    /// <summary>The public surface is mapped on this instance (links to it may be shown).</summary>
    public static bool ServesPublic(this Surface surface) => surface != Surface.Staff;

    public static bool ServesStaff(this Surface surface) => surface != Surface.Public;

    /// <summary>
    /// Runs after routing: an endpoint of the other surface answers 404 as if it did not exist. Deny by default on a Public
    /// instance: only endpoints marked <see cref="PublicSurfaceAttribute"/> or <see cref="AnySurfaceAttribute"/> pass, so a
    /// page or API route added later is refused there without anyone remembering to.
    /// </summary>
    public static IApplicationBuilder UseSurface(this IApplicationBuilder app, Surface surface) => surface == Surface.Both ? app : app.Use((context, next) =>
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null)
        {
            // Nothing matched. On a Public instance that is a 404 here (the residents' error page): further on, the fallback
            // policy would answer it as a staff page, with a redirect to the login page the instance does not serve.
            if (surface == Surface.Public)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        }

        var isPublic = metadata.GetMetadata<PublicSurfaceAttribute>() is not null;
        var anywhere = metadata.GetMetadata<AnySurfaceAttribute>() is not null;
        var allowed = anywhere || (surface == Surface.Public ? isPublic : !isPublic);
        if (allowed)
        {
            return next(context);
        }

        context.SetEndpoint(null);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });

    /// <summary>
    /// The start of a Public instance, instead of migrating: it never changes the schema (the staff side does, with the
    /// owner's role) and must not be able to read what would open a staff session. On PostgreSQL it refuses to start when
    /// its role can read the users, sessions, tokens or data-protection keys (the role of <c>public-role</c> cannot), or
    /// when the schema is behind this build. SQLite has no roles: a Public instance on a file is for trying it out only.
    /// </summary>
    public static async Task CheckPublicDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var log = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Nimo.Surface");
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            log.LogWarning("Nimo:Surface is Public on SQLite: the file holds the staff data too. Use PostgreSQL with the role of `public-role` in production (docs/deploy.md).");
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0)
        {
            throw new InvalidOperationException($"The database lacks {pending.Count} migration(s) of this build ({pending[^1]}). Run `migrate` with the staff side's role first.");
        }

        foreach (var table in StaffSecrets)
        {
            var readable = await db.Database.SqlQuery<bool>($"SELECT has_table_privilege(current_user, {Quote(table)}, 'SELECT') AS \"Value\"").SingleAsync(ct);
            if (readable)
            {
                throw new InvalidOperationException(
                    $"Nimo:Surface is Public but the database role can read \"{table}\". Connect with the restricted role made by `public-role` (docs/deploy.md), never the owner's.");
            }
        }
    }

    /// <summary>What a Public instance must be unable to read: with any of it, a stolen public host could open a staff session.</summary>
    public static readonly IReadOnlyList<string> StaffSecrets = ["AspNetUsers", "UserSessions", "ApiTokens", "DataProtectionKeys", "AuditEntries", "Clients"];

    private static string Quote(string table) => "\"" + table + "\"";
}
