using System.Text;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Features.Organizations;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using LiveCount = Nimo.Platform.Modules.LiveCount;
using Nimo.Platform.Scoping;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Events.EventKit;

namespace Nimo.Tests.Features.Events;

/// <summary>The live figures, on data of the tests' own: trainings per 圏域, the schedule row a held event marks, supporters over two years.</summary>
public sealed class EventCountTests(EventsAppFactory app) : IClassFixture<EventsAppFactory>
{
    private static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 14, 0, 0, JapanTime.Offset);

    private async Task<LiveCount> CountAsync(ILiveCountSource source, Region region, int year) => await app.WithDbAsync(async (db, _) =>
        await source.CountAsync(new LiveCountQuery(db, region.Id, region.Path, region.Name, new FiscalYear(year), null, UserScope.Anonymous, JapanTime.Today(app.Clock)), default));

    /// <summary>A prefecture of four 保健所圏域, each with a 保健所 and a town.</summary>
    private async Task<(Region Prefecture, List<(Region Area, Organization Centre, Region Town)> Areas)> PrefectureAsync()
    {
        return await app.WithDbAsync(async (db, _) =>
        {
            var tag = Tag();
            var pref = Region.Create("450006", "検証県" + tag, "けんしょうけん", RegionKind.Prefecture, MunicipalityFlags.None, null);
            string[] towns = ["452017", "452025", "452033", "452041"];
            var list = new List<(Region, Organization, Region)>();
            db.Regions.Add(pref);
            for (var i = 1; i <= 4; i++)
            {
                var area = Region.Create(null, $"第{i}圏域{tag}", "けんいき", RegionKind.HealthArea, MunicipalityFlags.None, pref);
                var town = Region.Create(towns[i - 1], $"第{i}町{tag}", "まち", RegionKind.Municipality, MunicipalityFlags.None, area);
                var centre = Organization.Create($"第{i}保健所{tag}", "ほけんじょ", OrganizationKind.HealthCenter, area);
                db.Regions.AddRange(area, town);
                db.Organizations.Add(centre);
                list.Add((area, centre, town));
            }

            await db.SaveChangesAsync();
            return (pref, list);
        });
    }

    [Fact]
    public async Task Areas_with_a_held_training_in_the_year_are_counted_once_each_against_all_areas()
    {
        var (pref, areas) = await PrefectureAsync();
        // 圏域 1: two trainings (counted once); 圏域 2: one, held in an area town; 圏域 3: one, but only planned;
        // 圏域 4: a lecture, not a training; and a training of 圏域 4 in the next 年度.
        await CreateAsync(app, areas[0].Centre, Input(At(2022, 6, 1), "研修A", kind: EventKind.Training), held: true);
        await CreateAsync(app, areas[0].Centre, Input(At(2023, 2, 1), "研修B", kind: EventKind.Training), held: true);
        await CreateAsync(app, areas[1].Centre, Input(At(2022, 11, 5), "研修C", kind: EventKind.Training), held: true, regionId: areas[1].Town.Id);
        await CreateAsync(app, areas[2].Centre, Input(At(2022, 9, 9), "研修D", kind: EventKind.Training));
        await CreateAsync(app, areas[3].Centre, Input(At(2022, 9, 9), "講演会E"), held: true);
        await CreateAsync(app, areas[3].Centre, Input(At(2023, 4, 1), "研修F", kind: EventKind.Training), held: true);

        var count = await CountAsync(new RegionsWithTrainingSource(RegionKind.HealthArea), pref, 2022);
        Assert.Equal(2, count.Count);
        // The list follows the regions' paths, which the test's regions get at random: compared as a set.
        Assert.Equal(new[] { $"{areas[0].Area.Name}(2回)", $"{areas[1].Area.Name}(1回)" }.Order(StringComparer.Ordinal), count.Items.Select(i => i.Label).Order(StringComparer.Ordinal));
        Assert.Contains("管内圏域(4)のうち", count.Description, StringComparison.Ordinal);
        var achievement = Achievement.Evaluate(IndicatorValue.Parse("4圏域"), IndicatorValue.Parse($"{count.Count}圏域"));
        Assert.Equal(50.0m, achievement.Percent);
        Assert.Equal(1, (await CountAsync(new RegionsWithTrainingSource(RegionKind.HealthArea), pref, 2023)).Count);
        // The prefecture's own count leaves out the training held for a town (the town's plan counts it).
        Assert.Equal(2, (await CountAsync(new EventsHeldSource(EventKind.Training), pref, 2022)).Count);
        Assert.Equal(1, (await CountAsync(new EventsHeldSource(EventKind.Training), areas[1].Town, 2022)).Count);
        Assert.Equal(1, (await CountAsync(new EventsHeldSource(EventKind.Lecture), pref, 2022)).Count);
    }

    [Fact]
    public async Task Holding_the_event_marks_its_schedule_row_done_and_taking_it_back_unmarks_it()
    {
        var w = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("cnt-" + Tag(), Roles.MunicipalStaff, w.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(user);
        var year = FiscalYear.Of(JapanTime.Today(app.Clock)).StartYear;
        var (planId, rowId) = await app.WithDbAsync(async (db, _) =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == w.CityHealthCenter.RegionId);
            var plan = await db.Plans.Include(p => p.Schedule).SingleOrDefaultAsync(p => p.RegionId == region.Id && p.FiscalYear == year);
            if (plan is null)
            {
                plan = Plan.Create(region, year);
                db.Plans.Add(plan);
            }

            var row = plan.AddScheduleItem(ScheduleKind.ThisYear, null, "通年", "協議の場委員向け研修会 " + Tag(), null, null);
            await db.SaveChangesAsync();
            return (plan.Id, row.Id);
        });
        var forumMembers = Input(EventKit.InDays(app, -1), "委員研修 " + Tag(), kind: EventKind.Training, audiences: Audience.ForumMembers | Audience.WelfareStaff);
        var id = await CreateAsync(app, w.CityHealthCenter, forumMembers);
        await app.WithDbAsync(async db =>
        {
            var e = await db.Events.SingleAsync(x => x.Id == id);
            e.Link(rowId, null);
            await db.SaveChangesAsync();
        });

        var region = await app.WithDbAsync(async (db, _) => await db.Regions.SingleAsync(r => r.Id == w.CityHealthCenter.RegionId));
        Assert.Equal(0, (await CountAsync(new TrainingsForAudienceSource(Audience.ForumMembers), region, year)).Count);
        var held = await AppFactory.PostFormAsync(client, $"/Events/Details/{id}", new(), $"/Events/Details/{id}?handler=Held");
        await Responses.AssertRedirectAsync(held);
        var page = await TextAsync(await client.GetAsync($"/Events/Details/{id}"));
        Assert.Contains("開催済みにしました。計画のスケジュール「通年」を実施済みにしました。", page, StringComparison.Ordinal);
        Assert.True(await RowDoneAsync(rowId));

        var count = await CountAsync(new TrainingsForAudienceSource(Audience.ForumMembers), region, year);
        Assert.Equal(1, count.Count);
        var achievement = Achievement.Evaluate(IndicatorValue.Parse("1回"), IndicatorValue.Parse($"{count.Count}回"));
        Assert.Equal(100.0m, achievement.Percent);
        Assert.Equal(Verdict.Met, achievement.Verdict);

        await AppFactory.PostFormAsync(client, $"/Events/Details/{id}", new(), $"/Events/Details/{id}?handler=Reopen");
        Assert.False(await RowDoneAsync(rowId));
        Assert.Equal(0, (await CountAsync(new TrainingsForAudienceSource(Audience.ForumMembers), region, year)).Count);
        Assert.True(planId > 0);
    }

    private async Task<bool> RowDoneAsync(int rowId) => await app.WithDbAsync(async (db, _) => await db.ScheduleItems.Where(s => s.Id == rowId).Select(s => s.Done).SingleAsync());

    [Fact]
    public async Task The_supporter_total_is_the_imported_baseline_plus_each_years_completions_two_years_running()
    {
        var w = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("sup-" + Tag(), Roles.MunicipalStaff, w.TownOffice.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(user);
        var town = await app.WithDbAsync(async (db, _) => await db.Regions.SingleAsync(r => r.Id == w.TownOffice.RegionId));

        // The baseline, from the town's own tally: H30 12人, R元 9人 (imported through the page, as Shift_JIS from Excel).
        var csv = "団体コード,年度,養成者数,名称,出典\r\n473014,H30年度,12,みどりサポーター,町の事業報告\r\n473014,令和元年度,9,みどりサポーター,町の事業報告\r\n";
        var import = await ImportAsync(client, Nimo.Platform.Csv.CsvFile.ShiftJis.GetBytes(csv));
        Assert.Contains("追加 2件", import, StringComparison.Ordinal);
        Assert.Contains("変更なし 2件", await ImportAsync(client, Encoding.UTF8.GetBytes(csv)), StringComparison.Ordinal);

        // R2: a course with 3 named completions (of 4 who came) and 5 counted without names; R3: 2 named.
        var r2 = await CreateAsync(app, w.TownOffice, Input(At(2020, 10, 3), "養成講座 R2 " + Tag(), kind: EventKind.SupporterCourse));
        var r3 = await CreateAsync(app, w.TownOffice, Input(At(2021, 10, 2), "養成講座 R3 " + Tag(), kind: EventKind.SupporterCourse));
        await CompleteAsync(r2, named: 4, completed: 3, counted: 5);
        await CompleteAsync(r3, named: 2, completed: 2, counted: 0);

        Assert.Equal(12, (await CountAsync(new SupportersCertifiedSource(), town, 2018)).Count);
        Assert.Equal(21, (await CountAsync(new SupportersCumulativeSource(), town, 2019)).Count);
        Assert.Equal(8, (await CountAsync(new SupportersCertifiedSource(), town, 2020)).Count);
        Assert.Equal(29, (await CountAsync(new SupportersCumulativeSource(), town, 2020)).Count);
        Assert.Equal(2, (await CountAsync(new SupportersCertifiedSource(), town, 2021)).Count);
        Assert.Equal(31, (await CountAsync(new SupportersCumulativeSource(), town, 2021)).Count);

        // A course not yet held counts nothing; the page shows the same figures and the national target beside them.
        await CreateAsync(app, w.TownOffice, Input(At(2021, 12, 1), "養成講座 R3 未開催 " + Tag(), kind: EventKind.SupporterCourse));
        var page = await TextAsync(await client.GetAsync($"/Events/Supporters?regionId={town.Id}&year=2021"));
        Assert.Contains("<dt>累計(令和3年度末)</dt><dd>31人</dd>", page, StringComparison.Ordinal);
        Assert.Contains("心のサポーター の全国目標", page, StringComparison.Ordinal);
        Assert.Contains("100万人(令和15年度末)", page, StringComparison.Ordinal);
        Assert.Contains("0.003%", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_health_area_without_a_code_imports_its_own_supporters_by_name_or_as_its_own_area()
    {
        var w = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("supa-" + Tag(), Roles.MunicipalStaff, w.AreaHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = await app.SignInAsync(user);
        var area = await app.WithDbAsync(async (db, _) => await db.Regions.SingleAsync(r => r.Id == w.AreaHealthCenter.RegionId));
        Assert.Null(area.Code);

        // 北部保健所圏域 has no 団体コード: named by its name, and in a file with no region column at all, as the importer's own area.
        var byName = "団体コード,地域名,年度,養成者数,名称,出典\r\n,北部保健所圏域,H30年度,7,北部サポーター,圏域の事業報告\r\n";
        Assert.Contains("追加 1件", await ImportAsync(client, Encoding.UTF8.GetBytes(byName)), StringComparison.Ordinal);
        var own = "年度,養成者数,名称\r\n令和元年度,4,北部サポーター\r\n";
        Assert.Contains("追加 1件", await ImportAsync(client, Encoding.UTF8.GetBytes(own)), StringComparison.Ordinal);
        var stored = await app.WithDbAsync(async (db, _) => await db.SupporterBaselines.Where(b => b.RegionId == area.Id).OrderBy(b => b.FiscalYear).Select(b => new { b.FiscalYear, b.Count }).ToListAsync());
        Assert.Equal([(2018, 7), (2019, 4)], stored.Select(b => (b.FiscalYear, b.Count)));

        // A region by name outside the area is refused as by code; a name that matches nothing, and a code and a name that disagree, are named.
        var other = await ImportAsync(client, Encoding.UTF8.GetBytes("地域名,年度,養成者数\r\nあおば市,H30年度,3\r\n"));
        Assert.Contains("2行目: 「あおば市」はあなたの担当地域ではないため取り込めません。", other, StringComparison.Ordinal);
        var unknown = await ImportAsync(client, Encoding.UTF8.GetBytes("地域名,年度,養成者数\r\n南部保健所圏域,H30年度,3\r\n"));
        Assert.Contains("2行目: 地域名「南部保健所圏域」の地域が登録されていません。", unknown, StringComparison.Ordinal);
        var mismatch = await ImportAsync(client, Encoding.UTF8.GetBytes("団体コード,地域名,年度,養成者数\r\n473014,北部保健所圏域,H30年度,3\r\n"));
        Assert.Contains("2行目: 団体コード「473014」は「みどり町」のコードです。地域名「北部保健所圏域」と合いません。", mismatch, StringComparison.Ordinal);
    }

    private static async Task<string> ImportAsync(HttpClient client, byte[] bytes)
    {
        var html = await (await client.GetAsync("/Events/SupporterImport")).Content.ReadAsStringAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AppFactory.AntiforgeryToken(html)), "__RequestVerificationToken" },
            { new StringContent("auto"), "encoding" },
            { new ByteArrayContent(bytes), "file", "supporters.csv" },
        };
        return await TextAsync(await client.PostAsync("/Events/SupporterImport", form));
    }

    private async Task CompleteAsync(int eventId, int named, int completed, int counted)
    {
        await app.WithDbAsync(async db =>
        {
            var desk = new RegistrationDesk(db, app.Clock);
            await desk.ChangeAsync(eventId, false, b =>
            {
                var people = Enumerable.Range(0, named).Select(i => b.Book.AddWalkIn(b.Event, new RegistrationDetails($"見本 修了{i}", null, null, null, null), b.Event.StartsAt)).ToList();
                b.Db.EventRegistrations.AddRange(people);
                people.Take(completed).ToList().ForEach(p => b.Book.SetCompleted(b.Event, p, true, b.Event.EndsAt));
                return people;
            }, default);
            if (counted > 0)
            {
                var h = EventHeadcount.Create(eventId, Audience.Residents);
                h.Set(counted, counted, supporterCourse: true);
                db.EventHeadcounts.Add(h);
            }

            var e = await db.Events.SingleAsync(x => x.Id == eventId);
            e.RecordHeld(e.EndsAt, "test");
            await db.SaveChangesAsync();
        });
    }
}
