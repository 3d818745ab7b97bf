using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// Work past its date, met as a nurse meets it: the clock moves on, the period of a 退院後支援 case and a 地域移行支援 grant
/// run out, nobody records anything. Overdue means more attention: listed as 期限切れ until dealt with, never dropped, and
/// no longer counted as 支援中.
/// </summary>
public sealed partial class OverdueWorkTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Periods_and_grants_past_their_end_stay_listed_as_expired_until_dealt_with_and_stop_counting_as_active()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, user) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (_, dischargeCase) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 期限子", "みほん きげんこ", dischargedDaysAgo: 0);
        var (transitionCase, periodEnd) = await app.WithDbAsync(async (db, _) =>
        {
            var today = JapanTime.Today(app.Clock);
            var owner = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var client = Client.Register(owner, null, "見本 移行子", "みほん いこうこ", new DateOnly(1962, 5, 6), Sex.Female, today, "seed", app.Clock.GetUtcNow());
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            var transition = SupportCase.Open(client, Programme.CommunityTransition, today, "精神保健係", null, "長期入院者の地域移行", today);
            db.SupportCases.Add(transition);
            await db.SaveChangesAsync();
            transition.AddGrant(GrantKind.Transition, today, null, false);
            await db.SaveChangesAsync();
            var end = await db.DischargePlans.Where(p => p.CaseId == dischargeCase).Select(p => p.PeriodEndsOn!.Value).SingleAsync();
            return (transition.Id, end);
        });

        // Just discharged: nothing is due.
        Assert.DoesNotContain("見本 期限子", CaseReminders(await Casework.HtmlAsync(nurse, "/")), StringComparison.Ordinal);

        // Twenty days before the end of the period: due soon, not expired.
        MoveTo(periodEnd.AddDays(-20));
        nurse = await Casework.SignInAgainAsync(app, user);
        var soon = CaseReminders(await Casework.HtmlAsync(nurse, "/"));
        Assert.Contains("見本 期限子", soon, StringComparison.Ordinal);
        Assert.DoesNotContain("期限切れ", soon, StringComparison.Ordinal);

        // Three years on and nobody recorded anything: both are listed as 期限切れ, on the home page and the case list.
        MoveTo(periodEnd.AddYears(3));
        nurse = await Casework.SignInAgainAsync(app, user);
        var home = CaseReminders(await Casework.HtmlAsync(nurse, "/"));
        Assert.Matches("期限切れ[^。]*見本 期限子|見本 期限子[^。]*期限切れ", home);
        Assert.Matches("期限切れ[^。]*見本 移行子|見本 移行子[^。]*期限切れ", home);
        Assert.DoesNotMatch("(?<!・)期限が近い支援ケース\\(", home);
        var list = Casework.Text(await Casework.HtmlAsync(nurse, "/Cases"));
        Assert.Contains("期限切れ", list, StringComparison.Ordinal);
        Assert.Contains("見本 移行子", list, StringComparison.Ordinal);

        // The case page says so next to the days of support.
        var casePage = Casework.Text(await Casework.HtmlAsync(nurse, $"/Cases/Details/{dischargeCase}"));
        Assert.Contains($"支援期間の終わり({JapaneseDate.Format(periodEnd)})を{periodEnd.AddYears(3).DayNumber - periodEnd.DayNumber:#,0}日過ぎています", casePage, StringComparison.Ordinal);

        // De-identified counts: by the period, the case is no longer 支援中 but 期限切れ.
        var stats = await Casework.HtmlAsync(nurse, "/Cases/Stats");
        var discharge = Cells(stats, SupportCase.ProgrammeLabels[Programme.DischargeSupport]);
        var header = Headers(stats);
        Assert.Equal("0", discharge[header.IndexOf("現在支援中")]);
        // Every record in the cell is the nurse's own organisation's, so it is shown exactly (ADR 0005).
        Assert.Equal("1", discharge[header.FindIndex(h => h.StartsWith("期限切れ", StringComparison.Ordinal))]);
        Assert.Equal("0", Cells(stats, SupportCase.ProgrammeLabels[Programme.CommunityTransition])[header.IndexOf("現在支援中")]);

        // Dealt with: the period's end recorded, the transition ended; nothing is listed any more.
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, $"/Cases/Details/{dischargeCase}",
            new() { ["reason"] = "PeriodEnded", ["endedOn"] = periodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["note"] = "期間満了で終了" },
            $"/Cases/Details/{dischargeCase}?handler=End"));
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, $"/Cases/Details/{transitionCase}",
            new() { ["reason"] = "GoalReached", ["endedOn"] = JapanTime.Today(app.Clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["note"] = "地域生活に移行" },
            $"/Cases/Details/{transitionCase}?handler=End"));
        var after = CaseReminders(await Casework.HtmlAsync(nurse, "/"));
        Assert.DoesNotContain("見本 期限子", after, StringComparison.Ordinal);
        Assert.DoesNotContain("見本 移行子", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_move_waiting_for_consent_is_listed_on_the_home_page_and_beside_a_period_ending_on_the_same_case()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, user) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (_, moving) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 転居子", "みほん てんきょこ", dischargedDaysAgo: 0);
        var (_, staying) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 残留子", "みほん ざんりゅうこ", dischargedDaysAgo: 0);
        var before = Casework.Text(await Casework.HtmlAsync(nurse, "/"));
        Assert.DoesNotContain("転居の引継ぎ", before, StringComparison.Ordinal);

        // The nurse records the move through the case page, with no consent for the new 保健所 yet.
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, $"/Cases/Details/{moving}",
            new() { ["municipality"] = "見本市", ["receiverId"] = world.AreaHealthCenter.Id.ToString(CultureInfo.InvariantCulture) },
            $"/Cases/Details/{moving}?handler=Move"));
        var home = Casework.Text(await Casework.HtmlAsync(nurse, "/"));
        Assert.Contains("期限が近い支援ケース(1)", home, StringComparison.Ordinal);
        Assert.Contains("見本 転居子: 転居の引継ぎ(同意の確認待ち)", home, StringComparison.Ordinal);
        Assert.DoesNotContain("見本 残留子", home, StringComparison.Ordinal);

        // Near the end of its period the same case owes both, each listed once; the other case owes its period's end.
        var periodEnd = await app.WithDbAsync((db, _) => db.DischargePlans.Where(p => p.CaseId == moving).Select(p => p.PeriodEndsOn!.Value).SingleAsync());
        MoveTo(periodEnd.AddDays(-5));
        nurse = await Casework.SignInAgainAsync(app, user);
        foreach (var page in new[] { "/", "/Cases" })
        {
            var later = Casework.Text(await Casework.HtmlAsync(nurse, page));
            Assert.Equal(2, Regex.Count(later, "見本 転居子: "));
            Assert.Contains("見本 転居子: 転居の引継ぎ(同意の確認待ち)", later, StringComparison.Ordinal);
            Assert.Contains("見本 転居子: 退院後支援の期間終了(計画の見直し・延長または終了)", later, StringComparison.Ordinal);
            Assert.Contains("見本 残留子: 退院後支援の期間終了(計画の見直し・延長または終了)", later, StringComparison.Ordinal);
        }

        Assert.Contains("期限が近い支援ケース(3)", Casework.Text(await Casework.HtmlAsync(nurse, "/")), StringComparison.Ordinal);
    }

    private void MoveTo(DateOnly day)
    {
        var target = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), JapanTime.Offset);
        app.Clock.Advance(target - app.Clock.GetUtcNow());
    }

    /// <summary>The home page's text (the case reminders are on it with everything else the user must do).</summary>
    private static string CaseReminders(string html) => Casework.Text(html);

    private static List<string> Headers(string html) =>
        [.. HeaderCell().Matches(html[html.IndexOf("<thead>", StringComparison.Ordinal)..]).Take(8).Select(m => Casework.Text(m.Groups[1].Value).Trim())];

    private static List<string> Cells(string html, string rowLabel)
    {
        var row = Regex.Match(html, $"<tr><th scope=\"row\">{Regex.Escape(rowLabel)}</th>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row {rowLabel}");
        return [rowLabel, .. DataCell().Matches(row.Groups[1].Value).Select(m => Casework.Text(m.Groups[1].Value).Trim())];
    }

    [GeneratedRegex("<th scope=\"col\">(.*?)</th>", RegexOptions.Singleline)]
    private static partial Regex HeaderCell();

    [GeneratedRegex("<td[^>]*>(.*?)</td>", RegexOptions.Singleline)]
    private static partial Regex DataCell();
}
