using System.Globalization;
using System.Net;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Features.Events;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;
using Nimo.Tests.Features.Events;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Plans;

/// <summary>
/// Plan indicators count from the sources the features register (Platform/Modules): any feature's source can be chosen in
/// the indicator form, its count reaches the plan page, the count page and the report sheet, and an indicator whose source
/// is no longer registered still renders everywhere, saying so, instead of failing.
/// </summary>
public sealed class LiveCountSourceTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Fy = "2026"; // TestClock: 2026-11-20 → 令和8年度
    private const string TrainingsHeld = "events.held.training";
    private const string TrainingsLabel = "研修(職員・関係機関向け)の開催回数(年度内に開催済み)";

    [Fact]
    public void Every_source_has_its_own_key_and_the_keys_stored_before_sources_were_registered_still_resolve()
    {
        var sources = app.Services.GetServices<ILiveCountSource>().ToList();
        Assert.Equal(sources.Count, sources.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(sources, s => Assert.InRange(s.Key.Length, 1, Nimo.Features.Plans.PlanIndicator.SourceKeyLength));
        string[] stored = ["ForumMeetingsHeld", "ForumIssuesRaised", "ForumIssuesAnswered", "MunicipalitiesWithForum", "AreasWithForum", "OutreachClients", "DischargePlans", "LiaisonSheetsSent"];
        Assert.All(stored, key => Assert.Contains(sources, s => s.Key == key));
        // Personal records: the cases and the sheets (and the attendees of events), never the forums' counts.
        Assert.Equal(["DischargePlans", "LiaisonSheetsSent", "OutreachClients"],
            sources.Where(s => s.CountsPersonalRecords && !s.Key.StartsWith("events.", StringComparison.Ordinal) && !s.Key.StartsWith("peer.", StringComparison.Ordinal)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task An_indicator_bound_through_the_form_to_the_trainings_held_counts_the_regions_held_trainings_of_the_year_on_the_plan_and_the_sheet()
    {
        var (town, office) = await NewTownAsync("けんしゅう町");
        var editor = await app.CreateUserAsync("lc-ev-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, office.Id, twoFactor: true);
        var client = await app.SignInAsync(editor);

        // Two trainings held in 令和8年度; a training of 令和7年度, a lecture and a training still planned do not count.
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2026, 6, 3), "ゲートキーパー研修", kind: EventKind.Training, audiences: Audience.MunicipalStaff), held: true);
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2026, 9, 16), "にも包括 関係機関研修", kind: EventKind.Training, audiences: Audience.WelfareStaff), held: true);
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2026, 3, 10), "前年度の研修", kind: EventKind.Training), held: true);
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2026, 7, 1), "こころの講演会"), held: true);
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2027, 1, 20), "冬の研修", kind: EventKind.Training));

        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year={Fy}", new() { ["year"] = Fy }, $"/Plans/Details/{town}?handler=Create"));
        var planId = await app.WithDbAsync((db, _) => db.Plans.Where(p => p.RegionId == town && p.FiscalYear == 2026).Select(p => p.Id).SingleAsync());

        // The form lists every feature's sources under their headings, the events' among them.
        var form = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Indicator/{planId}"));
        Assert.Contains("<optgroup label=\"自動集計: 研修・啓発\">", form, StringComparison.Ordinal);
        Assert.Contains("<optgroup label=\"自動集計: 協議の場\">", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{TrainingsHeld}\">{TrainingsLabel}</option>", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"OutreachClients\">アウトリーチ支援の対象者数(年度内に支援)</option>", form, StringComparison.Ordinal);

        // Every field filled as an editor would, the unit left to the source.
        var saved = await AppFactory.PostFormAsync(client, $"/Plans/Indicator/{planId}", new()
        {
            ["Input.Name"] = "職員・関係機関向け研修の開催回数", ["Input.Unit"] = "", ["Input.Basis"] = "PerYear", ["Input.Direction"] = "MoreIsBetter",
            ["Input.Baseline"] = "1回", ["Input.Target"] = "4回", ["Input.Population"] = "", ["Input.Actual"] = "",
            ["Input.ExpectedEffect"] = "支援者が精神障害の特性を理解し、早めに相談につなげられる", ["Input.AchievedEffect"] = "",
            ["Input.Source"] = TrainingsHeld, ["Input.SourceForumId"] = "",
        });
        await Responses.AssertRedirectAsync(saved);
        var indicator = await app.WithDbAsync((db, _) => db.PlanIndicators.AsNoTracking().SingleAsync(i => i.PlanId == planId));
        Assert.Equal((TrainingsHeld, "回", (int?)null, (string?)null), (indicator.Source, indicator.Unit, indicator.SourceForumId, indicator.Actual));

        // Read back in the form: the source is the chosen one.
        var edit = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Indicator/{planId}?id={indicator.Id}"));
        Assert.Contains($"<option value=\"{TrainingsHeld}\" selected=\"selected\">{TrainingsLabel}</option>", edit, StringComparison.Ordinal);

        var plan = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year={Fy}"));
        Assert.Contains("2回", plan, StringComparison.Ordinal);
        Assert.Contains("50.0%", plan, StringComparison.Ordinal);
        Assert.Contains($"自動集計: {TrainingsLabel}", plan, StringComparison.Ordinal);

        var count = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Count/{indicator.Id}"));
        Assert.Contains("ゲートキーパー研修", count, StringComparison.Ordinal);
        Assert.Contains("にも包括 関係機関研修", count, StringComparison.Ordinal);
        Assert.DoesNotContain("前年度の研修", count, StringComparison.Ordinal);
        Assert.DoesNotContain("こころの講演会", count, StringComparison.Ordinal);
        Assert.DoesNotContain("冬の研修", count, StringComparison.Ordinal);

        var sheet = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{town}?year={Fy}"));
        Assert.Contains($"自動集計: 現在 2回({TrainingsLabel})", sheet, StringComparison.Ordinal);

        // Next year's sheet reports this year's result in §4, in the .xlsx too: the live count while the year is open.
        var nextXlsx = await client.GetByteArrayAsync($"/Plans/Sheet/{town}?year=2027&handler=Xlsx");
        var row = XlsxRows(nextXlsx).Single(r => r.Contains("職員・関係機関向け研修の開催回数", StringComparison.Ordinal) && r.Contains("4回", StringComparison.Ordinal));
        Assert.Contains("|2回|", row, StringComparison.Ordinal);

        // A third training held now: the count follows.
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2026, 11, 10), "11月の研修", kind: EventKind.Training), held: true);
        Assert.Contains("3回", WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year={Fy}")), StringComparison.Ordinal);
        Assert.Contains("75.0%", WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year={Fy}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_indicator_whose_source_is_no_longer_registered_renders_everywhere_as_an_unknown_source_and_counts_nothing()
    {
        var (town, office) = await NewTownAsync("きゅうしき町");
        var editor = await app.CreateUserAsync("lc-un-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, office.Id, twoFactor: true);
        var client = await app.SignInAsync(editor);
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2026, 6, 3), "研修", kind: EventKind.Training), held: true);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year={Fy}", new() { ["year"] = Fy }, $"/Plans/Details/{town}?handler=Create"));
        var planId = await app.WithDbAsync((db, _) => db.Plans.Where(p => p.RegionId == town && p.FiscalYear == 2026).Select(p => p.Id).SingleAsync());
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Indicator/{planId}", new()
        {
            ["Input.Name"] = "廃止された集計の指標", ["Input.Basis"] = "PerYear", ["Input.Direction"] = "MoreIsBetter", ["Input.Target"] = "4回", ["Input.Source"] = TrainingsHeld,
        }));
        // The module that registered the source is gone: the stored key answers to nothing.
        var indicatorId = await app.WithDbAsync(async (db, _) =>
        {
            var id = await db.PlanIndicators.Where(i => i.PlanId == planId).Select(i => i.Id).SingleAsync();
            await db.PlanIndicators.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Source, "retired.trainings"));
            return id;
        });
        const string Unknown = "不明な集計元(retired.trainings)";

        var plan = await client.GetAsync($"/Plans/Details/{town}?year={Fy}");
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var planText = WebUtility.HtmlDecode(await plan.Content.ReadAsStringAsync());
        Assert.Contains($"自動集計: {Unknown}", planText, StringComparison.Ordinal);
        Assert.DoesNotContain("数えたもの(", planText, StringComparison.Ordinal);

        var count = await client.GetAsync($"/Plans/Count/{indicatorId}");
        Assert.Equal(HttpStatusCode.OK, count.StatusCode);
        Assert.Contains(Unknown, WebUtility.HtmlDecode(await count.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var sheet = await client.GetAsync($"/Plans/Sheet/{town}?year={Fy}");
        Assert.Equal(HttpStatusCode.OK, sheet.StatusCode);
        Assert.Contains(Unknown, WebUtility.HtmlDecode(await sheet.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Plans/Sheet/{town}?year={Fy}&handler=Xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Plans/Sheet/{town}?year=2027")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Plans/Evaluate/{planId}")).StatusCode);

        // The form shows what it was and asks for another choice instead of dropping the binding silently.
        var form = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Indicator/{planId}?id={indicatorId}"));
        Assert.Contains($"<option value=\"retired.trainings\" selected=\"selected\">{Unknown}</option>", form, StringComparison.Ordinal);
        var resave = await AppFactory.PostFormAsync(client, $"/Plans/Indicator/{planId}?id={indicatorId}", new()
        {
            ["Input.Id"] = indicatorId.ToString(CultureInfo.InvariantCulture), ["Input.Name"] = "廃止された集計の指標", ["Input.Basis"] = "PerYear",
            ["Input.Direction"] = "MoreIsBetter", ["Input.Target"] = "4回", ["Input.Source"] = "retired.trainings",
        }, $"/Plans/Indicator/{planId}");
        Assert.Equal(HttpStatusCode.OK, resave.StatusCode);
        Assert.Contains($"この指標の集計元「{Unknown}」は、いまは数えられません。集計元を選び直すか「手入力」にしてください。",
            WebUtility.HtmlDecode(await resave.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Confirming the evaluation is refused in words, not with an error page.
        var confirm = await AppFactory.PostFormAsync(client, $"/Plans/Evaluate/{planId}", new() { ["confirm"] = "true" });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("集計元が見つからない指標があります: 「廃止された集計の指標」。集計元を選び直すか「手入力」にしてから確定してください。",
            WebUtility.HtmlDecode(await confirm.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Re-bound to a registered source, it counts again.
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Indicator/{planId}?id={indicatorId}", new()
        {
            ["Input.Id"] = indicatorId.ToString(CultureInfo.InvariantCulture), ["Input.Name"] = "廃止された集計の指標", ["Input.Basis"] = "PerYear",
            ["Input.Direction"] = "MoreIsBetter", ["Input.Target"] = "4回", ["Input.Source"] = TrainingsHeld,
        }, $"/Plans/Indicator/{planId}"));
        Assert.Contains("数えたもの(1件)", WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Details/{town}?year={Fy}")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plans_api_names_an_indicators_source_by_its_key_and_label_and_an_unknown_one_as_unknown()
    {
        var (town, office) = await NewTownAsync("えーぴーあい町");
        var editor = await app.CreateUserAsync("lc-api-" + Guid.NewGuid().ToString("N")[..6], Roles.MunicipalStaff, office.Id, twoFactor: true);
        var client = await app.SignInAsync(editor);
        await EventKit.CreateAsync(app, office, EventKit.Input(At(2026, 6, 3), "研修", kind: EventKind.Training), held: true);
        await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Details/{town}?year={Fy}", new() { ["year"] = Fy }, $"/Plans/Details/{town}?handler=Create"));
        var planId = await app.WithDbAsync((db, _) => db.Plans.Where(p => p.RegionId == town && p.FiscalYear == 2026).Select(p => p.Id).SingleAsync());
        foreach (var (name, source) in new[] { ("研修の回数", TrainingsHeld), ("手で数える指標", ""), ("消えた集計", TrainingsHeld) })
        {
            await Responses.AssertRedirectAsync(await AppFactory.PostFormAsync(client, $"/Plans/Indicator/{planId}", new()
            {
                ["Input.Name"] = name, ["Input.Basis"] = "PerYear", ["Input.Direction"] = "MoreIsBetter", ["Input.Target"] = "2回", ["Input.Actual"] = "1回", ["Input.Source"] = source,
            }));
        }

        await app.WithDbAsync(db => db.PlanIndicators.Where(i => i.PlanId == planId && i.Name == "消えた集計").ExecuteUpdateAsync(s => s.SetProperty(i => i.Source, "retired.count")));
        var api = await app.ApiClientAsync(editor);
        var code = await app.WithDbAsync((db, _) => db.Regions.Where(r => r.Id == town).Select(r => r.Code!).SingleAsync());
        using var json = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/regions/{code}/plans/{Fy}"));
        var sources = json.RootElement.GetProperty("indicators").EnumerateArray()
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => (Kind: i.GetProperty("source").GetProperty("kind").GetString(), Label: i.GetProperty("source").GetProperty("label").GetString(),
                Live: i.GetProperty("source").GetProperty("liveCount").ValueKind == JsonValueKind.Number ? i.GetProperty("source").GetProperty("liveCount").GetInt32() : (int?)null));
        Assert.Equal((TrainingsHeld, TrainingsLabel, (int?)1), sources["研修の回数"]);
        Assert.Equal(("None", "手入力", (int?)null), sources["手で数える指標"]);
        Assert.Equal(("retired.count", "不明な集計元(retired.count)", (int?)null), sources["消えた集計"]);
    }

    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 14, 0, 0, Nimo.Platform.Japanese.JapanTime.Offset);

    /// <summary>A municipality of the test prefecture of this test's own, with its office, so its plans and events are only the test's.</summary>
    private async Task<(int Town, Organization Office)> NewTownAsync(string name)
    {
        await app.CreateWorldAsync();
        return await app.WithDbAsync(async (db, _) =>
        {
            var prefecture = await db.Regions.SingleAsync(r => r.Code == "470007");
            var used = await db.Regions.Where(r => r.Code != null && r.Code.StartsWith("475")).Select(r => r.Code!).ToListAsync();
            for (var n = 500; n < 600; n++)
            {
                var body = "47" + n.ToString(CultureInfo.InvariantCulture);
                var code = body + LocalGovernmentCode.CheckDigit(body).ToString(CultureInfo.InvariantCulture);
                if (!used.Contains(code))
                {
                    var town = Region.Create(code, name, "まち", RegionKind.Municipality, MunicipalityFlags.None, prefecture);
                    var office = Organization.Create(name + "役場 福祉課", "やくば", OrganizationKind.LocalGovernment, town);
                    db.Regions.Add(town);
                    db.Organizations.Add(office);
                    await db.SaveChangesAsync();
                    return (town.Id, office);
                }
            }

            throw new InvalidOperationException("no code left");
        });
    }

    /// <summary>Each row of every sheet of a workbook, its cells joined with 「|」.</summary>
    private static List<string> XlsxRows(byte[] xlsx)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return [.. document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>())
            .Select(r => "|" + string.Join("|", r.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "")) + "|")];
    }
}
