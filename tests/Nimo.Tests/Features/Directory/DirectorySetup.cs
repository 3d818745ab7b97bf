using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Directory;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Directory;

/// <summary>Building blocks of the directory tests: users of the test world, services made through the domain, page helpers.</summary>
public static class DirectorySetup
{
    public static string Tag() => Guid.NewGuid().ToString("N")[..6];

    public static async Task<HttpClient> UserAsync(AppFactory app, int organizationId, string role)
    {
        var user = await app.CreateUserAsync(role.ToLowerInvariant() + "-" + Tag(), role, organizationId, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        return await app.SignInAsync(user);
    }

    public static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A service made and published through the domain, at the given places; returns its id.</summary>
    public static async Task<Guid> ServiceAsync(AppFactory app, int organizationId, string name, string kana, string[] categories, string? schedule = null,
        Guid[]? locations = null, string[]? kinds = null, bool publish = true, string? phone = null, int[]? areas = null)
    {
        var id = await app.WithDbAsync(async (db, _) =>
        {
            var now = app.Clock.GetUtcNow();
            var organization = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == organizationId);
            var service = DirectoryService.Create(organization, now);
            var terms = await db.TaxonomyTerms.ToListAsync();
            var regions = await db.Regions.ToListAsync();
            var places = await db.DirectoryLocations.Where(l => l.OrganizationId == organizationId).ToListAsync();
            var schedules = new List<ScheduleContent>();
            if (schedule is not null)
            {
                Assert.True(Recurrence.TryParseJapanese(schedule, out var rule, out var opens, out var closes, out var error), error);
                schedules.Add(new ScheduleContent(rule.ToRule(), opens, closes, null));
            }

            var termIds = categories.Select(c => Taxonomies.TermId(Taxonomies.Categories, c)).Concat((kinds ?? []).Select(k => Taxonomies.TermId(Taxonomies.ServiceKinds, k))).ToList();
            var content = new ServiceContent(name, kana, null, name + "の説明", ServiceStatus.Active, null, null, null, null, null, null, null, null, [], ["ja"],
                phone is null ? [] : [new PhoneContent(phone, null)], schedules, termIds, areas ?? [organization.RegionId], locations ?? []);
            service.Apply(content, terms, regions, places, now);
            service.Assure(Nimo.Platform.Japanese.JapanTime.Today(app.Clock), now);
            if (publish)
            {
                service.Publish(now);
            }

            db.DirectoryServices.Add(service);
            DirectoryStamp.Touch(db);
            await db.SaveChangesAsync();
            return service.Id;
        });
        app.Services.GetRequiredService<DirectoryCache>().Invalidate();
        return id;
    }

    public static async Task<Guid> LocationAsync(AppFactory app, int organizationId, string name, string? street, bool confidential, decimal? lat = null, decimal? lon = null,
        string? postal = null, AccessibilityFeatures accessibility = AccessibilityFeatures.None, int? regionId = null)
    {
        return await app.WithDbAsync(async (db, _) =>
        {
            var now = app.Clock.GetUtcNow();
            var organization = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == organizationId);
            var region = await db.Regions.SingleAsync(r => r.Id == (regionId ?? organization.RegionId));
            var location = DirectoryLocation.Create(organization, now);
            location.Update(name, LocationType.Physical, null, region, postal, street, null, null, accessibility, null, confidential, now);
            location.PlaceAt(lat, lon, CoordinateSource.Manual, now);
            db.DirectoryLocations.Add(location);
            await db.SaveChangesAsync();
            return location.Id;
        });
    }

    public static async Task<Region> RegionOfAsync(AppFactory app, Organization organization) =>
        await app.WithDbAsync((db, _) => db.Regions.SingleAsync(r => r.Id == organization.RegionId));

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, Dictionary<string, string> fields, string? action = null) =>
        await AppFactory.PostFormAsync(client, page, fields, action);

    public static Guid IdFrom(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}");
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }
}
