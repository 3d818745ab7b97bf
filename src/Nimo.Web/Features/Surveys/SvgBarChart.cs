using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Nimo.Features.Surveys;

/// <summary>
/// A horizontal bar chart drawn on the server as inline SVG, in the spirit of <see cref="Nimo.Platform.Web.SvgLineChart"/>:
/// no script, printable, named by its title and description for screen readers; the page puts the same numbers in a table
/// next to it (the text equivalent).
/// </summary>
public static class SvgBarChart
{
    private const int Width = 560, LabelWidth = 170, Right = 56, BarHeight = 22, Gap = 8, Top = 8;

    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<(string Label, decimal Value)> bars, string unit)
    {
        var height = Top * 2 + Math.Max(1, bars.Count) * (BarHeight + Gap);
        var max = bars.Count == 0 ? 1 : Math.Max(1, bars.Max(b => b.Value));
        var plot = Width - LabelWidth - Right;
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = Top + i * (BarHeight + Gap);
            var w = value <= 0 ? 0 : Math.Max(1, plot * (double)(value / max));
            var shown = label.Length > 12 ? label[..11] + "…" : label;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{F(y + BarHeight / 2.0)}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#1f2328\">{E(shown)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{LabelWidth}\" y=\"{y}\" width=\"{F(w)}\" height=\"{BarHeight}\" fill=\"#1f5fa8\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(LabelWidth + w + 4)}\" y=\"{F(y + BarHeight / 2.0)}\" dominant-baseline=\"middle\" font-size=\"12\" fill=\"#1f2328\">{E(value.ToString("#,0.##", CultureInfo.InvariantCulture) + unit)}</text>");
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }
}
