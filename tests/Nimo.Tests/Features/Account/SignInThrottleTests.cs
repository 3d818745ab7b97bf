using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Account;

/// <summary>
/// The sign-in page tells nobody which user names exist, and failed attempts slow down the guesser, not the colleague:
/// the same work, the same words, and a throttle per account and address (ASVS 5.0 V6.3.1) instead of a lockout.
/// </summary>
public sealed partial class SignInThrottleTests(SignInThrottleTests.Factory app) : IClassFixture<SignInThrottleTests.Factory>
{
    /// <summary>The app with a password hasher that counts its verifications.</summary>
    public sealed class Factory : AppFactory
    {
        public CountingHasher Hasher { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IPasswordHasher<NimoUser>>(Hasher);
    }

    public sealed class CountingHasher : IPasswordHasher<NimoUser>
    {
        private readonly PasswordHasher<NimoUser> _inner = new();
        private int _verifications;

        public int Verifications => _verifications;

        public string HashPassword(NimoUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(NimoUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private HttpClient From(string address)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(AppFactory.ClientAddressHeader, address);
        return client;
    }

    private static async Task<(HttpResponseMessage Response, string Body)> LoginAsync(HttpClient client, string userName, string password)
    {
        var response = await AppFactory.PostLoginAsync(client, userName, password);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>The page as it would look for any name: tokens and the echoed name taken out.</summary>
    private static string Normalised(string body, string userName) =>
        Token().Replace(body, "TOKEN").Replace(userName, "NAME", StringComparison.Ordinal);

    private static string MainText(string body) => MainElement().Match(body).Value;

    [Fact]
    public async Task An_unknown_name_costs_the_same_password_hash_and_gets_the_same_page_as_a_wrong_password()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("real"), Roles.ForumSecretariat, world.TownOffice.Id);
        var unknown = Name("nobody");

        var before = app.Hasher.Verifications;
        var (realResponse, realBody) = await LoginAsync(From("192.0.2.10"), user.UserName, "not the password at all");
        var afterReal = app.Hasher.Verifications;
        var (unknownResponse, unknownBody) = await LoginAsync(From("192.0.2.11"), unknown, "not the password at all");
        var afterUnknown = app.Hasher.Verifications;

        // The mechanism behind equal timing: one password-hash verification either way.
        Assert.Equal(1, afterReal - before);
        Assert.Equal(1, afterUnknown - afterReal);
        Assert.Equal(realResponse.StatusCode, unknownResponse.StatusCode);
        Assert.Equal(Normalised(realBody, user.UserName), Normalised(unknownBody, unknown));
        Assert.Contains("利用者名またはパスワードが正しくありません。", realBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_account_costs_the_same_hash_and_gets_the_same_page()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("off"), Roles.ForumSecretariat, world.TownOffice.Id);
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true)));
        var unknown = Name("nobody");
        var before = app.Hasher.Verifications;
        var (_, disabledBody) = await LoginAsync(From("192.0.2.12"), user.UserName, AppFactory.Password);
        Assert.Equal(1, app.Hasher.Verifications - before);
        var (_, unknownBody) = await LoginAsync(From("192.0.2.13"), unknown, AppFactory.Password);
        Assert.Equal(Normalised(disabledBody, user.UserName), Normalised(unknownBody, unknown));
    }

    [Fact]
    public async Task Repeated_failures_slow_down_that_address_with_the_same_words_for_real_and_unknown_names()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("slowed"), Roles.ForumSecretariat, world.TownOffice.Id);
        var unknown = Name("nobody");
        var guesser = From("198.51.100.7");
        var other = From("198.51.100.8");
        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(guesser, user.UserName, "wrong password number " + i);
            await LoginAsync(other, unknown, "wrong password number " + i);
        }

        // The sixth try, even with the right password, waits: and reads exactly as it does for a name that does not exist.
        var (realResponse, realBody) = await LoginAsync(guesser, user.UserName, AppFactory.Password);
        var (_, unknownBody) = await LoginAsync(other, unknown, AppFactory.Password);
        Assert.Equal(HttpStatusCode.OK, realResponse.StatusCode);
        Assert.Contains("30秒後にもう一度", realBody, StringComparison.Ordinal);
        Assert.Equal(MainText(Normalised(realBody, user.UserName)), MainText(Normalised(unknownBody, unknown)));
        Assert.DoesNotContain("ロック", realBody, StringComparison.Ordinal);

        // The wait grows with each further failure, and ends.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var (_, sixth) = await LoginAsync(guesser, user.UserName, "wrong again");
        Assert.Contains("利用者名またはパスワードが正しくありません。", sixth, StringComparison.Ordinal);
        var (_, waiting) = await LoginAsync(guesser, user.UserName, AppFactory.Password);
        Assert.Contains("1分後にもう一度", waiting, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var (signedIn, _) = await LoginAsync(guesser, user.UserName, AppFactory.Password);
        await Responses.AssertRedirectAsync(signedIn);
    }

    [Fact]
    public async Task Someone_guessing_a_colleagues_password_does_not_lock_her_out()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("colleague"), Roles.ForumSecretariat, world.TownOffice.Id);
        // She has signed in from her own desk before.
        var (first, _) = await LoginAsync(From("203.0.113.20"), user.UserName, AppFactory.Password);
        await Responses.AssertRedirectAsync(first);

        // Someone tries many passwords from many machines, waiting out every delay.
        for (var i = 0; i < 60; i++)
        {
            await LoginAsync(From($"203.0.113.{100 + (i / 5)}"), user.UserName, "guess " + i);
        }

        // At her own desk she signs in at once; from a new machine she may wait, but never long.
        var (atDesk, _) = await LoginAsync(From("203.0.113.20"), user.UserName, AppFactory.Password);
        await Responses.AssertRedirectAsync(atDesk);
        var newMachine = From("203.0.113.21");
        var (elsewhere, body) = await LoginAsync(newMachine, user.UserName, AppFactory.Password);
        if (elsewhere.StatusCode != HttpStatusCode.Redirect)
        {
            var wait = Wait().Match(body);
            Assert.True(wait.Success, MainText(body));
            var seconds = int.Parse(wait.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (wait.Groups[2].Value == "分" ? 60 : 1);
            Assert.InRange(seconds, 1, 30);
            app.Clock.Advance(TimeSpan.FromSeconds(seconds + 1));
            (elsewhere, _) = await LoginAsync(newMachine, user.UserName, AppFactory.Password);
        }

        await Responses.AssertRedirectAsync(elsewhere);
    }

    [Fact]
    public async Task Failures_sent_in_parallel_are_all_counted()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("parallel"), Roles.ForumSecretariat, world.TownOffice.Id);
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => LoginAsync(From("192.0.2.50"), user.UserName, "wrong password number " + i)));
        Assert.All(all, a => Assert.Equal(HttpStatusCode.OK, a.Response.StatusCode));
        var (_, body) = await LoginAsync(From("192.0.2.50"), user.UserName, AppFactory.Password);
        // Every attempt that was let through is counted (30 s after the fifth, doubling): eight when all arrive together, as
        // on a loaded machine; on an idle one the later ones can arrive after the fifth failure was counted and are turned
        // away unchecked, which costs nothing. A lost increment would shorten the wait below what the attempts let through say.
        var counted = all.Count(a => !Wait().IsMatch(a.Body));
        Assert.InRange(counted, 5, 8);
        var expected = 30 * (1 << (counted - 5));
        var shown = Wait().Match(body);
        Assert.True(shown.Success, "the right password was not slowed down");
        var seconds = int.Parse(shown.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * (shown.Groups[2].Value == "分" ? 60 : 1);
        Assert.InRange(seconds, shown.Groups[2].Value == "分" ? expected - 59 : expected, shown.Groups[2].Value == "分" ? expected + 59 : expected);
    }

    [Fact]
    public async Task Wrong_authenticator_codes_are_slowed_down_too()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("totp"), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var client = From("192.0.2.60");
        await AppFactory.PostLoginAsync(client, user.UserName, AppFactory.Password);
        var wrong = ((int.Parse(app.CurrentCode(user), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 5; i++)
        {
            await AppFactory.PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = wrong });
        }

        var refused = await AppFactory.PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = app.CurrentCode(user) });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("秒後にもう一度", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var accepted = await AppFactory.PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = app.CurrentCode(user) });
        await Responses.AssertRedirectAsync(accepted);
    }

    [GeneratedRegex("value=\"CfDJ8[^\"]*\"")]
    private static partial Regex Token();

    [GeneratedRegex("<main[\\s\\S]*</main>")]
    private static partial Regex MainElement();

    [GeneratedRegex(@"(\d+)(秒|分)後にもう一度")]
    private static partial Regex Wait();
}
