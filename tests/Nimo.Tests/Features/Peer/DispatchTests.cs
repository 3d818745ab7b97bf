using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Peer;
using Nimo.Platform.Csv;
using Nimo.Platform.Excel;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Peer;

/// <summary>
/// The dispatch loop through the real pages: a request, the candidates, an offer, the supporter's answer in Nimo or by
/// phone, the report and the statement; registrations that end with their 年度; overlapping bookings; the pay rule.
/// </summary>
public sealed class DispatchTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<(TestUser User, HttpClient Client)> PeerUserAsync(Registry registry)
    {
        var user = await app.CreateUserAsync("peer-s-" + Guid.NewGuid().ToString("N")[..6], Roles.PeerSupporter, registry.World.CityHealthCenter.Id);
        return (user, await app.SignInAsync(user));
    }

    [Fact]
    public async Task The_request_form_takes_every_field_and_reads_them_back()
    {
        // A prefecture's registry: its coordinator places the request in a town of the prefecture.
        var registry = await PeerKit.RegistryAsync(app, prefecture: true);
        var client = registry.Client;
        var region = registry.World.TownOffice.RegionId;
        var response = await AppFactory.PostFormAsync(client, $"/Peer/Request?programmeId={registry.ProgrammeId}", new()
        {
            ["Input.ProgrammeId"] = registry.ProgrammeId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Activity"] = "Talk", ["Input.RequesterKind"] = "Forum",
            ["Input.Requester"] = "みどり町 自立支援協議会", ["Input.RegionId"] = region.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Place"] = "みどり町公民館 2階",
            ["Input.Date"] = "2026-12-10", ["Input.From"] = "13:30", ["Input.To"] = "16:00", ["Input.Purpose"] = "協議会での体験発表(地域移行)",
            ["Input.SupportersNeeded"] = "2", ["Input.AdmissionCategoryId"] = "", ["Input.Version"] = Guid.Empty.ToString(),
        }, $"/Peer/Request?handler=Save&programmeId={registry.ProgrammeId}");
        var page = await PeerKit.FollowAsync(client, response);
        Assert.Contains("依頼を登録しました。", page, StringComparison.Ordinal);
        foreach (var text in new[] { "体験発表・講演", "みどり町 自立支援協議会", "協議の場", "みどり町公民館 2階", "みどり町", "13:30〜16:00", "協議会での体験発表(地域移行)", "2人", "調整中" })
        {
            Assert.Contains(text, page, StringComparison.Ordinal);
        }

        var edit = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString + "?edit=true"));
        Assert.Contains("value=\"2026-12-10\"", edit, StringComparison.Ordinal);
        Assert.Contains("value=\"13:30\"", edit, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Forum\" selected=\"selected\">", edit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registration_made_on_1_October_2024_is_valid_to_31_March_2025_and_a_request_of_1_April_2025_lists_the_supporter_as_needing_renewal_until_they_register_for_R7()
    {
        var registry = await PeerKit.RegistryAsync(app);
        var (user, peer) = await PeerUserAsync(registry);
        var sid = await PeerKit.SupporterAsync(app, registry, "更新 まち", [2024], registeredOn: new DateOnly(2024, 10, 1), userId: user.Id);
        Assert.Equal(new DateOnly(2025, 3, 31), await app.WithDbAsync(async (db, _) => (await db.PeerSupporters.SingleAsync(s => s.Id == sid)).Registrations.Single().ValidTo));
        var rid = await PeerKit.RequestAsync(app, registry, PeerKit.At(2025, 4, 1));

        var page = WebUtility.HtmlDecode(await registry.Client.GetStringAsync($"/Peer/Request/{rid}"));
        Assert.Contains("更新 まち</a> 「要更新」", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"name=\"supporterId\" value=\"{sid}\"", page, StringComparison.Ordinal);
        var refused = await PeerKit.FollowAsync(registry.Client, await AppFactory.PostFormAsync(registry.Client, $"/Peer/Request/{rid}",
            new() { ["supporterId"] = sid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/Peer/Request/{rid}?handler=Offer"));
        Assert.Contains("更新 まちさんは令和7年度の登録が更新されていません(要更新)。登録を更新するまで派遣を確定できません。", refused, StringComparison.Ordinal);

        // Renewed for R7 on its first day: offered, and the supporter accepts in Nimo.
        var renewed = await PeerKit.FollowAsync(registry.Client, await AppFactory.PostFormAsync(registry.Client, $"/Peer/Supporter/{sid}",
            new() { ["fiscalYear"] = "2025", ["registeredOn"] = "2025-04-01", ["pledgedOn"] = "", ["note"] = "更新" }, $"/Peer/Supporter/{sid}?handler=Register"));
        Assert.Contains("更新 まちさんを令和7年度に登録しました(有効期限 令和8年3月31日)。", renewed, StringComparison.Ordinal);
        await PeerKit.FollowAsync(registry.Client, await AppFactory.PostFormAsync(registry.Client, $"/Peer/Request/{rid}",
            new() { ["supporterId"] = sid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/Peer/Request/{rid}?handler=Offer"));
        var dispatchId = await app.WithDbAsync((db, _) => db.PeerDispatches.Where(d => d.RequestId == rid).Select(d => d.Id).SingleAsync());
        var mine = await PeerKit.FollowAsync(peer, await AppFactory.PostFormAsync(peer, "/Peer/My",
            new() { ["dispatchId"] = dispatchId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["accept"] = "true" }, "/Peer/My?handler=Answer"));
        Assert.Contains("を承諾しました。予定に入りました。", mine, StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Confirmed, await app.WithDbAsync((db, _) => db.PeerRequests.Where(r => r.Id == rid).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_decline_returns_the_request_to_調整中_and_a_second_booking_overlapping_the_same_supporter_is_refused_in_Japanese()
    {
        var registry = await PeerKit.RegistryAsync(app);
        var (user, peer) = await PeerUserAsync(registry);
        var sid = await PeerKit.SupporterAsync(app, registry, "重複 はな", [2026], userId: user.Id);
        var first = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 12, 3, 13, 0), hours: 3);
        var second = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 12, 3, 15, 0), hours: 2, place: "別の病院");
        foreach (var rid in new[] { first, second })
        {
            var offered = await PeerKit.FollowAsync(registry.Client, await AppFactory.PostFormAsync(registry.Client, $"/Peer/Request/{rid}",
                new() { ["supporterId"] = sid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/Peer/Request/{rid}?handler=Offer"));
            Assert.Contains("重複 はなさんに打診しました。", offered, StringComparison.Ordinal);
            Assert.Contains("打診中", offered, StringComparison.Ordinal);
        }

        var dispatches = await app.WithDbAsync((db, _) => db.PeerDispatches.Where(d => d.SupporterId == sid).ToDictionaryAsync(d => d.RequestId, d => d.Id));
        await PeerKit.FollowAsync(peer, await AppFactory.PostFormAsync(peer, "/Peer/My",
            new() { ["dispatchId"] = dispatches[first].ToString(System.Globalization.CultureInfo.InvariantCulture), ["accept"] = "true" }, "/Peer/My?handler=Answer"));
        var clash = await PeerKit.FollowAsync(peer, await AppFactory.PostFormAsync(peer, "/Peer/My",
            new() { ["dispatchId"] = dispatches[second].ToString(System.Globalization.CultureInfo.InvariantCulture), ["accept"] = "true" }, "/Peer/My?handler=Answer"));
        Assert.Contains("重複 はなさんは令和8年12月3日 13:00〜16:00に別の派遣が確定しているため、時間の重なるこの依頼には派遣できません。", clash, StringComparison.Ordinal);

        // The coordinator records the supporter's decline, given by phone: the request is back to 調整中.
        var declined = await PeerKit.FollowAsync(registry.Client, await AppFactory.PostFormAsync(registry.Client, $"/Peer/Request/{second}",
            new() { ["dispatchId"] = dispatches[second].ToString(System.Globalization.CultureInfo.InvariantCulture), ["accept"] = "false" }, $"/Peer/Request/{second}?handler=Answer"));
        Assert.Contains("重複 はなさんの辞退(電話)を記録しました。依頼は「調整中」に戻りました。", declined, StringComparison.Ordinal);
        var states = await app.WithDbAsync((db, _) => db.PeerRequests.Where(r => r.Id == first || r.Id == second).ToDictionaryAsync(r => r.Id, r => r.Status));
        Assert.Equal(RequestStatus.Confirmed, states[first]);
        Assert.Equal(RequestStatus.Open, states[second]);
        // A booked supporter is no candidate for the overlapping request.
        var page = WebUtility.HtmlDecode(await registry.Client.GetStringAsync($"/Peer/Request/{second}"));
        Assert.DoesNotContain($"name=\"supporterId\" value=\"{sid}\"", page, StringComparison.Ordinal);
        Assert.Contains("同じ時間に別の派遣が確定しています", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_two_and_a_half_hour_activity_is_paid_at_the_years_rate_plus_travel_and_the_months_total_is_the_sum_of_its_lines()
    {
        // 1,111円/時 rounded down, 380円 flat travel: 150 min → 2,777.5 → 2,777円; 95 min → 1,759.08 → 1,759円; 61 min → 1,129.51 → 1,129円.
        var registry = await PeerKit.RegistryAsync(app, hourlyYen: 1_111, flatTravel: 380);
        var (user, peer) = await PeerUserAsync(registry);
        var a = await PeerKit.SupporterAsync(app, registry, "明細 あき", [2026], userId: user.Id);
        var b = await PeerKit.SupporterAsync(app, registry, "明細 ふゆ", [2026]);
        var r1 = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 10, 6), hours: 2.5);
        var r2 = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 10, 14), hours: 2, needed: 2);
        var r3 = await PeerKit.RequestAsync(app, registry, PeerKit.At(2026, 11, 2), hours: 1);
        await PeerKit.HoldAsync(app, r1, [a]);
        await PeerKit.HoldAsync(app, r2, [a, b], minutes: 95);
        await PeerKit.HoldAsync(app, r3, [b], minutes: 61);

        var mine = WebUtility.HtmlDecode(await peer.GetStringAsync("/Peer/My/Statement?year=2026&month=10"));
        Assert.Contains("2時間30分", mine, StringComparison.Ordinal);
        Assert.Contains("2,777円", mine, StringComparison.Ordinal);
        Assert.Contains("3,157円", mine, StringComparison.Ordinal); // 2,777 + 380
        Assert.Contains("1,759円", mine, StringComparison.Ordinal);
        Assert.DoesNotContain("明細 ふゆ", mine, StringComparison.Ordinal);
        Assert.Contains("謝金 = 時間単価1,111円 × 活動時間(分) ÷ 60、1円未満切り捨て。", mine, StringComparison.Ordinal);

        var month = WebUtility.HtmlDecode(await registry.Client.GetStringAsync($"/Peer/Statements?programmeId={registry.ProgrammeId}&year=2026&month=10"));
        var expected = 2_777 + 380 + (1_759 + 380) * 2;
        Assert.Contains($"この月の合計</th><td class=\"num\">{expected:#,0}円", month, StringComparison.Ordinal);
        Assert.Contains($"報償費</th><td class=\"num\">{2_777 + 1_759 * 2:#,0}円", month, StringComparison.Ordinal);
        Assert.Contains($"旅費</th><td class=\"num\">{380 * 3:#,0}円", month, StringComparison.Ordinal);

        // The 会計 office's files: every line, and a total that is their sum; November is not in October's.
        var csv = await registry.Client.GetByteArrayAsync($"/Peer/Statements?handler=Csv&programmeId={registry.ProgrammeId}&year=2026&month=10");
        var rows = CsvFile.Read(csv, CsvEncoding.Utf8, ["支援者", "謝金(円)", "交通費(円)", "合計(円)"]).Rows;
        Assert.Equal(3, rows.Count);
        Assert.Equal(expected, rows.Sum(r => int.Parse(r.Get("合計(円)"), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(rows, r => Assert.Equal(int.Parse(r.Get("謝金(円)"), System.Globalization.CultureInfo.InvariantCulture) + int.Parse(r.Get("交通費(円)"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(r.Get("合計(円)"), System.Globalization.CultureInfo.InvariantCulture)));
        var sjis = await registry.Client.GetByteArrayAsync($"/Peer/Statements?handler=Csv&encoding=ShiftJis&programmeId={registry.ProgrammeId}&year=2026&month=10");
        Assert.Equal(3, CsvFile.Read(sjis, CsvEncoding.ShiftJis, ["支援者"]).Rows.Count);
        var xlsx = await registry.Client.GetByteArrayAsync($"/Peer/Statements?handler=Xlsx&programmeId={registry.ProgrammeId}&year=2026&month=10");
        var sheet = XlsxFile.Read(xlsx, ["支援者", "活動日", "合計(円)"]).Rows;
        var lines = sheet.Where(r => r.Get("活動日").Length > 0).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(lines.Sum(r => decimal.Parse(r.Get("合計(円)"), System.Globalization.CultureInfo.InvariantCulture)),
            decimal.Parse(sheet.Single(r => r.Get("支援者") == "合計").Get("合計(円)"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(RoundingRule.Down, 150, 1_111, 2_777)]
    [InlineData(RoundingRule.Up, 150, 1_111, 2_778)]
    [InlineData(RoundingRule.Nearest, 150, 1_111, 2_778)]
    [InlineData(RoundingRule.Nearest, 61, 1_111, 1_130)]
    [InlineData(RoundingRule.Down, 150, 1_500, 3_750)]
    public void The_honorarium_is_minutes_times_the_hourly_rate_rounded_as_the_rate_table_states(RoundingRule rule, int minutes, int hourly, int yen) =>
        Assert.Equal(yen, PeerRate.Create(1, 2026, hourly, rule, TravelBasis.Flat, 0, "報償費", "旅費").Honorarium(minutes));
}
