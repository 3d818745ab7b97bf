using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Nimo.Features.Plans;

/// <summary>
/// The sheet as HTML: the page shows this article inside the site layout, and the export-report command wraps it in
/// a standalone A4 document. One renderer, so the printed page and the exported file cannot drift apart. Every text
/// is HTML-encoded here, by the app's own encoder (which writes Japanese as-is, not as &amp;#x…; references).
/// </summary>
public static class SheetHtml
{
    public static string Article(SheetDocument s, HtmlEncoder e)
    {
        var html = new StringBuilder();
        string H(string? text) => e.Encode(text ?? "");
        html.Append("<article class=\"sheet\"><header class=\"sheet-header\">");
        html.Append("<p class=\"sheet-region\">").Append(H(s.RegionName)).Append("</p><h1>").Append(H(s.Title)).Append("</h1>");
        if (s.Lead is not null)
        {
            html.Append("<p class=\"prewrap\">").Append(H(s.Lead)).Append("</p>");
        }

        html.Append("<p class=\"hint\">").Append(H($"{s.YearText} 精神障害にも対応した地域包括ケアシステム構築支援事業 報告様式(Nimo が登録データから作成)")).Append("</p></header>");
        foreach (var section in s.Sections)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"sheet-section sheet-section-{section.Number}\" aria-labelledby=\"sheet-{section.Number}\">");
            html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"sheet-{section.Number}\">").Append(H(section.FullHeading)).Append("</h2>");
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case SheetParagraph { Label: null } p:
                        html.Append("<div class=\"sheet-text prewrap\">").Append(H(p.Text ?? "(記載なし)")).Append("</div>");
                        break;
                    case SheetParagraph p:
                        html.Append("<div class=\"sheet-labelled\"><span class=\"sheet-label\">").Append(H(p.Label)).Append("</span><span class=\"prewrap\">")
                            .Append(H(p.Text ?? "(記載なし)")).Append("</span></div>");
                        break;
                    case SheetTable t:
                        Table(html, t, H);
                        break;
                }
            }

            html.Append("</section>");
        }

        return html.Append("</article>").ToString();
    }

    /// <summary>
    /// A whole HTML document for the command line: the sheet with the site's own stylesheet inlined (embedded in the
    /// assembly, so it does not depend on where the app is run from), nothing fetched.
    /// </summary>
    public static string Document(SheetDocument s, HtmlEncoder e) =>
        $"<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{e.Encode($"{s.RegionName} {s.YearText} 報告様式")}</title>"
            + $"<style>{Stylesheet.Value.Replace("</", "<\\/", StringComparison.Ordinal)}</style></head><body><main>{Article(s, e)}</main></body></html>\n";

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(SheetHtml).Assembly.GetManifestResourceStream("Nimo.site.css")
            ?? throw new InvalidOperationException("site.css is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    private static void Table(StringBuilder html, SheetTable t, Func<string?, string> h)
    {
        html.Append("<table class=\"sheet-table\">");
        if (t.Caption is not null)
        {
            html.Append("<caption>").Append(h(t.Caption)).Append("</caption>");
        }

        html.Append("<colgroup>");
        foreach (var c in t.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<col class=\"span-{c.Span}\">");
        }

        html.Append("</colgroup><thead><tr>");
        foreach (var c in t.Columns)
        {
            html.Append("<th scope=\"col\">").Append(h(c.Header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        if (t.Rows.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{t.Columns.Count}\">").Append(h(t.EmptyText)).Append("</td></tr>");
        }

        foreach (var row in t.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row.Cells)
            {
                var rowspan = cell.RowSpan > 1 ? $" rowspan=\"{cell.RowSpan}\"" : "";
                if (cell.Header)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<th scope=\"row\"{rowspan} class=\"prewrap\">").Append(h(cell.Text)).Append("</th>");
                    continue;
                }

                html.Append(CultureInfo.InvariantCulture, $"<td{rowspan}><span class=\"prewrap\">");
                html.Append(cell.Link is null ? h(cell.Text) : $"<a href=\"{h(cell.Link)}\">{h(cell.Text)}</a>");
                html.Append("</span>");
                if (cell.Note is not null)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<span class=\"sheet-note{(cell.Warn ? " sheet-warn" : "")}\">").Append(h(cell.Note)).Append("</span>");
                }

                html.Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
    }
}
