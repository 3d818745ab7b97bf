using System.Globalization;
using System.Net;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Forums.ForumSetup;

namespace Nimo.Tests.Features.Forums;

/// <summary>
/// A secretariat that fell behind: the home page lists the oldest meetings still to record and says how many wait in all.
/// A class of its own, so that the secretariat's forums hold only this test's meetings.
/// </summary>
public sealed class MeetingsToRecordTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_home_page_lists_the_oldest_ten_meetings_to_record_counts_all_of_them_and_brings_the_next_when_one_is_recorded()
    {
        var l = await LayersAsync(app);
        var secretary = await app.CreateUserAsync(Name("town"), Roles.MunicipalStaff, l.World.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var town = await app.SignInAsync(secretary);
        // Twelve fortnightly meetings planned from tomorrow, and one a year ahead.
        var today = JapanTime.Today(app.Clock);
        var meetings = new List<int>();
        for (var n = 1; n <= 12; n++)
        {
            meetings.Add(await NewMeetingAsync(town, l.Town, $"第{n}回 定例会", Day(today.AddDays(n * 14))));
        }

        var nextYear = await NewMeetingAsync(town, l.Town, "来年度 第1回 定例会", Day(today.AddDays(365)));

        // Half a year later nobody has recorded any of them.
        app.Clock.Advance(TimeSpan.FromDays(14 * 12 + 1));
        town = await app.SignInAsync(secretary);
        var home = WebUtility.HtmlDecode(await PageAsync(town, "/"));
        Assert.Contains("開催日を過ぎた会議の記録(12)", home, StringComparison.Ordinal);
        Assert.Contains("古いものから10件を表示しています。ほかに2件が記録を待っています。1件記録するごとに、次の会議がここに表示されます。", home, StringComparison.Ordinal);
        Assert.All(meetings.Take(10), id => Assert.Contains($"href=\"/Forums/Meeting/{id}#record\"", home, StringComparison.Ordinal));
        Assert.All(meetings.Skip(10).Append(nextYear), id => Assert.DoesNotContain($"href=\"/Forums/Meeting/{id}#record\"", home, StringComparison.Ordinal));

        // The first is recorded as held: eleven wait, and the eleventh comes onto the list.
        var record = await AppFactory.PostFormAsync(town, $"/Forums/Meeting/{meetings[0]}", new()
        {
            ["Record.Version"] = await VersionOfMeetingAsync(app, meetings[0]), ["Record.Agenda"] = "地域移行の進み具合",
            ["Record.Minutes"] = "長期入院者の退院意向の確認を進めることを確認した。", ["Record.Decisions"] = "次回までに病院訪問の日程を決める", ["Record.MarkHeld"] = "true",
        }, $"/Forums/Meeting/{meetings[0]}?handler=Record");
        await Responses.AssertRedirectAsync(record);
        home = WebUtility.HtmlDecode(await PageAsync(town, "/"));
        Assert.Contains("開催日を過ぎた会議の記録(11)", home, StringComparison.Ordinal);
        Assert.Contains("ほかに1件が記録を待っています。", home, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/Forums/Meeting/{meetings[0]}#record\"", home, StringComparison.Ordinal);
        Assert.All(meetings.Skip(1).Take(10), id => Assert.Contains($"href=\"/Forums/Meeting/{id}#record\"", home, StringComparison.Ordinal));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
