using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

/// <summary>Enrolling an authenticator the way a person does: open the page, take a while with the phone, type the code.</summary>
public sealed partial class TwoFactorEnrolmentTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static string KeyOnPage(string html) =>
        SecretKey().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    [Fact]
    public async Task A_code_typed_after_the_security_stamp_interval_enrols_and_keeps_the_user_signed_in()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("enrol"), Roles.MunicipalStaff, world.CityHealthCenter.Id);
        var client = await app.SignInAsync(user);
        var page = await client.GetStringAsync("/Account/Manage/TwoFactor?required=1");
        var key = KeyOnPage(page);
        Assert.NotEmpty(key);

        // Finding the phone, installing the app, scanning: 70 s, past the 1-minute security-stamp check. The form posted is
        // the one on the screen since then, so the stamp check and the enrolment happen in the same request.
        app.Clock.Advance(TimeSpan.FromSeconds(70));
        var code = Totp.Code(Totp.FromBase32(key), Totp.TimeStep(app.Clock.GetUtcNow()));
        var enrol = await client.PostAsync("/Account/Manage/TwoFactor?handler=Enable", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Code"] = code,
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Contains("回復コード", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        // Still signed in, at once and after the next stamp check.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Organizations")).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Organizations")).StatusCode);
    }

    [Fact]
    public async Task Opening_the_enrolment_page_does_not_change_the_security_stamp()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("stamp"), Roles.MunicipalStaff, world.CityHealthCenter.Id);
        var client = await app.SignInAsync(user);
        var before = await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == user.Id).Select(u => u.SecurityStamp).SingleAsync());
        var first = KeyOnPage(await client.GetStringAsync("/Account/Manage/TwoFactor"));
        app.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(first, KeyOnPage(await client.GetStringAsync("/Account/Manage/TwoFactor")));
        var after = await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == user.Id).Select(u => u.SecurityStamp).SingleAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Enabling_two_factor_ends_the_other_password_only_sessions_at_once()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("second"), Roles.ForumSecretariat, world.TownOffice.Id);
        var laptop = await app.SignInAsync(user);
        var desktop = await app.SignInAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/Forums")).StatusCode);

        var key = KeyOnPage(await desktop.GetStringAsync("/Account/Manage/TwoFactor"));
        var code = Totp.Code(Totp.FromBase32(key), Totp.TimeStep(app.Clock.GetUtcNow()));
        var enrol = await AppFactory.PostFormAsync(desktop, "/Account/Manage/TwoFactor", new() { ["Code"] = code }, "/Account/Manage/TwoFactor?handler=Enable");
        Assert.Contains("回復コード", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Right away, not after the next stamp check: the laptop's password-only session is gone, the desktop's stays.
        var refused = await laptop.GetAsync("/Forums");
        await Responses.AssertRedirectAsync(refused);
        Assert.Contains("/Account/Login", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await desktop.GetAsync("/Forums")).StatusCode);
        Assert.Equal(1, await app.WithDbAsync((db, _) => db.UserSessions.CountAsync(s => s.UserId == user.Id)));
    }

    [Fact]
    public async Task Ending_the_other_sessions_after_a_stamp_check_keeps_this_one()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("keep"), Roles.ForumSecretariat, world.TownOffice.Id);
        var laptop = await app.SignInAsync(user);
        var desktop = await app.SignInAsync(user);

        // The stamp check renews the desktop's ticket; "this session" must still be known afterwards.
        app.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(HttpStatusCode.OK, (await desktop.GetAsync("/Account/Manage")).StatusCode);
        var ended = await AppFactory.PostFormAsync(desktop, "/Account/Manage", [], "/Account/Manage?handler=EndOthers");
        await Responses.AssertRedirectAsync(ended);
        Assert.Equal(HttpStatusCode.OK, (await desktop.GetAsync("/Account/Manage")).StatusCode);
        await Responses.AssertRedirectAsync(await laptop.GetAsync("/Account/Manage"));
    }

    [Fact]
    public async Task Changing_the_password_right_after_enrolling_keeps_the_session_that_changed_it()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("pwafter"), Roles.ForumSecretariat, world.TownOffice.Id);
        var desktop = await app.SignInAsync(user);
        var laptop = await app.SignInAsync(user);
        var key = KeyOnPage(await desktop.GetStringAsync("/Account/Manage/TwoFactor"));
        var code = Totp.Code(Totp.FromBase32(key), Totp.TimeStep(app.Clock.GetUtcNow()));
        var enrol = await AppFactory.PostFormAsync(desktop, "/Account/Manage/TwoFactor", new() { ["Code"] = code }, "/Account/Manage/TwoFactor?handler=Enable");
        Assert.Contains("回復コード", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The person keeps going in the same session: a new password, thought over past the stamp interval (the stamp check
        // and the change fall in the same request), then the account page it leads back to.
        var form = await desktop.GetStringAsync("/Account/Manage/ChangePassword");
        app.Clock.Advance(TimeSpan.FromSeconds(70));
        var changed = await desktop.PostAsync("/Account/Manage/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Current"] = AppFactory.Password,
            ["Input.New"] = "a completely different sentence 78",
            ["Input.Confirm"] = "a completely different sentence 78",
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/Account/Manage", changed.Headers.Location!.OriginalString);
        var manage = await desktop.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, manage.StatusCode);
        Assert.Contains("パスワードを変更しました。", await manage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(70));
        Assert.Equal(HttpStatusCode.OK, (await desktop.GetAsync("/Account/Manage")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/Account/Manage")).StatusCode);
        Assert.Equal(1, await app.WithDbAsync((db, _) => db.UserSessions.CountAsync(s => s.UserId == user.Id)));
    }

    [GeneratedRegex("<code class=\"secret\">([a-z0-9 ]+)</code>")]
    private static partial Regex SecretKey();
}
