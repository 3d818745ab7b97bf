using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Demo;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using LiveCount = Nimo.Platform.Modules.LiveCount;
using Nimo.Platform.Scoping;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Events;

/// <summary>The seeds' events in demo mode, and the figures they make.</summary>
public sealed class DemoEventsTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private async Task<LiveCount> CountAsync(ILiveCountSource source, string code, int year) => await app.WithDbAsync(async (db, _) =>
    {
        var region = await db.Regions.SingleAsync(r => r.Code == code);
        return await source.CountAsync(new LiveCountQuery(db, region.Id, region.Path, region.Name, new FiscalYear(year), null, UserScope.Anonymous, JapanTime.Today(app.Clock)), default);
    });

    private async Task<HttpClient> DemoUserAsync(string name)
    {
        var client = app.CreateClient();
        var response = await AppFactory.PostLoginAsync(client, name, DemoData.DemoPassword);
        await Responses.AssertRedirectAsync(response);
        return client;
    }

    [Fact]
    public async Task Saitama_held_training_in_11_of_its_13_areas_in_R4_which_is_84_6_percent_of_the_target()
    {
        var count = await CountAsync(new RegionsWithTrainingSource(RegionKind.HealthArea), "110001", 2022);
        Assert.Equal(11, count.Count);
        Assert.Contains("管内圏域(13)のうち", count.Description, StringComparison.Ordinal);
        var achievement = Achievement.Evaluate(IndicatorValue.Parse("13圏域"), IndicatorValue.Parse($"{count.Count}圏域"));
        Assert.Equal(84.6m, achievement.Percent);
        Assert.Equal(Verdict.NotMet, achievement.Verdict);

        var page = WebUtility.HtmlDecode(await (await DemoUserAsync("saitama")).GetStringAsync("/Events/Stats?year=2022"));
        Assert.Contains("<strong>11圏域</strong> / 13圏域(84.6%)", page, StringComparison.Ordinal);
        Assert.Contains("幸手保健所圏域", page, StringComparison.Ordinal);
        // R5: the 市町村職員向け研修 indicator, 1 of 1.
        Assert.Equal(1, (await CountAsync(new TrainingsForAudienceSource(Audience.MunicipalStaff), "110001", 2023)).Count);
    }

    [Fact]
    public async Task Kawaguchis_December_R5_training_is_held_marks_its_schedule_row_done_and_makes_the_member_training_indicator_1_of_1()
    {
        var row = await app.WithDbAsync(async (db, _) => await db.ScheduleItems
            .Where(s => s.Plan.Region.Code == "112038" && s.Plan.FiscalYear == 2023 && s.WhenText == "R5年12月").SingleAsync());
        Assert.True(row.Done);
        var e = await app.WithDbAsync(async (db, _) => await db.Events.SingleAsync(x => x.Title == EventsDemoSeed.KawaguchiTraining));
        Assert.Equal(EventStatus.Held, e.Status);
        Assert.Equal(row.Id, e.ScheduleItemId);
        Assert.NotNull(e.ForumId);

        var count = await CountAsync(new TrainingsForAudienceSource(Audience.ForumMembers), "112038", 2023);
        Assert.Equal(1, count.Count);
        var achievement = Achievement.Evaluate(IndicatorValue.Parse("1回"), IndicatorValue.Parse($"{count.Count}回"));
        Assert.Equal(100.0m, achievement.Percent);
        Assert.Equal(Verdict.Met, achievement.Verdict);

        var details = WebUtility.HtmlDecode(await (await DemoUserAsync("kawaguchi")).GetStringAsync($"/Events/Details/{e.Id}"));
        Assert.Contains("R5年12月: 「にも包括」に関する研修会の実施(実施済み)", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kurashikis_supporters_add_the_course_to_the_baseline_since_H21_and_the_public_pages_show_the_demo_events()
    {
        var baseline = await app.WithDbAsync(async (db, _) => await db.SupporterBaselines.Where(b => b.Region.Code == "332020").SumAsync(b => b.Count));
        Assert.Equal(2009, await app.WithDbAsync(async (db, _) => await db.SupporterBaselines.Where(b => b.Region.Code == "332020").MinAsync(b => b.FiscalYear)));
        Assert.Equal(baseline + 17, (await CountAsync(new SupportersCumulativeSource(), "332020", 2024)).Count);
        Assert.Equal(17, (await CountAsync(new SupportersCertifiedSource(), "332020", 2024)).Count);

        var resident = app.CreateClient();
        var list = WebUtility.HtmlDecode(await resident.GetStringAsync("/public/events"));
        Assert.Contains(EventsDemoSeed.BunkyoLecture, list, StringComparison.Ordinal);
        Assert.Contains("満席(キャンセル待ち受付中)", list, StringComparison.Ordinal);
        Assert.DoesNotContain("家族のための教室", list, StringComparison.Ordinal);
        var course = await app.WithDbAsync(async (db, _) => await db.Events.SingleAsync(x => x.Title == EventsDemoSeed.KawaguchiCourse));
        var roster = WebUtility.HtmlDecode(await (await DemoUserAsync("kawaguchi")).GetStringAsync($"/Events/Roster/{course.Id}"));
        Assert.Contains("キャンセル待ち 1番", roster, StringComparison.Ordinal);

        // Loading the demo again (every start does) adds nothing.
        var before = await app.WithDbAsync(async (db, _) => (await db.Events.CountAsync(), await db.EventRegistrations.CountAsync(), await db.SupporterBaselines.CountAsync()));
        await DemoData.LoadAsync(app.Services);
        var after = await app.WithDbAsync(async (db, _) => (await db.Events.CountAsync(), await db.EventRegistrations.CountAsync(), await db.SupporterBaselines.CountAsync()));
        Assert.Equal(before, after);
    }
}
