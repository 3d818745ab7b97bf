using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Platform.Excel;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Events.EventKit;

namespace Nimo.Tests.Features.Events;

/// <summary>The organiser's side of the day: phone registrations, the waitlist, check-in, walk-ins, the printed list, paper questionnaires.</summary>
public sealed class RosterTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private async Task<HttpClient> OrganiserAsync(Nimo.Features.Organizations.Organization org)
    {
        var user = await app.CreateUserAsync("ros-" + Tag(), Roles.MunicipalStaff, org.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return await app.SignInAsync(user);
    }

    private static Task<HttpResponseMessage> PersonAsync(HttpClient client, int id, string handler, string? name, string? contact = null, string? category = null) =>
        AppFactory.PostFormAsync(client, $"/Events/Roster/{id}", new()
        {
            ["Person.Name"] = name ?? "", ["Person.Contact"] = contact ?? "", ["Person.Affiliation"] = "", ["Person.Category"] = category ?? "", ["Person.Accommodation"] = "",
        }, $"/Events/Roster/{id}?handler={handler}");

    private async Task<int> RegistrationIdAsync(int eventId, string name) =>
        await app.WithDbAsync(async (db, _) => await db.EventRegistrations.Where(r => r.EventId == eventId && r.Name == name).Select(r => r.Id).SingleAsync());

    [Fact]
    public async Task Phone_registrations_past_the_capacity_wait_and_a_cancellation_by_staff_moves_the_first_up_and_names_them()
    {
        var w = await app.CreateWorldAsync();
        var client = await OrganiserAsync(w.CityHealthCenter);
        var id = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, 7), "電話受付 " + Tag(), capacity: 2));
        foreach (var name in new[] { "見本 一番", "見本 二番", "見本 三番", "見本 四番" })
        {
            await Responses.AssertRedirectAsync(await PersonAsync(client, id, "Register", name, "048-000-0000"));
        }

        var roster = await TextAsync(await client.GetAsync($"/Events/Roster/{id}"));
        Assert.Contains("キャンセル待ち 1番", roster, StringComparison.Ordinal);
        Assert.Contains("キャンセル待ち 2番", roster, StringComparison.Ordinal);
        Assert.Contains("電話・FAX等", roster, StringComparison.Ordinal);

        var first = await RegistrationIdAsync(id, "見本 一番");
        var cancel = await AppFactory.PostFormAsync(client, $"/Events/Roster/{id}", new() { ["registrationId"] = first.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/Events/Roster/{id}?handler=Cancel");
        await Responses.AssertRedirectAsync(cancel);
        var after = await TextAsync(await client.GetAsync($"/Events/Roster/{id}"));
        Assert.Contains("キャンセル待ちの1人(見本 三番)の参加が確定しました。本人に連絡してください。", after, StringComparison.Ordinal);
        Assert.Contains("参加確定(繰り上がり)", after, StringComparison.Ordinal);
        Assert.Contains("キャンセル待ち 1番", after, StringComparison.Ordinal);
        Assert.Contains("取消し(事務局)", after, StringComparison.Ordinal);

        // A registration without a name is refused in Japanese and the list is shown again.
        var nameless = await TextAsync(await PersonAsync(client, id, "Register", null));
        Assert.Contains("氏名を入力してください。", nameless, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_in_opens_on_the_day_walk_ins_count_with_or_without_a_name_and_the_counts_follow_the_categories()
    {
        var w = await app.CreateWorldAsync();
        var client = await OrganiserAsync(w.CityHealthCenter);
        var id = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, 2, 10), "当日受付 " + Tag(), audiences: Audience.Residents | Audience.WelfareStaff));
        await PersonAsync(client, id, "Register", "見本 受付", "048-111-1111", "WelfareStaff");
        var registration = await RegistrationIdAsync(id, "見本 受付");
        var form = new Dictionary<string, string> { ["registrationId"] = registration.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        await AppFactory.PostFormAsync(client, $"/Events/Roster/{id}", form, $"/Events/Roster/{id}?handler=CheckIn");
        Assert.Contains("受付は開催当日から記録できます。", await TextAsync(await client.GetAsync($"/Events/Roster/{id}")), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(2));
        // Two days on, the session of the day before has expired: the organiser signs in again.
        client = await OrganiserAsync(w.CityHealthCenter);
        await AppFactory.PostFormAsync(client, $"/Events/Roster/{id}", form, $"/Events/Roster/{id}?handler=CheckIn");
        await PersonAsync(client, id, "WalkIn", null, null, "Residents");
        await PersonAsync(client, id, "WalkIn", "見本 飛入", null, "Residents");
        var roster = await TextAsync(await client.GetAsync($"/Events/Roster/{id}"));
        Assert.Contains("受付済み 3人", roster, StringComparison.Ordinal);
        Assert.Contains("(氏名なし)", roster, StringComparison.Ordinal);
        Assert.Contains("当日参加", roster, StringComparison.Ordinal);

        await AppFactory.PostFormAsync(client, $"/Events/Details/{id}", new()
        {
            ["Headcounts[0].Category"] = "Residents", ["Headcounts[0].Attended"] = "12", ["Headcounts[1].Category"] = "WelfareStaff", ["Headcounts[1].Attended"] = "0",
        }, $"/Events/Details/{id}?handler=Headcounts");
        var details = await TextAsync(await client.GetAsync($"/Events/Details/{id}"));
        // 住民: 2 walk-ins + 12 counted; 福祉: the checked-in registrant.
        Assert.Matches("住民</th>\\s*<td class=\"num\">2</td>\\s*<td class=\"num\">12</td>\\s*<td class=\"num\">14</td>", details);
        Assert.Matches("福祉・介護事業所職員</th>\\s*<td class=\"num\">1</td>\\s*<td class=\"num\">0</td>\\s*<td class=\"num\">1</td>", details);

        var xlsx = await client.GetAsync($"/Events/Roster/{id}?handler=Xlsx");
        Assert.Equal(XlsxFile.ContentType, xlsx.Content.Headers.ContentType!.MediaType);
        var read = XlsxFile.Read(await xlsx.Content.ReadAsByteArrayAsync(), ["氏名", "区分", "状態"]);
        Assert.Contains(read.Rows, r => r.Get("氏名") == "見本 受付" && r.Get("区分") == "福祉・介護事業所職員");
        Assert.True(await app.WithDbAsync(async (db, _) => await db.AuditEntries.AnyAsync(a => a.RecordType == "EventRegistration" && a.Action == "Download")));
    }

    [Fact]
    public async Task An_ended_events_roster_offers_only_walk_ins_and_a_cancelled_ones_nothing_saying_why_and_posts_are_still_refused()
    {
        var w = await app.CreateWorldAsync();
        var client = await OrganiserAsync(w.CityHealthCenter);
        var open = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, 3), "受付中 " + Tag()));
        var ended = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, -2), "終了 " + Tag()), held: true);
        var cancelled = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, 5), "中止 " + Tag()));
        await app.WithDbAsync(async (db, _) =>
        {
            (await db.Events.SingleAsync(e => e.Id == cancelled)).Cancel("講師の急病のため", app.Clock.GetUtcNow(), "test");
            await db.SaveChangesAsync();
            return 0;
        });

        var openPage = await TextAsync(await client.GetAsync($"/Events/Roster/{open}"));
        Assert.Contains("?handler=Register", openPage, StringComparison.Ordinal);
        Assert.Contains("?handler=WalkIn", openPage, StringComparison.Ordinal);

        var endedPage = await TextAsync(await client.GetAsync($"/Events/Roster/{ended}"));
        Assert.DoesNotContain("?handler=Register", endedPage, StringComparison.Ordinal);
        Assert.Contains("?handler=WalkIn", endedPage, StringComparison.Ordinal);
        Assert.Contains("この催しは終了したため、電話・FAX等の申込みは追加できません。当日参加した人は、この名簿に追加できます。", endedPage, StringComparison.Ordinal);

        var cancelledPage = await TextAsync(await client.GetAsync($"/Events/Roster/{cancelled}"));
        Assert.DoesNotContain("?handler=Register", cancelledPage, StringComparison.Ordinal);
        Assert.DoesNotContain("?handler=WalkIn", cancelledPage, StringComparison.Ordinal);
        Assert.Contains("この催しは中止になったため、申込みや当日参加は追加できません。", cancelledPage, StringComparison.Ordinal);

        // The desk still refuses what the page no longer offers (an old tab, a forged post).
        Assert.Contains("この催しは終了しました。", await TextAsync(await PersonAsync(client, ended, "Register", "見本 遅れ", "048-000-0001")), StringComparison.Ordinal);
        Assert.Contains("中止した催しには当日参加を記録できません。", await TextAsync(await PersonAsync(client, cancelled, "WalkIn", "見本 中止")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PersonAsync(client, ended, "WalkIn", "見本 後日記録")).StatusCode);
    }

    [Fact]
    public async Task A_paper_sheet_just_saved_is_shown_as_typed_free_text_included_and_the_text_reaches_the_summary()
    {
        var w = await app.CreateWorldAsync();
        var client = await OrganiserAsync(w.CityHealthCenter);
        var id = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, -1), "自由記述 " + Tag()), held: true);
        await AppFactory.PostFormAsync(client, $"/Events/Questionnaire/{id}", new(), $"/Events/Questionnaire/{id}?handler=Template");
        var items = await app.WithDbAsync(async (db, _) => await db.QuestionnaireItems.Where(i => i.EventId == id).OrderBy(i => i.SortOrder).ToListAsync());
        var text = items.Single(i => i.Kind == QuestionKind.FreeText);
        var rating = items.First(i => i.Kind == QuestionKind.Rating);
        const string comment = "家族の立場から聞けて良かったです。次回は地域の事業所の話も聞きたい。";
        var saved = await AppFactory.PostFormAsync(client, $"/Events/Responses/{id}", new()
        {
            [$"Answers[{rating.Id}].Rating"] = "4",
            [$"Answers[{text.Id}].Text"] = comment,
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var next = await TextAsync(await client.GetAsync(saved.Headers.Location!.OriginalString));
        Assert.Contains("いま保存した用紙(1件目)", next, StringComparison.Ordinal);
        Assert.Contains(comment, next, StringComparison.Ordinal);
        Assert.Contains("4 ややそう思う", next, StringComparison.Ordinal);
        // Shown once: the next visit is a fresh form.
        Assert.DoesNotContain(comment, await TextAsync(await client.GetAsync($"/Events/Responses/{id}")), StringComparison.Ordinal);
        Assert.Contains(comment, await TextAsync(await client.GetAsync($"/Events/Summary/{id}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paper_questionnaires_typed_in_sheet_by_sheet_make_the_summary_and_its_workbook()
    {
        var w = await app.CreateWorldAsync();
        var client = await OrganiserAsync(w.CityHealthCenter);
        var id = await CreateAsync(app, w.CityHealthCenter, Input(InDays(app, -1), "紙アンケート " + Tag(), kind: EventKind.SupporterCourse), held: true);
        var template = await AppFactory.PostFormAsync(client, $"/Events/Questionnaire/{id}", new(), $"/Events/Questionnaire/{id}?handler=Template");
        await Responses.AssertRedirectAsync(template);
        await AppFactory.PostFormAsync(client, $"/Events/Questionnaire/{id}", new() { ["Text"] = "また参加したい", ["Kind"] = "Rating" }, $"/Events/Questionnaire/{id}?handler=Add");
        var items = await app.WithDbAsync(async (db, _) => await db.QuestionnaireItems.Where(i => i.EventId == id).OrderBy(i => i.SortOrder).ToListAsync());
        Assert.Equal(8, items.Count);
        Assert.Equal("また参加したい", items[^1].Text);

        // Three sheets: ratings 5, 4, 2; knowledge 1→4, 2→4, 3→3; one comment.
        var sheets = new[] { (5, 1, 4, "具体例が役立った"), (4, 2, 4, ""), (2, 3, 3, "") };
        foreach (var (rating, before, after, text) in sheets)
        {
            var form = new Dictionary<string, string>();
            foreach (var item in items)
            {
                var key = $"Answers[{item.Id}]";
                switch (item.Kind)
                {
                    case QuestionKind.Rating: form[key + ".Rating"] = rating.ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                    case QuestionKind.BeforeAfter:
                        form[key + ".Before"] = before.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        form[key + ".After"] = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case QuestionKind.FreeText: form[key + ".Text"] = text; break;
                }
            }

            await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Events/Responses/{id}", form));
        }

        await AppFactory.PostFormAsync(client, $"/Events/Questionnaire/{id}", new() { ["itemId"] = items[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            $"/Events/Questionnaire/{id}?handler=Remove");
        Assert.Contains("回答のある設問は削除できません", await TextAsync(await client.GetAsync($"/Events/Questionnaire/{id}")), StringComparison.Ordinal);
        var summary = await TextAsync(await client.GetAsync($"/Events/Summary/{id}"));
        Assert.Contains("回答 3件(紙 3件、公開ページ 0件)", summary, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">3.67</td>", summary, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">2.00</td><td class=\"num\">3.67</td><td class=\"num\">+1.67</td><td class=\"num\">2人(66.7%)</td>", summary, StringComparison.Ordinal);
        Assert.Contains("具体例が役立った", summary, StringComparison.Ordinal);

        var xlsx = await client.GetAsync($"/Events/Summary/{id}?handler=Xlsx");
        var read = XlsxFile.Read(await xlsx.Content.ReadAsByteArrayAsync(), ["設問", "区分・記述", "平均"]);
        Assert.Contains(read.Rows, r => r.Get("設問") == "内容に満足した" && r.Get("平均") == "3.67");
        Assert.Contains(read.Rows, r => r.Get("区分・記述") == "具体例が役立った");

        var empty = await TextAsync(await AppFactory.PostFormAsync(client, $"/Events/Responses/{id}", new()));
        Assert.Contains("回答が1つもありません", empty, StringComparison.Ordinal);
    }
}
