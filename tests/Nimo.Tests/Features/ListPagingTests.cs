using System.Net;
using System.Text.RegularExpressions;
using Nimo.Platform.Identity;
using Nimo.Tests.Features.Directory;
using Nimo.Tests.Features.Events;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

/// <summary>
/// Every paged list, walked as a person walks it: open the list, follow the pager's 「次」 link, and see the next items,
/// none of the first page's, until every item has been shown once. In Razor Pages the route value "page" is the page's
/// own path and wins over the query string unless the property says where it comes from: every 「次」 link showed page 1.
/// </summary>
public sealed partial class ListPagingTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Following_next_on_the_event_lists_shows_every_event_once()
    {
        var world = await app.CreateWorldAsync();
        var tag = EventKit.Tag();
        for (var i = 1; i <= 51; i++)
        {
            await EventKit.CreateAsync(app, world.CityHealthCenter, EventKit.Input(EventKit.InDays(app, 1 + (i / 10), 9 + (i % 10)), $"こころの講座{tag}-{i:00}"), publish: true);
        }

        var user = await app.CreateUserAsync("paging-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var staff = await app.SignInAsync(user);
        var staffPages = await WalkAsync(staff, "/Events", tag);
        Assert.Equal([50, 1], staffPages.Select(p => p.Count));

        var residentPages = await WalkAsync(app.CreateClient(), "/public/events", tag);
        Assert.Equal([20, 20, 11], residentPages.Select(p => p.Count));
    }

    [Fact]
    public async Task Following_next_on_the_directory_lists_shows_every_service_once()
    {
        var world = await app.CreateWorldAsync();
        var tag = DirectorySetup.Tag();
        for (var i = 1; i <= 51; i++)
        {
            await DirectorySetup.ServiceAsync(app, world.CityHealthCenter.Id, $"見本の相談窓口{tag}-{i:00}", "みほんのそうだんまどぐち", ["consultation"]);
        }

        var curator = await DirectorySetup.UserAsync(app, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        var staffPages = await WalkAsync(curator, "/Directory", tag);
        Assert.Equal([50, 1], staffPages.Select(p => p.Count));

        var residentPages = await WalkAsync(app.CreateClient(), "/public/services?q=" + Uri.EscapeDataString("見本の相談窓口" + tag), tag);
        Assert.Equal([20, 20, 11], residentPages.Select(p => p.Count));
    }

    /// <summary>The numbered items of each page, following 「次」 until there is none; each item is on exactly one page.</summary>
    private static async Task<List<HashSet<string>>> WalkAsync(HttpClient client, string url, string tag)
    {
        var pages = new List<HashSet<string>>();
        for (string? next = url; next is not null && pages.Count < 10;)
        {
            var response = await client.GetAsync(next);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{next} answered {(int)response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            var items = Regex.Matches(html, Regex.Escape(tag) + @"-(\d\d)").Select(m => m.Groups[1].Value).ToHashSet();
            Assert.True(items.Count > 0, $"{next} shows none of the items");
            Assert.All(pages, earlier => Assert.Empty(earlier.Intersect(items)));
            pages.Add(items);
            next = Pager().Match(html) is { Success: true } pager && NextLink().Match(pager.Value) is { Success: true } link
                ? WebUtility.HtmlDecode(link.Groups[1].Value) : null;
            if (next is not null && next.StartsWith('?'))
            {
                next = url.Split('?')[0] + next;
            }
        }

        Assert.Equal(51, pages.Sum(p => p.Count));
        return pages;
    }

    [GeneratedRegex("""<nav class="pager"[^>]*>.*?</nav>""", RegexOptions.Singleline)]
    private static partial Regex Pager();

    [GeneratedRegex("""<a href="([^"]+)">次""")]
    private static partial Regex NextLink();
}
