using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Excel;

namespace Nimo.Features.Events;

/// <summary>The questionnaire's summary for the 事業 report: an A4 page to print and the same figures as .xlsx.</summary>
public sealed class SummaryModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public Event Event { get; private set; } = null!;
    public QuestionnaireSummary Summary { get; private set; } = null!;
    public int Attended { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public async Task<IActionResult> OnGetXlsxAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } refusal)
        {
            return refusal;
        }

        static XlsxFile.Cell N(decimal? v) => v is decimal d ? new XlsxFile.Cell(null, d) : new XlsxFile.Cell("");
        var rows = new List<IReadOnlyList<XlsxFile.Cell>>();
        foreach (var s in Summary.Items)
        {
            var item = s.Item;
            switch (item.Kind)
            {
                case QuestionKind.Rating:
                    rows.Add([item.Text, QuestionnaireItem.KindLabels[item.Kind], "", N(s.Answered), .. s.RatingCounts.Select(c => N(c)), N(s.RatingMean), "", ""]);
                    break;
                case QuestionKind.BeforeAfter:
                    rows.Add([item.Text, QuestionnaireItem.KindLabels[item.Kind], "受講前", N(s.Answered), .. s.BeforeCounts.Select(c => N(c)), N(s.BeforeMean), "", ""]);
                    rows.Add([item.Text, QuestionnaireItem.KindLabels[item.Kind], "受講後", N(s.Answered), .. s.AfterCounts.Select(c => N(c)), N(s.AfterMean), N(s.Change), s.ImprovedText]);
                    break;
                case QuestionKind.FreeText:
                    rows.AddRange(s.Texts.Select(t => (IReadOnlyList<XlsxFile.Cell>)[item.Text, QuestionnaireItem.KindLabels[item.Kind], t, N(null), N(null), N(null), N(null), N(null), N(null), N(null), "", ""]));
                    break;
            }
        }

        var bytes = XlsxFile.Write("アンケート集計", ["設問", "答え方", "区分・記述", "回答数", "1", "2", "3", "4", "5", "平均", "前後の差", "上がった人"], rows);
        await audit.WriteAsync(AuditActions.Export, "Questionnaire", id, detail: $"{Event.Title}: アンケート集計をExcelで出力({Summary.Responses}件)", ct: ct);
        return File(bytes, XlsxFile.ContentType, $"アンケート集計-{id}.xlsx");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var (e, refusal) = await this.EventForAsync(db, id, manage: true, ct);
        if (e is null)
        {
            return refusal;
        }

        Event = e;
        var items = await db.QuestionnaireItems.AsNoTracking().Where(i => i.EventId == id).ToListAsync(ct);
        var responses = await db.QuestionnaireResponses.AsNoTracking().Include(r => r.Answers).Where(r => r.EventId == id).ToListAsync(ct);
        Summary = QuestionnaireSummary.Compute(items, responses);
        var counts = await EventChoices.CountsAsync(db, [id], ct);
        Attended = counts[id].Attended;
        return null;
    }

    public static string Percent(int count, int of) => of == 0 ? "—" : (100m * count / of).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
