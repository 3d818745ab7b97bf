using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Surveys;
using Nimo.Platform.Identity;
using Nimo.Tests.Features.Events;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Surveys;

/// <summary>The whole loop over HTTP with data of the test's own: build, send, answer three ways, remind, close, reopen, tally, share, raise an issue.</summary>
public sealed partial class SurveyLoopTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..6];

    private static async Task<string> TextAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    private static void NoCookie(HttpResponseMessage response) =>
        Assert.False(response.Headers.Contains("Set-Cookie"), $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} set a cookie");

    internal sealed record Setup(int SurveyId, int ForumId, Organization Partner, Organization NoAccount, Organization Other, HttpClient Secretariat, HttpClient PartnerClient,
        HttpClient OtherClient, int PartnerRecipient, int NoAccountRecipient, int OtherRecipient, TestUser Staff, TestUser PartnerUser);

    /// <summary>A forum run by the city's office, three organisations (one with no account), a survey built and sent through the pages.</summary>
    private async Task<Setup> BuildAsync()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        var (forumId, partner, noAccount, other) = await app.WithDbAsync(async (db, _) =>
        {
            var city = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var p = Organization.Create($"回答テスト相談室{tag}", "かいとうてすと", OrganizationKind.CounsellingSupport, city.Region);
            var n = Organization.Create($"コードの家族会{tag}", "こーどのかぞくかい", OrganizationKind.FamilyAssociation, city.Region);
            var o = Organization.Create($"別の事業所{tag}", "べつのじぎょうしょ", OrganizationKind.WelfareService, city.Region);
            db.Organizations.AddRange(p, n, o);
            var forum = Forum.Create(city.Region, $"テスト協議会{tag}", ForumKind.Main, null);
            forum.Update(forum.Name, ForumKind.Main, null, null, city, null, ForumStatus.Established, null, null);
            db.Forums.Add(forum);
            await db.SaveChangesAsync();
            forum.AddMember(p, null, MemberRole.Member, Sector.Welfare, null, null, null);
            forum.AddMember(n, null, MemberRole.Member, Sector.Family, null, null, null);
            var meeting = Meeting.Create(forum, "第1回協議会", new DateTimeOffset(2026, 12, 10, 14, 0, 0, TimeSpan.FromHours(9)), null, MeetingFormat.InPerson, "会議室");
            meeting.Record("開会\n報告\n地域アセスメントの共有\n意見交換", null, false, null);
            db.Meetings.Add(meeting);
            await db.SaveChangesAsync();
            return (forum.Id, p, n, o);
        });

        var staff = await app.CreateUserAsync("sv-staff-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var partnerUser = await app.CreateUserAsync("sv-partner-" + tag, Roles.PartnerStaff, partner.Id, twoFactor: true);
        var otherUser = await app.CreateUserAsync("sv-other-" + tag, Roles.PartnerStaff, other.Id, twoFactor: true);
        var secretariat = await app.SignInAsync(staff);
        var partnerClient = await app.SignInAsync(partnerUser);
        var otherClient = await app.SignInAsync(otherUser);

        // The heading, every field filled and read back.
        var created = await AppFactory.PostFormAsync(secretariat, "/Surveys/Edit", new()
        {
            ["Input.Title"] = "地域の取組アンケート " + tag, ["Input.Purpose"] = "関係機関の取組を把握し、協議会で共有するためです。",
            ["Input.ForumId"] = forumId.ToString(CultureInfo.InvariantCulture), ["Input.OpensOn"] = Day(0), ["Input.ClosesOn"] = Day(14),
            ["Input.Categories[0]"] = "研修等", ["Input.Categories[1]"] = "講演会", ["Input.Categories[2]"] = "発行物", ["Input.Categories[3]"] = "活動・イベント等",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var details = await TextAsync(await secretariat.GetAsync($"/Surveys/Details/{id}"));
        foreach (var field in new[] { "地域の取組アンケート " + tag, "関係機関の取組を把握し、協議会で共有するためです。", $"テスト協議会{tag}", Wareki(0), Wareki(14), "研修等、講演会、発行物、活動・イベント等" })
        {
            Assert.Contains(field, details, StringComparison.Ordinal);
        }

        async Task AddQuestion(string kind, string text, Dictionary<string, string>? more = null)
        {
            var form = new Dictionary<string, string> { ["Question.Kind"] = kind, ["Question.Text"] = text, ["Question.Help"] = "補足です", ["Question.Unit"] = "人" };
            foreach (var (k, v) in more ?? [])
            {
                form[k] = v;
            }

            var r = await AppFactory.PostFormAsync(secretariat, $"/Surveys/Questions/{id}", form);
            Assert.True(r.StatusCode == HttpStatusCode.Redirect, await TextAsync(r));
        }

        await AddQuestion("Activities", "貴団体で実施している活動");
        await AddQuestion("Number", "職員数", new() { ["Question.Required"] = "true" });
        await AddQuestion("SingleChoice", "協議の場に参加していますか", new() { ["Question.Choices[0]"] = "はい", ["Question.Choices[1]"] = "いいえ" });
        await AddQuestion("Matrix", "連携の状況", new() { ["Question.Choices[0]"] = "十分", ["Question.Choices[1]"] = "不十分", ["Question.Rows[0]"] = "医療", ["Question.Rows[1]"] = "福祉" });
        await AddQuestion("LongText", "課題やアイデア");
        var questions = await TextAsync(await secretariat.GetAsync($"/Surveys/Questions/{id}"));
        foreach (var field in new[] { "貴団体で実施している活動", "職員数", "選択(1つ)・必須".Replace("選択(1つ)・", "", StringComparison.Ordinal), "単位 人", "はい", "いいえ", "医療", "福祉", "十分", "補足です" })
        {
            Assert.Contains(field, questions, StringComparison.Ordinal);
        }

        // Recipients by the forum's membership, then one non-member by name.
        var byForum = await TextAsync(await secretariat.GetAsync($"/Surveys/Recipients/{id}?forumId={forumId}"));
        Assert.Contains(partner.Name, byForum, StringComparison.Ordinal);
        Assert.Contains(noAccount.Name, byForum, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Name, byForum, StringComparison.Ordinal);
        await AppFactory.PostFormAsync(secretariat, $"/Surveys/Recipients/{id}?forumId={forumId}",
            new() { ["organizationIds"] = partner.Id.ToString(CultureInfo.InvariantCulture) }, $"/Surveys/Recipients/{id}?handler=Add");
        var form2 = new List<KeyValuePair<string, string>>
        {
            new("organizationIds", noAccount.Id.ToString(CultureInfo.InvariantCulture)), new("organizationIds", other.Id.ToString(CultureInfo.InvariantCulture)),
        };
        var page = await TextAsync(await secretariat.GetAsync($"/Surveys/Recipients/{id}?q=" + Uri.EscapeDataString(other.Name)));
        form2.Add(new("__RequestVerificationToken", AppFactory.AntiforgeryToken(page)));
        await secretariat.PostAsync($"/Surveys/Recipients/{id}?handler=Add", new FormUrlEncodedContent(form2));
        var sent = await AppFactory.PostFormAsync(secretariat, $"/Surveys/Recipients/{id}", [], $"/Surveys/Recipients/{id}?handler=Send");
        Assert.Equal($"/Surveys/Details/{id}", sent.Headers.Location?.OriginalString);
        var ids = await app.WithDbAsync(async (db, _) => await db.SurveyRecipients.Where(r => r.SurveyId == id).ToDictionaryAsync(r => r.OrganizationId, r => r.Id));
        return new Setup(id, forumId, partner, noAccount, other, secretariat, partnerClient, otherClient, ids[partner.Id], ids[noAccount.Id], ids[other.Id], staff, partnerUser);
    }

    private string Day(int days) => Nimo.Platform.Japanese.JapanTime.Today(app.Clock).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string Wareki(int days) => Nimo.Platform.Japanese.JapaneseDate.Format(Nimo.Platform.Japanese.JapanTime.Today(app.Clock).AddDays(days));

    private async Task<Dictionary<string, int>> QuestionIdsAsync(int surveyId) =>
        await app.WithDbAsync(async (db, _) =>
        {
            var s = await db.Surveys.Whole().SingleAsync(x => x.Id == surveyId);
            var map = s.Questions.ToDictionary(q => q.Text, q => q.Id);
            foreach (var q in s.Questions)
            {
                foreach (var c in q.Choices)
                {
                    map[$"{q.Text}/{c.Label}"] = c.Id;
                }
            }

            foreach (var c in s.Categories)
            {
                map["cat/" + c.Name] = c.Id;
            }

            return map;
        });

    [Fact]
    public async Task The_whole_loop_build_send_answer_three_ways_remind_close_reopen_tally_share_and_raise_an_issue()
    {
        var s = await BuildAsync();
        var q = await QuestionIdsAsync(s.SurveyId);
        string F(string text) => "q" + q[text].ToString(CultureInfo.InvariantCulture);
        string A(int i, string part) => $"a{q["貴団体で実施している活動"]}_{i}_{part}";

        // The partner answers in Nimo, every field filled and read back.
        var partnerAnswer = new Dictionary<string, string>
        {
            ["respondent"] = "見本 太郎", [F("職員数")] = "１２", [F("協議の場に参加していますか")] = q["協議の場に参加していますか/はい"].ToString(CultureInfo.InvariantCulture),
            [$"{F("連携の状況")}_r{q["連携の状況/医療"]}"] = q["連携の状況/十分"].ToString(CultureInfo.InvariantCulture),
            [$"{F("連携の状況")}_r{q["連携の状況/福祉"]}"] = q["連携の状況/不十分"].ToString(CultureInfo.InvariantCulture),
            [F("課題やアイデア")] = "夜間の相談先が少ないと感じます。",
            [A(0, "title")] = "家族向け勉強会", [A(0, "cat")] = q["cat/講演会"].ToString(CultureInfo.InvariantCulture), [A(0, "aud")] = "家族", [A(0, "freq")] = "年4回", [A(0, "period")] = "令和7年度から",
            [A(1, "title")] = "支援者研修", [A(1, "cat")] = q["cat/研修等"].ToString(CultureInfo.InvariantCulture),
            [$"a{q["貴団体で実施している活動"]}_rows"] = "3",
        };
        var answered = await AppFactory.PostFormAsync(s.PartnerClient, $"/Surveys/Answer/{s.PartnerRecipient}", partnerAnswer);
        Assert.True(answered.StatusCode == HttpStatusCode.Redirect, await TextAsync(answered));
        var readBack = await TextAsync(await s.PartnerClient.GetAsync($"/Surveys/Answer/{s.PartnerRecipient}"));
        foreach (var v in new[] { "見本 太郎", "value=\"12\"", "夜間の相談先が少ないと感じます。", "家族向け勉強会", "家族", "年4回", "令和7年度から", "支援者研修", SurveyLabels.NoClientWarning })
        {
            Assert.Contains(v, readBack, StringComparison.Ordinal);
        }

        // The progress: 1/3, and the two others listed as not answered.
        var progress = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Details/{s.SurveyId}"));
        Assert.Contains("回答 1/3", progress, StringComparison.Ordinal);
        Assert.Contains("未回答の機関(2 機関)", progress, StringComparison.Ordinal);

        // The reminder letter for those who have not answered, with a code for the organisation without an account.
        var lettersPage = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Letters/{s.SurveyId}?kind=remind"));
        Assert.Contains(s.NoAccount.Name, lettersPage, StringComparison.Ordinal);
        Assert.DoesNotContain(s.Partner.Name, lettersPage, StringComparison.Ordinal);
        var letters = await s.Secretariat.PostAsync($"/Surveys/Letters/{s.SurveyId}?kind=remind", new FormUrlEncodedContent(
        [
            new("kind", "remind"), new("recipientIds", s.NoAccountRecipient.ToString(CultureInfo.InvariantCulture)), new("recipientIds", s.OtherRecipient.ToString(CultureInfo.InvariantCulture)),
            new("codeFor", s.NoAccountRecipient.ToString(CultureInfo.InvariantCulture)), new("__RequestVerificationToken", AppFactory.AntiforgeryToken(lettersPage)),
        ]));
        var lettersHtml = await TextAsync(letters);
        Assert.Contains("ご回答のお願い(再送)", lettersHtml, StringComparison.Ordinal);
        var code = CodePattern().Match(lettersHtml).Groups[1].Value;
        Assert.Equal(19, code.Length);

        // The organisation without an account answers with the code: no cookie on any step, 「組織としては行っていない」.
        var anonymous = app.CreateClient();
        var entry = await anonymous.GetAsync("/public/surveys");
        NoCookie(entry);
        var opened = await anonymous.PostAsync("/public/surveys", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code.ToLowerInvariant() }));
        NoCookie(opened);
        var openedHtml = await TextAsync(opened);
        Assert.Contains(s.NoAccount.Name, openedHtml, StringComparison.Ordinal);
        Assert.Contains(SurveyLabels.NoClientWarning, openedHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("家族向け勉強会", openedHtml, StringComparison.Ordinal);
        var byCode = await anonymous.PostAsync("/public/surveys?handler=Answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code, ["notDoing"] = "true", [F("職員数")] = "3", [F("課題やアイデア")] = "場所が足りません。",
        }));
        NoCookie(byCode);
        Assert.Contains("の回答を受け付けました", await TextAsync(byCode), StringComparison.Ordinal);

        // The secretariat types in the third one from a fax.
        var paper = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/Answer/{s.OtherRecipient}", new() { [F("職員数")] = "7", [A(0, "title")] = "ボランティアの受け入れ", [A(0, "cat")] = q["cat/活動・イベント等"].ToString(CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, paper.StatusCode);
        var progress2 = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Details/{s.SurveyId}"));
        Assert.Contains("回答 3/3", progress2, StringComparison.Ordinal);
        Assert.Contains("紙・FAXの回答を事務局が入力", progress2, StringComparison.Ordinal);
        Assert.Contains("回答コードで回答", progress2, StringComparison.Ordinal);

        // The tally: per category, 組織としては行っていない counted as a response with 0 activities, the numbers summed.
        var results = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Results/{s.SurveyId}"));
        Assert.Contains("回答 3/3", results, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">研修等</th><td class=\"num\">1</td>", results, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">講演会</th><td class=\"num\">1</td>", results, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">活動・イベント等</th><td class=\"num\">1</td>", results, StringComparison.Ordinal);
        Assert.Contains("合計: <strong>22</strong>人", results, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", results, StringComparison.Ordinal);
        var xlsx = await s.Secretariat.GetAsync($"/Surveys/Results/{s.SurveyId}?handler=Xlsx");
        Assert.Equal(Nimo.Platform.Excel.XlsxFile.ContentType, xlsx.Content.Headers.ContentType?.MediaType);
        var csv = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Results/{s.SurveyId}?handler=Csv"));
        Assert.Contains(s.NoAccount.Name, csv, StringComparison.Ordinal);
        Assert.Contains("取組:研修等", csv, StringComparison.Ordinal);

        // Close: the code stops working, the partner's answer is frozen and a change is refused in Japanese.
        app.Clock.Advance(TimeSpan.FromDays(15));
        var secretariat = await app.SignInAsync(s.Staff);
        var partnerClient = await app.SignInAsync(s.PartnerUser);
        s = s with { Secretariat = secretariat, PartnerClient = partnerClient };
        var late = await TextAsync(await anonymous.PostAsync("/public/surveys", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code })));
        Assert.Contains("この調査は締め切られたため、この回答コードは使えなくなりました。", late, StringComparison.Ordinal);
        var lateAnswer = await TextAsync(await anonymous.PostAsync("/public/surveys?handler=Answer", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, [F("職員数")] = "99" })));
        Assert.Contains("使えなくなりました", lateAnswer, StringComparison.Ordinal);
        var frozen = await TextAsync(await s.PartnerClient.GetAsync($"/Surveys/Answer/{s.PartnerRecipient}"));
        Assert.Contains("この調査は締め切られたため、回答は確定しています。", frozen, StringComparison.Ordinal);
        var token = AppFactory.AntiforgeryToken(await TextAsync(await s.PartnerClient.GetAsync("/Surveys")));
        var refused = await TextAsync(await s.PartnerClient.PostAsync($"/Surveys/Answer/{s.PartnerRecipient}",
            new FormUrlEncodedContent(new Dictionary<string, string>(partnerAnswer) { [F("職員数")] = "99", ["__RequestVerificationToken"] = token })));
        Assert.Contains("この調査は締め切られたため、回答は確定しています。", refused, StringComparison.Ordinal);
        Assert.Equal(12m, await app.WithDbAsync(async (db, _) => (await db.SurveyAnswers.SingleAsync(a => a.RecipientId == s.PartnerRecipient && a.Number != null)).Number));

        // Reopening needs a reason and is audited; then the partner can change it again.
        var noReason = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/Details/{s.SurveyId}", new() { ["recipientId"] = s.PartnerRecipient.ToString(CultureInfo.InvariantCulture), ["reason"] = " " }, $"/Surveys/Details/{s.SurveyId}?handler=Reopen");
        Assert.Contains("回答を再開する理由を入力してください", await TextAsync(await s.Secretariat.GetAsync(noReason.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/Details/{s.SurveyId}", new() { ["recipientId"] = s.PartnerRecipient.ToString(CultureInfo.InvariantCulture), ["reason"] = "職員数の誤りの連絡があったため" }, $"/Surveys/Details/{s.SurveyId}?handler=Reopen");
        var again = await AppFactory.PostFormAsync(s.PartnerClient, $"/Surveys/Answer/{s.PartnerRecipient}", new Dictionary<string, string>(partnerAnswer) { [F("職員数")] = "13" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var recordIds = new[] { s.PartnerRecipient.ToString(CultureInfo.InvariantCulture), s.NoAccountRecipient.ToString(CultureInfo.InvariantCulture) };
        var audits = await app.WithDbAsync(async (db, _) => await db.AuditEntries.Where(e => (e.RecordType == "SurveyAnswer" || e.RecordType == "SurveyRecipient") && recordIds.Contains(e.RecordId)).Select(e => e.Detail).ToListAsync());
        Assert.Contains(audits, d => d!.Contains("職員数の誤りの連絡があったため", StringComparison.Ordinal));
        Assert.Equal(3, audits.Count(d => d!.Contains("の回答を登録", StringComparison.Ordinal) || d.Contains("の回答を変更", StringComparison.Ordinal)));

        // Share: the picked question and one picked free text; the other free text is not in the snapshot.
        var meetingId = await app.WithDbAsync(async (db, _) => await db.Meetings.Where(m => m.ForumId == s.ForumId).Select(m => m.Id).SingleAsync());
        var shared = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/Share/{s.SurveyId}", new()
        {
            ["title"] = "アンケート集計(共有版)", ["questionIds"] = q["貴団体で実施している活動"].ToString(CultureInfo.InvariantCulture),
            ["texts"] = $"t{s.NoAccountRecipient}_{q["課題やアイデア"]}", ["meetingIds"] = meetingId.ToString(CultureInfo.InvariantCulture), [$"agendaItem_{meetingId}"] = "3",
        });
        Assert.Equal(HttpStatusCode.Redirect, shared.StatusCode);
        var snapshotUrl = shared.Headers.Location!.OriginalString;
        var snapshot = await TextAsync(await s.PartnerClient.GetAsync(snapshotUrl));
        Assert.Contains("アンケート集計(共有版)", snapshot, StringComparison.Ordinal);
        Assert.Contains("場所が足りません。", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("夜間の相談先が少ないと感じます。", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("職員数", snapshot, StringComparison.Ordinal);
        Assert.Contains("a4-document", snapshot, StringComparison.Ordinal);
        var meetingPage = await TextAsync(await s.Secretariat.GetAsync($"/Forums/Meeting/{meetingId}"));
        Assert.Matches("地域アセスメントの共有\\s*<ul class=\"attachments\">\\s*<li>資料: <a href=\"" + Regex.Escape(snapshotUrl) + "\">", meetingPage);

        // One click from a result row raises an issue on the forum; the issue links back to the answer.
        var raised = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/Results/{s.SurveyId}", new() { ["recipientId"] = s.OtherRecipient.ToString(CultureInfo.InvariantCulture) }, $"/Surveys/Results/{s.SurveyId}?handler=Issue");
        Assert.StartsWith("/Forums/Issue/", raised.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var issue = await TextAsync(await s.Secretariat.GetAsync(raised.Headers.Location!.OriginalString));
        Assert.Contains($"href=\"/Surveys/Answer/{s.OtherRecipient}\"", issue, StringComparison.Ordinal);
        Assert.Contains("ボランティアの受け入れ", issue, StringComparison.Ordinal);
        var issueId = int.Parse(raised.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        Assert.Equal(s.ForumId, await app.WithDbAsync(async (db, _) => (await db.RegionalIssues.SingleAsync(i => i.Id == issueId)).ForumId));
    }

    [Fact]
    public async Task A_partner_reads_and_edits_only_its_own_organisations_answer_route_by_route()
    {
        var s = await BuildAsync();
        // Another partner: every route about the survey or the partner's answer is refused (404/403), never the answer shown.
        foreach (var url in new[]
        {
            $"/Surveys/Answer/{s.PartnerRecipient}", $"/Surveys/Answer/{s.NoAccountRecipient}", $"/Surveys/Details/{s.SurveyId}", $"/Surveys/Results/{s.SurveyId}",
            $"/Surveys/Results/{s.SurveyId}?handler=Csv", $"/Surveys/Results/{s.SurveyId}?handler=Xlsx", $"/Surveys/RollUp/{s.SurveyId}", $"/Surveys/Share/{s.SurveyId}",
            $"/Surveys/Letters/{s.SurveyId}", $"/Surveys/Questions/{s.SurveyId}", $"/Surveys/Recipients/{s.SurveyId}", $"/Surveys/Edit/{s.SurveyId}",
        })
        {
            foreach (var client in new[] { s.OtherClient, s.PartnerClient })
            {
                if (client == s.PartnerClient && url == $"/Surveys/Answer/{s.PartnerRecipient}")
                {
                    continue;
                }

                var r = await client.GetAsync(url);
                Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden || r.Headers.Location?.OriginalString.Contains("AccessDenied", StringComparison.Ordinal) == true,
                    $"{url}: {(int)r.StatusCode}");
            }
        }

        // Posting to another organisation's answer is refused and changes nothing.
        var token = AppFactory.AntiforgeryToken(await TextAsync(await s.OtherClient.GetAsync("/Surveys")));
        var post = await s.OtherClient.PostAsync($"/Surveys/Answer/{s.PartnerRecipient}", new FormUrlEncodedContent(new Dictionary<string, string> { ["notDoing"] = "true", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.False(await app.WithDbAsync(async (db, _) => (await db.SurveyRecipients.SingleAsync(r => r.Id == s.PartnerRecipient)).HasAnswered));

        // Its own answer page is open to it, and the survey list offers it.
        Assert.Equal(HttpStatusCode.OK, (await s.OtherClient.GetAsync($"/Surveys/Answer/{s.OtherRecipient}")).StatusCode);
        Assert.Contains($"/Surveys/Answer/{s.OtherRecipient}", await TextAsync(await s.OtherClient.GetAsync("/Surveys")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_or_malformed_code_says_only_that_and_the_code_page_sets_no_cookie_and_is_cacheable()
    {
        var anonymous = app.CreateClient();
        var get = await anonymous.GetAsync("/public/surveys");
        NoCookie(get);
        Assert.Contains("public", get.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var unknown = await TextAsync(await anonymous.PostAsync("/public/surveys", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "0000-0000-0000-0000" })));
        Assert.Contains("この回答コードは見つかりません。", unknown, StringComparison.Ordinal);
        var malformed = await TextAsync(await anonymous.PostAsync("/public/surveys", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "abc" })));
        Assert.Contains("英数字16文字", malformed, StringComparison.Ordinal);
    }

    [GeneratedRegex("class=\"code\" lang=\"en\">([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<")]
    private static partial Regex CodePattern();
}
