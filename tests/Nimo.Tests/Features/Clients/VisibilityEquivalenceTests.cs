using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Clients;

/// <summary>
/// The visibility rule is written three ways for speed (ADR 0005's single rule as one SQL predicate, as a union of id sets
/// for lists and searches, and in memory for one client's cases). On a random world of owners, consents, purposes,
/// withdrawals and expiries, all three must let every organisation see exactly the same records.
/// </summary>
public sealed class VisibilityEquivalenceTests
{
    [Fact]
    public async Task Lists_searches_and_the_client_page_see_exactly_what_the_rule_allows()
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        var today = new DateOnly(2026, 11, 20);
        var organisations = new[] { world.CityHealthCenter, world.CityPartner, world.TownOffice, world.AreaHealthCenter, world.TownFamilyAssociation };
        await app.WithDbAsync(async db =>
        {
            var orgs = await db.Organizations.Where(o => organisations.Select(x => x.Id).Contains(o.Id)).ToListAsync();
            var random = new Random(20261123);
            var purposes = Enum.GetValues<ConsentPurpose>();
            var programmes = Enum.GetValues<Programme>();
            for (var i = 0; i < 80; i++)
            {
                var client = Client.Register(orgs[random.Next(orgs.Count)], null, $"可視 試験{i}", "かし しけん", new DateOnly(1970, 1, 1).AddDays(i), Sex.Other, today, "test", app.Clock.GetUtcNow());
                for (var k = random.Next(0, 4); k > 0; k--)
                {
                    var named = orgs.Where(_ => random.Next(3) == 0).ToList();
                    var since = random.Next(0, 400);
                    // Some expire before today, some after, most never.
                    var consent = client.RecordConsent(purposes[random.Next(purposes.Length)], "試験", named, today.AddDays(-since), ConsentGiver.Person,
                        ConsentForm.Written, random.Next(4) == 0 ? today.AddDays(-since + random.Next(1, 2 * since + 2)) : null, today, "test");
                    if (random.Next(5) == 0)
                    {
                        consent.Withdraw(today, "試験");
                    }
                }

                db.Clients.Add(client);
                for (var c = random.Next(0, 3); c > 0; c--)
                {
                    db.SupportCases.Add(SupportCase.Open(client, programmes[random.Next(programmes.Length)], today.AddDays(-random.Next(1, 300)), null, null, null, today));
                }
            }

            await db.SaveChangesAsync();
        });

        var sharedSeen = 0;
        foreach (var organisation in organisations)
        {
            var scope = new UserScope("u", "u", Roles.MunicipalStaff, organisation.Id, organisation.Name, organisation.RegionId, "", "/", [], true);
            await app.WithDbAsync(async db =>
            {
                var rule = await db.SupportCases.VisibleTo(db, scope, today).Select(c => c.Id).OrderBy(x => x).ToListAsync();
                var list = await db.SupportCases.VisibleForList(db, scope, today).Select(c => c.Id).OrderBy(x => x).ToListAsync();
                Assert.Equal(rule, list);

                var clients = await db.Clients.VisibleTo(db, scope, today).Select(c => c.Id).OrderBy(x => x).ToListAsync();
                var search = await db.Clients.VisibleForSearch(db, scope, today).Select(c => c.Id).OrderBy(x => x).ToListAsync();
                Assert.Equal(clients, search);

                // The client page: every case of each visible client, filtered in memory with its loaded consents.
                var inMemory = new List<int>();
                foreach (var id in clients)
                {
                    var consents = await db.Consents.AsNoTracking().Include(k => k.Organizations).Where(k => k.ClientId == id).ToListAsync();
                    var cases = await db.SupportCases.AsNoTracking().Where(c => c.ClientId == id).ToListAsync();
                    inMemory.AddRange(cases.Where(c => scope.CanSee(c, consents, today)).Select(c => c.Id));
                }

                Assert.Equal(rule, inMemory.Order());
                sharedSeen += await db.SupportCases.CountAsync(c => rule.Contains(c.Id) && c.OwnerOrganizationId != organisation.Id);
            });
        }

        // The world must exercise sharing by consent, not only ownership, or the comparison proves little.
        Assert.True(sharedSeen > 10, $"only {sharedSeen} cases were seen through a consent");
    }
}
