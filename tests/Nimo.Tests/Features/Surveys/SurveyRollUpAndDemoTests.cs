using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Features.Organizations;
using Nimo.Features.Surveys;
using Nimo.Platform.Demo;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Surveys;

/// <summary>The hospital survey's roll-up with numbers of the test's own: every level is the sum of the organisations' rows under it.</summary>
public sealed partial class SurveyRollUpTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Hospital_answers_roll_up_to_municipality_area_and_prefecture_and_the_sums_match_the_organisation_rows()
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var today = JapanTime.Today(app.Clock);
        var surveyId = await app.WithDbAsync(async (db, _) =>
        {
            var regions = await db.Regions.Where(r => r.Code == "472018" || r.Code == "473014" || r.Code == "470007").ToDictionaryAsync(r => r.Code!);
            var office = await db.Organizations.SingleAsync(o => o.Id == world.Prefecture.Id);
            Organization H(string name, string code) => Organization.Create(name + tag, "びょういん", OrganizationKind.PsychiatricHospital, regions[code]);
            var hospitals = new[] { H("あおば第一病院", "472018"), H("あおば第二病院", "472018"), H("みどり病院", "473014"), H("みどり東病院", "473014") };
            db.Organizations.AddRange(hospitals);
            var s = Survey.Create("長期入院者調査 " + tag, "圏域ごとの必要なサービス量を見込むためです。", office, regions["470007"], null, today, today.AddDays(10), [], app.Clock.GetUtcNow(), "test");
            var sec = s.AddSection("入院の状況");
            var stay = s.AddQuestion(sec, QuestionKind.Number, "1年以上の長期入院者数", null, true, "人", [], []);
            var old = s.AddQuestion(sec, QuestionKind.Number, "うち65歳以上", null, false, "人", [], []);
            db.Surveys.Add(s);
            await db.SaveChangesAsync();
            s.Send(app.Clock.GetUtcNow(), hospitals.Length);
            decimal[][] figures = [[120, 80], [45.5m, 30], [60, 41], [0, 0]];
            for (var i = 0; i < hospitals.Length; i++)
            {
                var r = SurveyRecipient.For(s, hospitals[i]);
                if (i < 3)
                {
                    r.Submit(s, new AnswerSheet([new SurveyAnswer { QuestionId = stay.Id, Number = figures[i][0] }, new SurveyAnswer { QuestionId = old.Id, Number = figures[i][1] }], [], false, null),
                        AnswerChannel.Paper, "test", app.Clock.GetUtcNow());
                }

                db.SurveyRecipients.Add(r);
            }

            await db.SaveChangesAsync();
            return s.Id;
        });

        // The computation: each level is the sum of its organisations.
        var results = await app.WithDbAsync(async (db, _) => await SurveyResults.LoadAsync(db, await db.Surveys.AsNoTracking().Whole().SingleAsync(s => s.Id == surveyId), default));
        var stayId = results.NumberQuestions[0].Id;
        var rows = results.RollUp;
        Assert.Equal(225.5m, rows.Single(r => r.Level == SurveyResults.Level.Prefecture).Sums[stayId]);
        Assert.Equal(165.5m, rows.Single(r => r.Level == SurveyResults.Level.Municipality && r.Name == "あおば市").Sums[stayId]);
        Assert.Equal(60m, rows.Single(r => r.Level == SurveyResults.Level.Area && r.Name == "北部保健所圏域").Sums[stayId]);
        Assert.Equal(165.5m, rows.Single(r => r.Level == SurveyResults.Level.Area && r.Name == SurveyResults.NoArea).Sums[stayId]);
        var pref = rows.Single(r => r.Level == SurveyResults.Level.Prefecture);
        Assert.Equal((4, 3), (pref.Asked, pref.Answered));
        foreach (var q in results.NumberQuestions)
        {
            Assert.Equal(results.Organizations.Sum(o => o.Numbers.GetValueOrDefault(q.Id)), pref.Sums[q.Id]);
            Assert.Equal(rows.Where(r => r.Level == SurveyResults.Level.Area).Sum(r => r.Sums[q.Id]), pref.Sums[q.Id]);
            Assert.Equal(rows.Where(r => r.Level == SurveyResults.Level.Municipality).Sum(r => r.Sums[q.Id]), pref.Sums[q.Id]);
        }

        // 都道府県担当 of another office sees the roll-up by region, without the hospitals' rows.
        var planning = await app.WithDbAsync(async (db, _) =>
        {
            var prefRegion = await db.Regions.SingleAsync(r => r.Code == "470007");
            var o = Organization.Create("テスト県 保健医療課" + tag, "ほけんいりょうか", OrganizationKind.LocalGovernment, prefRegion);
            db.Organizations.Add(o);
            await db.SaveChangesAsync();
            return o.Id;
        });
        var prefUser = await app.CreateUserAsync("sv-pref-" + tag, Roles.PrefectureStaff, planning, twoFactor: true);
        var client = await app.SignInAsync(prefUser);
        var page = WebUtility.HtmlDecode(await (await client.GetAsync($"/Surveys/RollUp/{surveyId}")).Content.ReadAsStringAsync());
        Assert.True(page.Contains("テスト県", StringComparison.Ordinal), SurveyDemoTests.MainOf(page));
        Assert.Contains("北部保健所圏域", page, StringComparison.Ordinal);
        Assert.Contains("225.5", page, StringComparison.Ordinal);
        Assert.DoesNotContain("あおば第一病院", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Surveys/Results/{surveyId}")).StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden ? HttpStatusCode.NotFound : HttpStatusCode.OK);
        var recipient = await app.WithDbAsync(async (db, _) => await db.SurveyRecipients.Where(r => r.SurveyId == surveyId).Select(r => r.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Surveys/Answer/{recipient}")).StatusCode);
    }

    [Fact]
    public async Task Live_counts_give_surveys_closed_in_the_year_the_response_rate_and_activities_per_category()
    {
        var world = await app.CreateWorldAsync();
        var today = JapanTime.Today(app.Clock);
        await app.WithDbAsync(async db =>
        {
            var office = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.TownOffice.Id);
            var s = Survey.Create("取組調査(件数)", "件数の確認です。", office, office.Region, null, today.AddDays(-20), today.AddDays(-1), ["研修等", "講演会"], app.Clock.GetUtcNow().AddDays(-21), "test");
            var q = s.AddQuestion(s.AddSection("取組"), QuestionKind.Activities, "取組", null, false, null, [], []);
            db.Surveys.Add(s);
            await db.SaveChangesAsync();
            s.Send(app.Clock.GetUtcNow().AddDays(-20), 2);
            var a = SurveyRecipient.For(s, await db.Organizations.SingleAsync(o => o.Id == world.TownFamilyAssociation.Id));
            var training = s.Categories.Single(c => c.Name == "研修等").Id;
            a.Submit(s, new AnswerSheet([], [new SurveyActivity { QuestionId = q.Id, Title = "家族向け研修", CategoryId = training }, new SurveyActivity { QuestionId = q.Id, Title = "支援者研修", CategoryId = training }], false, null),
                AnswerChannel.Paper, "test", app.Clock.GetUtcNow().AddDays(-10));
            db.SurveyRecipients.AddRange(a, SurveyRecipient.For(s, await db.Organizations.SingleAsync(o => o.Id == world.CityPartner.Id)));
            await db.SaveChangesAsync();
        });

        await app.WithDbAsync(async (db, sp) =>
        {
            var sources = sp.GetServices<ILiveCountSource>().ToDictionary(s => s.Key);
            var town = await db.Regions.SingleAsync(r => r.Code == "473014");
            var query = new LiveCountQuery(db, town.Id, town.Path, town.Name, FiscalYear.Of(today), null, Nimo.Platform.Scoping.UserScope.Anonymous, today);
            Assert.Equal(1, (await sources["SurveysDone"].CountAsync(query, default)).Count);
            Assert.Equal(50, (await sources["SurveyResponseRate"].CountAsync(query, default)).Count);
            Assert.Equal(2, (await sources["SurveyActivities:研修等"].CountAsync(query, default)).Count);
            Assert.Equal(0, (await sources["SurveyActivities:講演会"].CountAsync(query, default)).Count);
            return 0;
        });
    }
}

