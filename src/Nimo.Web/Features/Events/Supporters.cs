using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events;

/// <summary>
/// Supporters trained in a 年度 before Nimo held the courses (倉敷's くらしき心ほっとサポーター since H21), imported from the
/// region's own tally. A 年度 has at most one figure per region; a course recorded in Nimo for the same year adds to it.
/// </summary>
public sealed class SupporterBaseline
{
    private SupporterBaseline()
    {
    }

    public int Id { get; private set; }
    public int RegionId { get; private set; }
    public Region Region { get; private set; } = null!;
    public int FiscalYear { get; private set; }
    public int Count { get; private set; }
    public string? Programme { get; private set; }
    public string? Source { get; private set; }
    public DateTimeOffset ImportedAt { get; private set; }
    public string ImportedBy { get; private set; } = "";

    public static SupporterBaseline Create(Region region, int fiscalYear) => new() { Region = region, RegionId = region.Id, FiscalYear = fiscalYear };

    public void Set(int count, string? programme, string? source, DateTimeOffset now, string userName)
    {
        if (count is < 0 or > 10_000_000)
        {
            throw new DomainRuleException("養成者数は0〜10,000,000で入力してください。");
        }

        if (!Platform.Japanese.FiscalYear.IsSupported(FiscalYear))
        {
            throw new DomainRuleException("年度が範囲外です。");
        }

        Count = count;
        Programme = Event.Text(programme, 100, "サポーターの名称");
        Source = Event.Text(source, 300, "出典");
        ImportedAt = now;
        ImportedBy = userName;
    }
}

/// <summary>
/// A national target for supporters, as master data ([M]: the number and the year change with policy; an administrator
/// keeps them): 心のサポーター 1,000,000 by the end of FY2033. Shown beside a region's count for context, never judged.
/// </summary>
public sealed class SupporterTarget : IVersioned
{
    private SupporterTarget()
    {
    }

    public int Id { get; private set; }
    public string Name { get; private set; } = "";
    public int Value { get; private set; }
    /// <summary>The 年度 by whose end the target is to be reached (2033 = 令和15年度).</summary>
    public int DueFiscalYear { get; private set; }
    public string? Source { get; private set; }
    public bool IsVerified { get; private set; }
    public Guid Version { get; set; }

    /// <summary>The row every installation starts with (written by the migration).</summary>
    public static SupporterTarget National => new()
    {
        Id = 1, Name = "心のサポーター", Value = 1_000_000, DueFiscalYear = 2033, IsVerified = true,
        Source = "厚生労働省 心のサポーター養成事業(令和15年度末までに100万人)", Version = new Guid("6c1b57a4-52a4-4a52-9d0f-6d3f6a1e2b01"),
    };

    public void Update(string? name, int value, int dueFiscalYear, string? source, bool verified)
    {
        Name = Event.Text(name, 100, "名称") ?? throw new DomainRuleException("名称を入力してください。");
        Value = value is >= 1 and <= 100_000_000 ? value : throw new DomainRuleException("目標値は1〜100,000,000で入力してください。");
        DueFiscalYear = Platform.Japanese.FiscalYear.IsSupported(dueFiscalYear) ? dueFiscalYear : throw new DomainRuleException("目標年度が範囲外です。");
        Source = Event.Text(source, 300, "出典");
        IsVerified = verified;
    }

    public string DueText => new FiscalYear(DueFiscalYear).ToWareki() + "末";

    public string ValueText => Value >= 10_000 && Value % 10_000 == 0
        ? (Value / 10_000).ToString("#,0", CultureInfo.InvariantCulture) + "万人"
        : Value.ToString("#,0", CultureInfo.InvariantCulture) + "人";
}

/// <summary>A region's supporters in one 年度: imported, completed in Nimo's courses, and the running total to that year's end.</summary>
public sealed record SupporterYear(int FiscalYear, int Baseline, int Completed, int Cumulative)
{
    public int Total => Baseline + Completed;
}

