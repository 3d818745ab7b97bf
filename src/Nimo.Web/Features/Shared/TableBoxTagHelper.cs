using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Nimo.Features.Shared;

/// <summary>
/// Draws every table of every page inside a box of its own that scrolls sideways when the table is wider than the
/// screen (a phone at 390 px), instead of squeezing names to a character per line or widening the whole page. The
/// box takes keyboard focus (so it can be scrolled without a mouse) and is a named region: the table's caption, or
/// its first column headings.
/// </summary>
[HtmlTargetElement("table")]
public sealed partial class TableBoxTagHelper(HtmlEncoder encoder) : TagHelper
{
    /// <summary>After any other tag helper on the table, so the box wraps what they produce.</summary>
    public override int Order => 1000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = (await output.GetChildContentAsync()).GetContent();
        output.PreElement.AppendHtml($"<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{encoder.Encode(Label(content))}\">");
        output.PostElement.AppendHtml("</div>");
    }

    /// <summary>The box's name: 「表: caption」, else 「表: heading・heading・…」 from the first column headings, else 「表」.</summary>
    public static string Label(string tableHtml)
    {
        var caption = Caption().Match(tableHtml);
        if (caption.Success && Text(caption.Groups[1].Value) is { Length: > 0 } text)
        {
            return "表: " + text;
        }

        var headings = ColumnHeading().Matches(tableHtml).Select(m => Text(m.Groups[1].Value)).Where(t => t.Length > 0).Take(4).ToList();
        if (headings.Count == 0)
        {
            headings = [.. AnyHeading().Matches(tableHtml).Select(m => Text(m.Groups[1].Value)).Where(t => t.Length > 0).Take(3)];
        }

        return headings.Count == 0 ? "表" : "表: " + string.Join("・", headings);
    }

    private static string Text(string html) => Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<caption[^>]*>(.*?)</caption>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex("<th[^>]*scope=\"col\"[^>]*>(.*?)</th>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex ColumnHeading();

    [GeneratedRegex("<th[^>]*>(.*?)</th>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex AnyHeading();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
