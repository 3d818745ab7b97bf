using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Platform.Data;

namespace Nimo.Platform.Identity;

/// <summary>
/// Identity's user manager with lockout counted in the database. The stock AccessFailedAsync reads the
/// count, adds one and saves with a concurrency stamp, so eight guesses sent at once lose seven increments
/// and never lock the account. Lockout time also comes from <see cref="TimeProvider"/> like everything else.
/// </summary>
public sealed class NimoUserManager(
    IUserStore<NimoUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<NimoUser> passwordHasher,
    IEnumerable<IUserValidator<NimoUser>> userValidators,
    IEnumerable<IPasswordValidator<NimoUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<NimoUser>> logger,
    NimoDbContext db,
    TimeProvider clock)
    : UserManager<NimoUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(NimoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var users = db.Users.Where(u => u.Id == user.Id);
        // One atomic increment per failure, whatever else is in flight.
        await users.ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, u => u.AccessFailedCount + 1), CancellationToken);
        var until = clock.GetUtcNow() + Options.Lockout.DefaultLockoutTimeSpan;
        var max = Options.Lockout.MaxFailedAccessAttempts;
        await users.Where(u => u.LockoutEnabled && u.AccessFailedCount >= max)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.AccessFailedCount, 0), CancellationToken);
        await db.Entry(user).ReloadAsync(CancellationToken);
        return IdentityResult.Success;
    }

    /// <summary>
    /// The key an authenticator app is being enrolled with: made once and kept until enrolment completes. Unlike
    /// <see cref="UserManager{TUser}.ResetAuthenticatorKeyAsync"/> this leaves the security stamp alone: a pending key
    /// changes nothing about how the user signs in, and a new stamp made the 1-minute stamp check end the very session
    /// that was enrolling (a code typed 70 s after opening the page landed on the login page, 2FA still off).
    /// </summary>
    public async Task<string> PendingAuthenticatorKeyAsync(NimoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = await GetAuthenticatorKeyAsync(user);
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        if (Store is not IUserAuthenticatorKeyStore<NimoUser> keys)
        {
            throw new NotSupportedException("The user store keeps no authenticator keys.");
        }

        var fresh = GenerateNewAuthenticatorKey();
        await keys.SetAuthenticatorKeyAsync(user, fresh, CancellationToken);
        if ((await UpdateUserAsync(user)).Succeeded)
        {
            return fresh;
        }

        // Two tabs opened the page at once and the other saved its key first: show that one, not the key that was not stored.
        db.ChangeTracker.Clear();
        return await db.UserTokens.AsNoTracking()
            .Where(t => t.UserId == user.Id && t.LoginProvider == "[AspNetUserStore]" && t.Name == "AuthenticatorKey")
            .Select(t => t.Value).SingleOrDefaultAsync(CancellationToken) ?? "";
    }

    public override Task<bool> IsLockedOutAsync(NimoUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(user.LockoutEnabled && user.LockoutEnd is { } end && end > clock.GetUtcNow());
    }
}
