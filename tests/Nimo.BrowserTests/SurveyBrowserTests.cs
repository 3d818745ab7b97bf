using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Platform.Identity;

namespace Nimo.BrowserTests;

/// <summary>
/// 地域アセスメント's whole loop in Chromium as its people meet it: the secretariat builds and sends a survey, a partner
/// answers in Nimo, an organisation without an account answers with its code on the public page with JavaScript off,
/// the secretariat reminds, closes, shares at a meeting's agenda item and raises an issue from an answer; axe on every page.
/// </summary>
[Collection(LiveAppCollection.Name)]
public sealed partial class SurveyBrowserTests(LiveApp app)
{
    [Fact]
    public async Task Build_send_answer_as_partner_and_by_code_remind_close_share_and_raise_an_issue_axe_clean()
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..5];
        var (partner, noAccount, silent) = await app.WithDbAsync(async (db, _) =>
        {
            var city = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var p = Organization.Create($"あおば就労支援センター{tag}", "あおばしゅうろう", OrganizationKind.EmploymentSupport, city.Region);
            var n = Organization.Create($"あおば家族会{tag}", "あおばかぞくかい", OrganizationKind.FamilyAssociation, city.Region);
            var q = Organization.Create($"あおば訪問看護{tag}", "あおばほうもん", OrganizationKind.VisitingNursing, city.Region);
            db.Organizations.AddRange(p, n, q);
            var forum = Forum.Create(city.Region, $"あおば市協議会{tag}", ForumKind.Main, null);
            forum.Update(forum.Name, ForumKind.Main, null, null, city, null, ForumStatus.Established, null, null);
            db.Forums.Add(forum);
            await db.SaveChangesAsync();
            foreach (var o in new[] { p, n, q })
            {
                forum.AddMember(o, null, MemberRole.Member, Sector.Welfare, null, null, null);
            }

            var meeting = Meeting.Create(forum, "第2回協議会", app.Clock.GetUtcNow().AddDays(30), null, MeetingFormat.InPerson, "市役所会議室");
            meeting.Record("開会\n報告\nアンケートの共有\n意見交換", null, false, null);
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            return (p, n, q);
        });
        var staff = await app.CreateUserAsync("svb-staff-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var partnerUser = await app.CreateUserAsync("svb-partner-" + tag, Roles.PartnerStaff, partner.Id, twoFactor: true);
        var violations = new List<string>();

        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, staff);
        await LiveApp.OpenAreaAsync(page, "地域アセスメント");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "調査を作成" }).ClickAsync();
        await page.GetByLabel("調査名").FillAsync($"地域の取組アンケート{tag}");
        await page.GetByLabel("実施する協議の場").SelectOptionAsync(new SelectOptionValue { Label = $"あおば市協議会{tag}(あおば市)" });
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        // Questions: the 取組 list and a number.
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync("設問:");
        await page.GetByLabel("種類").SelectOptionAsync(new SelectOptionValue { Label = "取組の一覧" });
        await page.GetByLabel("設問文").FillAsync("貴団体で実施している活動を教えてください");
        await page.GetByRole(AriaRole.Button, new() { Name = "設問を追加" }).ClickAsync();
        await page.GetByLabel("種類").SelectOptionAsync(new SelectOptionValue { Label = "数値" });
        await page.GetByLabel("設問文").FillAsync("職員数");
        await page.GetByLabel("単位(数値の設問のみ・任意)").FillAsync("人");
        await page.GetByRole(AriaRole.Button, new() { Name = "設問を追加" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("職員数");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // Recipients from the forum's membership, then send.
        await page.GetByRole(AriaRole.Link, new() { Name = "回答を依頼する機関へ" }).ClickAsync();
        await page.GetByLabel("協議の場の構成員").SelectOptionAsync(new SelectOptionValue { Label = $"あおば市協議会{tag}(あおば市)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "探す" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "チェックした機関を追加" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "この3機関に送付する" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("回答 0/3");
        var surveyUrl = page.Url;
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // The request letters: codes for the two organisations without accounts.
        await page.GetByRole(AriaRole.Link, new() { Name = "依頼状・督促状の印刷" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "依頼状を作成して印刷画面へ" }).ClickAsync();
        var letter = page.Locator("article.letter").Filter(new() { HasText = noAccount.Name });
        var code = (await letter.Locator(".code").TextContentAsync())!.Trim();
        Assert.Matches(CodeShape(), code);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "survey-letters");

        // The partner answers in Nimo.
        var (pContext, pPage, pErrors) = await app.NewPageAsync();
        await using var __ = pContext;
        await app.SignInAsync(pPage, partnerUser);
        await LiveApp.OpenAreaAsync(pPage, "地域アセスメント");
        await pPage.GetByRole(AriaRole.Link, new() { Name = "回答する" }).ClickAsync();
        await Assertions.Expect(pPage.Locator("#no-client-warning")).ToBeVisibleAsync();
        await pPage.GetByLabel("名称").First.FillAsync("就労体験会");
        await pPage.GetByLabel("分類").First.SelectOptionAsync(new SelectOptionValue { Label = "活動・イベント等" });
        await pPage.GetByLabel("職員数").FillAsync("8");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(pPage));
        await pPage.GetByRole(AriaRole.Button, new() { Name = "回答する" }).ClickAsync();
        await Assertions.Expect(pPage.Locator("main")).ToContainTextAsync("回答を受け付けました");
        await LiveApp.ScreenshotAsync(pPage, "survey-partner-answer");

        // The organisation without an account, on the public page with JavaScript off: no cookie, no outside request.
        var anonymous = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), Locale = "ja-JP", JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 320, Height = 800 } });
        await using var ___ = anonymous;
        var aPage = await anonymous.NewPageAsync();
        var requests = new List<string>();
        aPage.Request += (_, r) => requests.Add(r.Url);
        // axe runs as a script, so the public pages are checked in a context with JavaScript on, the flow below with it off.
        var axeContext = await app.Browser.NewContextAsync(new() { BaseURL = app.BaseUrl.ToString(), Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 320, Height = 800 } });
        await using (axeContext)
        {
            var axePage = await axeContext.NewPageAsync();
            await axePage.GotoAsync("/public/surveys");
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(axePage));
            await axePage.GetByLabel("回答コード").FillAsync(code);
            await axePage.GetByRole(AriaRole.Button, new() { Name = "回答画面を開く" }).ClickAsync();
            await Assertions.Expect(axePage.Locator("#no-client-warning")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(axePage));
            var overflow = await axePage.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"the answer form scrolls sideways by {overflow}px at 320px");
            await LiveApp.ScreenshotAsync(axePage, "survey-public-320");
        }

        await aPage.GotoAsync("/public/surveys");
        await aPage.GetByLabel("回答コード").FillAsync(code.ToLowerInvariant());
        await aPage.GetByRole(AriaRole.Button, new() { Name = "回答画面を開く" }).ClickAsync();
        await Assertions.Expect(aPage.Locator("main h1")).ToHaveTextAsync($"地域の取組アンケート{tag}");
        await aPage.GetByLabel("組織としては行っていない(取組がない場合はこちらにチェックしてください)").CheckAsync();
        await aPage.GetByLabel("職員数").FillAsync("2");
        await aPage.GetByRole(AriaRole.Button, new() { Name = "回答を送る" }).ClickAsync();
        await Assertions.Expect(aPage.Locator("main h1")).ToHaveTextAsync("回答を受け付けました");
        Assert.Empty(await anonymous.CookiesAsync());
        Assert.DoesNotContain(requests, r => !r.StartsWith(app.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal));

        // Remind the one that has not answered, then close.
        await page.GotoAsync(surveyUrl);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("回答 2/3");
        await page.GetByRole(AriaRole.Link, new() { Name = "督促状を印刷" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "督促状を作成して印刷画面へ" }).ClickAsync();
        await Assertions.Expect(page.Locator("article.letter")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("article.letter")).ToContainTextAsync(silent.Name);
        await page.GotoAsync(surveyUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "今すぐ締め切る" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("締切済み");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // Share at agenda item 3 of the meeting.
        await page.GetByRole(AriaRole.Link, new() { Name = "協議の場で共有" }).ClickAsync();
        await page.GetByLabel("貴団体で実施している活動を教えてください(取組の一覧)").CheckAsync();
        await page.Locator("input[name=meetingIds]").First.CheckAsync();
        await page.Locator("select[name^=agendaItem_]").First.SelectOptionAsync("3");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "共有資料を作成" }).ClickAsync();
        await Assertions.Expect(page.Locator("article.a4-document h1")).ToContainTextAsync("集計結果");
        await Assertions.Expect(page.Locator("article.a4-document")).Not.ToContainTextAsync("職員数");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "survey-snapshot");

        // From the results, one click raises an issue that links back to the answer.
        await page.GotoAsync(surveyUrl.Replace("/Details/", "/Results/", StringComparison.Ordinal));
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "survey-results");
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = partner.Name }).GetByRole(AriaRole.Button, new() { Name = "地域課題として提起" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToContainTextAsync(partner.Name);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "もとの回答を見る" })).ToBeVisibleAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Empty(errors);
        Assert.Empty(pErrors);
    }

    [GeneratedRegex("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")]
    private static partial Regex CodeShape();
}
