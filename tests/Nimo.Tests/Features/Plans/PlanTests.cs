using System.Globalization;
using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Plans;

/// <summary>
/// The PDCA chain on regions of the tests' own: a regional issue becomes a challenge, an indicator counts the forum's
/// meetings live, the sheet and the API show the count, evaluation freezes it, and next year starts from it.
/// </summary>
public sealed class PlanTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static readonly string Fy = "2026"; // TestClock: 2026-11-20 → 令和8年度

    [Theory]
    [InlineData("5月", 2023, 202305)]
    [InlineData("2月", 2023, 202402)]
    [InlineData("10月～", 2023, 202310)]
    [InlineData("R5年4月", 2023, 202304)]
    [InlineData("令和6年1月", 2023, 202401)]
    [InlineData("通年", 2023, null)]
    [InlineData("R6年度", 2024, null)]
    public void A_schedule_month_is_read_within_the_plans_fiscal_year(string when, int year, int? expected)
    {
        Assert.Equal(expected, ScheduleItem.ParseMonth(when, year, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void A_month_outside_the_fiscal_year_is_refused()
    {
        Assert.Null(ScheduleItem.ParseMonth("R6年4月", 2023, out var error));
        Assert.Contains("令和5年度", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_per_month_with_a_year_in_front_is_compared_per_year()
    {
        // 倉敷: 「R6年度 延13件/月」 against 「R5年度末 延72件/年」 → 156件/年 against 72.
        var target = IndicatorValue.Parse("R6年度 延13件/月");
        Assert.Equal((ValueKind.Number, 13m, PeriodBasis.PerMonth, 156m), (target.Kind, target.Number, target.Basis, target.PerYear));
        var result = Achievement.Evaluate(target, IndicatorValue.Parse("R5年度末 延72件/年"));
        Assert.Equal((46.2m, Verdict.NotMet), (result.Percent, result.Verdict));
        Assert.Contains("156", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_evaluated_plan_is_frozen_until_reopened_with_a_reason_and_next_year_starts_from_its_actuals()
    {
        var region = Region.Create("130001", "凍結都", "とうけつと", RegionKind.Prefecture, MunicipalityFlags.None, null);
        var plan = Plan.Create(region, 2025);
        var challenge = plan.AddChallenge("退院後の切れ目ない支援", "ガイドラインに沿った支援", ["支援計画の作成", null, null, null], null);
        var typed = plan.AddIndicator(new IndicatorInput("支援対象者", "人", PeriodBasis.PerYear, Direction.MoreIsBetter, "5人", "8人以上", null, null, null, null, null, null, null));
        typed.Challenge = challenge;

        var missing = Assert.Throws<DomainRuleException>(() => plan.Evaluate(new Dictionary<int, int>(), "評価者", DateTimeOffset.UnixEpoch));
        Assert.Contains("「支援対象者」", missing.Message, StringComparison.Ordinal);

        plan.RecordResult(typed, "12人", "困難事例の共有が定着");
        plan.Evaluate(new Dictionary<int, int>(), "評価者", DateTimeOffset.UnixEpoch);
        Assert.Equal((150.0m, Verdict.Met), (typed.Judge(null).Percent, typed.Judge(null).Verdict));
        Assert.Throws<DomainRuleException>(() => plan.RecordResult(typed, "13人", null));
        Assert.Throws<DomainRuleException>(() => plan.AddChallenge("追加", null, [null, null, null, null], null));
        Assert.Throws<DomainRuleException>(() => plan.Reopen("  "));

        var (next, baselines) = plan.CopyTo(2026, new Dictionary<int, string?>());
        Assert.Equal((1, 0, 0), (baselines.FromActual, baselines.FromBaseline, baselines.Empty));
        Assert.Equal(2026, next.FiscalYear);
        var carried = Assert.Single(next.Indicators);
        Assert.Equal(("12人", "8人以上", (string?)null), (carried.Baseline, carried.Target, carried.Actual));
        Assert.Same(next.Challenges.Single(), carried.Challenge);
        Assert.Equal("退院後の切れ目ない支援", next.Challenges.Single().Title);

        plan.Reopen("実績値の誤記");
        plan.RecordResult(typed, "11人", null);
        Assert.Equal("11人", typed.Actual);
    }

    [Fact]
    public async Task A_regional_issue_becomes_a_challenge_with_a_live_indicator_that_counts_new_meetings_into_the_sheet()
    {
        var world = await app.CreateWorldAsync();
        var editor = await app.CreateUserAsync("plan-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(editor);
        var town = world.TownOffice.RegionId;

        var (forumId, issueId) = await app.WithDbAsync(async (db, _) =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == town);
            var forum = Forum.Create(region, "みどり町 にも包括協議の場 " + Guid.NewGuid().ToString("N")[..4], ForumKind.Main, null);
            var section = Forum.Create(region, "地域移行部会", ForumKind.Subcommittee, forum);
            db.Forums.AddRange(forum, section);
            await db.SaveChangesAsync();
            var held = Meeting.Create(forum, "第1回協議の場", new DateTimeOffset(2026, 6, 10, 14, 0, 0, JapanTime.Offset), null, MeetingFormat.InPerson, null);
            held.Schedule(held.Title, held.StartsAt, null, MeetingFormat.InPerson, null, MeetingStatus.Held);
            // A meeting of the previous 年度 and a planned one do not count.
            var old = Meeting.Create(forum, "前年度の会議", new DateTimeOffset(2026, 3, 25, 14, 0, 0, JapanTime.Offset), null, MeetingFormat.InPerson, null);
            old.Schedule(old.Title, old.StartsAt, null, MeetingFormat.InPerson, null, MeetingStatus.Held);
            var planned = Meeting.Create(forum, "第2回協議の場", new DateTimeOffset(2027, 2, 10, 14, 0, 0, JapanTime.Offset), null, MeetingFormat.InPerson, null);
            db.Meetings.AddRange(held, old, planned);
            await db.SaveChangesAsync();
            var issue = RegionalIssue.Raise(forum, held, null, "退院後に通院が途切れる", "退院後の支援体制がない", IssueCategory.Medical, null, "test", app.Clock.GetUtcNow());
            db.RegionalIssues.Add(issue);
            await db.SaveChangesAsync();
            return (forum.Id, issue.Id);
        });

        // The plan for this 年度.
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year={Fy}", new() { ["year"] = Fy }, $"/Plans/Details/{town}?handler=Create"));
        var planId = await app.WithDbAsync((db, _) => db.Plans.Where(p => p.RegionId == town && p.FiscalYear == 2026).Select(p => p.Id).SingleAsync());

        // The issue page offers to take the issue into the plan; the challenge keeps the link.
        var issuePage = WebUtility.HtmlDecode(await client.GetStringAsync($"/Forums/Issue/{issueId}"));
        Assert.Contains($"/Plans/Challenge/{planId}?issueId={issueId}", issuePage, StringComparison.Ordinal);
        var challengePage = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Challenge/{planId}?issueId={issueId}"));
        Assert.Contains("退院後に通院が途切れる", challengePage, StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Challenge/{planId}?issueId={issueId}", new()
        {
            ["Input.Title"] = "退院後に通院が途切れる", ["Input.Policy"] = "退院前からの顔の見える関係づくり", ["Input.RegionalIssueId"] = issueId.ToString(CultureInfo.InvariantCulture),
            ["Input.Roles[0]"] = "関係機関の調整", ["Input.Roles[1]"] = "退院前カンファレンスへの地域支援者の招へい",
        }, $"/Plans/Challenge/{planId}"));
        var challengeId = await app.WithDbAsync((db, _) => db.PlanChallenges.Where(c => c.PlanId == planId).Select(c => c.Id).SingleAsync());

        // An indicator bound to the forum's meetings (the forum and its sub-bodies) in the 年度.
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Indicator/{planId}", new()
        {
            ["Input.Name"] = "協議の場の開催回数", ["Input.Unit"] = "回", ["Input.Basis"] = "PerYear", ["Input.Direction"] = "MoreIsBetter",
            ["Input.Baseline"] = "1回", ["Input.Target"] = "3回", ["Input.Source"] = "ForumMeetingsHeld", ["Input.SourceForumId"] = forumId.ToString(CultureInfo.InvariantCulture),
            ["Input.ChallengeId"] = challengeId.ToString(CultureInfo.InvariantCulture),
        }));
        var indicatorId = await app.WithDbAsync((db, _) => db.PlanIndicators.Where(i => i.PlanId == planId).Select(i => i.Id).SingleAsync());

        var plan = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year={Fy}"));
        Assert.Contains("1回", plan, StringComparison.Ordinal);
        Assert.Contains("33.3%", plan, StringComparison.Ordinal);

        // A sub-body's meeting held now: the count follows without anyone typing it.
        await app.WithDbAsync(async db =>
        {
            var section = await db.Forums.SingleAsync(f => f.ParentId == forumId);
            var m = Meeting.Create(section, "地域移行部会 第1回", new DateTimeOffset(2026, 9, 1, 10, 0, 0, JapanTime.Offset), null, MeetingFormat.Online, null);
            m.Schedule(m.Title, m.StartsAt, null, MeetingFormat.Online, null, MeetingStatus.Held);
            db.Meetings.Add(m);
            await db.SaveChangesAsync();
        });
        var count = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Count/{indicatorId}"));
        Assert.Contains("2回", count, StringComparison.Ordinal);
        Assert.Contains("地域移行部会 第1回", count, StringComparison.Ordinal);
        Assert.DoesNotContain("前年度の会議", count, StringComparison.Ordinal);

        var sheet = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{town}?year={Fy}"));
        Assert.Contains("自動集計: 現在 2回", sheet, StringComparison.Ordinal);
        Assert.Contains("退院後に通院が途切れる", sheet, StringComparison.Ordinal);
        Assert.Contains("退院前カンファレンスへの地域支援者の招へい", sheet, StringComparison.Ordinal);

        // The API says where the number comes from.
        var api = await app.ApiClientAsync(editor);
        using (var json = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/regions/473014/plans/{Fy}")))
        {
            var indicator = json.RootElement.GetProperty("indicators")[0];
            Assert.Equal("2回", indicator.GetProperty("actual").GetString());
            Assert.Equal(66.7m, indicator.GetProperty("achievement").GetProperty("percent").GetDecimal());
            Assert.Equal("ForumMeetingsHeld", indicator.GetProperty("source").GetProperty("kind").GetString());
            Assert.Equal(2, indicator.GetProperty("source").GetProperty("liveCount").GetInt32());
            Assert.Equal(issueId, json.RootElement.GetProperty("challenges")[0].GetProperty("regionalIssueId").GetInt32());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/regions/473014/plans/2030")).StatusCode);

        // A schedule row bound to the planned meeting; another row past its month is flagged as late.
        var plannedId = await app.WithDbAsync((db, _) => db.Meetings.Where(m => m.Title == "第2回協議の場" && m.ForumId == forumId).Select(m => m.Id).SingleAsync());
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Schedule/{planId}?kind=ThisYear", new()
        {
            ["Input.Kind"] = "ThisYear", ["Input.When"] = "2月", ["Input.Title"] = "第2回協議の場", ["Input.MeetingId"] = plannedId.ToString(CultureInfo.InvariantCulture),
        }));
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Schedule/{planId}?kind=ThisYear", new()
        {
            ["Input.Kind"] = "ThisYear", ["Input.When"] = "8月", ["Input.Title"] = "研修会の開催",
        }));
        var badMonth = await AppFactory.PostFormAsync(client, $"/Plans/Schedule/{planId}?kind=ThisYear", new() { ["Input.Kind"] = "ThisYear", ["Input.When"] = "R10年5月", ["Input.Title"] = "範囲外" });
        Assert.Contains("の外です", WebUtility.HtmlDecode(await badMonth.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        plan = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year={Fy}"));
        Assert.Contains("遅れ", plan, StringComparison.Ordinal);
        Assert.Contains("令和9年2月10日", plan, StringComparison.Ordinal);
        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));
        Assert.Contains("予定の月を過ぎた計画のスケジュール(1)", home, StringComparison.Ordinal);
        Assert.Contains("研修会の開催", home, StringComparison.Ordinal);

        // The xlsx carries the same rows.
        var xlsx = await client.GetByteArrayAsync($"/Plans/Sheet/{town}?year={Fy}&handler=Xlsx");
        var text = XlsxText(xlsx);
        Assert.Contains("退院後に通院が途切れる", text, StringComparison.Ordinal);
        Assert.Contains("研修会の開催", text, StringComparison.Ordinal);

        // A neighbour reads but cannot change; another prefecture does not see the plan at all.
        var neighbour = await app.CreateUserAsync("plan-n-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var neighbourClient = await app.SignInAsync(neighbour);
        Assert.Equal(HttpStatusCode.OK, (await neighbourClient.GetAsync($"/Plans/Details/{town}?year={Fy}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await neighbourClient.GetAsync($"/Plans/Indicator/{planId}?id={indicatorId}")).StatusCode);
        var forged = await AppFactory.PostFormAsync(neighbourClient, $"/Plans/Details/{town}?year={Fy}", new() { ["year"] = Fy, ["reason"] = "x" }, $"/Plans/Details/{town}?handler=Copy");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        var outsider = await app.WithDbAsync(async (db, sp) =>
        {
            var other = Region.Create("460001", "別県", "べつけん", RegionKind.Prefecture, MunicipalityFlags.None, null);
            db.Regions.Add(other);
            var org = Nimo.Features.Organizations.Organization.Create("別県 障害福祉課", "", Nimo.Features.Organizations.OrganizationKind.LocalGovernment, other);
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            return org.Id;
        });
        var stranger = await app.CreateUserAsync("plan-x-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, outsider, twoFactor: true);
        var strangerClient = await app.SignInAsync(stranger);
        foreach (var url in new[] { $"/Plans/Details/{town}?year={Fy}", $"/Plans/Sheet/{town}?year={Fy}", $"/Plans/Sheet/{town}?year={Fy}&handler=Xlsx", $"/Plans/Count/{indicatorId}", $"/Plans/Indicator/{planId}", $"/Plans/Evaluate/{planId}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync(url)).StatusCode);
        }

        // 年度末: confirming freezes the live count; a later meeting no longer changes the year's actual.
        var evaluate = await AppFactory.PostFormAsync(client, $"/Plans/Evaluate/{planId}", new()
        {
            [$"Effect[{indicatorId}]"] = "部会との連動ができた", [$"Review[{challengeId}]"] = "次年度は退院前カンファレンスを定例化", ["confirm"] = "true",
        });
        await Responses.AssertRedirectAsync(evaluate);
        await app.WithDbAsync(async db =>
        {
            var forum = await db.Forums.SingleAsync(f => f.Id == forumId);
            var m = Meeting.Create(forum, "臨時会", new DateTimeOffset(2026, 12, 1, 10, 0, 0, JapanTime.Offset), null, MeetingFormat.Online, null);
            m.Schedule(m.Title, m.StartsAt, null, MeetingFormat.Online, null, MeetingStatus.Held);
            db.Meetings.Add(m);
            await db.SaveChangesAsync();
        });
        var frozen = await app.WithDbAsync((db, _) => db.Plans.Include(p => p.Indicators).Include(p => p.Challenges).SingleAsync(p => p.Id == planId));
        Assert.Equal((PlanState.Evaluated, "2回", true), (frozen.State, frozen.Indicators.Single().Actual, frozen.Indicators.Single().ActualFromLiveCount));
        Assert.Equal("次年度は退院前カンファレンスを定例化", frozen.Challenges.Single().ReviewNote);
        Assert.Contains("2回", WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year={Fy}")), StringComparison.Ordinal);
        await Responses.AssertRedirectAsync(await client.GetAsync($"/Plans/Indicator/{planId}?id={indicatorId}"));

        // Next 年度 starts from this year's actual, keeps the challenge and the live binding.
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year={Fy}", new() { ["year"] = Fy }, $"/Plans/Details/{town}?handler=Copy"));
        var next = await app.WithDbAsync((db, _) => db.Plans.Include(p => p.Indicators).Include(p => p.Challenges).SingleAsync(p => p.RegionId == town && p.FiscalYear == 2027));
        var carried = next.Indicators.Single();
        Assert.Equal(("2回", "ForumMeetingsHeld", indicatorId), (carried.Baseline, carried.Source, carried.CarriedFromId));
        Assert.Equal(challengeId, next.Challenges.Single().CarriedFromId);
        Assert.Equal(next.Challenges.Single().Id, carried.ChallengeId);

        // Comparing the two years marks what changed.
        var compare = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{town}?year=2027&compare=true"));
        Assert.Contains("変更", compare, StringComparison.Ordinal);
        Assert.Contains("2回", compare, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefecture_downloads_the_sheets_of_its_regions_in_one_workbook()
    {
        var world = await app.CreateWorldAsync();
        await app.WithDbAsync(async db =>
        {
            foreach (var id in new[] { world.CityHealthCenter.RegionId, world.TownOffice.RegionId })
            {
                if (!await db.Plans.AnyAsync(p => p.RegionId == id && p.FiscalYear == 2025))
                {
                    var region = await db.Regions.SingleAsync(r => r.Id == id);
                    var plan = Plan.Create(region, 2025);
                    plan.AddChallenge($"{region.Name}の課題", null, [null, null, null, null], null);
                    db.Plans.Add(plan);
                }
            }

            await db.SaveChangesAsync();
        });
        var staff = await app.CreateUserAsync("plan-p-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var client = await app.SignInAsync(staff);
        var index = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans?year=2025&regionId={world.Prefecture.RegionId}"));
        Assert.Contains("あおば市", index, StringComparison.Ordinal);
        Assert.Contains("未登録", index, StringComparison.Ordinal);
        var bundle = await client.GetAsync($"/Plans?handler=Bundle&year=2025&regionId={world.Prefecture.RegionId}");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await bundle.Content.ReadAsByteArrayAsync()), false);
        var names = document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value!).ToList();
        Assert.Contains(names, n => n.StartsWith("あおば市", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("みどり町", StringComparison.Ordinal));

        // The first sheet says who submitted, in what state, and who did not.
        Assert.Equal("提出状況", names[0]);
        var first = (DocumentFormat.OpenXml.Packaging.WorksheetPart)document.WorkbookPart.GetPartById(
            document.WorkbookPart.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First().Id!.Value!);
        var rows = first.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>()
            .Select(r => string.Join("|", r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? ""))).ToList();
        var status = string.Join("\n", rows);
        Assert.Contains("テスト県 管内 令和7年度 報告様式の提出状況", status, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.StartsWith("あおば市|", StringComparison.Ordinal) && r.Contains("|作成中|", StringComparison.Ordinal));
        var missingAt = rows.FindIndex(r => r.StartsWith("未提出", StringComparison.Ordinal));
        Assert.True(missingAt > 0, status);
        Assert.Contains(rows.Skip(missingAt), r => r.StartsWith("北部保健所圏域|", StringComparison.Ordinal));
        Assert.Contains(rows.Skip(missingAt), r => r.StartsWith("テスト県|", StringComparison.Ordinal));
        Assert.DoesNotContain(rows.Skip(missingAt), r => r.StartsWith("あおば市|", StringComparison.Ordinal));
        Assert.True(await app.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.Action == "Export" && a.RecordType == "ReportSheet")));
    }

    [Fact]
    public async Task A_plan_carries_over_skipped_years_directly_and_the_message_says_what_filled_each_baseline()
    {
        var world = await app.CreateWorldAsync();
        var town = await NewTownAsync("とびこし町");
        var staff = await app.CreateUserAsync("plan-skip-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(staff);
        await app.WithDbAsync(async db =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == town);
            // 令和5年度: one indicator with an actual, one with only a baseline, one with neither.
            var plan = Plan.Create(region, 2023);
            plan.AddChallenge("退院後の切れ目ない支援", null, [null, null, null, null], null);
            var reached = plan.AddIndicator(new IndicatorInput("アウトリーチ支援対象者", "人", PeriodBasis.PerYear, Direction.MoreIsBetter, "5人", "8人以上", null, null, null, null, null, null, null));
            plan.RecordResult(reached, "12人", null);
            plan.AddIndicator(new IndicatorInput("研修会の開催", "回", PeriodBasis.PerYear, Direction.MoreIsBetter, "1回", "2回", null, null, null, null, null, null, null));
            plan.AddIndicator(new IndicatorInput("ピア交流会", "回", PeriodBasis.PerYear, Direction.MoreIsBetter, null, "1回", null, null, null, null, null, null, null));
            plan.AddScheduleItem(ScheduleKind.LongTerm, 2024, null, "協議の場の設置", null, null);
            plan.AddScheduleItem(ScheduleKind.LongTerm, 2027, null, "自治体で推進", null, null);
            db.Plans.Add(plan);
            await db.SaveChangesAsync();
        });

        // 令和8年度 has no plan: its page offers to carry a chosen earlier plan over, without the years between.
        var empty = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year=2026"));
        Assert.Contains("<option value=\"2023\" selected=\"selected\">令和5年度</option>", empty, StringComparison.Ordinal);
        Assert.Contains("令和8年度の計画を引き継いで作成", empty, StringComparison.Ordinal);
        // The 令和5年度 page offers every later year without a plan, this 年度 first in mind.
        var source = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year=2023"));
        Assert.Contains("<option value=\"2026\" selected=\"selected\">令和8年度</option>", source, StringComparison.Ordinal);
        Assert.Contains("<option value=\"2024\">令和6年度</option>", source, StringComparison.Ordinal);

        var copy = await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year=2026", new() { ["year"] = "2026", ["from"] = "2023", ["to"] = "2026" }, $"/Plans/Details/{town}?handler=Copy");
        await Responses.AssertRedirectAsync(copy);
        Assert.Equal($"/Plans/Details/{town}?year=2026", copy.Headers.Location!.OriginalString);
        var years = await app.WithDbAsync((db, _) => db.Plans.Where(p => p.RegionId == town).Select(p => p.FiscalYear).OrderBy(y => y).ToListAsync());
        Assert.Equal([2023, 2026], years);
        var carried = await app.WithDbAsync((db, _) => db.Plans.Include(p => p.Indicators).Include(p => p.Schedule).SingleAsync(p => p.RegionId == town && p.FiscalYear == 2026));
        Assert.Equal(["12人", "1回", null], carried.OrderedIndicators.Select(i => i.Baseline));
        Assert.Equal([2027], carried.Schedule.Select(s => s.FiscalYear));

        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year=2026"));
        Assert.Contains("令和5年度の計画を引き継いで、令和8年度の計画を作成しました。", page, StringComparison.Ordinal);
        Assert.Contains("指標1件の現状値には、令和5年度の実績値を入れました。", page, StringComparison.Ordinal);
        Assert.Contains("令和5年度の実績値がない指標1件には、令和5年度の現状値をそのまま入れました。", page, StringComparison.Ordinal);
        Assert.Contains("実績値も現状値もない指標1件は、現状値を空欄にしました。", page, StringComparison.Ordinal);
        Assert.Contains("令和6年度から令和7年度までの計画はないため、現状値が令和8年度当初の値として正しいか確かめてください。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("今年度の実績値", page, StringComparison.Ordinal);

        // The sheet's §4 reports the latest year that has results.
        var sheet = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{town}?year=2026"));
        Assert.Contains("<令和5年度までの成果・効果>", sheet, StringComparison.Ordinal);
        Assert.Contains("12人", sheet, StringComparison.Ordinal);

        // Neither a second copy nor a copy backwards in time makes a plan.
        var again = await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year=2023", new() { ["year"] = "2023", ["from"] = "2023", ["to"] = "2026" }, $"/Plans/Details/{town}?handler=Copy");
        await Responses.AssertRedirectAsync(again);
        var backwards = await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year=2026", new() { ["year"] = "2026", ["from"] = "2026", ["to"] = "2022" }, $"/Plans/Details/{town}?handler=Copy");
        await Responses.AssertRedirectAsync(backwards);
        Assert.Equal(2, await app.WithDbAsync((db, _) => db.Plans.CountAsync(p => p.RegionId == town)));
    }

    /// <summary>A municipality of the test prefecture of this test's own, so its plans are only the test's.</summary>
    private async Task<int> NewTownAsync(string name)
    {
        return await app.WithDbAsync(async (db, _) =>
        {
            var prefecture = await db.Regions.SingleAsync(r => r.Code == "470007");
            var used = await db.Regions.Where(r => r.Code != null && r.Code.StartsWith("476")).Select(r => r.Code!).ToListAsync();
            for (var n = 600; n < 700; n++)
            {
                var body = "47" + n.ToString(CultureInfo.InvariantCulture);
                var code = body + LocalGovernmentCode.CheckDigit(body).ToString(CultureInfo.InvariantCulture);
                if (!used.Contains(code))
                {
                    var town = Region.Create(code, name, "まち", RegionKind.Municipality, MunicipalityFlags.None, prefecture);
                    db.Regions.Add(town);
                    await db.SaveChangesAsync();
                    return town.Id;
                }
            }

            throw new InvalidOperationException("no code left");
        });
    }

    /// <summary>Every text of every sheet of a workbook, inline strings and numbers alike.</summary>
    internal static string XlsxText(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return string.Join("\n", document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>())
            .Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? ""));
    }
}
