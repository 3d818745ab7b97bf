using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace Nimo.Platform.Web;

/// <summary>A point of a time series; a missing value leaves a gap in the line.</summary>
public sealed record ChartPoint(string Label, decimal? Value);

/// <summary>A horizontal line drawn across the chart, such as a national target.</summary>
public sealed record ChartReference(string Label, decimal Value);

/// <summary>
/// A line chart drawn on the server as inline SVG: readable without JavaScript, printable, named for screen
/// readers by its title and description (the page puts the same numbers in a table next to it).
/// </summary>
public static class SvgLineChart
{
    private const int Width = 560, Height = 240, Left = 64, Right = 16, Top = 16, Bottom = 40;

    public static IHtmlContent Render(string id, string title, string description, IReadOnlyList<ChartPoint> points, string unit,
        IReadOnlyList<ChartReference>? references = null)
    {
        references ??= [];
        var values = points.Where(p => p.Value.HasValue).Select(p => p.Value!.Value).Concat(references.Select(r => r.Value)).ToList();
        var (min, max) = values.Count == 0 ? (0m, 1m) : (Math.Min(0, values.Min()), values.Max());
        var step = NiceStep((max - min) / 4);
        max = step == 0 ? max + 1 : Math.Ceiling(max / step) * step;
        if (max == min)
        {
            max = min + 1;
        }

        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double X(int i) => points.Count <= 1 ? Left + plotWidth / 2.0 : Left + (double)plotWidth * i / (points.Count - 1);
        double Y(decimal v) => Top + plotHeight * (double)((max - v) / (max - min));
        string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        string N(decimal d) => d.ToString("#,0.##", CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(title)}</title><desc id=\"{id}-desc\">{E(description)}</desc>");

        // Grid and y-axis labels.
        for (var v = min; step > 0 && v <= max; v += step)
        {
            var y = F(Y(v));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#d0d7de\" stroke-width=\"1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y}\" text-anchor=\"end\" dominant-baseline=\"middle\" font-size=\"11\" fill=\"#3d4752\">{E(N(v))}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{Top - 4}\" font-size=\"11\" fill=\"#3d4752\">{E(unit)}</text>");

        for (var i = 0; i < references.Count; i++)
        {
            var r = references[i];
            var y = F(Y(r.Value));
            // Alternate label ends so two targets with close values stay readable.
            var (x, anchor) = i % 2 == 0 ? (Width - Right, "end") : (Left + 4, "start");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#9b1c1c\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{F(Y(r.Value) - 4)}\" text-anchor=\"{anchor}\" font-size=\"11\" fill=\"#9b1c1c\">{E(r.Label)} {E(N(r.Value))}</text>");
        }

        // The line, broken where a year has no value.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', segment)}\" fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2.5\"/>");
            }

            segment.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (points[i].Value is decimal v)
            {
                segment.Add($"{F(X(i))},{F(Y(v))}");
            }
            else
            {
                Flush();
            }
        }

        Flush();
        for (var i = 0; i < points.Count; i++)
        {
            var x = F(X(i));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#3d4752\">{E(points[i].Label)}</text>");
            if (points[i].Value is decimal v)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x}\" cy=\"{F(Y(v))}\" r=\"4\" fill=\"#0b5cad\"><title>{E(points[i].Label)}: {E(N(v))}{E(unit)}</title></circle>");
            }
        }

        svg.Append("</svg>");
        return new HtmlString(svg.ToString());
    }

    /// <summary>1, 2 or 5 times a power of ten, at least the raw step.</summary>
    private static decimal NiceStep(decimal raw)
    {
        if (raw <= 0)
        {
            return 0;
        }

        var magnitude = (decimal)Math.Pow(10, Math.Floor(Math.Log10((double)raw)));
        foreach (var m in new[] { 1m, 2m, 5m, 10m })
        {
            if (m * magnitude >= raw)
            {
                return m * magnitude;
            }
        }

        return 10 * magnitude;
    }
}
