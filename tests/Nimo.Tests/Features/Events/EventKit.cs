using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Features.Organizations;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Events;

/// <summary>The app with the public forms' per-address limit out of the way (tests post from one address, many times a minute).</summary>
public class EventsAppFactory : AppFactory
{
    protected virtual int PublicFormLimit => 100_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Nimo:PublicFormRateLimitPerMinute", PublicFormLimit.ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>Events of the tests' own, made straight in the database, and the public pages driven over HTTP.</summary>
public static partial class EventKit
{
    public static string Tag() => Guid.NewGuid().ToString("N")[..6];

    public static EventInput Input(DateTimeOffset starts, string title, int? capacity = 30, EventKind kind = EventKind.Lecture, Audience audiences = Audience.Residents) =>
        new(kind, title, "こころの健康についてのお話です。", audiences, EventFormat.InPerson, "テスト市民会館 大ホール", "テスト駅から徒歩5分", null, starts, starts.AddHours(2),
            capacity, true, null, false, false, false, false, null, "テスト市保健所 精神保健係 電話 000-000-0000", Event.DefaultRetentionDays, null, false);

    /// <summary>Creates the event (with its book) for <paramref name="organizer"/>, in the organiser's own region unless told otherwise.</summary>
    public static async Task<int> CreateAsync(AppFactory app, Organization organizer, EventInput input, bool publish = false, int? regionId = null, bool held = false)
    {
        return await app.WithDbAsync(async (db, _) =>
        {
            var org = await db.Organizations.SingleAsync(o => o.Id == organizer.Id);
            var region = await db.Regions.SingleAsync(r => r.Id == (regionId ?? org.RegionId));
            var e = Event.Create(input, org, region, app.Clock.GetUtcNow(), "test");
            if (publish)
            {
                e.Publish(app.Clock.GetUtcNow(), "test");
                await EventListingStamp.TouchAsync(db, default);
            }

            db.Events.Add(e);
            db.EventBooks.Add(EventBook.For(e));
            await db.SaveChangesAsync();
            if (held)
            {
                e.RecordHeld(e.EndsAt > app.Clock.GetUtcNow() ? e.StartsAt : e.EndsAt, "test");
                await db.SaveChangesAsync();
            }

            return e.Id;
        });
    }

    public static DateTimeOffset InDays(AppFactory app, int days, int hour = 14) =>
        new(JapanTime.Today(app.Clock).AddDays(days).ToDateTime(new TimeOnly(hour, 0)), JapanTime.Offset);

    /// <summary>An hour from the test clock's now, on the minute.</summary>
    public static DateTimeOffset Soon(AppFactory app)
    {
        var at = app.Clock.GetUtcNow().AddHours(1);
        return new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).ToOffset(JapanTime.Offset);
    }

    public static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>Posts the public registration form as a resident would (no token, no cookie) and returns the page.</summary>
    public static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, int eventId, string name, string contact, Dictionary<string, string>? more = null)
    {
        var form = new Dictionary<string, string> { ["Form.Name"] = name, ["Form.Contact"] = contact, ["Form.Agree"] = "true" };
        foreach (var (k, v) in more ?? [])
        {
            form[k] = v;
        }

        return await client.PostAsync($"/public/events/{eventId}", new FormUrlEncodedContent(form));
    }

    public static string? NumberIn(string html) => ConfirmationNumberPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static async Task<string> StatusAsync(HttpClient client, string number) =>
        await TextAsync(await client.PostAsync("/public/events/registration", new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = number })));

    public static async Task<HttpResponseMessage> CancelAsync(HttpClient client, string number) =>
        await client.PostAsync("/public/events/registration?handler=Cancel", new FormUrlEncodedContent(new Dictionary<string, string> { ["number"] = number, ["confirm"] = "true" }));

    [GeneratedRegex("class=\"confirmation-number\" lang=\"en\">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<")]
    private static partial Regex ConfirmationNumberPattern();
}