/// <summary>One region's figures for one 年度: imported (<see cref="SupporterBaseline"/>) and completed in courses recorded in Nimo.</summary>
public sealed record SupporterCell(int RegionId, int FiscalYear, int Baseline, int Completed);

/// <summary>
/// Counts of certified supporters: a completion of a held supporter course (named, or counted without names) in its 年度,
/// plus the imported baseline for that year. The cumulative figure adds every year up to the one asked. Courses count
/// where they were held: a course for a whole 圏域 or 県 belongs to no single 市町村.
/// </summary>
public static class SupporterCounts
{
    /// <summary>Every region's figures per 年度 in the subtree at <paramref name="path"/>, up to the end of <paramref name="upTo"/>.</summary>
    public static async Task<IReadOnlyList<SupporterCell>> CellsAsync(NimoDbContext db, string path, int upTo, CancellationToken ct)
    {
        var before = new DateTimeOffset(new FiscalYear(upTo).Next.Start.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        var courses = db.Events.Where(e => e.Kind == EventKind.SupporterCourse && e.Status == EventStatus.Held && e.StartsAt < before && e.Region.Path.StartsWith(path));
        var ids = courses.Select(e => e.Id);
        var named = await db.EventRegistrations.AsNoTracking().Where(r => r.Completed && ids.Contains(r.EventId))
            .GroupBy(r => r.EventId).Select(g => new { EventId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var counted = await db.EventHeadcounts.AsNoTracking().Where(h => h.Completed > 0 && ids.Contains(h.EventId))
            .GroupBy(h => h.EventId).Select(g => new { EventId = g.Key, Count = g.Sum(h => h.Completed) }).ToListAsync(ct);
        var events = (await courses.AsNoTracking().Select(e => new { e.Id, e.RegionId, e.StartsAt }).ToListAsync(ct)).ToDictionary(e => e.Id);
        var completed = named.Concat(counted)
            .GroupBy(x => (events[x.EventId].RegionId, FiscalYear.Of(events[x.EventId].StartsAt).StartYear))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var baselines = (await db.SupporterBaselines.AsNoTracking().Where(b => b.Region.Path.StartsWith(path) && b.FiscalYear <= upTo)
            .Select(b => new { b.RegionId, b.FiscalYear, b.Count }).ToListAsync(ct))
            .ToDictionary(b => (b.RegionId, b.FiscalYear), b => b.Count);
        return [.. completed.Keys.Union(baselines.Keys).OrderBy(k => k.Item2).ThenBy(k => k.Item1)
            .Select(k => new SupporterCell(k.Item1, k.Item2, baselines.GetValueOrDefault(k), completed.GetValueOrDefault(k)))];
    }

    /// <summary>Year by year over the cells given, from the first year with any figure up to <paramref name="upTo"/>, with the running total.</summary>
    public static IReadOnlyList<SupporterYear> ByYear(IEnumerable<SupporterCell> cells, int upTo)
    {
        var perYear = cells.Where(c => c.FiscalYear <= upTo).GroupBy(c => c.FiscalYear).ToDictionary(g => g.Key, g => (Baseline: g.Sum(c => c.Baseline), Completed: g.Sum(c => c.Completed)));
        if (perYear.Count == 0)
        {
            return [];
        }

        var list = new List<SupporterYear>();
        var running = 0;
        for (var y = perYear.Keys.Min(); y <= upTo; y++)
        {
            var (baseline, completed) = perYear.GetValueOrDefault(y);
            running += baseline + completed;
            list.Add(new SupporterYear(y, baseline, completed, running));
        }

        return list;
    }

    /// <summary>The 年度's total (imported + completed) and the cumulative total to its end.</summary>
    public static (int Year, int Cumulative) Totals(IEnumerable<SupporterCell> cells, int fiscalYear)
    {
        var list = cells.Where(c => c.FiscalYear <= fiscalYear).ToList();
        return (list.Where(c => c.FiscalYear == fiscalYear).Sum(c => c.Baseline + c.Completed), list.Sum(c => c.Baseline + c.Completed));
    }
}
