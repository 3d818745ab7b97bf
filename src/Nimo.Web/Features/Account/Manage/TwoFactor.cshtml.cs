using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nimo.Platform.Web;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using QRCoder;

namespace Nimo.Features.Account.Manage;

public sealed class TwoFactorModel(NimoUserManager users, SignInManager<NimoUser> signIn, NimoDbContext db, AuditLog audit) : PageModel
{
    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string QrDataUri { get; private set; } = "";
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public int OtherSessionsEnded { get; private set; }
    public string? Error { get; private set; }

    [BindProperty]
    [Display(Name = "確認コード(6桁)")]
    public string? Code { get; set; }

    [BindProperty]
    [DataType(DataType.Password)]
    [Display(Name = "現在のパスワード")]
    public string? Password { get; set; }

    public async Task<IActionResult> OnGetAsync(bool required = false)
    {
        Required = required;
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.TwoFactorEnabled)
        {
            return RedirectToPage();
        }

        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Error = "確認コードが正しくありません。認証アプリに表示されている最新の6桁を入力してください。";
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        RecoveryCodes = [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []];
        // Sessions signed in with the password alone must not outlive the second factor (ASVS 7.4.3): ended now, on every
        // instance, rather than at each one's next security-stamp check. This session is renewed with the new stamp.
        var ended = await DbTicketStore.EndAllAsync(db, user.Id, DbTicketStore.CurrentSessionId(HttpContext));
        OtherSessionsEnded = ended;
        await audit.WriteAsync(AuditActions.TwoFactorEnabled, "User", user.Id, detail: $"{ended} other sessions ended");
        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        return Page();
    }

    /// <summary>Turning two factors off or re-keying needs the password again (ASVS 7.5.1).</summary>
    public async Task<IActionResult> OnPostResetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(Password) || !await users.CheckPasswordAsync(user, Password))
        {
            Error = "パスワードが正しくありません。";
            await LoadAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await DbTicketStore.EndAllAsync(db, user.Id, DbTicketStore.CurrentSessionId(HttpContext));
        await audit.WriteAsync(AuditActions.TwoFactorReset, "User", user.Id, detail: "self");
        await signIn.RefreshSignInAsync(user);
        TempData[PageWrites.MessageKey] = "二要素認証を解除しました。新しい鍵で設定し直してください。";
        return RedirectToPage();
    }

    private async Task LoadAsync(NimoUser user)
    {
        Enabled = user.TwoFactorEnabled;
        if (Enabled)
        {
            return;
        }

        // The same key on every visit until enrolment completes: the person may scan it, wander off and come back.
        var key = await users.PendingAuthenticatorKeyAsync(user);

        SharedKey = FormatKey(key);
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString("Nimo:" + user.UserName)}?secret={key}&issuer=Nimo&digits=6&period=30");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        // A PNG data URI: rendered on the server, no script, allowed by the CSP's img-src data:.
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().TrimEnd().ToLowerInvariant();
    }
}
