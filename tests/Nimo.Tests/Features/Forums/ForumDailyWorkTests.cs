using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Forums.ForumSetup;

namespace Nimo.Tests.Features.Forums;

/// <summary>
/// A forum secretariat's daily work as people meet it: escalating from a forum with no parent, joining a parent
/// forum only when its secretariat agrees, guests recorded as rows, meetings past their date, removing a member,
/// and what 「構成員限り」 hides, from whom, route by route. Its own app: one test moves the clock.
/// </summary>
public sealed partial class ForumDailyWorkTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A prefecture forum run by the prefecture and a town forum with no parent run by the town office.</summary>
    private async Task<(World World, int Prefecture, int Town, string TownName, string PrefectureName)> UnlinkedAsync()
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..4];
        var ids = await app.WithDbAsync(async (db, _) =>
        {
            var prefOrg = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.Prefecture.Id);
            var townOrg = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.TownOffice.Id);
            var pref = Forum.Create(prefOrg.Region, "県精神保健福祉部会" + tag, ForumKind.Subcommittee, null);
            pref.Update(pref.Name, ForumKind.Subcommittee, null, null, prefOrg, "年2回", ForumStatus.Established, null, null);
            var town = Forum.Create(townOrg.Region, "みどり町の協議の場" + tag, ForumKind.Main, null);
            town.Update(town.Name, ForumKind.Main, null, null, townOrg, "年4回", ForumStatus.Established, null, null);
            db.Forums.AddRange(pref, town);
            await db.SaveChangesAsync();
            return (pref.Id, town.Id, pref.Name, town.Name);
        });
        return (world, ids.Item1, ids.Item2, ids.Item4, ids.Item3);
    }

    private async Task<HttpResponseMessage> AskToJoinAsync(HttpClient client, int forumId, string name, int parentId, string? note = null)
    {
        var version = await app.WithDbAsync((db, _) => db.Forums.Where(f => f.Id == forumId).Select(f => f.Version.ToString()).SingleAsync());
        return await AppFactory.PostFormAsync(client, $"/Forums/Edit/{forumId}", new()
        {
            ["Input.Id"] = Id(forumId), ["Input.Version"] = version, ["Input.Name"] = name, ["Input.Kind"] = "Main", ["Input.ParentId"] = Id(parentId),
            ["Input.Status"] = "Established", ["Input.JoinNote"] = note ?? "",
            ["Input.SecretariatOrganizationId"] = Id(await app.WithDbAsync((db, _) => db.Forums.Where(f => f.Id == forumId).Select(f => f.SecretariatOrganizationId!.Value).SingleAsync())),
        });
    }

    private async Task<int?> ParentOfAsync(int forumId) => await app.WithDbAsync((db, _) => db.Forums.Where(f => f.Id == forumId).Select(f => f.ParentId).SingleAsync());

    private static async Task<string> RaiseIssueAsync(HttpClient client, int forumId, string title)
    {
        var raised = await AppFactory.PostFormAsync(client, $"/Forums/IssueEdit?forumId={forumId}", new()
        {
            ["forumId"] = Id(forumId), ["Input.Title"] = title, ["Input.Description"] = "家族会から出た声", ["Input.Category"] = "Coordination",
        });
        await Responses.AssertRedirectAsync(raised);
        return raised.Headers.Location!.OriginalString;
    }

    /// <summary>The id in the first form on the page that posts to <paramref name="handler"/> with a <paramref name="parameter"/>.</summary>
    private static int IdInForm(string html, string handler, string parameter)
    {
        var match = Regex.Match(html, $"(?:handler={handler}&amp;{parameter}=([0-9]+))|(?:{parameter}=([0-9]+)&amp;handler={handler}\\b)");
        Assert.True(match.Success, $"no form posting to {handler} on the page");
        return int.Parse(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_town_without_a_parent_is_told_why_asks_to_join_and_escalates_once_the_prefecture_accepts()
    {
        var (world, prefForum, townForum, townName, prefName) = await UnlinkedAsync();
        var town = await UserAsync(app, world.TownOffice.Id);
        var pref = await UserAsync(app, world.Prefecture.Id, Roles.PrefectureStaff);
        var issue = await RaiseIssueAsync(town, townForum, "夜間の相談先がない");

        // The dead end explains itself and says what to do.
        var page = await PageAsync(town, issue);
        Assert.Contains($"「{townName}」には上位の協議の場が登録されていないため、この課題を上位に提起できません。", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Forums/Edit/{townForum}\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("上位の協議の場に提起する</button>", page, StringComparison.Ordinal);

        // Choosing the prefecture's 部会 asks; it does not attach.
        var asked = await AskToJoinAsync(town, townForum, townName, prefForum, "町では解決できない夜間の課題を県で扱ってほしい");
        await Responses.AssertRedirectAsync(asked);
        Assert.Null(await ParentOfAsync(townForum));
        var details = await PageAsync(town, $"/Forums/Details/{townForum}");
        Assert.Contains($"「{townName}」を保存し、「{prefName}」の事務局に参加を申請しました。", details, StringComparison.Ordinal);
        Assert.Contains($"「{prefName}」に、上位の協議の場としての参加を申請しています", details, StringComparison.Ordinal);
        Assert.Contains($"「{prefName}」に参加を申請しています", await PageAsync(town, issue), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(town, issue, new() { ["note"] = "県で検討を" }, issue + "?handler=Escalate")).StatusCode);

        // The prefecture sees the request on its home page and on its forum, with the reason.
        var home = await PageAsync(pref, "/");
        Assert.Contains("協議の場への参加の申請(", home, StringComparison.Ordinal);
        Assert.Contains($"「{townName}」から「{prefName}」への参加の申請", home, StringComparison.Ordinal);
        var prefPage = await PageAsync(pref, $"/Forums/Details/{prefForum}");
        Assert.Contains("参加の申請(1)", prefPage, StringComparison.Ordinal);
        Assert.Contains("町では解決できない夜間の課題を県で扱ってほしい", prefPage, StringComparison.Ordinal);
        var requestId = IdInForm(await pref.GetStringAsync($"/Forums/Details/{prefForum}"), "AcceptJoin", "requestId");

        // Nobody else decides for the prefecture: not the town, not an area health centre that reads the 部会.
        var area = await UserAsync(app, world.AreaHealthCenter.Id);
        var url = $"/Forums/Details/{prefForum}";
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(area, url, new(), $"{url}?handler=AcceptJoin&requestId={requestId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await AppFactory.PostFormAsync(town, $"/Forums/Details/{townForum}", new(), $"/Forums/Details/{townForum}?handler=AcceptJoin&requestId={requestId}")).StatusCode);
        Assert.Null(await ParentOfAsync(townForum));

        var accepted = await AppFactory.PostFormAsync(pref, url, new(), $"{url}?handler=AcceptJoin&requestId={requestId}");
        await Responses.AssertRedirectAsync(accepted);
        Assert.Equal(prefForum, await ParentOfAsync(townForum));
        Assert.Contains($"「{townName}」の参加を承認しました。", await PageAsync(pref, url), StringComparison.Ordinal);
        Assert.DoesNotContain($"「{townName}」から「{prefName}」への参加の申請", await PageAsync(pref, "/"), StringComparison.Ordinal);

        // Now the town escalates, and the prefecture is asked to answer.
        Assert.Contains("上位の協議の場に提起する</button>", await PageAsync(town, issue), StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(town, issue, new() { ["note"] = "県域で夜間相談を検討してほしい" }, issue + "?handler=Escalate"));
        var waiting = await PageAsync(pref, "/Forums/Issues");
        Assert.Contains("あなたの協議の場の回答を待っている提起(", waiting, StringComparison.Ordinal);
        Assert.True(waiting.IndexOf("夜間の相談先がない", StringComparison.Ordinal) < waiting.IndexOf("すべての地域課題", StringComparison.Ordinal), "the issue waits for the prefecture's answer");

        var trail = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.RecordType == "JoinRequest").OrderBy(a => a.Id).Select(a => new { a.Action, a.Detail }).ToListAsync());
        Assert.Contains(trail, a => a.Action == AuditActions.Create && a.Detail!.Contains(townName, StringComparison.Ordinal));
        Assert.Contains(trail, a => a.Action == AuditActions.Update && a.Detail!.StartsWith("承認", StringComparison.Ordinal) && a.Detail.Contains(townName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_declined_request_shows_its_reason_to_the_town_and_a_forum_one_runs_is_joined_at_once()
    {
        var (world, prefForum, townForum, townName, prefName) = await UnlinkedAsync();
        var town = await UserAsync(app, world.TownOffice.Id);
        var pref = await UserAsync(app, world.Prefecture.Id, Roles.PrefectureStaff);
        await Responses.AssertRedirectAsync(await AskToJoinAsync(town, townForum, townName, prefForum));
        var url = $"/Forums/Details/{prefForum}";
        var requestId = IdInForm(await pref.GetStringAsync(url), "DeclineJoin", "requestId");

        // A refusal needs a reason the town can act on.
        await AppFactory.PostFormAsync(pref, url, new() { ["reason"] = " " }, $"{url}?handler=DeclineJoin&requestId={requestId}");
        Assert.Contains("申請した協議の場に伝える、辞退の理由を入力してください。", await PageAsync(pref, url), StringComparison.Ordinal);
        await AppFactory.PostFormAsync(pref, url, new() { ["reason"] = "町の課題はまず北部圏域の協議の場に提起してください。" }, $"{url}?handler=DeclineJoin&requestId={requestId}");
        Assert.Null(await ParentOfAsync(townForum));
        var details = await PageAsync(town, $"/Forums/Details/{townForum}");
        Assert.Contains($"「{prefName}」への参加の申請は、", details, StringComparison.Ordinal);
        Assert.Contains("町の課題はまず北部圏域の協議の場に提起してください。", details, StringComparison.Ordinal);

        // A decided request cannot be accepted afterwards.
        await AppFactory.PostFormAsync(pref, url, new(), $"{url}?handler=AcceptJoin&requestId={requestId}");
        Assert.Null(await ParentOfAsync(townForum));

        // The prefecture puts a working group of its own under its 部会 directly: it runs both.
        var wg = await app.WithDbAsync(async (db, _) =>
        {
            var prefOrg = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == world.Prefecture.Id);
            var f = Forum.Create(prefOrg.Region, "県ワーキンググループ" + Guid.NewGuid().ToString("N")[..4], ForumKind.WorkingGroup, null);
            f.Update(f.Name, ForumKind.WorkingGroup, null, null, prefOrg, null, ForumStatus.Established, null, null);
            db.Forums.Add(f);
            await db.SaveChangesAsync();
            return (f.Id, f.Name);
        });
        var version = await app.WithDbAsync((db, _) => db.Forums.Where(f => f.Id == wg.Id).Select(f => f.Version.ToString()).SingleAsync());
        var direct = await AppFactory.PostFormAsync(pref, $"/Forums/Edit/{wg.Id}", new()
        {
            ["Input.Id"] = Id(wg.Id), ["Input.Version"] = version, ["Input.Name"] = wg.Name, ["Input.Kind"] = "WorkingGroup", ["Input.ParentId"] = Id(prefForum),
            ["Input.Status"] = "Established", ["Input.SecretariatOrganizationId"] = Id(world.Prefecture.Id),
        });
        await Responses.AssertRedirectAsync(direct);
        Assert.Equal(prefForum, await ParentOfAsync(wg.Id));
    }

    [Fact]
    public async Task Guests_are_rows_with_name_organisation_or_free_text_and_sector_and_the_row_buttons_keep_every_value()
    {
        var l = await LayersAsync(app);
        var town = await UserAsync(app, l.World.TownOffice.Id);
        var meetingId = await NewMeetingAsync(town, l.Town, "第2回 協議の場");
        var url = $"/Forums/Meeting/{meetingId}";
        var form = await town.GetStringAsync(url);
        Assert.DoesNotContain("name=\"Record.Guests\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Record.Guests[0].Name\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Record.Guests[0].OrganizationId\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Record.Guests[0].Affiliation\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"Record.Guests[0].Sector\"", form, StringComparison.Ordinal);
        var version = await VersionOfMeetingAsync(app, meetingId);
        var familyId = Id(l.World.TownFamilyAssociation.Id);
        var fields = new Dictionary<string, string>
        {
            ["Record.Version"] = version, ["Record.Agenda"] = "夜間の相談体制", ["Record.Minutes"] = "家族会から夜間の相談先がないとの意見があった。",
            ["Record.Decisions"] = "県に提起する", ["Record.MarkHeld"] = "true",
            ["Record.Guests[0].Name"] = "山田 花子", ["Record.Guests[0].OrganizationId"] = familyId, ["Record.Guests[0].Affiliation"] = "", ["Record.Guests[0].Sector"] = "Family",
        };

        // 「出席者の行を追加」 draws the same form with every value kept and one more row; nothing is saved.
        var added = await TextAsync(await AppFactory.PostFormAsync(town, url, fields, $"{url}?handler=AddGuest"));
        Assert.Contains("name=\"Record.Guests[1].Name\"", added, StringComparison.Ordinal);
        Assert.Contains("value=\"山田 花子\"", added, StringComparison.Ordinal);
        Assert.Contains("家族会から夜間の相談先がないとの意見があった。", added, StringComparison.Ordinal);
        Assert.Matches($"<option value=\"{familyId}\" selected=\"selected\">", added);
        Assert.Contains("<option value=\"Family\" selected=\"selected\">", added, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync((db, _) => db.Meetings.Where(m => m.Id == meetingId).Select(m => m.Minutes).SingleAsync()));

        // 「削除」 on the first of two rows leaves the second, moved up, with its values.
        fields["Record.Guests[1].Name"] = "佐藤 一郎";
        fields["Record.Guests[1].Affiliation"] = "県精神保健福祉センター";
        fields["Record.Guests[1].Sector"] = "Health";
        var removed = await TextAsync(await AppFactory.PostFormAsync(town, url, fields, $"{url}?handler=RemoveGuest&removeGuest=0"));
        Assert.DoesNotContain("山田 花子", removed, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Record.Guests[1].Name\"", removed, StringComparison.Ordinal);
        Assert.Matches("name=\"Record.Guests\\[0\\].Name\" value=\"佐藤 一郎\"|value=\"佐藤 一郎\"[^>]*name=\"Record.Guests\\[0\\].Name\"", removed);
        Assert.Contains("夜間の相談体制", removed, StringComparison.Ordinal);

        // A row naming both a registered organisation and a free-text body is refused with the row's number.
        var both = new Dictionary<string, string>(fields) { ["Record.Guests[1].OrganizationId"] = familyId };
        var refused = await TextAsync(await AppFactory.PostFormAsync(town, url, both, $"{url}?handler=Record"));
        Assert.Contains("出席者2: 所属は、登録済みの機関を選ぶか、登録のない団体名を入力するか、どちらか一方にしてください。", refused, StringComparison.Ordinal);

        // Saved, the two guests read back with their organisation and sector.
        var saved = await AppFactory.PostFormAsync(town, url, fields, $"{url}?handler=Record");
        await Responses.AssertRedirectAsync(saved);
        var shown = await PageAsync(town, url);
        Assert.Contains("出席(2名)", shown, StringComparison.Ordinal);
        Assert.Contains("山田 花子(みどり家族会)", shown, StringComparison.Ordinal);
        Assert.Contains("佐藤 一郎(県精神保健福祉センター)", shown, StringComparison.Ordinal);
        Assert.Contains("家族 1", shown, StringComparison.Ordinal);
        Assert.Contains("保健 1", shown, StringComparison.Ordinal);
        Assert.Matches($"<option value=\"{familyId}\" selected=\"selected\">", shown);
    }

    [Fact]
    public async Task A_meeting_past_its_date_shows_as_awaiting_record_and_reminds_its_secretariat_until_recorded()
    {
        var l = await LayersAsync(app);
        var secretary = await app.CreateUserAsync(Name("town"), Roles.MunicipalStaff, l.World.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var town = await app.SignInAsync(secretary);
        var day = JapanTime.Today(app.Clock).AddDays(10);
        var meetingId = await NewMeetingAsync(town, l.Town, "第6回 協議の場", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.DoesNotContain($"/Forums/Meeting/{meetingId}#record", await PageAsync(town, "/"), StringComparison.Ordinal);
        Assert.Contains("<dd>予定</dd>", await PageAsync(town, $"/Forums/Meeting/{meetingId}"), StringComparison.Ordinal);

        // The day after the meeting the secretary signs in again: nobody has recorded it.
        app.Clock.Advance(TimeSpan.FromDays(11));
        town = await app.SignInAsync(secretary);
        var home = await PageAsync(town, "/");
        Assert.Contains("開催日を過ぎた会議の記録(", home, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Forums/Meeting/{meetingId}#record\"", home, StringComparison.Ordinal);
        Assert.Contains("第6回 協議の場", home, StringComparison.Ordinal);
        var meeting = await PageAsync(town, $"/Forums/Meeting/{meetingId}");
        Assert.Contains("記録待ち", meeting, StringComparison.Ordinal);
        Assert.DoesNotContain("<dd>予定</dd>", meeting, StringComparison.Ordinal);
        Assert.Contains("id=\"record\"", meeting, StringComparison.Ordinal);
        Assert.Contains("記録待ち", await PageAsync(town, $"/Forums/Details/{l.Town}"), StringComparison.Ordinal);

        // Only the secretariat is reminded: a prefecture officer who reads the forum is not.
        var pref = await UserAsync(app, l.World.Prefecture.Id, Roles.PrefectureStaff);
        Assert.DoesNotContain("第6回 協議の場", await PageAsync(pref, "/"), StringComparison.Ordinal);

        var recorded = await AppFactory.PostFormAsync(town, $"/Forums/Meeting/{meetingId}", new()
        {
            ["Record.Version"] = await VersionOfMeetingAsync(app, meetingId), ["Record.Minutes"] = "予定どおり開催した。", ["Record.MarkHeld"] = "true",
        }, $"/Forums/Meeting/{meetingId}?handler=Record");
        await Responses.AssertRedirectAsync(recorded);
        Assert.DoesNotContain($"/Forums/Meeting/{meetingId}#record", await PageAsync(town, "/"), StringComparison.Ordinal);
        Assert.Contains("<dd>開催済</dd>", await PageAsync(town, $"/Forums/Meeting/{meetingId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_member_asks_first_and_only_the_confirmation_removes()
    {
        var l = await LayersAsync(app);
        var town = await UserAsync(app, l.World.TownOffice.Id);
        var url = $"/Forums/Details/{l.Town}";
        var page = await town.GetStringAsync(url);
        Assert.DoesNotContain("handler=RemoveMember", page, StringComparison.Ordinal);
        var memberId = await app.WithDbAsync((db, _) => db.ForumMembers.Where(m => m.ForumId == l.Town && m.Name == "ピアサポーター").Select(m => m.Id).SingleAsync());
        Assert.Contains($"href=\"/Forums/Details/{l.Town}?remove={memberId}#remove-member\"", page, StringComparison.Ordinal);

        // 「外す」 is a link: opening it changes nothing and asks.
        var confirm = await PageAsync(town, $"{url}?remove={memberId}");
        Assert.Contains("「ピアサポーター」を構成員から外しますか。", confirm, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync((db, _) => db.ForumMembers.AnyAsync(m => m.Id == memberId)));

        // Someone who only reads the forum gets no confirmation to click.
        var pref = await UserAsync(app, l.World.Prefecture.Id, Roles.PrefectureStaff);
        Assert.DoesNotContain("構成員から外しますか", await PageAsync(pref, $"{url}?remove={memberId}"), StringComparison.Ordinal);

        var removed = await AppFactory.PostFormAsync(town, $"{url}?remove={memberId}", new(), $"{url}?handler=RemoveMember&memberId={memberId}");
        await Responses.AssertRedirectAsync(removed);
        Assert.False(await app.WithDbAsync((db, _) => db.ForumMembers.AnyAsync(m => m.Id == memberId)));
    }

    private const string Minutes = "個別の病院名を含む率直な議論";
    private const string Decision = "夜間窓口のモデル事業を県に求める";
    private const string ActionText = "病院ごとの受入れ状況を調べる";
    private const string HearingPoints = "A病院の夜間対応には不満がある";
    private const string DocumentName = "委員限り資料.pdf";

    /// <summary>A members-only meeting of the prefecture forum with everything 「構成員限り」 can hide, recorded by its secretariat.</summary>
    private async Task<(ForumLayers Layers, HttpClient Secretariat, int MeetingId, int IssueId)> MembersOnlyMeetingAsync()
    {
        var l = await LayersAsync(app);
        var pref = await UserAsync(app, l.World.Prefecture.Id, Roles.PrefectureStaff);
        var meetingId = await NewMeetingAsync(pref, l.Prefecture, "第1回 県協議の場");
        var url = $"/Forums/Meeting/{meetingId}";
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(pref, url, new()
        {
            ["Record.Version"] = await VersionOfMeetingAsync(app, meetingId), ["Record.Agenda"] = "夜間相談について", ["Record.Minutes"] = Minutes,
            ["Record.MembersOnly"] = "true", ["Record.Decisions"] = Decision, ["Record.MarkHeld"] = "true",
        }, $"{url}?handler=Record"));
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(pref, url, new()
        {
            ["NewAction.Text"] = ActionText, ["NewAction.Owner"] = "県障害福祉課", ["NewAction.Due"] = "2026-11-30",
        }, $"{url}?handler=AddAction"));
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(pref, $"/Forums/Hearing?forumId={l.Prefecture}", new()
        {
            ["forumId"] = Id(l.Prefecture), ["Input.HeardOn"] = "2026-11-10", ["Input.Who"] = "家族会代表", ["Input.Points"] = HearingPoints, ["Input.MeetingId"] = Id(meetingId),
        }));
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        await Responses.AssertRedirectAsync(await UploadAsync(pref, meetingId, pdf, DocumentName));
        var issue = await AppFactory.PostFormAsync(pref, $"/Forums/IssueEdit?forumId={l.Prefecture}", new()
        {
            ["forumId"] = Id(l.Prefecture), ["Input.Title"] = "夜間の相談窓口が足りない", ["Input.Category"] = "Coordination", ["Input.MeetingId"] = Id(meetingId),
        });
        var issueId = int.Parse(issue.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
        return (l, pref, meetingId, issueId);
    }

    [Fact]
    public async Task The_members_only_checkbox_names_what_it_hides_and_a_non_member_sees_none_of_it_on_any_forum_route()
    {
        var (l, secretariat, meetingId, issueId) = await MembersOnlyMeetingAsync();
        var own = await PageAsync(secretariat, $"/Forums/Meeting/{meetingId}");
        Assert.Contains("議事録・決定事項・対応事項・資料・この会議に向けた委員ヒアリングの意見を「構成員限り」にする", own, StringComparison.Ordinal);
        Assert.Contains(ActionText, own, StringComparison.Ordinal);
        Assert.Contains(HearingPoints, own, StringComparison.Ordinal);

        // あおば市's health centre reads the prefecture's forum but is not a member.
        var city = await UserAsync(app, l.World.CityHealthCenter.Id);
        var meeting = await PageAsync(city, $"/Forums/Meeting/{meetingId}");
        Assert.Contains("この会議の議事録・決定事項・対応事項・資料・この会議に向けた委員ヒアリングの意見は「構成員限り」です。", meeting, StringComparison.Ordinal);
        Assert.Contains("夜間相談について", meeting, StringComparison.Ordinal);           // the agenda stays public, as the hint says
        Assert.Contains("夜間の相談窓口が足りない", meeting, StringComparison.Ordinal);     // and so do the issues raised there

        var documentId = await app.WithDbAsync((db, _) => db.MeetingDocuments.Where(d => d.MeetingId == meetingId).Select(d => d.Id).SingleAsync());
        var token = await app.WithDbAsync(async (db, _) =>
        {
            var u = await db.Users.OrderByDescending(x => x.CreatedAt).FirstAsync(x => x.OrganizationId == l.World.CityHealthCenter.Id);
            var (row, clear) = Nimo.Platform.Api.ApiTokens.Issue(u, "test", app.Clock.GetUtcNow(), null);
            db.ApiTokens.Add(row);
            await db.SaveChangesAsync();
            return clear;
        });
        var leaks = await LeaksAsync(city, token, l, meetingId, issueId, documentId);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.Equal(HttpStatusCode.Forbidden, (await city.GetAsync($"/Forums/Document/{documentId}")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_reads_members_only_records_only_as_a_member()
    {
        var (l, _, meetingId, issueId) = await MembersOnlyMeetingAsync();
        // As `init` makes the first administrator: in the prefecture's office, which is this forum's secretariat.
        var adminUser = await app.CreateUserAsync(Name("admin"), Roles.Admin, l.World.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var admin = await app.SignInAsync(adminUser);
        var documentId = await app.WithDbAsync((db, _) => db.MeetingDocuments.Where(d => d.MeetingId == meetingId).Select(d => d.Id).SingleAsync());

        var page = await PageAsync(admin, $"/Forums/Meeting/{meetingId}");
        Assert.Contains("「構成員限り」です。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("記録を保存", page, StringComparison.Ordinal);  // the record form would show the minutes
        var leaks = await LeaksAsync(admin, null, l, meetingId, issueId, documentId);
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/Forums/Document/{documentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AppFactory.PostFormAsync(admin, $"/Forums/Meeting/{meetingId}", new()
        {
            ["Record.Version"] = await VersionOfMeetingAsync(app, meetingId), ["Record.Minutes"] = "管理者が上書き",
        }, $"/Forums/Meeting/{meetingId}?handler=Record")).StatusCode);

        // Made a member of the forum, the same administrator reads them.
        await app.WithDbAsync(async db =>
        {
            var forum = await db.Forums.Include(f => f.Members).SingleAsync(f => f.Id == l.Prefecture);
            forum.AddMember(null, "運用担当(委員)", MemberRole.Observer, Sector.Government, null, null, adminUser.Id);
            await db.SaveChangesAsync();
        });
        Assert.Contains(Minutes, await PageAsync(admin, $"/Forums/Meeting/{meetingId}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/Forums/Document/{documentId}")).StatusCode);
    }

    /// <summary>
    /// Every forum route (read from the app's own route table, so a new one fails here until it is listed) and the
    /// other places meetings appear, as <paramref name="client"/> (and the API with <paramref name="token"/>): where
    /// anything 「構成員限り」 hides shows up.
    /// </summary>
    private async Task<List<string>> LeaksAsync(HttpClient client, string? token, ForumLayers l, int meetingId, int issueId, int documentId)
    {
        var region = await app.WithDbAsync((db, _) => db.Regions.Where(r => r.Id == l.World.Prefecture.RegionId).Select(r => r.Code!).SingleAsync());
        var routes = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["Forums"] = ["/Forums"],
            ["Forums/Index"] = ["/Forums/Index"],
            ["Forums/Details/{id:int}"] = [$"/Forums/Details/{l.Prefecture}", $"/Forums/Details/{l.Prefecture}?handler=Calendar"],
            ["Forums/Meeting/{id:int}"] = [$"/Forums/Meeting/{meetingId}"],
            ["Forums/MeetingEdit"] = [$"/Forums/MeetingEdit?id={meetingId}"],
            ["Forums/Edit/{id:int?}"] = [$"/Forums/Edit/{l.Prefecture}"],
            ["Forums/Hearing"] = [$"/Forums/Hearing?forumId={l.Prefecture}&meetingId={meetingId}"],
            ["Forums/Issue/{id:int}"] = [$"/Forums/Issue/{issueId}"],
            ["Forums/IssueEdit"] = [$"/Forums/IssueEdit?forumId={l.Prefecture}&meetingId={meetingId}"],
            ["Forums/Issues"] = ["/Forums/Issues"],
            ["Forums/Calendar"] = ["/Forums/Calendar?month=2026-12", "/Forums/Calendar?handler=Ics"],
            ["Forums/Report"] = [$"/Forums/Report?regionId={l.World.Prefecture.RegionId}", $"/Forums/Report?handler=Export&regionId={l.World.Prefecture.RegionId}&format=csv"],
            ["Forums/Document/{id:int}"] = [$"/Forums/Document/{documentId}"],
        };
        var templates = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText?.TrimStart('/') ?? "").Where(t => t.StartsWith("Forums", StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        var unknown = templates.Where(t => !routes.ContainsKey(t)).ToList();
        Assert.True(unknown.Count == 0, "Forum routes this test does not walk (add them to the table): " + string.Join(", ", unknown));

        var leaks = new List<string>();
        async Task CheckAsync(HttpClient c, string url)
        {
            var response = await c.GetAsync(url);
            Assert.True((int)response.StatusCode < 500, $"{url} → {(int)response.StatusCode}");
            var body = WebUtility.HtmlDecode(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
            foreach (var secret in new[] { Minutes, Decision, ActionText, HearingPoints, DocumentName })
            {
                if (body.Contains(secret, StringComparison.Ordinal))
                {
                    leaks.Add($"{url} ({(int)response.StatusCode}) shows 「{secret}」");
                }
            }
        }

        foreach (var url in routes.Values.SelectMany(u => u).Append("/").Append("/Plans"))
        {
            await CheckAsync(client, url);
        }

        if (token is not null)
        {
            var api = app.CreateClient();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            foreach (var url in new[] { $"/api/v1/regions/{region}/forums", $"/api/v1/forums/{l.Prefecture}/calendar.ics", "/api/v1/me/calendar.ics" })
            {
                await CheckAsync(api, url);
            }
        }

        return leaks;
    }
}
