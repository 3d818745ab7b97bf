using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Platform.Identity;

/// <summary>
/// The authenticator-app provider, but a code is accepted once: the matched time-step is stored with an
/// atomic compare-and-set, so a replayed or parallel second use of the same code fails (ASVS 6.5.1).
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(NimoDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<NimoUser>
{
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<NimoUser> manager, NimoUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // Codes come from the user's app, never from the server.
    public Task<string> GenerateAsync(string purpose, UserManager<NimoUser> manager, NimoUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<NimoUser> manager, NimoUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var step = Totp.MatchingStep(Totp.FromBase32(key), token ?? "", clock.GetUtcNow());
        if (step is null)
        {
            return false;
        }

        using var gate = db.WriteGate is null ? null : await db.WriteGate.EnterAsync(default);
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && u.LastTotpTimeStep < step.Value)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpTimeStep, step.Value));
        if (claimed == 1)
        {
            // Keep the tracked copy in step so a later UpdateAsync does not write the old value back.
            user.LastTotpTimeStep = step.Value;
            db.Entry(user).Property(u => u.LastTotpTimeStep).OriginalValue = step.Value;
        }

        return claimed == 1;
    }
}
