using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Account;

public sealed class SessionListTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome 131(Windows)")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70", "Edge 131(Windows)")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox 133(Windows)")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1", "Safari 17(iPhone)")]
    [InlineData("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", "Safari 18(Mac)")]
    [InlineData("Mozilla/5.0 (Linux; Android 14; SH-54D) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36", "Chrome 130(Android)")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36", "Chrome 131(Linux)")]
    [InlineData("Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer 11(Windows)")]
    [InlineData("curl/8.5.0", "その他(curl/8.5.0)")]
    [InlineData("", "不明")]
    public void A_user_agent_is_summarised_as_browser_and_system(string userAgent, string expected) =>
        Assert.Equal(expected, UserAgentSummary.Describe(userAgent));

    [Fact]
    public async Task The_sessions_list_shows_a_readable_summary_instead_of_the_raw_string()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("ua-" + Guid.NewGuid().ToString("N")[..8], Roles.ForumSecretariat, world.TownOffice.Id);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70");
        await AppFactory.PostLoginAsync(client, user.UserName, AppFactory.Password);
        var page = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/Account/Manage"));
        Assert.Contains("Edge 131(Windows)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("AppleWebKit", page, StringComparison.Ordinal);
    }
}
