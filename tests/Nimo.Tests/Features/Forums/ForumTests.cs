using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Excel;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Forums;

/// <summary>Forums through the pages: escalation across three layers, 構成員限り minutes, attachments, calendars, §7.</summary>
public sealed class ForumTests(AppFactory app) : IClassFixture<AppFactory>
{
    private Task<ForumLayers> LayersAsync() => ForumSetup.LayersAsync(app);

    private Task<HttpClient> UserAsync(int organizationId, string role = Roles.MunicipalStaff) => ForumSetup.UserAsync(app, organizationId, role);

    private static Task<string> TextAsync(HttpResponseMessage response) => ForumSetup.TextAsync(response);

    private static Task<int> NewMeetingAsync(HttpClient client, int forumId, string title) => ForumSetup.NewMeetingAsync(client, forumId, title);

    [Fact]
    public async Task An_issue_climbs_three_layers_and_every_answer_comes_back_down_the_trail()
    {
        var l = await LayersAsync();
        var town = await UserAsync(l.World.TownOffice.Id);
        var area = await UserAsync(l.World.AreaHealthCenter.Id);
        var pref = await UserAsync(l.World.Prefecture.Id, Roles.PrefectureStaff);

        var raised = await AppFactory.PostFormAsync(town, $"/Forums/IssueEdit?forumId={l.Town}", new()
        {
            ["forumId"] = l.Town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Title"] = "夜間の相談先がない",
            ["Input.Description"] = "家族会から、夜間に相談できる先がないとの声", ["Input.Category"] = "Coordination",
        });
        await Responses.AssertRedirectAsync(raised);
        var issue = raised.Headers.Location!.OriginalString;

        // Only the forum holding the issue may answer or pass it on.
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(area, issue, new() { ["answer"] = "早すぎる回答" }, issue + "?handler=Answer")).StatusCode);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(town, issue, new() { ["note"] = "圏域で夜間窓口の共同設置を検討してほしい" }, issue + "?handler=Escalate"));
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(town, issue, new() { ["note"] = "もう一度" }, issue + "?handler=Escalate")).StatusCode);

        var home = WebUtility.HtmlDecode(await area.GetStringAsync("/"));
        Assert.Contains("回答を求められている地域課題(1)", home, StringComparison.Ordinal);
        Assert.Contains("夜間の相談先がない", home, StringComparison.Ordinal);
        var inbox = WebUtility.HtmlDecode(await area.GetStringAsync("/Forums/Issues"));
        // The class's other tests share the forum layers and may have raised issues to the same forum first.
        var waiting = System.Text.RegularExpressions.Regex.Match(inbox, "あなたの協議の場の回答を待っている提起\\((\\d+)\\)(.*?)<h2>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(waiting.Success && int.Parse(waiting.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 1, "no waiting section on /Forums/Issues");
        Assert.Contains("夜間の相談先がない", waiting.Groups[2].Value, StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(area, issue, new() { ["note"] = "県全体の課題として扱ってほしい" }, issue + "?handler=Escalate"));
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(pref, issue, new() { ["answer"] = "来年度、県で夜間相談のモデル事業を検討します。" }, issue + "?handler=Answer"));
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(area, issue, new() { ["answer"] = "県の回答を受け、圏域でも窓口の情報を整理します。" }, issue + "?handler=Answer"));

        Assert.DoesNotContain("回答を求められている地域課題", WebUtility.HtmlDecode(await area.GetStringAsync("/")), StringComparison.Ordinal);
        var trail = WebUtility.HtmlDecode(await town.GetStringAsync(issue));
        Assert.Contains("回答あり", trail, StringComparison.Ordinal);
        var first = trail.IndexOf("来年度、県で夜間相談のモデル事業を検討します。", StringComparison.Ordinal);
        var second = trail.IndexOf("県の回答を受け、圏域でも窓口の情報を整理します。", StringComparison.Ordinal);
        Assert.True(first > 0 && second > 0, "both answers are shown to the town");
        Assert.Contains("みどり町の協議の場", trail, StringComparison.Ordinal);
        Assert.Contains("県の協議の場", trail, StringComparison.Ordinal);

        var id = int.Parse(issue.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var stored = await app.WithDbAsync((db, _) => db.RegionalIssues.Include(i => i.Escalations).SingleAsync(i => i.Id == id));
        Assert.Equal(IssueStatus.Answered, stored.Status);
        Assert.Equal([(l.Town, l.Area), (l.Area, l.Prefecture)], stored.Escalations.OrderBy(e => e.EscalatedAt).Select(e => (e.FromForumId, e.ToForumId)));
        Assert.All(stored.Escalations, e => Assert.NotNull(e.AnsweredAt));
        var audit = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.RecordType == "RegionalIssue" && a.RecordId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(a => a.Action).ToListAsync());
        Assert.Equal(2, audit.Count(a => a == AuditActions.Escalate));
        Assert.Equal(2, audit.Count(a => a == AuditActions.Answer));
    }

    [Fact]
    public async Task Members_only_minutes_are_hidden_from_a_non_member_of_another_municipality()
    {
        var l = await LayersAsync();
        var pref = await UserAsync(l.World.Prefecture.Id, Roles.PrefectureStaff);
        var meetingId = await NewMeetingAsync(pref, l.Prefecture, "第1回 県協議の場");
        var record = await AppFactory.PostFormAsync(pref, $"/Forums/Meeting/{meetingId}", new()
        {
            ["Record.Version"] = await app.WithDbAsync((db, _) => db.Meetings.Where(m => m.Id == meetingId).Select(m => m.Version.ToString()).SingleAsync()),
            ["Record.Agenda"] = "夜間相談について", ["Record.Minutes"] = "個別の病院名を含む率直な議論", ["Record.MembersOnly"] = "true",
            ["Record.Decisions"] = "モデル事業を検討する", ["Record.MarkHeld"] = "true",
        }, $"/Forums/Meeting/{meetingId}?handler=Record");
        await Responses.AssertRedirectAsync(record);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await Responses.AssertRedirectAsync(await UploadAsync(pref, meetingId, pdf, "資料1.pdf"));
        var documentId = await app.WithDbAsync((db, _) => db.MeetingDocuments.Where(d => d.MeetingId == meetingId).Select(d => d.Id).SingleAsync());

        // あおば市's health centre can read the prefecture's forum, but is not a member.
        var city = await UserAsync(l.World.CityHealthCenter.Id);
        var page = await TextAsync(await city.GetAsync($"/Forums/Meeting/{meetingId}"));
        Assert.Contains("夜間相談について", page, StringComparison.Ordinal);          // the agenda is public
        Assert.DoesNotContain("モデル事業を検討する", page, StringComparison.Ordinal); // decisions follow the minutes
        Assert.DoesNotContain("個別の病院名を含む率直な議論", page, StringComparison.Ordinal);
        Assert.DoesNotContain("資料1.pdf", page, StringComparison.Ordinal);
        Assert.Contains("構成員限り", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await city.GetAsync($"/Forums/Document/{documentId}")).StatusCode);

        // The town's own forum is not even visible to the city.
        var townMeeting = await NewMeetingAsync(await UserAsync(l.World.TownOffice.Id), l.Town, "町の会議");
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/Forums/Meeting/{townMeeting}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/Forums/Details/{l.Town}")).StatusCode);

        // Once the city's health centre joins the prefecture forum, it reads the minutes, and the read is audited.
        await app.WithDbAsync(async db =>
        {
            var forum = await db.Forums.Include(f => f.Members).SingleAsync(f => f.Id == l.Prefecture);
            forum.AddMember(await db.Organizations.SingleAsync(o => o.Id == l.World.CityHealthCenter.Id), null, MemberRole.Member, Sector.Health, null, null, null);
            await db.SaveChangesAsync();
        });
        var asMember = await TextAsync(await city.GetAsync($"/Forums/Meeting/{meetingId}"));
        Assert.Contains("個別の病院名を含む率直な議論", asMember, StringComparison.Ordinal);
        var download = await city.GetAsync($"/Forums/Document/{documentId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.True(await app.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.RecordType == "MeetingMinutes" && a.Action == AuditActions.Read)));
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, int meetingId, byte[] bytes, string name) => ForumSetup.UploadAsync(client, meetingId, bytes, name);

    [Fact]
    public async Task Attachments_of_the_wrong_type_or_too_large_are_refused_in_japanese()
    {
        var l = await LayersAsync();
        var town = await UserAsync(l.World.TownOffice.Id);
        var meetingId = await NewMeetingAsync(town, l.Town, "資料の会議");

        var exe = new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 };
        Assert.Contains("PDF・Excel(.xlsx)・Word(.docx)以外のファイルは添付できません", await TextAsync(await UploadAsync(town, meetingId, exe, "議事録.pdf")), StringComparison.Ordinal);
        var html = Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>");
        Assert.Contains("以外のファイルは添付できません", await TextAsync(await UploadAsync(town, meetingId, html, "資料.docx")), StringComparison.Ordinal);
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%%EOF\n");
        Assert.Contains("拡張子「.xlsx」と中身(PDF)が一致しません", await TextAsync(await UploadAsync(town, meetingId, pdf, "名簿.xlsx")), StringComparison.Ordinal);
        var huge = new byte[DocumentType.MaxBytes + 1];
        "%PDF-"u8.CopyTo(huge);
        Assert.Contains("ファイルが大きすぎます(10MBまで)", await TextAsync(await UploadAsync(town, meetingId, huge, "大きい.pdf")), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync((db, _) => db.MeetingDocuments.CountAsync(d => d.MeetingId == meetingId)));

        var xlsx = XlsxFile.Write("出席", ["氏名"], [[new XlsxFile.Cell("委員A")]]);
        await Responses.AssertRedirectAsync(await UploadAsync(town, meetingId, xlsx, "../../出席表.xlsx"));
        var stored = await app.WithDbAsync((db, _) => db.MeetingDocuments.SingleAsync(d => d.MeetingId == meetingId));
        Assert.Equal("出席表.xlsx", stored.FileName);
        Assert.Equal(XlsxFile.ContentType, stored.ContentType);

        // Someone who does not run the forum cannot attach anything.
        var partner = await UserAsync(l.World.TownFamilyAssociation.Id, Roles.PartnerStaff);
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(partner, meetingId, xlsx, "x.xlsx")).StatusCode);
    }

    [Fact]
    public async Task The_forum_and_personal_calendars_parse_back_as_rfc_5545()
    {
        var l = await LayersAsync();
        var town = await UserAsync(l.World.TownOffice.Id);
        await NewMeetingAsync(town, l.Town, "第3回 ケース検討会");
        await NewMeetingAsync(town, l.Town, "第4回 ケース検討会");

        var ics = await town.GetStringAsync($"/Forums/Details/{l.Town}?handler=Calendar");
        var calendar = Ical.Net.Calendar.Load(ics)!;
        Assert.Equal(2, calendar.Events.Count);
        var first = calendar.Events.OrderBy(e => e.Summary).First();
        Assert.Contains("第3回 ケース検討会", first.Summary, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 12, 10, 5, 0, 0, DateTimeKind.Utc), first.Start!.AsUtc);   // 14:00 JST
        Assert.Equal(new DateTime(2026, 12, 10, 6, 30, 0, DateTimeKind.Utc), first.End!.AsUtc);
        Assert.Equal("Web会議", first.Location);
        Assert.DoesNotContain("個別", ics, StringComparison.Ordinal);

        // The user's own feed holds the forums they run; the same through the API with a token.
        var mine = Ical.Net.Calendar.Load(await town.GetStringAsync("/Forums/Calendar?handler=Ics"))!;
        Assert.True(mine.Events.Count >= 2);
        var token = await app.WithDbAsync(async (db, _) =>
        {
            var u = await db.Users.FirstAsync(x => x.OrganizationId == l.World.TownOffice.Id);
            var (row, clear) = Nimo.Platform.Api.ApiTokens.Issue(u, "test", app.Clock.GetUtcNow(), null);
            db.ApiTokens.Add(row);
            await db.SaveChangesAsync();
            return clear;
        });
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var viaApi = await api.GetAsync($"/api/v1/forums/{l.Town}/calendar.ics");
        Assert.Equal("text/calendar", viaApi.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, Ical.Net.Calendar.Load(await viaApi.Content.ReadAsStringAsync())!.Events.Count);

        using var forums = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/v1/regions/473014/forums"));
        var forum = forums.RootElement.EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == l.Town);
        Assert.Equal(12m, forum.GetProperty("meetingsPerYear").GetDecimal());
        Assert.Equal("月1回", forum.GetProperty("frequency").GetString());
        Assert.Equal(1, forum.GetProperty("membersBySector").GetProperty("Family").GetInt32());
        Assert.Equal(l.Area, forum.GetProperty("parentId").GetInt32());
    }

    [Fact]
    public async Task Forged_form_fields_cannot_hand_a_forum_to_another_office_or_answer_a_resolved_issue()
    {
        var l = await LayersAsync();
        var town = await UserAsync(l.World.TownOffice.Id);
        var version = await app.WithDbAsync((db, _) => db.Forums.Where(f => f.Id == l.Town).Select(f => f.Version.ToString()).SingleAsync());
        var forged = await AppFactory.PostFormAsync(town, $"/Forums/Edit/{l.Town}", new()
        {
            ["Input.Id"] = l.Town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Version"] = version, ["Input.Name"] = "乗っ取り",
            ["Input.Kind"] = "Main", ["Input.RegionId"] = l.World.Prefecture.RegionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.SecretariatOrganizationId"] = "999999", ["Input.Status"] = "Established",
        });
        Assert.Contains("事務局を選び直してください。", await TextAsync(forged), StringComparison.Ordinal);
        var stored = await app.WithDbAsync((db, _) => db.Forums.SingleAsync(f => f.Id == l.Town));
        Assert.Equal((l.World.TownOffice.Id, l.World.TownOffice.RegionId), (stored.SecretariatOrganizationId!.Value, stored.RegionId));
        Assert.NotEqual("乗っ取り", stored.Name);

        // A sideways parent (another municipality's forum) is not offered and not accepted.
        var cityForum = await app.WithDbAsync(async (db, _) =>
        {
            var city = await db.Regions.SingleAsync(r => r.Id == l.World.CityPartner.RegionId);
            var f = Forum.Create(city, "あおば市の協議の場" + Guid.NewGuid().ToString("N")[..4], ForumKind.Main, null);
            db.Forums.Add(f);
            await db.SaveChangesAsync();
            return f.Id;
        });
        var sideways = await AppFactory.PostFormAsync(town, $"/Forums/Edit/{l.Town}", new()
        {
            ["Input.Id"] = l.Town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Version"] = version, ["Input.Name"] = stored.Name,
            ["Input.Kind"] = "Main", ["Input.ParentId"] = cityForum.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Status"] = "Established",
        });
        Assert.Contains("上位の協議の場を選び直してください。", await TextAsync(sideways), StringComparison.Ordinal);

        var issue = await AppFactory.PostFormAsync(town, $"/Forums/IssueEdit?forumId={l.Town}", new()
        {
            ["forumId"] = l.Town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Title"] = "解決後の回答", ["Input.Category"] = "Other",
        });
        var url = issue.Headers.Location!.OriginalString;
        await AppFactory.PostFormAsync(town, url, new() { ["note"] = "検討を" }, url + "?handler=Escalate");
        await AppFactory.PostFormAsync(town, url, new() { ["reopen"] = "false" }, url + "?handler=Resolve");
        var area = await UserAsync(l.World.AreaHealthCenter.Id);
        var late = await AppFactory.PostFormAsync(area, url, new() { ["answer"] = "遅い回答" }, url + "?handler=Answer");
        Assert.Contains("解決済みの課題には回答できません", await TextAsync(late), StringComparison.Ordinal);
        var id = int.Parse(url.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(IssueStatus.Resolved, await app.WithDbAsync((db, _) => db.RegionalIssues.Where(i => i.Id == id).Select(i => i.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_home_page_lists_overdue_actions_and_the_next_meetings_of_ones_forums()
    {
        var l = await LayersAsync();
        var town = await UserAsync(l.World.TownOffice.Id);
        var meetingId = await NewMeetingAsync(town, l.Town, "第5回 協議の場");
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(town, $"/Forums/Meeting/{meetingId}", new()
        {
            ["NewAction.Text"] = "夜間窓口の一覧を作る", ["NewAction.Owner"] = "福祉課", ["NewAction.Due"] = "2026-11-01",
        }, $"/Forums/Meeting/{meetingId}?handler=AddAction"));
        var home = WebUtility.HtmlDecode(await town.GetStringAsync("/"));
        Assert.Contains("期限切れ", home, StringComparison.Ordinal);          // the test clock stands at 2026-11-20
        Assert.Contains("夜間窓口の一覧を作る", home, StringComparison.Ordinal);
        Assert.Contains("第5回 協議の場", home, StringComparison.Ordinal);

        // Someone of another municipality sees none of it.
        var city = await UserAsync(l.World.CityHealthCenter.Id);
        var theirs = WebUtility.HtmlDecode(await city.GetStringAsync("/"));
        Assert.DoesNotContain("夜間窓口の一覧を作る", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("第5回 協議の場", theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_are_taken_out_of_form_values_and_refused_in_urls()
    {
        var l = await LayersAsync();
        var town = await UserAsync(l.World.TownOffice.Id);
        var raised = await AppFactory.PostFormAsync(town, $"/Forums/IssueEdit?forumId={l.Town}", new()
        {
            ["forumId"] = l.Town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Title"] = "夜間の\u0007相談", ["Input.Category"] = "Other",
            ["Input.Description"] = "一行目\r\n二行目",
        });
        await Responses.AssertRedirectAsync(raised);
        var id = int.Parse(raised.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var issue = await app.WithDbAsync((db, _) => db.RegionalIssues.SingleAsync(i => i.Id == id));
        Assert.Equal("夜間の相談", issue.Title);
        Assert.Equal("一行目\r\n二行目", issue.Description);
        Assert.Equal(HttpStatusCode.BadRequest, (await town.GetAsync("/Forums?x=%00")).StatusCode);

        // A NUL in a form body is refused by the framework before anything is read: a Japanese 400, nothing stored.
        var nul = await AppFactory.PostFormAsync(town, $"/Forums/IssueEdit?forumId={l.Town}", new()
        {
            ["forumId"] = l.Town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Title"] = "NUL\u0000入り", ["Input.Category"] = "Other",
        });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("リクエストを処理できませんでした", await TextAsync(nul), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync((db, _) => db.RegionalIssues.AnyAsync(i => i.Title.StartsWith("NUL"))));
    }

    [Theory]
    [InlineData("/Forums/Calendar?month=0001-01")]
    [InlineData("/Forums/Calendar?month=9999-12")]
    [InlineData("/Forums/Calendar?month=banana")]
    [InlineData("/Forums/Details/2147483647")]
    [InlineData("/Forums/Meeting/-1")]
    [InlineData("/Forums/Issue/0")]
    [InlineData("/Forums/Document/99999999")]
    [InlineData("/Forums/MeetingEdit?forumId=abc")]
    [InlineData("/Forums/Report?regionId=99999999")]
    [InlineData("/Profiles/Rollup/1?year=0")]
    [InlineData("/Profiles/Region/1?year=9999")]
    [InlineData("/Profiles/Edit/1?year=-5")]
    [InlineData("/Profiles/History/abc")]
    [InlineData("/Profiles?p=-3&q=%FF")]
    [InlineData("/Profiles?q=%00")]
    [InlineData("/Organizations?q=%01abc")]
    public async Task Odd_ids_and_query_strings_never_give_a_server_error(string path)
    {
        var l = await LayersAsync();
        var pref = await UserAsync(l.World.Prefecture.Id, Roles.PrefectureStaff);
        var response = await pref.GetAsync(path);
        Assert.True((int)response.StatusCode < 500, $"{path} → {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Section_7_of_the_report_sheet_comes_straight_out_of_the_forums()
    {
        var l = await LayersAsync();
        var town = await UserAsync(l.World.TownOffice.Id);
        var page = WebUtility.HtmlDecode(await town.GetStringAsync($"/Forums/Report?regionId={l.World.TownOffice.RegionId}"));
        Assert.Contains("協議の場の構成員", page, StringComparison.Ordinal);
        Assert.Contains("みどり家族会、ピアサポーター、みどり町役場 福祉課", page, StringComparison.Ordinal);
        Assert.Contains("月1回", page, StringComparison.Ordinal);
        Assert.Contains("家族会の参加", page, StringComparison.Ordinal);
        var xlsx = XlsxFile.Read(await town.GetByteArrayAsync($"/Forums/Report?handler=Export&regionId={l.World.TownOffice.RegionId}&format=xlsx"), ["名称", "開催頻度"]);
        Assert.Contains(xlsx.Rows, r => r.Get("開催頻度") == "月1回" && r.Get("実施内容") == "ケース検討");
    }
}
