using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Account;

public sealed class AuthenticationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_two_factor_user_needs_the_code_and_a_used_code_cannot_be_replayed()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("nurse"), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);

        // Password alone does not sign in: it leads to the second factor.
        var client = app.CreateClient();
        var afterPassword = await AppFactory.PostLoginAsync(client, user.UserName, AppFactory.Password);
        Assert.Contains("LoginWith2fa", afterPassword.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await client.GetAsync("/Regions"));

        var code = app.CurrentCode(user);
        var first = await AppFactory.PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = code });
        Assert.Equal("/", first.Headers.Location!.OriginalString);

        // The same code, in the same 30-second window, from another browser: refused.
        var attacker = app.CreateClient();
        await AppFactory.PostLoginAsync(attacker, user.UserName, AppFactory.Password);
        var replay = await AppFactory.PostFormAsync(attacker, "/Account/LoginWith2fa", new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("既に使われています", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The next window's code works.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = await AppFactory.PostFormAsync(attacker, "/Account/LoginWith2fa", new() { ["Code"] = app.CurrentCode(user) });
        Assert.Equal("/", next.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_wrong_code_is_refused()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("psw"), Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true);
        var client = app.CreateClient();
        await AppFactory.PostLoginAsync(client, user.UserName, AppFactory.Password);
        var wrong = (int.Parse(app.CurrentCode(user), System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000;
        var response = await AppFactory.PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = wrong.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Responses.AssertRedirectAsync(await client.GetAsync("/"));
    }

    [Fact]
    public async Task The_old_session_cookie_is_refused_after_logout()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("sec"), Roles.ForumSecretariat, world.TownOffice.Id);
        var client = await app.SignInAsync(user);
        var cookie = CookieHeader(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        // The token comes from the home page, whose only form is the layout's logout button.
        var logout = await AppFactory.PostFormAsync(client, "/", [], "/Account/Logout");
        await Responses.AssertRedirectAsync(logout);

        // Replaying the captured cookie from a fresh client: the server no longer knows the session.
        var replay = app.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var response = await replay.SendAsync(request);
        await Responses.AssertRedirectAsync(response);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_sessions_at_once()
    {
        var world = await app.CreateWorldAsync();
        var admin = await app.CreateUserAsync(Name("admin"), Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var user = await app.CreateUserAsync(Name("victim"), Roles.ForumSecretariat, world.TownOffice.Id);
        var userClient = await app.SignInAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await userClient.GetAsync("/")).StatusCode);

        var adminClient = await app.SignInAsync(admin);
        var disable = await AppFactory.PostFormAsync(adminClient, $"/Admin/Users/Edit/{user.Id}", new() { ["Input.Id"] = user.Id }, $"/Admin/Users/Edit/{user.Id}?handler=Disable");
        await Responses.AssertRedirectAsync(disable);

        await Responses.AssertRedirectAsync(await userClient.GetAsync("/"));
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.PostLoginAsync(app.CreateClient(), user.UserName, AppFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_but_keeps_this_one()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("pw"), Roles.ForumSecretariat, world.TownOffice.Id);
        var laptop = await app.SignInAsync(user);
        var desktop = await app.SignInAsync(user);
        var response = await AppFactory.PostFormAsync(desktop, "/Account/Manage/ChangePassword", new()
        {
            ["Input.Current"] = AppFactory.Password,
            ["Input.New"] = "a completely different sentence 77",
            ["Input.Confirm"] = "a completely different sentence 77",
        });
        await Responses.AssertRedirectAsync(response);
        Assert.Equal(HttpStatusCode.OK, (await desktop.GetAsync("/")).StatusCode);
        await Responses.AssertRedirectAsync(await laptop.GetAsync("/"));
    }

    [Fact]
    public async Task Short_or_guessable_passwords_are_refused_with_a_japanese_reason()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("weak"), Roles.ForumSecretariat, world.TownOffice.Id);
        var client = await app.SignInAsync(user);
        var shortOne = await AppFactory.PostFormAsync(client, "/Account/Manage/ChangePassword", new()
        {
            ["Input.Current"] = AppFactory.Password, ["Input.New"] = "short", ["Input.Confirm"] = "short",
        });
        Assert.Contains("13〜128文字", await shortOne.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var guessable = await AppFactory.PostFormAsync(client, "/Account/Manage/ChangePassword", new()
        {
            ["Input.Current"] = AppFactory.Password, ["Input.New"] = "password1234567", ["Input.Confirm"] = "password1234567",
        });
        Assert.Contains("推測されやすい", await guessable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_sees_personal_data_must_enrol_two_factor_before_anything_else()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("new"), Roles.MunicipalStaff, world.CityHealthCenter.Id);
        var client = await app.SignInAsync(user);
        var home = await client.GetAsync("/Organizations");
        await Responses.AssertRedirectAsync(home);
        Assert.StartsWith("/Account/Manage/TwoFactor", home.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // Enrol with the key the page shows.
        var page = await client.GetStringAsync("/Account/Manage/TwoFactor?required=1");
        var key = System.Text.RegularExpressions.Regex.Match(page, "<code class=\"secret\">([a-z0-9 ]+)</code>").Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var code = Totp.Code(Totp.FromBase32(key), Totp.TimeStep(app.Clock.GetUtcNow()));
        var enrol = await AppFactory.PostFormAsync(client, "/Account/Manage/TwoFactor", new() { ["Code"] = code }, "/Account/Manage/TwoFactor?handler=Enable");
        Assert.Contains("回復コード", await enrol.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Organizations")).StatusCode);
    }

    [Fact]
    public async Task Sign_ins_and_failures_are_audited_without_the_password()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("aud"), Roles.ForumSecretariat, world.TownOffice.Id);
        await AppFactory.PostLoginAsync(app.CreateClient(), user.UserName, "not the password at all");
        await app.SignInAsync(user);
        var entries = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.UserId == user.Id).ToListAsync());
        Assert.Contains(entries, e => e.Action == AuditActions.SignInFailed && e.Outcome == AuditOutcome.Failure);
        Assert.Contains(entries, e => e.Action == AuditActions.SignIn && e.Outcome == AuditOutcome.Success);
        Assert.DoesNotContain(entries, e => (e.Detail ?? "").Contains("not the password", StringComparison.Ordinal));
    }

    private static string CookieHeader(HttpClient client)
    {
        // WebApplicationFactory clients keep cookies in a handler; read them back for the replay.
        var handler = typeof(HttpMessageInvoker).GetField("_handler", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(client);
        while (handler is DelegatingHandler d && handler.GetType().Name != "CookieContainerHandler")
        {
            handler = d.InnerHandler;
        }

        var container = (CookieContainer)handler!.GetType().GetProperty("Container")!.GetValue(handler)!;
        return container.GetCookieHeader(new Uri("https://nimo.test/"));
    }
}
