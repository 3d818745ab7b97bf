using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>The standard report sheet (構築支援事業) of one region and 年度, as data: the HTML page and the .xlsx both render this.</summary>
public sealed record SheetDocument(string RegionName, string? RegionCode, int FiscalYear, string Title, string? Lead, bool HasPlan, IReadOnlyList<SheetSection> Sections)
{
    public string YearText => new FiscalYear(FiscalYear).ToWareki();

    /// <summary>Every text of the sheet, for search and for tests.</summary>
    public IEnumerable<string> AllText()
    {
        yield return RegionName;
        yield return Title;
        if (Lead is not null)
        {
            yield return Lead;
        }

        foreach (var line in SheetDiff.Flatten(this))
        {
            yield return line.Section + " " + line.Item + " " + line.Value;
        }
    }
}

public sealed record SheetSection(string Number, string Heading, IReadOnlyList<SheetBlock> Blocks)
{
    public string FullHeading => $"{Number} {Heading}";
}

public abstract record SheetBlock;

/// <summary>A labelled text (【特徴(強み)】, 長期目標); the label may be empty for a section's body text.</summary>
public sealed record SheetParagraph(string? Label, string? Text) : SheetBlock;

/// <summary>
/// A table in the sheet's own layout. Column spans add up to <see cref="SheetLayout.GridColumns"/> so the .xlsx keeps
/// the sheet's proportions; a cell may span rows (課題 | 取組方針 over four role rows).
/// </summary>
public sealed record SheetTable(string? Caption, IReadOnlyList<SheetColumn> Columns, IReadOnlyList<SheetRow> Rows, string EmptyText) : SheetBlock;

public sealed record SheetColumn(string Header, int Span);

/// <summary>A row; <see cref="Key"/> names it for the year-on-year comparison (an indicator's name, a forum's name).</summary>
public sealed record SheetRow(string Key, IReadOnlyList<SheetCell> Cells);

/// <summary>A cell of a sheet table.</summary>
/// <param name="Text">What the sheet shows.</param>
/// <param name="RowSpan">Rows the cell covers (課題 and 取組方針 over the four role rows).</param>
/// <param name="Header">A row heading (the first column).</param>
/// <param name="Note">Shown on the page only (a computed achievement, an overdue flag); the .xlsx keeps the sheet's own cells.</param>
/// <param name="Warn">The note is a warning (遅れ, 未達成).</param>
/// <param name="Link">Where the text links to on the page (a forum meeting).</param>
public sealed record SheetCell(string? Text, int RowSpan = 1, bool Header = false, string? Note = null, bool Warn = false, string? Link = null)
{
    public static implicit operator SheetCell(string? text) => new(text);
}

public static class SheetLayout
{
    /// <summary>The sheet is laid out on eight grid columns; every table's spans add up to this.</summary>
    public const int GridColumns = 8;

    /// <summary>
    /// The grid column each cell of each row starts at, taking cells that span rows from above into account: the
    /// one placement rule the .xlsx writer and the comparison share.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<(SheetCell Cell, int Column, int ColumnIndex)>> Place(SheetTable table)
    {
        var occupied = new Dictionary<int, int>(); // column index → rows still covered
        var result = new List<IReadOnlyList<(SheetCell, int, int)>>();
        var starts = new List<int>();
        var at = 0;
        foreach (var c in table.Columns)
        {
            starts.Add(at);
            at += c.Span;
        }

        foreach (var row in table.Rows)
        {
            var placed = new List<(SheetCell, int, int)>();
            var index = 0;
            foreach (var cell in row.Cells)
            {
                while (index < table.Columns.Count && occupied.TryGetValue(index, out var left) && left > 0)
                {
                    index++;
                }

                if (index >= table.Columns.Count)
                {
                    throw new InvalidOperationException($"Row '{row.Key}' has more cells than the table has columns.");
                }

                placed.Add((cell, starts[index], index));
                if (cell.RowSpan > 1)
                {
                    occupied[index] = cell.RowSpan;
                }

                index++;
            }

            foreach (var key in occupied.Keys.ToList())
            {
                occupied[key]--;
            }

            result.Add(placed);
        }

        return result;
    }
}

