using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Features.Directory;
using Nimo.Features.Forums;
using Nimo.Features.Liaison;
using Nimo.Features.Plans;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Features.Directory;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Support;

/// <summary>
/// Every route of the app (RouteTable reads them from the app's own endpoint table and classifies each), walked as the
/// owner and as seven users who must not see the client: another organisation in the same city, another municipality, the
/// prefecture without a consent, an administrator, and read-only, peer-supporter and forum-secretariat accounts (two of
/// them in the owner's own 保健所). Records refuse them, lists show them none of it, and no page, handler or API answer
/// carries the client's name or records to any of them; forged writes are refused. A route the table cannot classify fails.
/// </summary>
public sealed class PersonalDataAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Secret = "見本 秘匿太郎";

    /// <summary>What must never reach someone not entitled to the client: its name and the text of its records.</summary>
    private static readonly string[] Secrets = [Secret, "ひとくたろう", "秘匿の記録内容", "秘匿の状況", "秘匿の協議内容"];

    private sealed record Data(int ClientId, int CaseId, int SheetId, int ConsentId, int PlanCaseId, int ForumId, int MeetingId, int IssueId, int PlanId, int IndicatorId);

    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<Data> SeedAsync(World world)
    {
        await Gate.WaitAsync();
        try
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

                    // The staff side around the client: a forum with a meeting and an issue, and the city's plan counting 退院後支援計画 live.
                    var forum = Forum.Create(region, "あおば市 協議の場", ForumKind.Main, null);
                    db.Forums.Add(forum);
                    await db.SaveChangesAsync();
                    var meeting = Meeting.Create(forum, "第1回", new DateTimeOffset(2026, 6, 10, 14, 0, 0, JapanTime.Offset), null, MeetingFormat.InPerson, null);
                    db.Meetings.Add(meeting);
                    await db.SaveChangesAsync();
                    db.RegionalIssues.Add(RegionalIssue.Raise(forum, meeting, null, "退院後の通院", "通院が途切れる", IssueCategory.Medical, null, "seed", app.Clock.GetUtcNow()));
                    var plan = Plan.Create(region, FiscalYear.Of(today).StartYear);
                    plan.AddIndicator(new IndicatorInput("退院後支援計画の作成数", "件", PeriodBasis.PerYear, Direction.MoreIsBetter, null, "5件", null, null, null, null,
                        new DischargePlansSource(), null, null));
                    db.Plans.Add(plan);
                    await db.SaveChangesAsync();
                    existing = client;
                }

                var cases = await db.SupportCases.Where(c => c.ClientId == existing.Id).ToDictionaryAsync(c => c.Programme, c => c.Id);
                var city = world.CityHealthCenter.RegionId;
                return new Data(existing.Id, cases[Programme.Outreach], await db.LiaisonSheets.Where(s => s.ClientId == existing.Id).Select(s => s.Id).SingleAsync(),
                    await db.Consents.Where(k => k.ClientId == existing.Id).Select(k => k.Id).FirstAsync(), cases[Programme.DischargeSupport],
                    await db.Forums.Where(f => f.RegionId == city).Select(f => f.Id).FirstAsync(), await db.Meetings.Where(m => m.Forum.RegionId == city).Select(m => m.Id).FirstAsync(),
                    await db.RegionalIssues.Where(i => i.Forum.RegionId == city).Select(i => i.Id).FirstAsync(),
                    await db.Plans.Where(p => p.RegionId == city).Select(p => p.Id).FirstAsync(),
                    await db.PlanIndicators.Where(i => i.Plan.RegionId == city).Select(i => i.Id).FirstAsync());
            });
        }
        finally
        {
            Gate.Release();
        }
    }

    private sealed record Reader(string Who, TestUser User, bool HandlesPersonalData, bool Admin);

    [Fact]
    public async Task Every_route_of_the_app_is_classified_and_shows_the_client_to_no_one_but_those_entitled()
    {
        var world = await app.CreateWorldAsync();
        var data = await SeedAsync(world);
        var routes = RouteTable.Routes(app.Services);
        var unclassified = routes.Where(r => RouteTable.Classify(r) is null).ToList();
        Assert.True(unclassified.Count == 0, "routes the access table cannot classify (add them to RouteTable with what they show and to whom): "
            + string.Join(", ", unclassified.Select(r => $"{r.Template} ({r.Key}{(r.AllowsAnonymous ? ", anonymous" : "")})")));
        Assert.True(routes.Count >= 90, $"only {routes.Count} routes found");
        var unprotected = RouteTable.PersonalWithoutFolderPolicy(routes).ToList();
        Assert.True(unprotected.Count == 0, "pages the access table calls personal that no personal-data folder policy protects (register the folder with "
            + "PersonalDataFolder in its module): " + string.Join(", ", unprotected.Select(r => r.Template)));
        Assert.Contains(routes, r => r.PersonalDataFolder);

        var tag = Guid.NewGuid().ToString("N")[..6];
        var owner = await app.CreateUserAsync("pd-owner-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        await app.WithDbAsync(async (_, sp) =>
        {
            // The owner also reviews its clients' 閲覧記録, so that page is reached too.
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NimoUser>>();
            await users.AddClaimAsync((await users.FindByIdAsync(owner.Id))!, new System.Security.Claims.Claim(AccessReviewers.ClaimType, AccessReviewers.ClaimValue(world.CityHealthCenter.Id)));
            return 0;
        });
        var readers = new List<Reader>();
        foreach (var (who, role, org) in new[]
                 {
                     ("同じ市の別機関", Roles.PartnerStaff, world.CityPartner.Id), ("別の市町村", Roles.MunicipalStaff, world.TownOffice.Id),
                     ("県(同意なし)", Roles.PrefectureStaff, world.Prefecture.Id), ("管理者", Roles.Admin, world.Prefecture.Id),
                     ("閲覧のみ(同じ保健所)", Roles.ReadOnly, world.CityHealthCenter.Id), ("ピアサポーター(同じ保健所)", Roles.PeerSupporter, world.CityHealthCenter.Id),
                     ("協議の場事務局", Roles.ForumSecretariat, world.TownOffice.Id),
                 })
        {
            var user = await app.CreateUserAsync($"pd-{readers.Count}-{tag}", role, org, twoFactor: Roles.RequiresTwoFactor(role));
            // The test's own statement of who handles personal data, held against the capability table the app derives it from.
            var handles = role is Roles.MunicipalStaff or Roles.PrefectureStaff or Roles.PartnerStaff;
            Assert.Equal(handles, Roles.Has(role, Capability.PersonalData));
            readers.Add(new Reader(who, user, handles, role == Roles.Admin));
        }

        var ids = new RouteIds(data.ClientId, data.CaseId, data.PlanCaseId, data.SheetId, world.CityHealthCenter.RegionId, world.Prefecture.RegionId,
            world.CityHealthCenter.Id, data.ForumId, data.MeetingId, data.IssueId, data.PlanId, data.IndicatorId, owner.Id, FiscalYear.Of(JapanTime.Today(app.Clock)).StartYear,
            await app.WithDbAsync((db, _) => db.CaseConferences.Where(k => k.CaseId == data.CaseId).Select(k => k.Id).SingleAsync()));
        // The directory's pages with real records: a partner's service at a location of its own, and a proposal of the partner on it.
        var location = await DirectorySetup.LocationAsync(app, world.CityPartner.Id, "相談室 " + tag, "中央1-1-1", confidential: false);
        var service = await DirectorySetup.ServiceAsync(app, world.CityPartner.Id, "計画相談 " + tag, "けいかくそうだん", ["consultation"], "平日 9:00〜17:00", locations: [location]);
        var proposal = await app.WithDbAsync(async (db, _) =>
        {
            var current = await db.DirectoryServices.Include(s => s.Documents).Include(s => s.Languages).Include(s => s.Phones).Include(s => s.Schedules)
                .Include(s => s.Terms).Include(s => s.Areas).Include(s => s.Locations).AsSplitQuery().SingleAsync(s => s.Id == service);
            var proposed = ServiceProposal.Propose(current, world.CityPartner.Id, current.Content() with { Name = "計画相談(土曜も) " + tag }, "土曜も始めました", "seed", app.Clock.GetUtcNow());
            db.ServiceProposals.Add(proposed);
            await db.SaveChangesAsync();
            return proposed.Id;
        });
        ids = ids with { Service = service, Location = location, Proposal = proposal };
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var problems = new List<string>();

        // The owner reaches every record and list (the control: the URLs are real) and every other page answers it.
        var ownerClient = await app.SignInAsync(owner);
        var ownerApi = await app.ApiClientAsync(owner);
        foreach (var route in routes)
        {
            var access = RouteTable.Classify(route)!.Value;
            foreach (var url in GetUrls(route, ids))
            {
                var response = await (route.Api ? ownerApi : ownerClient).GetAsync(url);
                var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
                if (access is Access.PersonalRecord or Access.PersonalList)
                {
                    if (response.StatusCode != HttpStatusCode.OK || response.Headers.CacheControl?.ToString() != "no-store")
                    {
                        problems.Add($"owner {url}: {(int)response.StatusCode} {response.Headers.CacheControl}");
                    }

                    if (access == Access.PersonalList && !body.Contains(Secret, StringComparison.Ordinal))
                    {
                        problems.Add($"owner {url}: the list does not show the owner's client");
                    }
                }
                else if (((int)response.StatusCode >= 500 && route.Key != "/Error") || (access == Access.Admin && response.StatusCode != HttpStatusCode.Forbidden))
                {
                    problems.Add($"owner {url}: {(int)response.StatusCode}");
                }
            }
        }

        foreach (var reader in readers)
        {
            var client = await app.SignInAsync(reader.User);
            var api = await app.ApiClientAsync(reader.User);
            var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Account/Manage"));
            foreach (var route in routes)
            {
                var access = RouteTable.Classify(route)!.Value;
                foreach (var url in GetUrls(route, ids))
                {
                    var response = await (route.Api ? api : client).GetAsync(url);
                    var status = response.StatusCode;
                    var refused = status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden;
                    var expected = access switch
                    {
                        Access.PersonalRecord => refused,
                        Access.PersonalList => reader.HandlesPersonalData ? status == HttpStatusCode.OK : status == HttpStatusCode.Forbidden,
                        Access.Admin => reader.Admin ? status == HttpStatusCode.OK : status == HttpStatusCode.Forbidden,
                        // The error page answers 500 by design; every other page answers without failing.
                        _ => (int)status < 500 || route.Key == "/Error",
                    };
                    if (!expected)
                    {
                        problems.Add($"{reader.Who} GET {url} ({access}): {(int)status}");
                    }

                    Leaks(problems, reader.Who, "GET " + url, await response.Content.ReadAsStringAsync());
                }

                // Forged writes to records, lists and administration: refused, and nothing of the client in the answer.
                if (access is Access.PersonalRecord or Access.PersonalList or Access.Admin && !route.Api && !(access == Access.Admin && reader.Admin))
                {
                    foreach (var handler in route.PostHandlers)
                    {
                        var action = RouteTable.WithHandler(RouteTable.Url(route, ids), handler);
                        var response = await ForgeAsync(client, token, action, data);
                        var status = response.StatusCode;
                        var expected = access == Access.PersonalList && reader.HandlesPersonalData
                            ? status is HttpStatusCode.OK or HttpStatusCode.Redirect
                            : status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden;
                        if (!expected)
                        {
                            problems.Add($"{reader.Who} POST {action} ({access}): {(int)status}");
                        }

                        Leaks(problems, reader.Who, "POST " + action, await response.Content.ReadAsStringAsync());
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, "not as the access table says:\n" + string.Join("\n", problems));
        Assert.False(await app.WithDbAsync((db, _) => db.Clients.AnyAsync(c => c.Name == "なりすまし")));
        Assert.False(await app.WithDbAsync((db, _) => db.CaseNotes.AnyAsync(n => n.Content == "なりすまし")));
        Assert.Equal(CaseState.Referred, await app.WithDbAsync((db, _) => db.SupportCases.Where(c => c.Id == data.CaseId).Select(c => c.State).SingleAsync()));
        Assert.True(await app.WithDbAsync((db, _) => db.Consents.AllAsync(k => k.ClientId != data.ClientId || k.WithdrawnOn == null)));
        Assert.Equal(LiaisonState.Sent, await app.WithDbAsync((db, _) => db.LiaisonSheets.Where(s => s.Id == data.SheetId).Select(s => s.State).SingleAsync()));
        Assert.Equal(1, await app.WithDbAsync((db, _) => db.UserClaims.CountAsync(c => c.ClaimType == AccessReviewers.ClaimType)));
    }

    /// <summary>The route's URL and one per named GET handler (an export, an .ics, an .xlsx).</summary>
    private static IEnumerable<string> GetUrls(RouteTarget route, RouteIds ids) =>
        route.GetHandlers.Select(h => RouteTable.WithHandler(RouteTable.Url(route, ids), h)).Prepend(RouteTable.Url(route, ids));

    private static void Leaks(List<string> problems, string who, string request, string body)
    {
        var text = WebUtility.HtmlDecode(body);
        problems.AddRange(Secrets.Where(s => text.Contains(s, StringComparison.Ordinal)).Select(s => $"{who} {request}: shows 「{s}」"));
    }

    /// <summary>A form post with a valid antiforgery token and plausible fields of every personal-data form.</summary>
    private static async Task<HttpResponseMessage> ForgeAsync(HttpClient client, string token, string action, Data data)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Id"] = data.ClientId.ToString(CultureInfo.InvariantCulture),
            ["Input.Name"] = "なりすまし", ["Input.Kana"] = "なりすまし", ["Input.BirthDate"] = "1975-05-05", ["reason"] = "不正な出力の試み", ["endedOn"] = "2026-11-01",
            ["content"] = "なりすまし", ["date"] = "2026-11-01", ["answer"] = "なりすまし", ["consentId"] = data.ConsentId.ToString(CultureInfo.InvariantCulture),
            ["duplicateId"] = data.ClientId.ToString(CultureInfo.InvariantCulture), ["userName"] = "pd-owner", ["q"] = "みほん",
        });
        return await client.PostAsync(action, form);
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
        await Responses.AssertRedirectAsync(withdraw);
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
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, "/Clients/Edit", fields));
        var second = await AppFactory.PostFormAsync(client, "/Clients/Edit", new(fields) { ["Input.Kana"] = "ｼｹﾝｼﾞｭｳﾌｸｺ" });
        Assert.Contains("同じふりがな・生年月日の対象者がすでに登録されています", WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, "/Clients/Edit", new(fields) { ["Input.NotADuplicate"] = "true" }));
        var ids = await app.WithDbAsync((db, _) => db.Clients.Where(c => c.Name == "試験 重複子").OrderBy(c => c.Id).Select(c => c.Id).ToListAsync());
        Assert.Equal(2, ids.Count);

        var merge = await AppFactory.PostFormAsync(client, $"/Clients/Merge/{ids[0]}", new() { ["duplicateId"] = ids[1].ToString(CultureInfo.InvariantCulture) });
        await Responses.AssertRedirectAsync(merge);
        var merged = await client.GetAsync($"/Clients/Details/{ids[1]}");
        await Responses.AssertRedirectAsync(merged);
        Assert.EndsWith($"/Clients/Details/{ids[0]}", merged.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(WebUtility.HtmlDecode(await client.GetStringAsync("/Clients?q=しけん")), "試験 重複子"));
    }

    private Task<int> ReadsAsync(int clientId, string userId) => app.WithDbAsync((db, _) =>
        db.AuditEntries.CountAsync(a => a.Action == "Read" && a.RecordType == "Client" && a.RecordId == clientId.ToString(CultureInfo.InvariantCulture) && a.UserId == userId));
}
