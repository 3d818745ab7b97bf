using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nimo.Platform.Data;

namespace Nimo.Platform.Identity;

/// <summary>Identity's user manager without lockout, and with an authenticator key that can be pending without a new security stamp.</summary>
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
    NimoDbContext db)
    : UserManager<NimoUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>
    /// No lockout: a hard lockout after N failures let anyone lock a colleague out by typing her name, and told which names
    /// exist. Failed sign-ins are throttled per account and address instead (<see cref="SignInThrottle"/>).
    /// </summary>
    public override bool SupportsUserLockout => false;

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
}