/// <summary>Builds the sheet from the data: profile → §1, plan → §2/§5/§8/§9, history → §3, last year's indicators → §4, departments → §6, forums → §7.</summary>
public static class ReportSheet
{
    public static readonly IReadOnlyList<string> SectionHeadings =
    [
        "県、指定都市、中核市、特別区の基礎情報",
        "精神障害にも対応した地域包括ケアシステムの構築に向けた取組概要(全体)",
        "精神障害にも対応した地域包括ケアシステムの構築に向けた取組の経緯",
        "精神障害にも対応した地域包括ケアシステム構築に資する取組の成果・効果",
        "精神障害にも対応した地域包括ケアシステムの構築に向けた現時点における強みと課題",
        "精神障害にも対応した地域包括ケアシステムの構築のための連携状況",
        "精神障害にも対応した地域包括ケアシステムの構築のための協議の場の実施状況",
        "精神障害にも対応した地域包括ケアシステムの構築に向けたスケジュール(長期)",
        "精神障害にも対応した地域包括ケアシステムの構築に向けたスケジュール(今年度)",
    ];

    /// <summary>
    /// The sheet as <paramref name="scope"/> may read it: counts of personal records print exactly only for the staff of the
    /// organisation that owns them, and protected below <paramref name="suppressBelow"/> for everyone else (ADR 0005).
    /// </summary>
    public static async Task<SheetDocument> BuildAsync(NimoDbContext db, IEnumerable<ILiveCountSource> sources, Region region, int fiscalYear, UserScope scope, DateTimeOffset now,
        int suppressBelow, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(JapanTime.ToJst(now).DateTime);
        // §4 reports the latest earlier year with a plan: last year's, or the one a plan was carried over from after skipped years.
        var previousYear = await db.Plans.Where(p => p.RegionId == region.Id && p.FiscalYear < fiscalYear).MaxAsync(p => (int?)p.FiscalYear, ct) ?? fiscalYear - 1;
        var plans = await db.Plans.AsNoTracking().Include(p => p.Challenges).Include(p => p.Indicators).Include(p => p.Schedule).AsSplitQuery()
            .Where(p => p.RegionId == region.Id && (p.FiscalYear == fiscalYear || p.FiscalYear == previousYear)).ToListAsync(ct);
        var plan = plans.SingleOrDefault(p => p.FiscalYear == fiscalYear);
        var previous = plans.SingleOrDefault(p => p.FiscalYear == previousYear);
        var profile = (await db.LatestByRegionAsync([region.Id], fiscalYear, ct)).GetValueOrDefault(region.Id);
        var history = (await db.HistoryEntries.AsNoTracking().Where(h => h.RegionId == region.Id).ToListAsync(ct)).OrderBy(h => h.SortKey).ThenBy(h => h.Id).ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => d.RegionId == region.Id).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);
        // §7 lists the region's forums as published: the report sheet is public, so members-only parts never enter it.
        var forums = await db.Forums.AsNoTracking().Include(f => f.Members).ThenInclude(m => m.Organization)
            .Where(f => f.RegionId == region.Id).OrderBy(f => f.ParentId != null).ThenBy(f => f.Id).ToListAsync(ct);
        var live = plan is null ? [] : await LiveCounts.ForPlanAsync(db, sources, plan, scope, today, suppressBelow, ct);
        var previousLive = previous is null ? [] : await LiveCounts.ForPlanAsync(db, sources, previous, scope, today, suppressBelow, ct);
        var meetingIds = plan?.Schedule.Where(s => s.MeetingId is not null).Select(s => s.MeetingId!.Value).ToList() ?? [];
        var meetings = await db.Meetings.AsNoTracking().Where(m => meetingIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);

        var sections = new List<SheetSection>
        {
            Section(1, Basics(profile, today)),
            Section(2, [new SheetParagraph("地域ビジョン", plan?.Vision), new SheetParagraph(null, plan?.Overview)]),
            Section(3, [HistoryTable(history)]),
            Section(4, [Results(previous, previousLive, previousYear)]),
            Section(5, StrengthsAndChallenges(plan, live, sources)),
            Section(6, Linkage(plan, departments)),
            Section(7, [ForumTable(forums), new SheetParagraph("【その他事項】", plan?.OtherMatters)]),
            Section(8, LongTerm(plan)),
            Section(9, ThisYear(plan, meetings, today, now)),
        };
        var title = plan?.Title ?? "精神障害にも対応した地域包括ケアシステムの構築に向けて";
        return new SheetDocument(region.Name, region.Code, fiscalYear, title, plan?.Lead, plan is not null, sections);
    }

    private static SheetSection Section(int number, IReadOnlyList<SheetBlock> blocks) =>
        new(number.ToString(CultureInfo.InvariantCulture), SectionHeadings[number - 1], blocks);

    private static List<SheetBlock> Basics(RegionProfile? profile, DateOnly today)
    {
        if (profile is null)
        {
            return [new SheetParagraph(null, "この年度までの基礎情報が登録されていません(「基礎情報」の画面で登録すると、ここに表示されます)。")];
        }

        var computation = ProfileCalculator.Compute(profile, today);
        var rows = new List<SheetRow>();
        foreach (var definition in Figures.All.Where(f => f.Key != FigureKey.AverageCommunityLivingDays))
        {
            var figure = profile.Figure(definition.Key);
            var value = FigureValues.Format(definition, figure?.Value);
            var share = computation.Shares.TryGetValue(definition.Key, out var s) ? s : (Computed?)null;
            var coverage = definition.Key switch
            {
                FigureKey.ForumMunicipalitiesWith => Coverage(figure?.Value, profile.Value(FigureKey.Municipalities), computation.ForumMunicipalityCoverage),
                FigureKey.ForumAreasWith => Coverage(figure?.Value, profile.Value(FigureKey.DisabilityWelfareAreas), computation.ForumAreaCoverage),
                _ => null,
            };
            rows.Add(new SheetRow(definition.FullLabel,
            [
                new SheetCell(definition.FullLabel, Header: true),
                value.Length == 0 ? "—" : value,
                definition.Unit,
                share is Computed c ? new SheetCell(c.Display, Note: c.HasValue ? null : c.Reason) : coverage,
                AsOfText(figure),
            ]));
        }

        return
        [
            new SheetParagraph("取組内容", profile.Activities),
            new SheetTable("基本情報(都道府県等情報)",
                [new("項目", 3), new("数値", 1), new("単位", 1), new("構成割合・設置率", 1), new("時点・出典", 2)], rows, ""),
        ];

        static string? Coverage(decimal? with, decimal? all, Computed ratio) =>
            with is decimal w && all is decimal a ? $"{w:#,0}/{a:#,0}({ratio.Display})" : null;
    }

    /// <summary>「令和2年6月時点 630調査(埼玉県全体)」; a figure without its 時点 says so instead of 「R●年●月」.</summary>
    private static string AsOfText(ProfileFigure? figure)
    {
        if (figure?.Value is null)
        {
            return "未登録";
        }

        var parts = new List<string> { figure.AsOf.IsKnown ? figure.AsOf + "時点" : "時点未登録" };
        if (figure.Source is not null)
        {
            parts.Add(figure.Source);
        }

        if (figure.AreaRegion is not null)
        {
            parts.Add($"({figure.AreaRegion.Name})");
        }

        return string.Join(" ", parts);
    }

    private static SheetTable HistoryTable(IReadOnlyList<HistoryEntry> history) =>
        new(null, [new("時期", 2), new("内容", 6)], [.. history.Select(h => new SheetRow(h.WhenText, [new SheetCell(h.WhenText, Header: true), h.Text]))],
            "取組の経緯が登録されていません。");

    private static SheetTable Results(Plan? previous, Dictionary<int, IndicatorCount> live, int previousYear)
    {
        var last = new FiscalYear(previousYear).ToWareki();
        var rows = previous?.OrderedIndicators.Select((i, n) =>
        {
            var lc = live.GetValueOrDefault(i.Id);
            var achievement = i.ShownJudgement(lc);
            return new SheetRow(i.Name,
            [
                new SheetCell($"{Circled(n)}{i.Name}", Header: true),
                i.Target,
                new SheetCell(i.ShownActual(lc), Note: $"達成度 {achievement.PercentText}{VerdictText(achievement.Verdict)}: {achievement.Explanation}",
                    Warn: achievement.Verdict == Verdict.NotMet),
                i.AchievedEffect,
            ]);
        }).ToList() ?? [];
        return new SheetTable($"<{last}までの成果・効果>",
            [new("課題解決の達成度を測る指標", 2), new($"目標値({last}当初)", 2), new($"実績値({last}末)", 2), new("具体的な成果・効果", 2)],
            rows, $"{last}の計画(指標)が登録されていません。");
    }

    private static List<SheetBlock> StrengthsAndChallenges(Plan? plan, Dictionary<int, IndicatorCount> live, IEnumerable<ILiveCountSource> sources)
    {
        var challengeRows = new List<SheetRow>();
        foreach (var c in plan?.OrderedChallenges ?? [])
        {
            for (var s = 0; s < 4; s++)
            {
                var key = c.Title + " / " + PlanLabels.RoleSectors[s];
                challengeRows.Add(s == 0
                    ? new SheetRow(key, [new SheetCell(c.Title, RowSpan: 4, Header: true), new SheetCell(c.Policy, RowSpan: 4), new SheetCell(PlanLabels.RoleSectors[s], Header: true), c.Roles[s]])
                    : new SheetRow(key, [new SheetCell(PlanLabels.RoleSectors[s], Header: true), c.Roles[s]]));
            }
        }

        var indicatorRows = plan?.OrderedIndicators.Select((i, n) =>
        {
            var lc = live.GetValueOrDefault(i.Id);
            var note = !i.IsLive ? null
                : lc is not null ? $"自動集計: 現在 {i.ShownActual(lc)}({sources.SourceLabel(i.Source)})"
                : $"自動集計: {sources.SourceLabel(i.Source)}。この集計元はいまの Nimo にないため数えていません。";
            return new SheetRow(i.Name, [new SheetCell($"{Circled(n)}{i.Name}", Header: true), i.Baseline, new SheetCell(i.Target, Note: note), i.ExpectedEffect]);
        }).ToList() ?? [];
        return
        [
            new SheetParagraph("【特徴(強み)】", plan?.Strengths),
            new SheetTable(null, [new("課題", 2), new("課題解決に向けた取組方針", 2), new("役割", 1), new("課題・方針に対する役割(取組)", 3)], challengeRows, "課題が登録されていません。"),
            new SheetTable(null, [new("課題解決の達成度を測る指標", 2), new("現状値(今年度当初)", 2), new("目標値(今年度末)", 2), new("見込んでいる成果・効果", 2)], indicatorRows, "指標が登録されていません。"),
        ];
    }

    private static List<SheetBlock> Linkage(Plan? plan, IReadOnlyList<Department> departments)
    {
        SheetTable Departments(DepartmentRole role, string header) => new(null, [new(header, 3), new(header.Replace("名", "における主な業務", StringComparison.Ordinal), 5)],
            [.. departments.Where(d => d.Role == role).Select(d => new SheetRow(d.Name, [new SheetCell(d.Name, Header: true), string.Join("\n", d.DutyList)]))],
            "登録されていません。");
        var linkageRows = Enumerable.Range(0, 4).Select(i => new SheetRow(PlanLabels.LinkageSectors[i],
            [new SheetCell(PlanLabels.LinkageSectors[i], Header: true), plan?.Linkage[i], plan?.LinkageRemarks[i]])).ToList();
        return
        [
            new SheetParagraph("【にも包括構築の体制】", plan?.SystemDescription),
            Departments(DepartmentRole.Lead, "所管部署名"),
            Departments(DepartmentRole.Partner, "連携部署名"),
            new SheetTable("各部門の連携状況", [new("部門", 1), new("連携状況", 4), new("強み・課題等", 3)], linkageRows, ""),
        ];
    }

    private static SheetTable ForumTable(IReadOnlyList<Forum> forums) =>
        new(null, [new("名称", 2), new("協議の場の構成員", 2), new("開催頻度", 1), new("実施内容", 2), new("特記事項等(課題・強み等)", 1)],
            [.. forums.Select(f =>
            {
                var row = ReportModel.Row(f);
                return new SheetRow(f.Name, [new SheetCell(row[0], Header: true), row[1], row[2], row[3], row[4]]);
            })],
            "協議の場が登録されていません。");

    private static List<SheetBlock> LongTerm(Plan? plan)
    {
        var rows = plan?.ScheduleOf(ScheduleKind.LongTerm).Select(s =>
        {
            var year = new FiscalYear(s.FiscalYear!.Value).ToWareki();
            return new SheetRow(year + " " + s.Title, [new SheetCell(year, Header: true), s.Title, s.Detail]);
        }).ToList() ?? [];
        if (plan?.UsageEndYear is int end)
        {
            var after = new FiscalYear(end + 1).ToWareki();
            rows.Add(new SheetRow(after + " 事業利用終了", [new SheetCell(after, Header: true), "事業利用終了、自治体で推進", new SheetCell(null)]));
        }

        return
        [
            new SheetParagraph("事業利用予定年数", plan is null ? null : plan.UsageEndText),
            new SheetParagraph("長期目標", plan?.LongTermGoal),
            new SheetTable(null, [new("年度", 1), new("実施内容", 3), new("具体的な取組", 4)], rows, "長期のスケジュールが登録されていません。"),
        ];
    }

    private static List<SheetBlock> ThisYear(Plan? plan, Dictionary<int, Meeting> meetings, DateOnly today, DateTimeOffset now)
    {
        var rows = plan?.ScheduleOf(ScheduleKind.ThisYear).Select(s =>
        {
            var meeting = s.MeetingId is int id && meetings.TryGetValue(id, out var m) ? m : null;
            var held = meeting?.Status == MeetingStatus.Held;
            var overdue = s.IsOverdue(today, held);
            var note = meeting is not null
                ? $"会議「{meeting.Title}」{JapaneseDate.Format(DateOnly.FromDateTime(JapanTime.ToJst(meeting.StartsAt).DateTime))} {meeting.StatusLabelAt(now)}"
                : s.Done ? "実施済" : overdue ? "予定の月を過ぎています(未実施)" : null;
            return new SheetRow((s.WhenText ?? "") + " " + s.Title,
                [new SheetCell(s.WhenText, Header: true), new SheetCell(s.Title, Note: note, Warn: overdue, Link: meeting is null ? null : $"/Forums/Meeting/{meeting.Id}"), s.Detail]);
        }).ToList() ?? [];
        return
        [
            new SheetParagraph("短期目標(今年度)", plan?.ShortTermGoal),
            new SheetParagraph("スモールステップ", plan?.SmallSteps),
            new SheetTable(null, [new("時期(月)", 1), new("実施内容", 3), new("具体的な取組", 4)], rows, "今年度のスケジュールが登録されていません。"),
        ];
    }

    private static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.Met => "(達成)",
        Verdict.NotMet => "(未達成)",
        _ => "",
    };

    private static string Circled(int index) => index < 20 ? ((char)('①' + index)).ToString() : $"({index + 1})";
}

