using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Features.Liaison;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Support;

/// <summary>
/// Every personal-data page and API route, walked as a user of another organisation, of another municipality, an
/// administrator and anonymous: refused every time. The table is checked against the app's own route list, so a new
/// route without an entry here fails the test.
/// </summary>
public sealed class PersonalDataAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Secret = "見本 秘匿太郎";

    private sealed record Data(int ClientId, int CaseId, int SheetId, int ConsentId, int PlanCaseId, int ConferenceId);

    private async Task<Data> SeedAsync(World world)
    {
        return await app.WithDbAsync(async (db, _) =>
        {
            var existing = await db.Clients.FirstOrDefaultAsync(c => c.Name == Secret);
            var today = JapanTime.Today(app.Clock);
            if (existing is null)
            {
                var owner = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
                var receiver = await db.Organizations.SingleAsync(o => o.Id == world.AreaHealthCenter.Id);
                var region = await db.Regions.SingleAsync(r => r.Id == owner.RegionId);
                var client = Client.Register(owner, region, Secret, "みほん ひとくたろう", new DateOnly(1975, 5, 5), Sex.Male, today, "seed", app.Clock.GetUtcNow());
                db.Clients.Add(client);
                await db.SaveChangesAsync();
                var consent = client.RecordConsent(ConsentPurpose.General, "支援全般", [receiver], today.AddDays(-10), ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
                await db.SaveChangesAsync();
                var outreach = SupportCase.Open(client, Programme.Outreach, today.AddDays(-5), "担当", null, "紹介", today);
                outreach.AddNote(app.Clock.GetUtcNow().AddHours(-1), NoteKind.Visit, 30, "担当", "訪問", "秘匿の記録内容");
                outreach.HoldConference(today.AddDays(-2), "ケース会議", "秘匿の協議内容").SetAttendees([new(Secret, null, null, AttendeeKind.Person)], null, false, false, false);
                var discharge = SupportCase.Open(client, Programme.DischargeSupport, today.AddDays(-5), "担当", null, "通知", today);
                discharge.MakeDischargePlan(consent, today);
                db.SupportCases.AddRange(outreach, discharge);
                db.LiaisonSheets.Add(LiaisonSheet.Send(client, owner, receiver, consent, "連絡", "秘匿の状況", null, null, today, app.Clock.GetUtcNow(), "seed"));
                await db.SaveChangesAsync();
                existing = client;
            }

            var caseId = await db.SupportCases.Where(c => c.ClientId == existing.Id && c.Programme == Programme.Outreach).Select(c => c.Id).SingleAsync();
            var planCaseId = await db.SupportCases.Where(c => c.ClientId == existing.Id && c.Programme == Programme.DischargeSupport).Select(c => c.Id).SingleAsync();
            var sheetId = await db.LiaisonSheets.Where(s => s.ClientId == existing.Id).Select(s => s.Id).SingleAsync();
            var consentId = await db.Consents.Where(k => k.ClientId == existing.Id).Select(k => k.Id).FirstAsync();
            var conferenceId = await db.CaseConferences.Where(k => k.CaseId == caseId).Select(k => k.Id).SingleAsync();
            return new Data(existing.Id, caseId, sheetId, consentId, planCaseId, conferenceId);
        });
    }

    private static readonly HashSet<string> Lists = ["Clients/Index", "Clients", "Cases/Index", "Cases", "Liaison/Index", "Liaison", "api/v1/clients"];

    /// <summary>Every route under the personal-data areas, with a URL that reaches real data.</summary>
    private static Dictionary<string, string> Table(Data d) => new(StringComparer.Ordinal)
    {
        ["Clients/Index"] = "/Clients/Index?q=みほん",
        ["Clients"] = "/Clients?q=みほん",
        ["Clients/Details/{id:int}"] = $"/Clients/Details/{d.ClientId}",
        ["Clients/Edit/{id:int?}"] = $"/Clients/Edit/{d.ClientId}",
        ["Clients/Consent/{id:int}"] = $"/Clients/Consent/{d.ClientId}",
        ["Clients/Merge/{id:int}"] = $"/Clients/Merge/{d.ClientId}",
        ["Cases/Index"] = "/Cases/Index?closed=true",
        ["Cases"] = "/Cases?closed=true",
        ["Cases/Details/{id:int}"] = $"/Cases/Details/{d.CaseId}",
        ["Cases/Open"] = $"/Cases/Open?clientId={d.ClientId}",
        ["Cases/Plan/{id:int}"] = $"/Cases/Plan/{d.PlanCaseId}",
        ["Cases/Conference/{id:int}"] = $"/Cases/Conference/{d.CaseId}",
        ["Cases/PlanDocument/{id:int}"] = $"/Cases/PlanDocument/{d.PlanCaseId}",
        ["Cases/ConferenceRecord/{id:int}"] = $"/Cases/ConferenceRecord/{d.ConferenceId}",
        ["Cases/Stats"] = "/Cases/Stats",
        ["Liaison/Index"] = "/Liaison/Index",
        ["Liaison"] = "/Liaison",
        ["Liaison/Details/{id:int}"] = $"/Liaison/Details/{d.SheetId}",
        ["Liaison/Send"] = $"/Liaison/Send?clientId={d.ClientId}",
        ["api/v1/clients"] = "/api/v1/clients?q=みほん",
        ["api/v1/clients/{id:int}"] = $"/api/v1/clients/{d.ClientId}",
    };

    [Fact]
    public async Task Every_personal_data_route_refuses_other_organisations_other_municipalities_administrators_and_anonymous_users()
    {
        var world = await app.CreateWorldAsync();
        var data = await SeedAsync(world);
        var table = Table(data);

        // The app's own routes: a personal-data route missing from the table fails here.
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.TrimStart('/') ?? "")
            .Where(r => r.StartsWith("Clients", StringComparison.Ordinal) || r.StartsWith("Cases", StringComparison.Ordinal)
                || r.StartsWith("Liaison", StringComparison.Ordinal) || r.StartsWith("api/v1/clients", StringComparison.Ordinal))
            .Distinct().ToList();
        var untested = routes.Where(r => !table.ContainsKey(r)).ToList();
        Assert.True(untested.Count == 0, "routes without an access check in this test: " + string.Join(", ", untested));
        Assert.True(routes.Count >= 17, $"only {routes.Count} routes found");

        var tag = Guid.NewGuid().ToString("N")[..6];
        var owner = await app.CreateUserAsync("pd-owner-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var sameTown = await app.CreateUserAsync("pd-partner-" + tag, Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true);
        var otherTown = await app.CreateUserAsync("pd-town-" + tag, Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        var prefecture = await app.CreateUserAsync("pd-pref-" + tag, Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var admin = await app.CreateUserAsync("pd-admin-" + tag, Roles.Admin, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        // The owner reaches every page (the control: the URLs are real).
        var ownerClient = await app.SignInAsync(owner);
        foreach (var (route, url) in table.Where(t => !t.Key.StartsWith("api", StringComparison.Ordinal)))
        {
            var response = await ownerClient.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"owner {url}: {response.StatusCode}");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        var refused = new List<string>();
        foreach (var (who, user) in new[] { ("同じ市の別機関", sameTown), ("別の市町村", otherTown), ("県(同意なし)", prefecture), ("管理者", admin) })
        {
            var client = await app.SignInAsync(user);
            var token = await TokenAsync(user);
            var api = app.CreateClient();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            foreach (var (route, url) in table)
            {
                var response = route.StartsWith("api", StringComparison.Ordinal) ? await api.GetAsync(url) : await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                if (route == "Cases/Stats")
                {
                    // Aggregates only: allowed, and nothing personal in it.
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
                else if (Lists.Contains(route))
                {
                    // A list or search answers (empty of others' clients) to staff who handle personal data, and refuses the rest.
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Forbidden) || (response.StatusCode == HttpStatusCode.OK && user == admin))
                    {
                        refused.Add($"{who} {url}: {response.StatusCode}");
                    }
                }
                else if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
                {
                    refused.Add($"{who} {url}: {response.StatusCode}");
                }

                Assert.DoesNotContain(Secret, WebUtility.HtmlDecode(body), StringComparison.Ordinal);
                Assert.DoesNotContain("秘匿の", WebUtility.HtmlDecode(body), StringComparison.Ordinal);
            }

            // Forged writes are refused too.
            foreach (var (page, action) in new[]
                     {
                         ($"/Clients/Edit/{data.ClientId}", $"/Clients/Edit/{data.ClientId}"), ($"/Cases/Details/{data.CaseId}", $"/Cases/Details/{data.CaseId}?handler=End"),
                         ($"/Cases/Details/{data.CaseId}", $"/Cases/Details/{data.CaseId}?handler=Note"), ($"/Liaison/Details/{data.SheetId}", $"/Liaison/Details/{data.SheetId}?handler=Reply"),
                         ($"/Clients/Details/{data.ClientId}", $"/Clients/Details/{data.ClientId}?handler=Withdraw"),
                         ($"/Clients/Consent/{data.ClientId}", $"/Clients/Consent/{data.ClientId}?handler=AddOrganization"),
                         ($"/Cases/Conference/{data.CaseId}", $"/Cases/Conference/{data.CaseId}"),
                     })
            {
                var html = await (await client.GetAsync("/")).Content.ReadAsStringAsync();
                var form = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(html), ["Input.Id"] = data.ClientId.ToString(CultureInfo.InvariantCulture),
                    ["Input.Name"] = "なりすまし", ["Input.Kana"] = "なりすまし", ["Input.BirthDate"] = "1975-05-05", ["reason"] = "Other", ["endedOn"] = "2026-11-01",
                    ["content"] = "なりすまし", ["date"] = "2026-11-01", ["answer"] = "なりすまし", ["consentId"] = data.ConsentId.ToString(CultureInfo.InvariantCulture),
                    ["NewOrganization.Name"] = "なりすまし病院", ["NewOrganization.Kind"] = "PsychiatricHospital",
                    ["NewOrganization.RegionId"] = world.CityHealthCenter.RegionId.ToString(CultureInfo.InvariantCulture),
                    ["Input.HeldOn"] = "2026-11-01", ["Input.Purpose"] = "なりすまし", ["Input.Attendees[0].Name"] = "なりすまし", ["Input.Attendees[0].Kind"] = "Person",
                });
                var response = await client.PostAsync(action, form);
                if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
                {
                    refused.Add($"{who} POST {action}: {response.StatusCode}");
                }
            }
        }

        // Anonymous: pages send to the login, the API answers 401.
        var anonymous = app.CreateClient();
        foreach (var (route, url) in table)
        {
            var response = await anonymous.GetAsync(url);
            var expected = route.StartsWith("api", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.Redirect;
            if (response.StatusCode != expected || (expected == HttpStatusCode.Redirect && !response.Headers.Location!.ToString().Contains("/Account/Login", StringComparison.Ordinal)))
            {
                refused.Add($"anonymous {url}: {response.StatusCode}");
            }
        }

        Assert.True(refused.Count == 0, "not refused:\n" + string.Join("\n", refused));
        Assert.False(await app.WithDbAsync((db, _) => db.Clients.AnyAsync(c => c.Name == "なりすまし")));
        Assert.False(await app.WithDbAsync((db, _) => db.CaseNotes.AnyAsync(n => n.Content == "なりすまし")));
        Assert.False(await app.WithDbAsync((db, _) => db.Organizations.AnyAsync(o => o.Name == "なりすまし病院")));
        Assert.False(await app.WithDbAsync((db, _) => db.CaseConferences.AnyAsync(k => k.Purpose == "なりすまし")));
        Assert.Equal(CaseState.Referred, await app.WithDbAsync((db, _) => db.SupportCases.Where(c => c.Id == data.CaseId).Select(c => c.State).SingleAsync()));
        Assert.True(await app.WithDbAsync((db, _) => db.Consents.AllAsync(k => k.ClientId != data.ClientId || k.WithdrawnOn == null)));
    }

    [Fact]
    public async Task A_consent_lets_the_named_organisation_see_the_client_for_its_purpose_and_a_withdrawal_stops_it_at_once()
    {
        var world = await app.CreateWorldAsync();
        var data = await SeedAsync(world);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var receiverUser = await app.CreateUserAsync("pd-recv-" + tag, Roles.MunicipalStaff, world.AreaHealthCenter.Id, twoFactor: true);
        var owner = await app.CreateUserAsync("pd-own2-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var receiver = await app.SignInAsync(receiverUser);

        // Covered by a 支援全般 consent: the client, the cases, the sheet; and in its searches and lists.
        Assert.Contains(Secret, WebUtility.HtmlDecode(await receiver.GetStringAsync($"/Clients/Details/{data.ClientId}")), StringComparison.Ordinal);
        Assert.Contains("秘匿の記録内容", WebUtility.HtmlDecode(await receiver.GetStringAsync($"/Cases/Details/{data.CaseId}")), StringComparison.Ordinal);
        Assert.Contains(Secret, WebUtility.HtmlDecode(await receiver.GetStringAsync("/Clients?q=ミホン")), StringComparison.Ordinal);
        Assert.Contains(Secret, WebUtility.HtmlDecode(await receiver.GetStringAsync("/Liaison")), StringComparison.Ordinal);
        // It reads but does not run the case.
        Assert.Equal(HttpStatusCode.Forbidden, (await receiver.GetAsync($"/Clients/Edit/{data.ClientId}")).StatusCode);

        // The owner withdraws the consent: from that moment the receiver sees nothing, in pages, lists or searches.
        var ownerClient = await app.SignInAsync(owner);
        var withdraw = await AppFactory.PostFormAsync(ownerClient, $"/Clients/Details/{data.ClientId}",
            new() { ["consentId"] = data.ConsentId.ToString(CultureInfo.InvariantCulture), ["note"] = "本人の申出" }, $"/Clients/Details/{data.ClientId}?handler=Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await receiver.GetAsync($"/Clients/Details/{data.ClientId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await receiver.GetAsync($"/Cases/Details/{data.CaseId}")).StatusCode);
        Assert.DoesNotContain(Secret, WebUtility.HtmlDecode(await receiver.GetStringAsync("/Clients?q=ミホン")), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, WebUtility.HtmlDecode(await receiver.GetStringAsync("/Cases?closed=true")), StringComparison.Ordinal);
        // A sheet it already received stays its record; no new sheet can be sent under the withdrawn consent.
        Assert.Equal(HttpStatusCode.OK, (await receiver.GetAsync($"/Liaison/Details/{data.SheetId}")).StatusCode);
        var send = await AppFactory.PostFormAsync(ownerClient, $"/Liaison/Send?clientId={data.ClientId}", new()
        {
            ["Input.ToOrganizationId"] = world.AreaHealthCenter.Id.ToString(CultureInfo.InvariantCulture), ["Input.Reason"] = "再度の連絡", ["Input.Situation"] = "状況",
        });
        Assert.Contains("有効な同意がありません", WebUtility.HtmlDecode(await send.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync((db, _) => db.LiaisonSheets.CountAsync(s => s.ClientId == data.ClientId)));
    }

    [Fact]
    public async Task Every_read_of_a_client_writes_exactly_one_audit_entry_and_the_chain_verifies()
    {
        var world = await app.CreateWorldAsync();
        var data = await SeedAsync(world);
        var owner = await app.CreateUserAsync("pd-audit-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(owner);
        foreach (var url in new[]
                 {
                     $"/Clients/Details/{data.ClientId}", $"/Cases/Details/{data.CaseId}", $"/Cases/Details/{data.PlanCaseId}", $"/Liaison/Details/{data.SheetId}",
                     $"/Cases/Plan/{data.PlanCaseId}", $"/Cases/Conference/{data.CaseId}", $"/Clients/Edit/{data.ClientId}", $"/Clients/Details/{data.ClientId}",
                     $"/Cases/PlanDocument/{data.PlanCaseId}", $"/Cases/ConferenceRecord/{data.ConferenceId}",
                 })
        {
            var before = await ReadsAsync(data.ClientId, owner.Id);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
            Assert.Equal(before + 1, await ReadsAsync(data.ClientId, owner.Id));
        }

        // Reads at the same moment share commits (group commit) and still leave one entry each, in one unbroken chain.
        var start = await ReadsAsync(data.ClientId, owner.Id);
        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => client.GetAsync($"/Clients/Details/{data.ClientId}")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(start + 24, await ReadsAsync(data.ClientId, owner.Id));

        // A search over personal data is a look at it too.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Clients?q=みほん")).StatusCode);
        Assert.True(await app.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.Action == "Read" && a.RecordType == "ClientSearch" && a.UserId == owner.Id)));

        var verified = await app.WithDbAsync((db, _) => Nimo.Platform.Auditing.AuditLog.VerifyAsync(db));
        Assert.True(verified.Intact, verified.Message);
    }

    [Fact]
    public async Task A_second_record_with_the_same_kana_and_birth_date_needs_confirmation_and_can_be_merged()
    {
        var world = await app.CreateWorldAsync();
        var owner = await app.CreateUserAsync("pd-dup-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(owner);
        var fields = new Dictionary<string, string> { ["Input.Name"] = "試験 重複子", ["Input.Kana"] = "シケン ジュウフクコ", ["Input.BirthDate"] = "1990-02-03", ["Input.Sex"] = "Female" };
        var tooLong = await AppFactory.PostFormAsync(client, "/Clients/Edit", new(fields) { ["Input.Name"] = new string('長', 101) });
        Assert.Contains("氏名は100文字以内で入力してください。", WebUtility.HtmlDecode(await tooLong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(client, "/Clients/Edit", fields)).StatusCode);
        var second = await AppFactory.PostFormAsync(client, "/Clients/Edit", new(fields) { ["Input.Kana"] = "ｼｹﾝｼﾞｭｳﾌｸｺ" });
        Assert.Contains("同じふりがな・生年月日の対象者がすでに登録されています", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(client, "/Clients/Edit", new(fields) { ["Input.NotADuplicate"] = "true" })).StatusCode);
        var ids = await app.WithDbAsync((db, _) => db.Clients.Where(c => c.Name == "試験 重複子").OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());
        Assert.Equal(2, ids.Count);

        var merge = await AppFactory.PostFormAsync(client, $"/Clients/Merge/{ids[0]}", new() { ["duplicateId"] = ids[1].ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, merge.StatusCode);
        var merged = await client.GetAsync($"/Clients/Details/{ids[1]}");
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.EndsWith($"/Clients/Details/{ids[0]}", merged.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(WebUtility.HtmlDecode(await client.GetStringAsync("/Clients?q=しけん")), "試験 重複子"));
    }

    private Task<int> ReadsAsync(int clientId, string userId) => app.WithDbAsync((db, _) =>
        db.AuditEntries.CountAsync(a => a.Action == "Read" && a.RecordType == "Client" && a.RecordId == clientId.ToString(CultureInfo.InvariantCulture) && a.UserId == userId));

    private Task<string> TokenAsync(TestUser user) => app.WithDbAsync(async (db, _) =>
    {
        var u = await db.Users.SingleAsync(x => x.Id == user.Id);
        var (row, clear) = Nimo.Platform.Api.ApiTokens.Issue(u, "test", app.Clock.GetUtcNow(), null);
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync();
        return clear;
    });
}
