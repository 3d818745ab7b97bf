using Microsoft.AspNetCore.Identity;
using Nimo.Platform.Api;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;

namespace Nimo.Features.Admin.Users;

/// <summary>
/// The changes to an account that an administrator makes, applied the same way whether they needed a second administrator
/// (applied on approval, from 承認待ちの変更) or not (applied at once, from the user's page). Each writes its audit entry.
/// </summary>
public static class AccountChanges
{
    /// <summary>A new account with a generated password, returned once for the administrator to hand over.</summary>
    public static async Task<(NimoUser? User, string? Password, IdentityResult Result)> CreateAsync(UserManager<NimoUser> users, AuditLog audit,
        string userName, string displayName, int organizationId, string role, DateTimeOffset now, string? approval)
    {
        var user = new NimoUser { UserName = userName.Trim(), DisplayName = displayName.Trim(), OrganizationId = organizationId, CreatedAt = now };
        var password = PasswordGenerator.Generate();
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }

        if (!result.Succeeded)
        {
            return (null, null, result);
        }

        await audit.WriteAsync(AuditActions.UserCreated, "User", user.Id, detail: $"{user.UserName} role={role} org={organizationId}{approval}");
        return (user, password, result);
    }

    /// <summary>A new role or organisation; the account's sessions end, since they carry the old view.</summary>
    public static async Task<IdentityResult> SetRoleAsync(UserManager<NimoUser> users, NimoDbContext db, AuditLog audit, NimoUser user, string role, int organizationId, string? approval)
    {
        var changedScope = user.OrganizationId != organizationId;
        user.OrganizationId = organizationId;
        var result = await users.UpdateAsync(user);
        var current = await users.GetRolesAsync(user);
        if (result.Succeeded && !current.SequenceEqual([role]))
        {
            changedScope = true;
            result = await users.RemoveFromRolesAsync(user, current);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, role);
            }
        }

        if (!result.Succeeded)
        {
            return result;
        }

        if (changedScope)
        {
            await DbTicketStore.EndAllAsync(db, user.Id);
        }

        await audit.WriteAsync(AuditActions.UserUpdated, "User", user.Id, detail: $"role={role} org={organizationId}{approval}");
        return result;
    }

    /// <summary>A generated password replaces the old one: sessions end and API tokens are revoked.</summary>
    public static async Task<(string? Password, IdentityResult Result)> ResetPasswordAsync(UserManager<NimoUser> users, NimoDbContext db, AuditLog audit,
        NimoUser user, DateTimeOffset now, string? approval)
    {
        var password = PasswordGenerator.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            return (null, result);
        }

        await DbTicketStore.EndAllAsync(db, user.Id);
        await audit.WriteAsync(AuditActions.PasswordChanged, "User", user.Id, detail: "reset by admin" + approval);
        await ApiTokens.RevokeAllAsync(db, audit, user, now, "password reset by admin");
        return (password, result);
    }

    /// <summary>The second factor is removed and a new key made; every session ends (ASVS 7.4.3), and the user enrols again at the next sign-in.</summary>
    public static async Task ResetTwoFactorAsync(UserManager<NimoUser> users, NimoDbContext db, AuditLog audit, NimoUser user, string? approval)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        var ended = await DbTicketStore.EndAllAsync(db, user.Id);
        await audit.WriteAsync(AuditActions.TwoFactorReset, "User", user.Id, detail: $"by admin, {ended} sessions ended{approval}");
    }

    /// <summary>The note every change applied on approval carries in its audit entry.</summary>
    public static string Approval(UserChangeRequest request) => $", approved request #{request.Id} of {request.RequestedByName}";
}
