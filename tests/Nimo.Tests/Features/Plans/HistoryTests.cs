using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Plans;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Plans;

/// <summary>取組の経緯: dates as the sheets write them, in time order, written only by the region's editors.</summary>
public sealed class HistoryTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("平成30年9月", WarekiPrecision.YearMonth, 2018, false, "平成30年9月")]
    [InlineData("令和2年", WarekiPrecision.Year, 2020, false, "令和2年")]
    [InlineData("平成18年～", WarekiPrecision.Year, 2006, true, "平成18年～")]
    [InlineData("平成27年度～", WarekiPrecision.FiscalYear, 2015, true, "平成27年度～")]
    [InlineData("令和元年度", WarekiPrecision.FiscalYear, 2019, false, "令和元年度")]
    [InlineData("R5年10月", WarekiPrecision.YearMonth, 2023, false, "令和5年10月")]
    public void When_is_read_as_written_and_written_back_in_wareki(string text, WarekiPrecision precision, int year, bool ongoing, string shown)
    {
        Assert.True(HistoryEntry.TryParseWhen(text, out var when, out var isOngoing));
        Assert.Equal((precision, year, ongoing), (when.Precision, when.Year, isOngoing));
        var region = Nimo.Features.Regions.Region.Create("470007", "テスト県", "てすとけん", Nimo.Features.Regions.RegionKind.Prefecture, Nimo.Features.Regions.MunicipalityFlags.None, null);
        Assert.Equal(shown, HistoryEntry.Create(region, when, isOngoing, "x").WhenText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("R●年●月")]
    [InlineData("そのうち")]
    public void A_missing_or_unreadable_time_is_refused(string text) => Assert.False(HistoryEntry.TryParseWhen(text, out _, out _));

    [Fact]
    public async Task Editors_add_and_change_entries_in_time_order_and_neighbours_only_read()
    {
        var world = await app.CreateWorldAsync();
        var editor = await app.CreateUserAsync("hist-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(editor);
        var page = $"/Plans/History/{world.TownOffice.RegionId}";
        foreach (var (when, text) in new[] { ("令和3年4月", "協議の場を設置"), ("平成30年", "連絡会を設置"), ("令和5年度～", "ピアサポート事業") })
        {
            await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, page, new() { ["Input.When"] = when, ["Input.Text"] = text }));
        }

        var bad = await AppFactory.PostFormAsync(client, page, new() { ["Input.When"] = "来年", ["Input.Text"] = "未定" });
        Assert.Contains("「来年」は読めません", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var html = WebUtility.HtmlDecode(await client.GetStringAsync(page));
        var order = new[] { "平成30年", "令和3年4月", "令和5年度～" }.Select(t => html.IndexOf(t, StringComparison.Ordinal)).ToList();
        Assert.True(order.All(i => i > 0) && order.SequenceEqual(order.Order()), "entries are listed oldest first");

        var entry = await app.WithDbAsync((db, _) => db.HistoryEntries.SingleAsync(e => e.RegionId == world.TownOffice.RegionId && e.Text == "連絡会を設置"));
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, page + "?edit=" + entry.Id, new()
        {
            ["Input.Id"] = entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Version"] = entry.Version.ToString(),
            ["Input.When"] = "平成30年9月", ["Input.Text"] = "連絡会を設置(地域移行・地域定着)",
        }, page));
        Assert.Equal("平成30年9月", await app.WithDbAsync(async (db, _) => (await db.HistoryEntries.SingleAsync(e => e.Id == entry.Id)).WhenText));

        // A neighbouring municipality reads but cannot write; another prefecture does not see the region at all.
        var neighbour = await app.CreateUserAsync("hist-n-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var neighbourClient = await app.SignInAsync(neighbour);
        Assert.Contains("協議の場を設置", await neighbourClient.GetStringAsync(page), StringComparison.Ordinal);
        var forged = await AppFactory.PostFormAsync(neighbourClient, $"/Plans/History/{world.CityPartner.RegionId}", new() { ["Input.When"] = "令和6年", ["Input.Text"] = "なりすまし" }, page);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.False(await app.WithDbAsync((db, _) => db.HistoryEntries.AnyAsync(e => e.Text == "なりすまし")));
    }
}