/// <summary>The demo: 文京's アンケート to its 12 member organisations, shared at both コア会議; 埼玉's hospital survey rolled up.</summary>
public sealed class SurveyDemoTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = app.CreateClient();
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(client, user, DemoData.DemoPassword));
        return client;
    }

    private static async Task<string> TextAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    internal static string MainOf(string html) => html.Contains("<main", StringComparison.Ordinal) ? html[html.IndexOf("<main", StringComparison.Ordinal)..][..Math.Min(1500, html.Length - html.IndexOf("<main", StringComparison.Ordinal))] : html[..Math.Min(1500, html.Length)];

    [Fact]
    public async Task Bunkyo_survey_shows_12_of_12_counts_per_category_and_Nippon_Medical_School_as_a_response_with_no_activities()
    {
        var id = await app.WithDbAsync(async (db, _) => await db.Surveys.Where(s => s.Title == SurveysDemoSeed.BunkyoTitle).Select(s => s.Id).SingleAsync());
        var bunkyo = await SignInAsync("bunkyo");
        var details = await TextAsync(await bunkyo.GetAsync($"/Surveys/Details/{id}"));
        Assert.True(details.Contains("回答 12/12", StringComparison.Ordinal), MainOf(details));
        var results = await TextAsync(await bunkyo.GetAsync($"/Surveys/Results/{id}"));
        foreach (var (category, count) in new[] { ("研修等", 3), ("講演会", 7), ("発行物", 3), ("活動・イベント等", 23) })
        {
            Assert.Contains($"<th scope=\"row\">{category}</th><td class=\"num\">{count}</td>", results, StringComparison.Ordinal);
        }

        Assert.Matches("日本医科大学付属病院</a></th>\\s*<td>[^<]*</td>\\s*<td>組織としては行っていない</td>(\\s*<td class=\"num\">0</td>){5}", results);
        var rec = await app.WithDbAsync(async (db, _) => await db.SurveyRecipients.Include(r => r.Activities).SingleAsync(r => r.SurveyId == id && r.Organization.Name == "日本医科大学付属病院"));
        Assert.True(rec.HasAnswered && rec.NotDoing && rec.Activities.Count == 0);
    }

    [Fact]
    public async Task The_snapshot_is_on_agenda_item_3_of_both_core_meetings_and_opens_as_A4_with_the_chosen_questions_only()
    {
        var bunkyo = await SignInAsync("bunkyo");
        var meetings = await app.WithDbAsync(async (db, _) => await db.Meetings.Where(m => m.Forum.Name == "文京区地域精神保健福祉連絡協議会 コア会議").OrderBy(m => m.StartsAt).Select(m => m.Id).ToListAsync());
        Assert.Equal(2, meetings.Count);
        string? snapshotUrl = null;
        foreach (var m in meetings)
        {
            var page = await TextAsync(await bunkyo.GetAsync($"/Forums/Meeting/{m}"));
            var match = Regex.Match(page, "<li>事前にいただいたアンケートの共有\\s*<ul class=\"attachments\">\\s*<li>資料: <a href=\"(/Surveys/Snapshot/\\d+)\">");
            Assert.True(match.Success, "agenda item 3 of meeting " + m.ToString(CultureInfo.InvariantCulture) + " has no snapshot: " + (page.Contains("アンケートの共有", StringComparison.Ordinal) ? page[page.IndexOf("アンケートの共有", StringComparison.Ordinal)..][..300] : MainOf(page)));
            snapshotUrl = match.Groups[1].Value;
        }

        var snapshot = await TextAsync(await bunkyo.GetAsync(snapshotUrl));
        Assert.Contains("class=\"a4-document snapshot\"", snapshot, StringComparison.Ordinal);
        Assert.Contains("地域の助け合い・教育(普及啓発)に関して", snapshot, StringComparison.Ordinal);
        Assert.Contains("地域向けの普及啓発活動は組織としては行っていない", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("強化した方が良いと思われる取組", snapshot, StringComparison.Ordinal);
        Assert.Contains("12/12機関", snapshot, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saitama_hospital_survey_rolls_up_to_health_areas_and_the_prefecture()
    {
        var id = await app.WithDbAsync(async (db, _) => await db.Surveys.Where(s => s.Title == SurveysDemoSeed.SaitamaTitle).Select(s => s.Id).SingleAsync());
        var saitama = await SignInAsync("saitama");
        var page = await TextAsync(await saitama.GetAsync($"/Surveys/RollUp/{id}"));
        Assert.Contains("埼玉県", page, StringComparison.Ordinal);
        Assert.Contains("圏域", page, StringComparison.Ordinal);
        // 182 + 96 + 240 answered; the fourth hospital has not answered.
        Assert.Contains("<td class=\"num\">518</td>", page, StringComparison.Ordinal);
    }
}
