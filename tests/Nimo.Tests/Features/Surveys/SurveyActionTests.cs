using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Surveys;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Features.Events;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Surveys;

/// <summary>
/// From a 取組 row of the results: an event and a directory service, pre-filled, unpublished, made once, linked back to the
/// answer on the staff pages of those who may read it, never on the public pages or the HSDS feed; only the secretariat may.
/// </summary>
public sealed class SurveyActionTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private static async Task<string> TextAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    private sealed record Setup(int SurveyId, string SurveyTitle, Organization Partner, int RecipientId, int LectureId, int SalonId,
        HttpClient Secretariat, HttpClient PartnerClient, HttpClient OtherPartner, HttpClient OtherRegion);

    /// <summary>The city's office runs a survey answered by a partner with two 取組: a 講演会 and an 活動・イベント等.</summary>
    private async Task<Setup> BuildAsync()
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var title = "取組アンケート " + tag;
        var (surveyId, partner, other, recipientId) = await app.WithDbAsync(async (db, _) =>
        {
            var city = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var p = Organization.Create($"取組の相談室{tag}", "とりくみのそうだんしつ", OrganizationKind.CounsellingSupport, city.Region);
            var o = Organization.Create($"となりの事業所{tag}", "となりのじぎょうしょ", OrganizationKind.WelfareService, city.Region);
            db.Organizations.AddRange(p, o);
            var today = JapanTime.Today(app.Clock);
            var s = Survey.Create(title, "取組を把握するためです。", city, city.Region, null, today.AddDays(-3), today.AddDays(20), SurveyLabels.BunkyoCategories, app.Clock.GetUtcNow(), "test");
            var q = s.AddQuestion(s.AddSection("取組"), QuestionKind.Activities, "実施している活動", null, false, null, [], []);
            db.Surveys.Add(s);
            await db.SaveChangesAsync();
            s.Send(app.Clock.GetUtcNow(), 1);
            var cats = s.Categories.ToDictionary(c => c.Name, c => c.Id);
            var r = SurveyRecipient.For(s, p);
            r.Submit(s, new AnswerSheet([],
                [new SurveyActivity { QuestionId = q.Id, Title = "こころの健康講演会", CategoryId = cats["講演会"], Audience = "地域住民・家族", Frequency = "年1回", Period = "令和5年度から" },
                 new SurveyActivity { QuestionId = q.Id, Title = "ピアサロン", CategoryId = cats["活動・イベント等"], Audience = "当事者", Frequency = "月2回", Period = "" }], false, null),
                AnswerChannel.Paper, "test", app.Clock.GetUtcNow());
            db.SurveyRecipients.Add(r);
            await db.SaveChangesAsync();
            return (s.Id, p, o, r.Id);
        });

        var acts = await app.WithDbAsync(async (db, _) => await db.SurveyActivities.Where(a => a.RecipientId == recipientId).ToDictionaryAsync(a => a.Title, a => a.Id));
        var staff = await app.CreateUserAsync("sa-staff-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var partnerUser = await app.CreateUserAsync("sa-partner-" + tag, Roles.PartnerStaff, partner.Id, twoFactor: true);
        var otherUser = await app.CreateUserAsync("sa-other-" + tag, Roles.PartnerStaff, other.Id, twoFactor: true);
        var townUser = await app.CreateUserAsync("sa-town-" + tag, Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        return new Setup(surveyId, title, partner, recipientId, acts["こころの健康講演会"], acts["ピアサロン"],
            await app.SignInAsync(staff), await app.SignInAsync(partnerUser), await app.SignInAsync(otherUser), await app.SignInAsync(townUser));
    }

    private string Day(int days) => JapanTime.Today(app.Clock).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_event_made_from_a_取組_is_prefilled_saved_unpublished_with_every_field_linked_back_and_made_only_once()
    {
        var s = await BuildAsync();
        var results = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Results/{s.SurveyId}"));
        var url = $"/Surveys/ToEvent/{s.RecipientId}?activity={s.LectureId}";
        Assert.Contains(url, results, StringComparison.Ordinal);

        // Pre-filled from the 取組: its title, 講演会 as the kind, the answering organisation as organiser, a description naming the survey, the audience.
        var form = await TextAsync(await s.Secretariat.GetAsync(url));
        Assert.Contains("value=\"こころの健康講演会\"", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Lecture\" selected=\"selected\">", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{s.Partner.Id}\" selected=\"selected\">", form, StringComparison.Ordinal);
        Assert.Contains($"地域アセスメント「{s.SurveyTitle}」で{s.Partner.Name}が回答した取組「こころの健康講演会」(分類: 講演会、対象: 地域住民・家族、頻度: 年1回、期間: 令和5年度から)から作成しました。", form, StringComparison.Ordinal);
        Assert.Contains("id=\"aud-Residents\" name=\"Input.Audiences\" value=\"Residents\" checked=\"checked\"", form, StringComparison.Ordinal);
        Assert.Contains("id=\"aud-Families\" name=\"Input.Audiences\" value=\"Families\" checked=\"checked\"", form, StringComparison.Ordinal);

        // Every field, filled as a person would, and read back on the event's page.
        var fields = new List<KeyValuePair<string, string>>
        {
            new("activity", s.LectureId.ToString(CultureInfo.InvariantCulture)), new("Input.Kind", "Lecture"), new("Input.Title", "こころの健康講演会(令和8年度)"),
            new("Input.Description", "うつ病と睡眠についての講演です。"), new("Input.OrganizerId", s.Partner.Id.ToString(CultureInfo.InvariantCulture)),
            new("Input.Audiences", "Residents"), new("Input.Audiences", "Families"), new("Input.Date", Day(40)), new("Input.Start", "13:30"), new("Input.End", "15:00"),
            new("Input.Format", "InPerson"), new("Input.Venue", "市民会館 小ホール"), new("__RequestVerificationToken", AppFactory.AntiforgeryToken(form)),
        };
        var made = await s.Secretariat.PostAsync($"/Surveys/ToEvent/{s.RecipientId}", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var eventUrl = made.Headers.Location!.OriginalString;
        Assert.StartsWith("/Events/Details/", eventUrl, StringComparison.Ordinal);
        var eventId = int.Parse(eventUrl.Split('/')[^1], CultureInfo.InvariantCulture);
        var page = await TextAsync(await s.Secretariat.GetAsync(eventUrl));
        var start = JapanTime.Today(app.Clock).AddDays(40);
        foreach (var text in new[] { "こころの健康講演会(令和8年度)", "うつ病と睡眠についての講演です。", s.Partner.Name, "住民、家族", "市民会館 小ホール", "講演会", JapaneseDate.Format(start), "15:00" })
        {
            Assert.Contains(text, page, StringComparison.Ordinal);
        }

        Assert.Contains($"この催しは地域アセスメント「{s.SurveyTitle}」の{s.Partner.Name}の回答(取組「こころの健康講演会」)から作成しました。<a href=\"/Surveys/Answer/{s.RecipientId}\">もとの回答を見る</a>", page, StringComparison.Ordinal);
        var e = await app.WithDbAsync(async (db, _) => await db.Events.AsNoTracking().SingleAsync(x => x.Id == eventId));
        Assert.False(e.IsPublished);
        Assert.Equal(s.Partner.Id, e.OrganizerId);
        Assert.True(await app.WithDbAsync(async (db, _) => await db.EventBooks.AnyAsync(b => b.EventId == eventId)));
        Assert.True(await app.WithDbAsync(async (db, _) => await db.AuditEntries.AnyAsync(a => a.RecordType == "Event" && a.RecordId == eventId.ToString(CultureInfo.InvariantCulture) && a.Detail!.Contains("地域アセスメント"))));

        // The row says so and links the event; a second click (GET or POST) opens it instead of making another.
        results = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Results/{s.SurveyId}"));
        Assert.Contains($"<a href=\"/Events/Details/{eventId}\">作成済みの催し", results, StringComparison.Ordinal);
        Assert.DoesNotContain(url, results, StringComparison.Ordinal);
        Assert.Equal(eventUrl, (await s.Secretariat.GetAsync(url)).Headers.Location?.OriginalString);
        fields.RemoveAll(f => f.Key == "__RequestVerificationToken");
        fields.Add(new("__RequestVerificationToken", AppFactory.AntiforgeryToken(results)));
        var again = await s.Secretariat.PostAsync($"/Surveys/ToEvent/{s.RecipientId}", new FormUrlEncodedContent(fields));
        Assert.Equal(eventUrl, again.Headers.Location?.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(async (db, _) => await db.Events.CountAsync(x => x.OrganizerId == s.Partner.Id)));

        // The answering organisation sees the link back to its own answer; another organisation that sees the event does not.
        Assert.Contains($"<a href=\"/Surveys/Answer/{s.RecipientId}\">", await TextAsync(await s.PartnerClient.GetAsync(eventUrl)), StringComparison.Ordinal);
        var other = await s.OtherPartner.GetAsync(eventUrl);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var otherText = await TextAsync(other);
        Assert.DoesNotContain("この催しは地域アセスメント", otherText, StringComparison.Ordinal);
        Assert.DoesNotContain("/Surveys/Answer/", otherText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_service_made_from_a_取組_is_a_draft_for_the_answering_organisation_linked_back_for_staff_and_never_public()
    {
        var s = await BuildAsync();
        var results = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Results/{s.SurveyId}"));
        var url = $"/Surveys/ToService/{s.RecipientId}?activity={s.SalonId}";
        Assert.Contains(url, results, StringComparison.Ordinal);

        // 講演会 maps to 普及啓発; 活動・イベント等 maps to no 分野, so the curator chooses.
        Assert.Contains("<option value=\"awareness\" selected=\"selected\">", await TextAsync(await s.Secretariat.GetAsync($"/Surveys/ToService/{s.RecipientId}?activity={s.LectureId}")), StringComparison.Ordinal);
        var form = await TextAsync(await s.Secretariat.GetAsync(url));
        Assert.DoesNotContain("selected=\"selected\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"ピアサロン\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"当事者\"", form, StringComparison.Ordinal);
        Assert.Contains("頻度: 月2回。</textarea>", form, StringComparison.Ordinal);
        var missing = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/ToService/{s.RecipientId}", new() { ["activity"] = s.SalonId.ToString(CultureInfo.InvariantCulture), ["Input.Name"] = "ピアサロン" });
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("分野を選んでください。", await TextAsync(missing), StringComparison.Ordinal);

        var made = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/ToService/{s.RecipientId}", new()
        {
            ["activity"] = s.SalonId.ToString(CultureInfo.InvariantCulture), ["Input.Name"] = "ピアサロン「ひだまり」",
            ["Input.Eligibility"] = "精神障がいのある方(当事者)", ["Input.Description"] = "当事者が気軽に集まり話せる場です。月2回、第1・第3水曜の午後に開いています。", ["Input.Category"] = "mutual-aid",
        });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var serviceUrl = made.Headers.Location!.OriginalString;
        Assert.StartsWith("/Directory/Details/", serviceUrl, StringComparison.Ordinal);
        var serviceId = Guid.Parse(serviceUrl.Split('/')[^1]);
        var page = await TextAsync(await s.Secretariat.GetAsync(serviceUrl));
        foreach (var text in new[] { "ピアサロン「ひだまり」", "当事者が気軽に集まり話せる場です。月2回、第1・第3水曜の午後に開いています。", "精神障がいのある方(当事者)", "地域の助け合い", s.Partner.Name, "非公開(下書き)" })
        {
            Assert.Contains(text, page, StringComparison.Ordinal);
        }

        Assert.Contains($"このサービスは地域アセスメント「{s.SurveyTitle}」の{s.Partner.Name}の回答(取組「ピアサロン」)から作成しました。<a href=\"/Surveys/Answer/{s.RecipientId}\">もとの回答を見る</a>", page, StringComparison.Ordinal);
        var service = await app.WithDbAsync(async (db, _) => await db.DirectoryServices.AsNoTracking().SingleAsync(x => x.Id == serviceId));
        Assert.False(service.IsPublished);
        Assert.Null(service.AssuredDate);
        Assert.Equal(s.Partner.Id, service.OrganizationId);
        Assert.True(await app.WithDbAsync(async (db, _) => await db.AuditEntries.AnyAsync(a => a.RecordType == "DirectoryService" && a.RecordId == serviceId.ToString() && a.Detail!.Contains("地域アセスメント"))));

        // Made once: the row links it, a second click opens it.
        results = await TextAsync(await s.Secretariat.GetAsync($"/Surveys/Results/{s.SurveyId}"));
        Assert.Contains($"<a href=\"/Directory/Details/{serviceId}\">登録済みのサービス", results, StringComparison.Ordinal);
        Assert.Equal(serviceUrl, (await s.Secretariat.GetAsync(url)).Headers.Location?.OriginalString);
        var again = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/ToService/{s.RecipientId}", new() { ["activity"] = s.SalonId.ToString(CultureInfo.InvariantCulture), ["Input.Name"] = "ピアサロン", ["Input.Category"] = "mutual-aid" });
        Assert.Equal(serviceUrl, again.Headers.Location?.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(async (db, _) => await db.DirectoryServices.CountAsync(x => x.OrganizationId == s.Partner.Id)));

        // The draft is on no public page and in no HSDS answer.
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/public/services/{serviceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/hsds/services/{serviceId}")).StatusCode);
        Assert.DoesNotContain(serviceId.ToString(), await anonymous.GetStringAsync("/api/hsds/services?per_page=500"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/public/services/{serviceId}", await anonymous.GetStringAsync("/public/services?q=" + Uri.EscapeDataString("ひだまり")), StringComparison.Ordinal);

        // Published by the curator, it reaches residents and the feed without the link back or the survey.
        var publish = await AppFactory.PostFormAsync(s.Secretariat, serviceUrl, [], serviceUrl + "?handler=Publish");
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        foreach (var publicUrl in new[] { $"/public/services/{serviceId}", $"/api/hsds/services/{serviceId}" })
        {
            var r = await anonymous.GetAsync(publicUrl);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var text = await TextAsync(r);
            Assert.Contains("ひだまり", text, StringComparison.Ordinal);
            Assert.DoesNotContain("地域アセスメント", text, StringComparison.Ordinal);
            Assert.DoesNotContain("/Surveys/", text, StringComparison.Ordinal);
            Assert.DoesNotContain(s.SurveyTitle, text, StringComparison.Ordinal);
        }

        // On the staff page, another partner who reads the service does not see where it came from.
        var otherText = await TextAsync(await s.OtherPartner.GetAsync(serviceUrl));
        Assert.Contains("ピアサロン「ひだまり」", otherText, StringComparison.Ordinal);
        Assert.DoesNotContain("このサービスは地域アセスメント", otherText, StringComparison.Ordinal);
        Assert.Contains($"このサービスは地域アセスメント「{s.SurveyTitle}」", await TextAsync(await s.PartnerClient.GetAsync(serviceUrl)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_choice_typed_twice_is_refused_in_a_sentence_naming_it_instead_of_being_merged_away()
    {
        var s = await BuildAsync();
        var draft = await app.WithDbAsync(async (db, _) =>
        {
            var first = await db.Surveys.Include(x => x.OwnerOrganization).Include(x => x.Region).SingleAsync(x => x.Id == s.SurveyId);
            var d = Survey.Create("作成中の調査", "重複の確認のためです。", first.OwnerOrganization, first.Region, null, JapanTime.Today(app.Clock), JapanTime.Today(app.Clock).AddDays(10), [], app.Clock.GetUtcNow(), "test");
            d.AddSection("章");
            db.Surveys.Add(d);
            await db.SaveChangesAsync();
            return d.Id;
        });
        var r = await AppFactory.PostFormAsync(s.Secretariat, $"/Surveys/Questions/{draft}", new()
        {
            ["Question.Kind"] = "SingleChoice", ["Question.Text"] = "協議の場に参加していますか", ["Question.Choices[0]"] = "はい", ["Question.Choices[1]"] = "はい ",
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("選択肢「はい」が2回以上入力されています。選択肢はそれぞれ違う言葉で入力してください。", await TextAsync(r), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(async (db, _) => await db.SurveyQuestions.AnyAsync(q => q.Text == "協議の場に参加していますか" && db.SurveySections.Any(x => x.Id == q.SectionId && x.SurveyId == draft))));
    }

    [Fact]
    public async Task Only_the_surveys_secretariat_makes_an_event_or_a_service_route_by_route()
    {
        var s = await BuildAsync();
        var refusedBy = new[] { ("the answering partner", s.PartnerClient), ("another partner", s.OtherPartner), ("another region's staff", s.OtherRegion) };
        foreach (var (who, client) in refusedBy)
        {
            var token = AppFactory.AntiforgeryToken(await TextAsync(await client.GetAsync("/Surveys")));
            foreach (var (page, form) in new[]
            {
                ("ToEvent", new Dictionary<string, string> { ["Input.Kind"] = "Lecture", ["Input.Title"] = "x", ["Input.OrganizerId"] = s.Partner.Id.ToString(CultureInfo.InvariantCulture),
                    ["Input.Audiences"] = "Residents", ["Input.Date"] = Day(30), ["Input.Start"] = "10:00", ["Input.End"] = "11:00", ["Input.Format"] = "Online" }),
                ("ToService", new Dictionary<string, string> { ["Input.Name"] = "x", ["Input.Category"] = "awareness" }),
            })
            {
                var get = await client.GetAsync($"/Surveys/{page}/{s.RecipientId}?activity={s.LectureId}");
                Assert.True(get.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden || get.Headers.Location?.OriginalString.Contains("AccessDenied", StringComparison.Ordinal) == true,
                    $"{who} GET {page}: {(int)get.StatusCode}");
                form["activity"] = s.LectureId.ToString(CultureInfo.InvariantCulture);
                form["__RequestVerificationToken"] = token;
                var post = await client.PostAsync($"/Surveys/{page}/{s.RecipientId}", new FormUrlEncodedContent(form));
                Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden || post.Headers.Location?.OriginalString.Contains("AccessDenied", StringComparison.Ordinal) == true,
                    $"{who} POST {page}: {(int)post.StatusCode}");
            }
        }

        Assert.False(await app.WithDbAsync(async (db, _) => await db.SurveyEventLinks.AnyAsync(l => l.RecipientId == s.RecipientId) || await db.SurveyServiceLinks.AnyAsync(l => l.RecipientId == s.RecipientId)));
        Assert.Equal(0, await app.WithDbAsync(async (db, _) => await db.Events.CountAsync(x => x.OrganizerId == s.Partner.Id) + await db.DirectoryServices.CountAsync(x => x.OrganizationId == s.Partner.Id)));

        // A 取組 of another answer, or one that no longer exists, is not found for the secretariat either.
        Assert.Equal(HttpStatusCode.NotFound, (await s.Secretariat.GetAsync($"/Surveys/ToEvent/{s.RecipientId}?activity=999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Secretariat.GetAsync($"/Surveys/ToService/999999?activity={s.LectureId}")).StatusCode);
    }
}

/// <summary>倉敷's demo surveys: one open relative to the clock at seed time (answers taken, close offered), one draft (questions and recipients editable, send offered).</summary>
public sealed class KurashikiDemoSurveyTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static async Task<string> TextAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    [Fact]
    public async Task The_open_survey_takes_answers_until_its_close_and_the_draft_can_still_be_built_and_sent()
    {
        var (open, draft) = await app.WithDbAsync(async (db, _) => (
            await db.Surveys.Where(s => s.Title == SurveysDemoSeed.KurashikiTitle).Select(s => s.Id).SingleAsync(),
            await db.Surveys.Where(s => s.Title == SurveysDemoSeed.KurashikiDraftTitle).Select(s => s.Id).SingleAsync()));
        var client = app.CreateClient();
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(client, "kurashiki", Nimo.Platform.Demo.DemoData.DemoPassword));
        var list = await TextAsync(await client.GetAsync("/Surveys"));
        Assert.Contains(SurveysDemoSeed.KurashikiTitle, list, StringComparison.Ordinal);
        Assert.Contains(SurveysDemoSeed.KurashikiDraftTitle, list, StringComparison.Ordinal);

        var details = await TextAsync(await client.GetAsync($"/Surveys/Details/{open}"));
        Assert.True(details.Contains("回答 3/6", StringComparison.Ordinal) && details.Contains("回答受付中", StringComparison.Ordinal), SurveyDemoTests.MainOf(details));
        Assert.Contains("handler=Close", details, StringComparison.Ordinal);
        Assert.Contains($"/Surveys/Letters/{open}", details, StringComparison.Ordinal);
        var unanswered = await app.WithDbAsync(async (db, _) => await db.SurveyRecipients.Where(r => r.SurveyId == open && r.AnsweredAt == null).Select(r => r.Id).FirstAsync());
        var answer = await TextAsync(await client.GetAsync($"/Surveys/Answer/{unanswered}"));
        Assert.Contains("<form method=\"post\"", answer, StringComparison.Ordinal);
        var results = await TextAsync(await client.GetAsync($"/Surveys/Results/{open}"));
        Assert.Contains("/Surveys/ToEvent/", results, StringComparison.Ordinal);
        Assert.Contains("/Surveys/ToService/", results, StringComparison.Ordinal);
        Assert.Contains("組織としては行っていない", results, StringComparison.Ordinal);

        var questions = await TextAsync(await client.GetAsync($"/Surveys/Questions/{draft}"));
        Assert.Contains("handler=Section", questions, StringComparison.Ordinal);
        var recipients = await TextAsync(await client.GetAsync($"/Surveys/Recipients/{draft}"));
        Assert.Contains("handler=Send", recipients, StringComparison.Ordinal);
        Assert.Contains("handler=Add", await TextAsync(await client.GetAsync($"/Surveys/Recipients/{draft}?q=" + Uri.EscapeDataString("倉敷"))), StringComparison.Ordinal);

        // Time passes: three weeks on, the open survey is closed and its answers frozen.
        app.Clock.Advance(TimeSpan.FromDays(22));
        try
        {
            // A sign-in three weeks old has lapsed: the person signs in again.
            var again = app.CreateClient();
            await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(again, "kurashiki", Nimo.Platform.Demo.DemoData.DemoPassword));
            var later = await TextAsync(await again.GetAsync($"/Surveys/Details/{open}"));
            Assert.Contains("締切済み", later, StringComparison.Ordinal);
            Assert.DoesNotContain("handler=Close", later, StringComparison.Ordinal);
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromDays(-22));
        }
    }
}
