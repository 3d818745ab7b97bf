using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Demo;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>The seeds' 取組の経緯 and plans. After the clients, cases and sheets: the plans' live indicators count them, and an evaluated year freezes the count.</summary>
public sealed class PlansDemoSeed(IEnumerable<ILiveCountSource> sources) : IDemoSeed
{
    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        await LoadHistoryAsync(demo.Db, ct);
        await LoadPlansAsync(demo.Db, sources, demo.Clock, ct);
    }

    /// <summary>「取組の経緯」 of 目黒区 and 倉敷市 as their sheets list them (demo-history.csv). Loaded once.</summary>
    private static async Task LoadHistoryAsync(NimoDbContext db, CancellationToken ct)
    {
        if (await db.HistoryEntries.AnyAsync(ct))
        {
            return;
        }

        var csv = CsvFile.Read(await DemoData.ReadAllBytesAsync("demo-history.csv", ct), CsvEncoding.Utf8, ["団体コード", "時期", "内容"]);
        var regions = await db.Regions.Where(r => r.Code != null).ToDictionaryAsync(r => r.Code!, ct);
        foreach (var row in csv.Rows)
        {
            if (!HistoryEntry.TryParseWhen(row.Get("時期"), out var when, out var ongoing))
            {
                throw new InvalidOperationException($"demo-history.csv line {row.Line}: {row.Get("時期")}");
            }

            db.HistoryEntries.Add(HistoryEntry.Create(regions[row.Get("団体コード")], when, ongoing, row.Get("内容")));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The seed regions' plans as their sheets publish them (demo-plans.json): 目黒 R6, 埼玉 R5, 倉敷 R6 and 川口 R5 in
    /// full, and the year before each with the indicators the sheet's §4 reports, evaluated. Indicators whose records
    /// Nimo holds count them live (目黒's outreach and 退院後支援, 川口's 連携票, 倉敷's forum meetings); an evaluated
    /// year freezes its count, which for 目黒 R5 is the seed's own figure made by the demo clients. Loaded once.
    /// </summary>
    private static async Task LoadPlansAsync(NimoDbContext db, IEnumerable<ILiveCountSource> sources, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Plans.AnyAsync(ct))
        {
            return;
        }

        var seed = DemoData.ReadJson<DemoPlanSeed>("demo-plans.json");
        var forumSeed = ForumsDemoSeed.Read();
        var regions = await db.Regions.Where(r => r.Code != null).ToDictionaryAsync(r => r.Code!, ct);
        var forums = await db.Forums.AsNoTracking().Select(f => new { f.Id, f.RegionId, f.Name }).ToListAsync(ct);
        foreach (var p in seed.Plans)
        {
            var region = regions[p.Region];
            var plan = Plan.Create(region, p.FiscalYear);
            var linkage = p.Linkage;
            plan.SetTexts(new PlanTexts(p.Title, p.Lead, null, p.Overview, p.Strengths, p.System, p.OtherMatters, p.UsageEndYear, p.LongTermGoal, p.ShortTermGoal,
                p.SmallSteps,
                [linkage?.Health?[0], linkage?.Medical?[0], linkage?.Welfare?[0], linkage?.Other?[0]],
                [linkage?.Health?[1], linkage?.Medical?[1], linkage?.Welfare?[1], linkage?.Other?[1]]));
            var challenges = p.Challenges.Select(c => plan.AddChallenge(c.Title, c.Policy, [c.Roles.Government, c.Roles.Medical, c.Roles.Welfare, c.Roles.Others], null)).ToList();
            foreach (var i in p.Indicators)
            {
                int? forumId = null;
                if (i.Live is { Forum: { } forumKey })
                {
                    var name = forumSeed.Forums.Single(f => f.Key == forumKey).Name;
                    forumId = forums.Single(f => f.RegionId == region.Id && f.Name == name).Id;
                }

                var indicator = plan.AddIndicator(new IndicatorInput(i.Name, i.Unit, i.Basis, i.Direction, i.Baseline, i.Target, i.Actual, i.Population,
                    i.ExpectedEffect, i.AchievedEffect,
                    i.Live is { Source: var key } ? sources.Find(key) ?? throw new InvalidOperationException($"demo-plans.json names the live-count source '{key}', which no module registers.") : null,
                    forumId, null));
                indicator.Challenge = i.Challenge is int index ? challenges[index] : null;
            }

            foreach (var s in p.Schedule)
            {
                plan.AddScheduleItem(s.Kind, s.FiscalYear, s.When, s.Title, s.Detail, null);
            }

            var yearEnd = new DateTimeOffset(new FiscalYear(p.FiscalYear).End.ToDateTime(new TimeOnly(17, 0)), JapanTime.Offset);
            plan.Stamp("デモデータ", p.Evaluated ? yearEnd : clock.GetUtcNow());
            db.Plans.Add(plan);
            if (p.Evaluated)
            {
                // The indicators need their ids before the live counts can be keyed by them.
                await db.SaveChangesAsync(ct);
                var counts = await LiveCounts.ForPlanAsync(db, sources, plan, UserScope.Anonymous, JapanTime.Today(clock), new PrivacyOptions().SuppressBelow, ct);
                plan.Evaluate(counts.Numbers(), "デモデータ(報告様式より)", yearEnd);
            }
        }

        await db.SaveChangesAsync(ct);
    }
}

public sealed record DemoPlanSeed(List<DemoPlan> Plans);
public sealed record DemoPlan(string Region, int FiscalYear, string? Title, string? Lead, string? Overview, string? Strengths, string? System, string? OtherMatters,
    int? UsageEndYear, string? LongTermGoal, string? ShortTermGoal, string? SmallSteps, DemoLinkage? Linkage, bool Evaluated, List<DemoChallenge> Challenges,
    List<DemoIndicator> Indicators, List<DemoScheduleRow> Schedule);
public sealed record DemoLinkage(List<string?>? Health, List<string?>? Medical, List<string?>? Welfare, List<string?>? Other);
public sealed record DemoChallenge(string Title, string? Policy, DemoRoles Roles);
public sealed record DemoRoles(string? Government, string? Medical, string? Welfare, string? Others);
public sealed record DemoIndicator(int? Challenge, string Name, string? Unit, PeriodBasis Basis, Direction Direction, string? Baseline, string? Target, string? Actual,
    decimal? Population, string? ExpectedEffect, string? AchievedEffect, DemoLive? Live);
public sealed record DemoLive(string Source, string? Forum);
public sealed record DemoScheduleRow(ScheduleKind Kind, int? FiscalYear, string? When, string Title, string? Detail);
