using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Auditing;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>
/// The tally for the secretariat: response rate, 取組 per category, per organisation and per region, choice counts and
/// numeric sums, with charts and their tables; .xlsx and CSV of the organisations' rows; and from any organisation's row,
/// one click raises a regional issue on the survey's forum that links back to that answer.
/// </summary>
public sealed class ResultsModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public SurveyResults Results { get; private set; } = null!;
    public Survey Survey => Results.Survey;
    public Dictionary<int, int> IssuesByRecipient { get; private set; } = [];
    /// <summary>Events made from a 取組, by answer and 取組 title (the key the link keeps).</summary>
    public Dictionary<(int RecipientId, string Title), int> EventsByActivity { get; private set; } = [];
    public Dictionary<(int RecipientId, string Title), Guid> ServicesByActivity { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        var recipientIds = Results.Recipients.Select(r => r.Id).ToList();
        IssuesByRecipient = await db.SurveyIssueLinks.AsNoTracking().Where(l => recipientIds.Contains(l.RecipientId))
            .GroupBy(l => l.RecipientId).Select(g => new { g.Key, Id = g.Max(l => l.IssueId) }).ToDictionaryAsync(g => g.Key, g => g.Id, ct);
        EventsByActivity = (await db.SurveyEventLinks.AsNoTracking().Where(l => l.SurveyId == id).Select(l => new { l.RecipientId, l.ActivityTitle, l.EventId }).ToListAsync(ct))
            .ToDictionary(l => (l.RecipientId, l.ActivityTitle), l => l.EventId);
        ServicesByActivity = (await db.SurveyServiceLinks.AsNoTracking().Where(l => l.SurveyId == id).Select(l => new { l.RecipientId, l.ActivityTitle, l.ServiceId }).ToListAsync(ct))
            .ToDictionary(l => (l.RecipientId, l.ActivityTitle), l => l.ServiceId);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(int id, string? encoding, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        var (header, rows) = Table();
        await audit.WriteAsync(AuditActions.Export, "Survey", id, detail: "集計結果をCSVで出力", ct: ct);
        return File(CsvFile.Write(header, rows.Select(r => (IReadOnlyList<string?>)[.. r.Select(c => c.Text ?? c.Number?.ToString(CultureInfo.InvariantCulture))]), CsvFile.ParseEncoding(encoding)),
            "text/csv", $"survey-{id}.csv");
    }

    public async Task<IActionResult> OnGetXlsxAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        var (header, rows) = Table();
        await audit.WriteAsync(AuditActions.Export, "Survey", id, detail: "集計結果をExcelで出力", ct: ct);
        return File(XlsxFile.Write("回答一覧", header, rows), XlsxFile.ContentType, $"survey-{id}.xlsx");
    }

    /// <summary>Raises a regional issue on the survey's forum from one organisation's answer, linked back to it.</summary>
    public async Task<IActionResult> OnPostIssueAsync(int id, int recipientId, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (survey!.ForumId is not int forumId)
        {
            TempData[PageWrites.ErrorKey] = "この調査は協議の場に属していないため、地域課題を提起できません。調査の概要で協議の場を選んでください。";
            return Redirect($"/Surveys/Results/{id}");
        }

        var recipient = await db.SurveyRecipients.AsNoTracking().Include(r => r.Organization).Include(r => r.Activities)
            .SingleOrDefaultAsync(r => r.Id == recipientId && r.SurveyId == id, ct);
        if (recipient is null)
        {
            return NotFound();
        }

        var forum = await db.Forums.SingleAsync(f => f.Id == forumId, ct);
        var categories = survey.Categories.ToDictionary(c => c.Id, c => c.Name);
        var summary = recipient.NotDoing ? SurveyLabels.NotDoingLabel
            : recipient.Activities.Count == 0 ? "取組の回答なし"
            : string.Join("\n", recipient.Activities.Select(a => $"・{a.Title}({(a.CategoryId is int c ? categories.GetValueOrDefault(c, "分類なし") : "分類なし")})"));
        var scope = HttpContext.Scope();
        var issue = RegionalIssue.Raise(forum, null, null, $"{recipient.Organization.Name}の回答から:{survey.Title}",
            $"地域アセスメント「{survey.Title}」の{recipient.Organization.Name}の回答から提起しました。\n{summary}", IssueCategory.Other, null, scope.UserName, clock.GetUtcNow());
        db.RegionalIssues.Add(issue);
        await db.SaveChangesAsync(ct);
        db.SurveyIssueLinks.Add(new SurveyIssueLink { IssueId = issue.Id, RecipientId = recipient.Id, SurveyId = id, CreatedAt = clock.GetUtcNow() });
        audit.Add(AuditActions.Create, "RegionalIssue", issue.Id, detail: $"地域アセスメントの回答(機関: {recipient.Organization.Name})から提起");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = "地域課題として提起しました。分類や担当を整えてください。";
        return Redirect($"/Forums/Issue/{issue.Id}");
    }

    private (List<string> Header, List<IReadOnlyList<XlsxFile.Cell>> Rows) Table()
    {
        var cats = Survey.Categories.OrderBy(c => c.Order).ToList();
        var numbers = Results.NumberQuestions;
        var header = new List<string> { "機関", "市町村", "圏域", "回答", "回答方法", "組織としては行っていない", "取組の数" };
        header.AddRange(cats.Select(c => $"取組:{c.Name}"));
        header.AddRange(numbers.Select(q => q.Unit is null ? q.Text : $"{q.Text}({q.Unit})"));
        var rows = Results.Organizations.Select(o =>
        {
            var r = o.Recipient;
            var row = new List<XlsxFile.Cell>
            {
                r.Organization.Name, o.Municipality, o.Area, r.HasAnswered ? "回答済み" : "未回答", r.HasAnswered ? r.ChannelLabel : "",
                r.NotDoing ? "はい" : "", new XlsxFile.Cell(null, o.ActivityCount),
            };
            row.AddRange(cats.Select(c => new XlsxFile.Cell(null, o.ActivitiesByCategory.GetValueOrDefault(c.Id))));
            row.AddRange(numbers.Select(q => o.Numbers.TryGetValue(q.Id, out var v) ? new XlsxFile.Cell(null, v) : new XlsxFile.Cell("")));
            return (IReadOnlyList<XlsxFile.Cell>)row;
        }).ToList();
        return (header, rows);
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Results = await SurveyResults.LoadAsync(db, survey!, ct);
        return null;
    }
}
