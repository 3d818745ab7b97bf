using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Features.Liaison;
using Nimo.Features.Plans;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Clients;

/// <summary>
/// Who saw whom: every list and search that shows clients writes one audit entry with the clients it showed (and the
/// search, kept out of what administrators read), and the owning organisation's designated reviewer reads the trail of
/// one client, reads and changes, on its 「閲覧記録」 page. Also: another organisation sees only the consents naming it.
/// </summary>
public sealed class ClientReadTrailTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Name = "見本 記録子";

    private sealed record Data(int ClientId, int OtherClientId, int OutreachCaseId, int SheetId, int IndicatorId);

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<(World World, Data Data)> SeedAsync()
    {
        var world = await app.CreateWorldAsync();
        await Gate.WaitAsync();
        try
        {
            var data = await app.WithDbAsync(async (db, _) =>
            {
                var today = JapanTime.Today(app.Clock);
                var existing = await db.Clients.SingleOrDefaultAsync(c => c.Name == Name);
                if (existing is null)
                {
                    var owner = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.CityHealthCenter.Id);
                    var partner = await db.Organizations.SingleAsync(o => o.Id == world.CityPartner.Id);
                    var area = await db.Organizations.SingleAsync(o => o.Id == world.AreaHealthCenter.Id);
                    var client = Client.Register(owner, owner.Region, Name, "みほん きろくこ", new DateOnly(1980, 4, 1), Sex.Female, today, "seed", app.Clock.GetUtcNow());
                    var other = Client.Register(owner, owner.Region, "見本 別人", "みほん べつじん", new DateOnly(1981, 4, 1), Sex.Male, today, "seed", app.Clock.GetUtcNow());
                    db.Clients.AddRange(client, other);
                    await db.SaveChangesAsync();
                    // The partner is named for outreach only; the 措置入院 discharge support is shared with the area's 保健所.
                    client.RecordConsent(ConsentPurpose.Outreach, "アウトリーチの記録", [partner], today.AddDays(-60), ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
                    var dischargeConsent = client.RecordConsent(ConsentPurpose.DischargeSupport, "措置入院者退院後支援計画", [area], today.AddDays(-200), ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
                    client.RecordConsent(ConsentPurpose.Liaison, "連携票", [partner], today.AddDays(-60), ConsentGiver.Family, ConsentForm.Verbal, null, today, "seed");
                    await db.SaveChangesAsync();
                    var outreach = SupportCase.Open(client, Programme.Outreach, today.AddDays(-50), "担当", null, "紹介", today);
                    outreach.SendToReview();
                    outreach.DecideEligibility(true, today.AddDays(-45), null);
                    // Discharged 5½ months ago: the support period ends within the reminder horizon.
                    var discharge = SupportCase.Open(client, Programme.DischargeSupport, today.AddDays(-200), "担当", null, "通知", today);
                    db.SupportCases.AddRange(outreach, discharge, SupportCase.Open(other, Programme.Consultation, today.AddDays(-10), "担当", null, null, today));
                    await db.SaveChangesAsync();
                    discharge.MakeDischargePlan(dischargeConsent, today);
                    discharge.StartSupport(today.AddDays(-170), new DischargeSupportRules(), today);
                    var liaison = await db.Consents.SingleAsync(k => k.ClientId == client.Id && k.Purpose == ConsentPurpose.Liaison);
                    db.LiaisonSheets.Add(LiaisonSheet.Send(client, owner, partner, liaison, "連絡", "状況", null, null, today, app.Clock.GetUtcNow(), "seed"));
                    var plan = Plan.Create(owner.Region, FiscalYear.Of(today).StartYear);
                    plan.AddIndicator(new IndicatorInput("アウトリーチ支援の対象者数", "人", PeriodBasis.PerYear, Direction.MoreIsBetter, null, "5人", null, null, null, null,
                        new OutreachClientsSource(), null, null));
                    db.Plans.Add(plan);
                    await db.SaveChangesAsync();
                    existing = client;
                }

                return new Data(existing.Id, await db.Clients.Where(c => c.Name == "見本 別人").Select(c => c.Id).SingleAsync(),
                    await db.SupportCases.Where(c => c.ClientId == existing.Id && c.Programme == Programme.Outreach).Select(c => c.Id).SingleAsync(),
                    await db.LiaisonSheets.Where(s => s.ClientId == existing.Id).Select(s => s.Id).SingleAsync(),
                    await db.PlanIndicators.Where(i => i.Source == "OutreachClients" && i.Plan.RegionId == world.CityHealthCenter.RegionId).Select(i => i.Id).SingleAsync());
            });
            return (world, data);
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Another_organisation_sees_only_the_consents_that_name_it_and_the_owner_sees_them_all()
    {
        var (world, data) = await SeedAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var partner = await app.SignInAsync(await app.CreateUserAsync("ct-p-" + tag, Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true));
        var owner = await app.SignInAsync(await app.CreateUserAsync("ct-o-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true));

        var seen = WebUtility.HtmlDecode(await partner.GetStringAsync($"/Clients/Details/{data.ClientId}"));
        Assert.Contains("アウトリーチの記録", seen, StringComparison.Ordinal);
        Assert.Contains("地域連携票による情報共有", seen, StringComparison.Ordinal);
        // The outreach partner must not learn of the 措置入院 discharge support, nor who else holds a consent.
        Assert.DoesNotContain("退院後支援", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("措置入院", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(world.AreaHealthCenter.Name, seen, StringComparison.Ordinal);

        var all = WebUtility.HtmlDecode(await owner.GetStringAsync($"/Clients/Details/{data.ClientId}"));
        Assert.Contains("措置入院者退院後支援計画", all, StringComparison.Ordinal);
        Assert.Contains(world.AreaHealthCenter.Name, all, StringComparison.Ordinal);

        // Through the API as well: the client as the partner may see it, without the other consents.
        var api = await app.ApiClientAsync(await app.CreateUserAsync("ct-a-" + tag, Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true));
        var json = await api.GetStringAsync($"/api/v1/clients/{data.ClientId}");
        Assert.DoesNotContain("DischargeSupport", json, StringComparison.Ordinal);
        Assert.DoesNotContain(world.AreaHealthCenter.Name, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_list_and_search_that_shows_clients_writes_one_entry_with_the_clients_it_showed()
    {
        var (world, data) = await SeedAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var user = await app.CreateUserAsync("rt-o-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var owner = await app.SignInAsync(user);
        var partnerUser = await app.CreateUserAsync("rt-p-" + tag, Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true);
        var partner = await app.SignInAsync(partnerUser);

        var problems = new List<string>();
        foreach (var (who, client, userId, url, expected) in new (string, HttpClient, string, string, int[])[]
                 {
                     ("owner", owner, user.Id, "/Clients", [data.ClientId, data.OtherClientId]),
                     ("owner", owner, user.Id, "/Clients?q=みほん", [data.ClientId, data.OtherClientId]),
                     ("owner", owner, user.Id, "/Clients?q=みほん&born=1980-04-01", [data.ClientId]),
                     ("owner", owner, user.Id, "/Cases", [data.ClientId, data.OtherClientId]),
                     ("owner", owner, user.Id, "/Cases?closed=true", [data.ClientId, data.OtherClientId]),
                     ("owner", owner, user.Id, "/Liaison", [data.ClientId]),
                     ("owner", owner, user.Id, "/", [data.ClientId]),
                     ("owner", owner, user.Id, $"/Plans/Count/{data.IndicatorId}", [data.ClientId]),
                     ("partner", partner, partnerUser.Id, "/Clients", [data.ClientId]),
                     ("partner", partner, partnerUser.Id, "/Liaison", [data.ClientId]),
                 })
        {
            var before = await EntriesAsync(userId);
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} {url}: {response.StatusCode}");
            var added = (await EntriesAsync(userId)).Where(e => !before.Any(b => b.Id == e.Id)).ToList();
            if (added.Count != 1)
            {
                problems.Add($"{who} {url}: {added.Count} entries");
                continue;
            }

            var shown = added[0].Subjects.Select(s => s.ClientId).Order().ToArray();
            if (!expected.All(shown.Contains))
            {
                problems.Add($"{who} {url}: clients {string.Join(",", shown)}, expected {string.Join(",", expected)}");
            }

            if (added[0].Detail?.Contains(Name, StringComparison.Ordinal) == true || added[0].Detail?.Contains("みほん", StringComparison.Ordinal) == true)
            {
                problems.Add($"{who} {url}: personal data in the detail administrators read: {added[0].Detail}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // The search itself is kept with the entry, for the reviewer: the 「閲覧記録」 shows what was typed.
        var search = (await EntriesAsync(user.Id)).Last(e => e.Query is not null);
        Assert.Contains("みほん", search.Query!.Text, StringComparison.Ordinal);
        Assert.Contains("1980", search.Query!.Text, StringComparison.Ordinal);

        // The API search and the export too: the ids that left, not only how many.
        var api = await app.ApiClientAsync(user);
        var apiBefore = await EntriesAsync(user.Id);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/clients?q=みほん")).StatusCode);
        var apiEntry = (await EntriesAsync(user.Id)).Single(e => !apiBefore.Any(b => b.Id == e.Id));
        Assert.Contains(data.ClientId, apiEntry.Subjects.Select(s => s.ClientId));
        Assert.Contains("みほん", apiEntry.Query!.Text, StringComparison.Ordinal);
        var exportBefore = await EntriesAsync(user.Id);
        var export = await AppFactory.PostFormAsync(owner, "/Clients?q=みほん", new() { ["reason"] = "会議資料の作成", ["q"] = "みほん" }, "/Clients?handler=Export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var exportEntry = (await EntriesAsync(user.Id)).Where(e => !exportBefore.Any(b => b.Id == e.Id)).Single(e => e.Action == AuditActions.Export);
        Assert.Equal([data.ClientId, data.OtherClientId], exportEntry.Subjects.Select(s => s.ClientId).Order().ToArray());
    }

    [Fact]
    public async Task The_owning_organisations_reviewer_reads_who_read_or_changed_a_client_and_nobody_else_does()
    {
        var (world, data) = await SeedAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var reviewer = await app.CreateUserAsync("rv-r-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var colleague = await app.CreateUserAsync("rv-c-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var partnerUser = await app.CreateUserAsync("rv-p-" + tag, Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true);
        var admin = await app.CreateUserAsync("rv-a-" + tag, Roles.Admin, world.Prefecture.Id, twoFactor: true);

        // The system administrator designates the reviewer; it cannot make itself or someone of another role one.
        var adminClient = await app.SignInAsync(admin);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(adminClient, "/Admin/AccessReviewers", new() { ["userName"] = reviewer.UserName }));
        var refused = await AppFactory.PostFormAsync(adminClient, "/Admin/AccessReviewers", new() { ["userName"] = admin.UserName });
        Assert.Contains("個人情報を扱う役割", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var list = WebUtility.HtmlDecode(await adminClient.GetStringAsync("/Admin/AccessReviewers"));
        Assert.Contains(reviewer.UserName, list, StringComparison.Ordinal);
        Assert.DoesNotContain(Name, list, StringComparison.Ordinal);

        // A partner reads the client and the sheet; a colleague searches and writes a note on the outreach case.
        var partner = await app.SignInAsync(partnerUser);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/Clients/Details/{data.ClientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/Liaison")).StatusCode);
        var other = await app.SignInAsync(colleague);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/Clients?q=みほん")).StatusCode);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(other, $"/Cases/Details/{data.OutreachCaseId}", new()
        {
            ["date"] = "2026-11-20", ["time"] = "10:00", ["kind"] = "Visit", ["minutes"] = "30", ["content"] = "訪問した。",
        }, $"/Cases/Details/{data.OutreachCaseId}?handler=Note"));

        var page = WebUtility.HtmlDecode(await (await app.SignInAsync(reviewer)).GetStringAsync($"/Clients/AccessLog/{data.ClientId}"));
        Assert.Contains("閲覧記録", page, StringComparison.Ordinal);
        Assert.Contains(partnerUser.UserName, page, StringComparison.Ordinal);
        Assert.Contains(world.CityPartner.Name, page, StringComparison.Ordinal);
        Assert.Contains("対象者の詳細", page, StringComparison.Ordinal);
        Assert.Contains("地域連携票の一覧", page, StringComparison.Ordinal);
        Assert.Contains(colleague.UserName, page, StringComparison.Ordinal);
        Assert.Contains("ふりがな・氏名「みほん」", page, StringComparison.Ordinal);
        Assert.Contains("支援記録", page, StringComparison.Ordinal);

        // Nobody else: a colleague without the designation, the partner who reads the client, the administrator.
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/Clients/AccessLog/{data.ClientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync($"/Clients/AccessLog/{data.ClientId}")).StatusCode);
        // The administrator is refused at the folder (personal data, ADR 0005), before any record is looked up: the same
        // answer for a client that does not exist, so the refusal says nothing of whether this one does.
        var asAdmin = await adminClient.GetAsync($"/Clients/AccessLog/{data.ClientId}");
        Assert.Equal(HttpStatusCode.Forbidden, asAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adminClient.GetAsync("/Clients/AccessLog/987654")).StatusCode);
        Assert.DoesNotContain(Name, WebUtility.HtmlDecode(await asAdmin.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The trail is read through an index keyed by client, not by scanning text.
        await app.WithDbAsync(async db =>
        {
            var key = db.Model.FindEntityType(typeof(AuditSubject))!.FindPrimaryKey()!;
            Assert.Equal(nameof(AuditSubject.ClientId), key.Properties[0].Name);
            if (db.Provider == DatabaseProvider.Sqlite)
            {
                var sql = Nimo.Features.Clients.AccessLogModel.Trail(db, [data.ClientId]).ToQueryString();
                var connection = db.Database.GetDbConnection();
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                // The parameter lines ToQueryString puts first go; the id list is the JSON array SQLite's json_each reads.
                // The statement alone (ToQueryString adds parameter lines before and a note after), the id in place of its parameter.
                var statement = sql[sql.IndexOf("SELECT", StringComparison.Ordinal)..].Split("\n\n")[0];
                command.CommandText = "EXPLAIN QUERY PLAN " + System.Text.RegularExpressions.Regex.Replace(statement, "@[A-Za-z_0-9]+", data.ClientId.ToString(CultureInfo.InvariantCulture));
                var plan = new List<string>();
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(3));
                }

                Assert.Contains(plan, p => p.StartsWith("SEARCH a USING", StringComparison.Ordinal) && p.Contains("(ClientId=?)", StringComparison.Ordinal));
                // The one scan allowed is of json_each's virtual table: the list of ids itself, not a table of the database.
                Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal) && !p.Contains("VIRTUAL TABLE", StringComparison.Ordinal));
            }
        });

        // The designation ends: the page is gone for the former reviewer.
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(adminClient, "/Admin/AccessReviewers", new() { ["userName"] = reviewer.UserName },
            "/Admin/AccessReviewers?handler=Remove"));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignInAsync(reviewer)).GetAsync($"/Clients/AccessLog/{data.ClientId}")).StatusCode);
    }

    private Task<List<AuditEntry>> EntriesAsync(string userId) => app.WithDbAsync((db, _) =>
        db.AuditEntries.AsNoTracking().Include(e => e.Subjects).Include(e => e.Query).Where(e => e.UserId == userId && (e.Action == AuditActions.Read || e.Action == AuditActions.Export))
            .OrderBy(e => e.Sequence).ToListAsync());
}
