using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;

namespace Nimo.Bench;

/// <summary>
/// The prefecture user of the first prefecture (63 municipalities, 埼玉-sized), for the home page as a prefecture sees it:
/// staff of 第1県 障害福祉課, signing in with password and TOTP. Added once to a generated world (worlds generated before this
/// user existed stay usable); its authenticator key is read back on every run.
/// </summary>
internal static class PrefectureUser
{
    public const string UserName = "bench-pref";

    public static async Task<BenchWorld> EnsureAsync(string provider, string connection, BenchWorld world)
    {
        await using var app = Generator.Build(provider, connection);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NimoUser>>();
        var user = await users.FindByNameAsync(UserName);
        if (user is null)
        {
            var office = await db.Organizations.AsNoTracking()
                .Where(o => o.RegionId == world.PrefectureId && o.Kind == OrganizationKind.LocalGovernment && o.Region.Kind == RegionKind.Prefecture)
                .OrderBy(o => o.Id).FirstAsync();
            user = new NimoUser { UserName = UserName, DisplayName = "負荷試験(県)", OrganizationId = office.Id, CreatedAt = DateTimeOffset.UtcNow };
            Generator.Check(await users.CreateAsync(user, Generator.Password));
            Generator.Check(await users.AddToRoleAsync(user, Roles.PrefectureStaff));
            Generator.Check(await users.ResetAuthenticatorKeyAsync(user));
            Generator.Check(await users.SetTwoFactorEnabledAsync(user, true));
        }

        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("The prefecture bench user has no authenticator key.");
        return world with { UserName = UserName, AuthenticatorKey = key };
    }
}
