using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Events.EventKit;

namespace Nimo.Tests.Features.Events;

/// <summary>
/// An event's pages offer a button only when pressing it can succeed, and say when it will (the valid-submission crawler
/// found 開催済みにする before the start and 受付 before the day or on a cancelled event, each refused after the press).
/// </summary>
public sealed class EventPageOffersTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private async Task<HttpClient> OrganiserAsync(Nimo.Features.Organizations.Organization org)
    {
        var user = await app.CreateUserAsync("offer-" + Tag(), Roles.MunicipalStaff, org.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return await app.SignInAsync(user);
    }

    [Fact]
    public async Task Held_is_offered_once_the_event_has_started_and_check_in_from_its_day_but_never_on_a_cancelled_event()
    {
        var w = await app.CreateWorldAsync();
        var client = await OrganiserAsync(w.CityHealthCenter);
        var starts = InDays(app, 2, 10);
        var id = await CreateAsync(app, w.CityHealthCenter, Input(starts, "受付の時機 " + Tag(), kind: Nimo.Features.Events.EventKind.SupporterCourse));
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Events/Roster/{id}", new()
        {
            ["Person.Name"] = "見本 早子", ["Person.Contact"] = "048-222-2222", ["Person.Affiliation"] = "", ["Person.Category"] = "", ["Person.Accommodation"] = "",
        }, $"/Events/Roster/{id}?handler=Register"));

        // Two days before: neither button, and each page says when it will come.
        var details = await TextAsync(await client.GetAsync($"/Events/Details/{id}"));
        Assert.DoesNotContain("?handler=Held", details, StringComparison.Ordinal);
        Assert.Contains("開始日時を過ぎると「開催済みにする」を押せます。", details, StringComparison.Ordinal);
        var roster = await TextAsync(await client.GetAsync($"/Events/Roster/{id}"));
        Assert.DoesNotContain("?handler=CheckIn", roster, StringComparison.Ordinal);
        Assert.Contains("受付は開催当日から記録できます。", roster, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=CompleteAll", roster, StringComparison.Ordinal);

        // On the morning of the day: 受付 is offered, 開催済み not yet; once checked in, 修了 for all is.
        app.Clock.Advance(starts.AddHours(-2) - app.Clock.GetUtcNow());
        client = await OrganiserAsync(w.CityHealthCenter);
        roster = await TextAsync(await client.GetAsync($"/Events/Roster/{id}"));
        Assert.Contains("?handler=CheckIn", roster, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=Held", await TextAsync(await client.GetAsync($"/Events/Details/{id}")), StringComparison.Ordinal);
        var registration = await app.WithDbAsync((db, _) => db.EventRegistrations.Where(r => r.EventId == id).Select(r => r.Id).SingleAsync());
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Events/Roster/{id}",
            new() { ["registrationId"] = registration.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/Events/Roster/{id}?handler=CheckIn"));
        Assert.Contains("?handler=CompleteAll", await TextAsync(await client.GetAsync($"/Events/Roster/{id}")), StringComparison.Ordinal);

        // After the start: 開催済みにする is offered and succeeds.
        app.Clock.Advance(starts.AddMinutes(5) - app.Clock.GetUtcNow());
        // Two hours on, the idle session has ended: the organiser signs in again, as on the day.
        client = await OrganiserAsync(w.CityHealthCenter);
        details = await TextAsync(await client.GetAsync($"/Events/Details/{id}"));
        Assert.Contains("?handler=Held", details, StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Events/Details/{id}", new(), $"/Events/Details/{id}?handler=Held"));
        Assert.Equal(Nimo.Features.Events.EventStatus.Held, await app.WithDbAsync((db, _) => db.Events.Where(e => e.Id == id).Select(e => e.Status).SingleAsync()));

        // A cancelled event the day before it was to be held: no 受付, no 修了 for all, and the page says why.
        var cancelled = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, 1, 10), "中止の日 " + Tag(), kind: Nimo.Features.Events.EventKind.SupporterCourse));
        await AppFactory.PostFormAsync(client, $"/Events/Roster/{cancelled}", new()
        {
            ["Person.Name"] = "見本 中止子", ["Person.Contact"] = "048-333-3333", ["Person.Affiliation"] = "", ["Person.Category"] = "", ["Person.Accommodation"] = "",
        }, $"/Events/Roster/{cancelled}?handler=Register");
        await app.WithDbAsync(async (db, _) =>
        {
            (await db.Events.SingleAsync(e => e.Id == cancelled)).Cancel("台風の接近のため", app.Clock.GetUtcNow(), "test");
            await db.SaveChangesAsync();
            return 0;
        });
        var cancelledRoster = await TextAsync(await client.GetAsync($"/Events/Roster/{cancelled}"));
        Assert.DoesNotContain("?handler=CheckIn", cancelledRoster, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=CompleteAll", cancelledRoster, StringComparison.Ordinal);
        Assert.Contains("中止した催しでは受付できません。", cancelledRoster, StringComparison.Ordinal);
    }
}
