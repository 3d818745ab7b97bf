using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// A long case as a nurse writes it: many notes on the same day without a time. The page shows the newest fifty in the order
/// they were written, last first, says how many there are, and shows them all on request.
/// </summary>
public sealed partial class CaseNotesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Notes_of_one_day_without_a_time_show_the_newest_fifty_last_written_first_and_all_on_request()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var today = JapanTime.Today(app.Clock);
        var caseId = await app.WithDbAsync(async (db, _) =>
        {
            var own = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var client = db.Clients.Add(Client.Register(own, null, "見本 長記", "みほん ちょうき", new DateOnly(1975, 6, 1), Sex.Male, today, "seed", app.Clock.GetUtcNow())).Entity;
            await db.SaveChangesAsync();
            var supportCase = db.SupportCases.Add(SupportCase.Open(client, Programme.Consultation, today.AddDays(-30), "担当 見本", "精神保健係", null, today)).Entity;
            await db.SaveChangesAsync();
            return supportCase.Id;
        });

        // Fifty-five notes of one day, each written through the page's form with the date and no time.
        for (var i = 1; i <= 55; i++)
        {
            var response = await AppFactory.PostFormAsync(nurse, $"/Cases/Details/{caseId}", new()
            {
                ["date"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["time"] = "", ["kind"] = "Phone", ["minutes"] = "10",
                ["topic"] = "電話", ["content"] = $"第{i:00}報。家族から近況の連絡があった。",
            }, $"/Cases/Details/{caseId}?handler=Note");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var page = Casework.Text(await Casework.HtmlAsync(nurse, $"/Cases/Details/{caseId}"));
        Assert.Equal(Enumerable.Range(6, 50).Reverse().ToList(), Reports(page));
        Assert.Contains("新しい50件を表示しています(全55件)。", page, StringComparison.Ordinal);

        var all = Casework.Text(await Casework.HtmlAsync(nurse, $"/Cases/Details/{caseId}?notes=all"));
        Assert.Equal(Enumerable.Range(1, 55).Reverse().ToList(), Reports(all));
        Assert.DoesNotContain("新しい50件を表示しています", all, StringComparison.Ordinal);
    }

    private static List<int> Reports(string text) => [.. ReportNumber().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    [GeneratedRegex("第(\\d{2})報")]
    private static partial Regex ReportNumber();
}
