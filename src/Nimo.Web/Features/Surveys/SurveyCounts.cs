using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Modules;

namespace Nimo.Features.Surveys;

/// <summary>Surveys of the plan's region (and below) whose answering closed in the 年度.</summary>
public sealed class SurveysDoneSource : ILiveCountSource
{
    public string Key => "SurveysDone";
    public string Label => "年度内に実施した地域アセスメント(調査)の数";
    public string Group => "地域アセスメント";
    public string Unit => "件";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var (from, to, today) = (q.Year.Start, q.Year.Next.Start, q.Today);
        var surveys = await q.Db.Surveys.AsNoTracking()
            .Where(s => s.Region.Path.StartsWith(q.RegionPath) && s.SentAt != null && s.ClosesOn >= from && s.ClosesOn < to && (s.ClosesOn < today || s.ClosedAt != null))
            .OrderBy(s => s.ClosesOn).Select(s => new { s.Id, s.Title, s.ClosesOn }).ToListAsync(ct);
        var visible = (await q.Db.Surveys.AsNoTracking().VisibleTo(q.Scope).Where(s => surveys.Select(x => x.Id).Contains(s.Id)).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        return new LiveCount(surveys.Count, [.. surveys.Select(s => new CountedItem(s.Title, s.ClosesOn, $"/Surveys/Details/{s.Id}", visible.Contains(s.Id)))],
            $"{q.RegionName}とその管内で、{q.Year.ToWareki()}中に締め切った調査の数");
    }
}

/// <summary>The share of organisations asked that answered, over the surveys sent in the 年度 (percent, rounded).</summary>
public sealed class ResponseRateSource : ILiveCountSource
{
    public string Key => "SurveyResponseRate";
    public string Label => "地域アセスメント(調査)の回答率";
    public string Group => "地域アセスメント";
    public string Unit => "%";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var rows = await q.Db.Surveys.AsNoTracking()
            .Where(s => s.Region.Path.StartsWith(q.RegionPath) && s.SentAt != null && s.OpensOn >= q.Year.Start && s.OpensOn < q.Year.Next.Start)
            .Select(s => new { s.Id, s.Title, s.OpensOn, Asked = s.Recipients.Count, Answered = s.Recipients.Count(r => r.AnsweredAt != null) })
            .ToListAsync(ct);
        var asked = rows.Sum(r => r.Asked);
        var answered = rows.Sum(r => r.Answered);
        var rate = asked == 0 ? 0 : (int)Math.Round(100m * answered / asked, MidpointRounding.AwayFromZero);
        var visible = (await q.Db.Surveys.AsNoTracking().VisibleTo(q.Scope).Where(s => rows.Select(x => x.Id).Contains(s.Id)).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        return new LiveCount(rate, [.. rows.Select(r => new CountedItem($"{r.Title}(回答 {r.Answered}/{r.Asked})", r.OpensOn, $"/Surveys/Details/{r.Id}", visible.Contains(r.Id)))],
            asked == 0 ? $"{q.Year.ToWareki()}に送付した調査はありません。" : $"{q.RegionName}とその管内で{q.Year.ToWareki()}に送付した調査の、依頼した{asked}機関のうち回答した{answered}機関の割合");
    }
}

/// <summary>取組 reported in one category (by the category's name, 「研修等」…) in the surveys of the 年度.</summary>
public sealed class ActivitiesInCategorySource(string category) : ILiveCountSource
{
    public string Key => "SurveyActivities:" + category;
    public string Label => $"地域アセスメントで報告された取組の数(分類「{category}」)";
    public string Group => "地域アセスメント";
    public string Unit => "件";
    public bool CountsPersonalRecords => false;

    public async Task<LiveCount> CountAsync(LiveCountQuery query, CancellationToken ct)
    {
        var q = query;
        var surveys = q.Db.Surveys.Where(s => s.Region.Path.StartsWith(q.RegionPath) && s.SentAt != null && s.OpensOn >= q.Year.Start && s.OpensOn < q.Year.Next.Start);
        var rows = await q.Db.SurveyActivities.AsNoTracking()
            .Where(a => q.Db.SurveyCategories.Any(c => c.Id == a.CategoryId && c.Name == category && surveys.Any(s => s.Id == c.SurveyId)))
            .Join(q.Db.SurveyRecipients, a => a.RecipientId, r => r.Id, (a, r) => new { r.SurveyId, r.Survey.Title })
            .ToListAsync(ct);
        // Per survey, not per organisation: what each organisation answered is for the secretariat and what it shared.
        var bySurvey = rows.GroupBy(r => (r.SurveyId, r.Title)).ToList();
        var visible = (await q.Db.Surveys.AsNoTracking().VisibleTo(q.Scope).Where(s => bySurvey.Select(g => g.Key.SurveyId).Contains(s.Id)).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        return new LiveCount(rows.Count, [.. bySurvey.Select(g => new CountedItem($"{g.Key.Title}: {g.Count()}件", null, $"/Surveys/Details/{g.Key.SurveyId}", visible.Contains(g.Key.SurveyId)))],
            $"{q.RegionName}とその管内で{q.Year.ToWareki()}に送付した調査で、分類「{category}」として回答された取組の数");
    }
}
