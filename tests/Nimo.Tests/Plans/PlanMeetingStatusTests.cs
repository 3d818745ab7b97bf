using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Plans;

/// <summary>
/// A meeting on a plan's schedule reads as the forum pages read it (issue 13 item 13): 「予定」 until its time, then
/// 「記録待ち」 until someone records it, on the plan page and on the report sheet.
/// </summary>
public sealed class PlanMeetingStatusTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_scheduled_meeting_whose_time_has_passed_shows_awaiting_record_on_the_plan_and_the_sheet_not_planned()
    {
        var world = await app.CreateWorldAsync();
        var editor = await app.CreateUserAsync("plm-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(editor);
        var town = world.TownOffice.RegionId;
        var year = FiscalYear.Of(JapanTime.Today(app.Clock)).StartYear;
        // Tomorrow at 14:00 in Japan.
        var tomorrow = JapanTime.Today(app.Clock).AddDays(1);
        var starts = new DateTimeOffset(tomorrow.ToDateTime(new TimeOnly(14, 0)), JapanTime.Offset);
        var meetingId = await app.WithDbAsync(async (db, _) =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == town);
            var forum = Forum.Create(region, "みどり町 協議の場 " + Guid.NewGuid().ToString("N")[..4], ForumKind.Main, null);
            db.Forums.Add(forum);
            await db.SaveChangesAsync();
            var meeting = Meeting.Create(forum, "第3回協議の場", starts, starts.AddHours(2), MeetingFormat.InPerson, "町役場 会議室");
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            return meeting.Id;
        });
        var fy = year.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year={fy}", new() { ["year"] = fy }, $"/Plans/Details/{town}?handler=Create")).StatusCode);
        var planId = await app.WithDbAsync((db, _) => db.Plans.Where(p => p.RegionId == town && p.FiscalYear == year).Select(p => p.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(client, $"/Plans/Schedule/{planId}?kind=ThisYear", new()
        {
            ["Input.Kind"] = "ThisYear", ["Input.When"] = $"{tomorrow.Month}月", ["Input.Title"] = "第3回協議の場", ["Input.MeetingId"] = meetingId.ToString(CultureInfo.InvariantCulture),
        })).StatusCode);

        var date = JapaneseDate.Format(tomorrow);
        Assert.Contains($"{date} 予定", await TextAsync(client, $"/Plans/Details/{town}?year={fy}"), StringComparison.Ordinal);
        Assert.Contains($"{date} 予定", await TextAsync(client, $"/Plans/Sheet/{town}?year={fy}"), StringComparison.Ordinal);

        // Two days on the meeting is over and nobody recorded it: the plan says so, as the forum does.
        app.Clock.Advance(TimeSpan.FromDays(2));
        client = await app.SignInAsync(editor);
        var plan = await TextAsync(client, $"/Plans/Details/{town}?year={fy}");
        Assert.Contains($"{date} 記録待ち", plan, StringComparison.Ordinal);
        Assert.DoesNotContain($"{date} 予定", plan, StringComparison.Ordinal);
        var sheet = await TextAsync(client, $"/Plans/Sheet/{town}?year={fy}");
        Assert.Contains($"{date} 記録待ち", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain($"{date} 予定", sheet, StringComparison.Ordinal);
        Assert.Contains("記録待ち", await TextAsync(client, $"/Forums/Meeting/{meetingId}"), StringComparison.Ordinal);
    }

    private static async Task<string> TextAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));
}
