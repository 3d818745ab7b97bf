using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Demo;
using Nimo.Platform.Japanese;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Robustness;

/// <summary>What the valid-submission crawler found, each as a plain test of its own through the real pipeline on the demo data.</summary>
public sealed class ValidSubmissionRegressionTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = app.CreateClient();
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(client, user, DemoData.DemoPassword));
        return client;
    }

    /// <summary>Posts to <paramref name="action"/> with the token of <paramref name="page"/>, follows one redirect, and returns the page shown.</summary>
    private static async Task<string> PostAndShowAsync(HttpClient client, string page, string action, params (string Name, string Value)[] fields)
    {
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        var response = await client.PostAsync(action, new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value)), KeyValuePair.Create("__RequestVerificationToken", token)]));
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} from {action}");
        var location = response.Headers.Location?.OriginalString;
        return WebUtility.HtmlDecode(location is null ? await response.Content.ReadAsStringAsync() : await client.GetStringAsync(location));
    }

    private Task<int> OrganizationOfAsync(string user) =>
        app.WithDbAsync((db, _) => db.Users.Where(u => u.UserName == user).Select(u => u.OrganizationId).SingleAsync());

    [Fact]
    public async Task A_withdrawn_consent_shows_the_note_typed_with_the_withdrawal()
    {
        var meguro = await OrganizationOfAsync("meguro");
        var today = JapanTime.Today(app.Clock);
        var (clientId, consentId) = await app.WithDbAsync(async (db, _) =>
        {
            var consents = await db.Clients.Where(c => c.OwnerOrganizationId == meguro).SelectMany(c => c.Consents).ToListAsync();
            var consent = consents.First(k => k.IsActiveOn(today));
            return (consent.ClientId, consent.Id);
        });
        var page = await PostAndShowAsync(await SignInAsync("meguro"), $"/Clients/Details/{clientId}", $"/Clients/Details/{clientId}?handler=Withdraw",
            ("consentId", $"{consentId}"), ("note", "本人から電話で、情報の共有をやめてほしいとの申し出があった。"));
        Assert.Contains("撤回(", page, StringComparison.Ordinal);
        Assert.Contains("本人から電話で、情報の共有をやめてほしいとの申し出があった。", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_extension_offers_only_the_dates_it_allows_and_shows_its_reason()
    {
        var meguro = await OrganizationOfAsync("meguro");
        var today = JapanTime.Today(app.Clock);
        var (caseId, consentId, latest) = await app.WithDbAsync(async (db, sp) =>
        {
            var found = await db.SupportCases.Include(c => c.DischargePlan).Include(c => c.Client).ThenInclude(c => c.Consents)
                .Where(c => c.OwnerOrganizationId == meguro && c.Programme == Programme.DischargeSupport && c.State == CaseState.Active && c.DischargePlan != null)
                .ToListAsync();
            var c = found.First(c => c.DischargePlan!.DischargedOn is not null && c.DischargePlan.Extensions == 0 && c.Client.Consents.Any(k => k.IsActiveOn(today)));
            var rules = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DischargeSupportRules>>().Value;
            return (c.Id, c.Client.Consents.First(k => k.IsActiveOn(today)).Id, DischargePlan.LatestEnd(c.DischargePlan!.DischargedOn!.Value, rules));
        });
        var client = await SignInAsync("meguro");
        var details = await client.GetStringAsync($"/Cases/Details/{caseId}");
        var max = $"max=\"{latest:yyyy-MM-dd}\"";
        Assert.Matches(new Regex($"""<input id="until"[^>]*{Regex.Escape(max)}"""), details);
        var page = await PostAndShowAsync(client, $"/Cases/Details/{caseId}", $"/Cases/Details/{caseId}?handler=Extend",
            ("until", $"{latest:yyyy-MM-dd}"), ("reason", "支援関係者会議で、服薬の安定まで訪問を続けることを確認した。"), ("consentId", $"{consentId}"));
        Assert.Contains("支援期間を延長しました。", page, StringComparison.Ordinal);
        Assert.Contains("支援関係者会議で、服薬の安定まで訪問を続けることを確認した。", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_taken_on_at_the_internal_meeting_keeps_what_the_meeting_said()
    {
        var meguro = await OrganizationOfAsync("meguro");
        var today = JapanTime.Today(app.Clock);
        var caseId = await app.WithDbAsync(async (db, _) =>
        {
            var person = await db.Clients.Where(c => c.OwnerOrganizationId == meguro).OrderBy(c => c.Id).FirstAsync();
            var review = SupportCase.Open(person, Programme.Outreach, today.AddDays(-7), "地区担当", null, "民生委員から", today);
            review.SendToReview();
            db.SupportCases.Add(review);
            await db.SaveChangesAsync();
            return review.Id;
        });
        var page = await PostAndShowAsync(await SignInAsync("meguro"), $"/Cases/Details/{caseId}", $"/Cases/Details/{caseId}?handler=Decide",
            ("meetingDate", $"{today:yyyy-MM-dd}"), ("note", "受診中断が半年続いており、訪問による支援が必要と判断した。"), ("eligible", "true"));
        Assert.Contains("所内会議で支援の対象と決めました。", page, StringComparison.Ordinal);
        Assert.Contains("受診中断が半年続いており、訪問による支援が必要と判断した。", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_liaison_sheet_is_offered_to_other_organisations_only_and_not_at_all_without_one()
    {
        var kawaguchi = await OrganizationOfAsync("kawaguchi");
        var today = JapanTime.Today(app.Clock);
        var (withOwn, without) = await app.WithDbAsync(async (db, _) =>
        {
            var owner = await db.Organizations.SingleAsync(o => o.Id == kawaguchi);
            var people = await db.Clients.Include(c => c.Consents).Where(c => c.OwnerOrganizationId == kawaguchi).OrderBy(c => c.Id).Take(2).ToListAsync();
            var region = await db.Regions.SingleAsync(r => r.Id == owner.RegionId);
            var alone = Client.Register(owner, region, "連携 無子", "れんけい なしこ", new DateOnly(1979, 5, 1), Sex.Female, today, "kawaguchi", app.Clock.GetUtcNow());
            db.Clients.Add(alone);
            // A consent that names the sender's own organisation among those it may share with.
            people[0].RecordConsent(ConsentPurpose.Liaison, "地域連携票による情報共有", [owner], today.AddDays(-3), ConsentGiver.Person, ConsentForm.Written, null, today, "kawaguchi");
            await db.SaveChangesAsync();
            return (people[0].Id, alone.Id);
        });
        var client = await SignInAsync("kawaguchi");
        var send = await client.GetStringAsync($"/Liaison/Send?clientId={withOwn}");
        Assert.DoesNotContain($"<option value=\"{kawaguchi}\"", send, StringComparison.Ordinal);
        var none = WebUtility.HtmlDecode(await client.GetStringAsync($"/Liaison/Send?clientId={without}"));
        Assert.Contains("送り先にできる機関がありません。", none, StringComparison.Ordinal);
        Assert.DoesNotContain("<form method=\"post\" class=\"panel stack\">", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_value_for_a_required_choice_is_refused_with_a_whole_sentence()
    {
        var kawaguchi = await OrganizationOfAsync("kawaguchi");
        var clientId = await app.WithDbAsync((db, _) => db.LiaisonSheets.Where(s => s.FromOrganizationId == kawaguchi).Select(s => s.ClientId).FirstAsync());
        var client = await SignInAsync("kawaguchi");
        var page = await PostAndShowAsync(client, $"/Liaison/Send?clientId={clientId}", $"/Liaison/Send?clientId={clientId}",
            ("Input.ToOrganizationId", ""), ("Input.Reason", "退院後の通所先について相談したい。"), ("Input.Situation", "自宅で両親と暮らしている。"));
        var errors = Verdict.ErrorMessages(page);
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.False(e.StartsWith('を'), $"a message without its subject: {e}"));
        Assert.Contains("この項目を入力してください。", errors);
    }

    [Fact]
    public async Task A_forum_is_not_offered_its_own_sub_body_as_its_parent()
    {
        var pair = await app.WithDbAsync(async (db, _) =>
            await db.Forums.Where(c => c.ParentId != null && c.RegionId == c.Parent!.RegionId).OrderBy(c => c.Id).Select(c => new { Parent = c.ParentId!.Value, c.Id }).FirstAsync());
        var (forumId, childId) = (pair.Parent, pair.Id);
        var page = await (await SignInAsync("admin")).GetStringAsync($"/Forums/Edit/{forumId}");
        var parents = Regex.Match(page, """<select[^>]*name="Input.ParentId"[^>]*>(.*?)</select>""", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("<option", parents, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{childId}\"", parents, StringComparison.Ordinal);
    }

    /// <summary>
    /// The crawler's last known defect: a new forum's 上位の協議の場 were drawn for the region the form opened with, so an
    /// administrator who chose another 地域 and then an offered parent was refused. The region is now the form's first step.
    /// </summary>
    [Fact]
    public async Task A_new_forum_in_another_region_is_offered_that_region_s_parents_and_saved_with_one()
    {
        // A municipality with a forum of its own that is not the admin's region, and a forum of its prefecture above it.
        var (regionId, regionName, parentId, parentName) = await app.WithDbAsync(async (db, _) =>
        {
            var forum = await db.Forums.Include(f => f.Region).Where(f => f.Region.Kind == Nimo.Features.Regions.RegionKind.Municipality)
                .OrderBy(f => f.Id).FirstAsync();
            return (forum.RegionId, forum.Region.Name, forum.Id, forum.Name);
        });
        var admin = await SignInAsync("admin");
        var form = await admin.GetStringAsync($"/Forums/Edit?region={regionId}");
        var parents = Regex.Match(form, """<select[^>]*name="Input.ParentId"[^>]*>(.*?)</select>""", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"value=\"{parentId}\"", parents, StringComparison.Ordinal);
        Assert.Contains($"value=\"{regionId}\"", Regex.Match(form, """<input[^>]*name="Input.RegionId"[^>]*>""").Value, StringComparison.Ordinal);

        var page = await PostAndShowAsync(admin, $"/Forums/Edit?region={regionId}", "/Forums/Edit",
            ("Input.RegionId", $"{regionId}"), ("Input.Name", "地域移行部会 ワーキンググループ"), ("Input.Kind", "WorkingGroup"),
            ("Input.ParentId", $"{parentId}"), ("Input.Status", "Established"));
        Assert.DoesNotContain("選び直してください", page, StringComparison.Ordinal);
        var saved = await app.WithDbAsync((db, _) => db.Forums.Include(f => f.Parent).SingleAsync(f => f.Name == "地域移行部会 ワーキンググループ"));
        Assert.Equal(regionId, saved.RegionId);
        Assert.True(saved.ParentId == parentId || page.Contains("申請", StringComparison.Ordinal), $"{regionName}: parent {parentName} neither set nor asked for");
    }

    [Fact]
    public async Task A_discharge_plan_is_not_offered_before_there_is_a_consent_to_base_it_on()
    {
        var meguro = await OrganizationOfAsync("meguro");
        var today = JapanTime.Today(app.Clock);
        var caseId = await app.WithDbAsync(async (db, _) =>
        {
            var owner = await db.Organizations.SingleAsync(o => o.Id == meguro);
            var region = await db.Regions.SingleAsync(r => r.Id == owner.RegionId);
            var person = Client.Register(owner, region, "同意 未了", "どうい みりょう", new DateOnly(1988, 2, 3), Sex.Male, today, "meguro", app.Clock.GetUtcNow());
            db.Clients.Add(person);
            var notified = SupportCase.Open(person, Programme.DischargeSupport, today.AddDays(-2), "地区担当", null, "措置入院の通知", today);
            db.SupportCases.Add(notified);
            await db.SaveChangesAsync();
            return notified.Id;
        });
        var page = WebUtility.HtmlDecode(await (await SignInAsync("meguro")).GetStringAsync($"/Cases/Details/{caseId}"));
        Assert.Contains("本人の同意を記録してから、退院後支援計画を作成します。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Plan", page, StringComparison.Ordinal);
    }
}