/// <summary>One comparable line of a sheet: section, item (table caption, row and column), value.</summary>
public sealed record SheetLine(string Section, string Item, string Value);

public enum DiffKind { Same, Changed, Added, Removed }

public sealed record SheetDifference(string Section, string Item, string? Before, string? After, DiffKind Kind);

/// <summary>Last year's sheet beside this year's: every line, marked same, changed, added or removed.</summary>
public static partial class SheetDiff
{
    public static IEnumerable<SheetLine> Flatten(SheetDocument document)
    {
        foreach (var section in document.Sections)
        {
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case SheetParagraph p:
                        yield return new SheetLine(section.FullHeading, p.Label ?? "本文", p.Text ?? "");
                        break;
                    case SheetTable t:
                        var placed = SheetLayout.Place(t);
                        for (var r = 0; r < t.Rows.Count; r++)
                        {
                            foreach (var (cell, _, index) in placed[r].Where(c => !c.Cell.Header))
                            {
                                yield return new SheetLine(section.FullHeading, $"{t.Caption}{(t.Caption is null ? "" : " ")}{t.Rows[r].Key} / {t.Columns[index].Header}", cell.Text ?? "");
                            }
                        }

                        break;
                }
            }
        }
    }

    public static IReadOnlyList<SheetDifference> Compare(SheetDocument before, SheetDocument after)
    {
        // Headers naming the year (「目標値(令和5年度当初)」) would make every row look new; compare on the section number and row.
        static string Key(SheetLine l) => l.Section[..l.Section.IndexOf(' ', StringComparison.Ordinal)] + "|" + YearWords().Replace(l.Item, "");
        var old = before.Sections.Count == 0 ? [] : Flatten(before).GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var result = new List<SheetDifference>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in Flatten(after))
        {
            var key = Key(line);
            if (!seen.Add(key))
            {
                continue;
            }

            if (old.TryGetValue(key, out var was))
            {
                result.Add(new(line.Section, line.Item, was.Value, line.Value, was.Value == line.Value ? DiffKind.Same : DiffKind.Changed));
            }
            else if (line.Value.Length > 0)
            {
                result.Add(new(line.Section, line.Item, null, line.Value, DiffKind.Added));
            }
        }

        foreach (var (key, line) in old)
        {
            if (!seen.Contains(key) && line.Value.Length > 0)
            {
                result.Add(new(line.Section, line.Item, line.Value, null, DiffKind.Removed));
            }
        }

        return [.. result.OrderBy(d => int.Parse(d.Section[..d.Section.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture))];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(令和|平成)(元|\d+)年度")]
    private static partial System.Text.RegularExpressions.Regex YearWords();
}
