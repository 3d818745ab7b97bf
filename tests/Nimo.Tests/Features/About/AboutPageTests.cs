using System.Net;
using System.Reflection;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.About;

public sealed class AboutPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_signed_in_user_reads_the_version_to_quote_and_the_open_source_components_inside()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("about-" + Guid.NewGuid().ToString("N")[..8], Roles.ForumSecretariat, world.TownOffice.Id);
        var client = app.CreateClient();
        await AppFactory.PostLoginAsync(client, user.UserName, AppFactory.Password);

        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("<a href=\"/About\">このシステムについて</a>", home, StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/About"));
        var version = typeof(Nimo.Features.About.IndexModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Contains($"<dt>版</dt><dd>{version}</dd>", page, StringComparison.Ordinal);
        Assert.Contains("外部との通信", page, StringComparison.Ordinal);
        // The packages the build resolved, each with its version, read from the app's dependency file.
        Assert.Matches(@"<tr><td>DocumentFormat\.OpenXml</td><td>\d+\.\d+\.\d+</td></tr>", page);
        Assert.Contains("<tr><td>Ical.Net</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("部品の一覧ファイル", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_the_login_and_the_login_page_does_not_link_it()
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/About");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location!.AbsolutePath);
        var login = await client.GetStringAsync("/Account/Login");
        Assert.DoesNotContain("/About", login, StringComparison.Ordinal);
    }
}
