using Nimo.Features.Events;
using Nimo.Features.Organizations;
using Nimo.Platform.Identity;
using static Nimo.Tests.Features.Events.EventKit;

namespace Nimo.Tests.Features.Events;

/// <summary>
/// The events' part of the home page: the events a person runs whose result is not recorded yet, and those in the next two
/// weeks. Runs means what <see cref="EventAccess.CanManage(Nimo.Platform.Scoping.UserScope, Event)"/> allows; the query
/// that finds them starts from the organiser (issue 20), so each kind of organiser is tried: the user's own organisation,
/// another one in the user's area, one in another town, the prefecture above, and a sensitive event of a partner.
/// </summary>
public sealed class EventsHomePanelTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private async Task<string> HomeAsync(string role, Organization org)
    {
        var user = await app.CreateUserAsync("evhome-" + Tag(), role, org.Id, twoFactor: Roles.RequiresTwoFactor(role));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(user);
        return await TextAsync(await client.GetAsync("/"));
    }

    [Fact]
    public async Task The_home_page_lists_the_events_a_person_runs_and_no_other()
    {
        var w = await app.CreateWorldAsync();
        var tag = Tag();
        string Title(string what) => $"{what} {tag}";
        await CreateAsync(app, w.CityPartner, Input(InDays(app, -2), Title("地域の作業所の講演会")));
        await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, 3), Title("保健所のこころの講演会")));
        await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, -5), Title("保健所の開催済み研修")), held: true);
        await CreateAsync(app, w.TownOffice, Input(InDays(app, -2), Title("隣町の講演会")));
        await CreateAsync(app, w.Prefecture, Input(InDays(app, 4), Title("県の研修会")));
        await CreateAsync(app, w.CityPartner, Input(InDays(app, 5), Title("作業所の家族教室"), kind: EventKind.FamilyClass, audiences: Audience.Families));

        // The city's 保健所: its own and its area's events, not the town's or the prefecture's, not a partner's 家族教室.
        var city = await HomeAsync(Roles.MunicipalStaff, w.CityHealthCenter);
        Assert.Contains("開催結果が未記録の催し", city, StringComparison.Ordinal);
        Assert.Contains(Title("地域の作業所の講演会"), city, StringComparison.Ordinal);
        Assert.Contains("2週間以内の催し", city, StringComparison.Ordinal);
        Assert.Contains(Title("保健所のこころの講演会"), city, StringComparison.Ordinal);
        foreach (var other in new[] { "保健所の開催済み研修", "隣町の講演会", "県の研修会", "作業所の家族教室" })
        {
            Assert.DoesNotContain(Title(other), city, StringComparison.Ordinal);
        }

        // The partner runs only its own events, its 家族教室 among them.
        var partner = await HomeAsync(Roles.PartnerStaff, w.CityPartner);
        Assert.Contains(Title("地域の作業所の講演会"), partner, StringComparison.Ordinal);
        Assert.Contains(Title("作業所の家族教室"), partner, StringComparison.Ordinal);
        foreach (var other in new[] { "保健所のこころの講演会", "隣町の講演会", "県の研修会" })
        {
            Assert.DoesNotContain(Title(other), partner, StringComparison.Ordinal);
        }

        // The prefecture covers the city and the town, and runs its own; a partner's 家族教室 stays the partner's.
        var prefecture = await HomeAsync(Roles.PrefectureStaff, w.Prefecture);
        foreach (var run in new[] { "地域の作業所の講演会", "保健所のこころの講演会", "隣町の講演会", "県の研修会" })
        {
            Assert.Contains(Title(run), prefecture, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Title("作業所の家族教室"), prefecture, StringComparison.Ordinal);
    }
}
