using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Nimo.Tests.Robustness;

/// <summary>
/// What every answer to bad input must be: never a 5xx; a refusal in Japanese (the error page, or the form again
/// with its error summary), never a framework message in English; and a refusal writes nothing.
/// </summary>
public static partial class Verdict
{
    /// <summary>Framework and runtime messages that would mean an English default reached the user.</summary>
    private static readonly string[] English =
    [
        "The value '", "is not valid for", "is invalid", "field is required", "The field ", "must be a string", "must be a number",
        "A value for the", "A non-empty request body", "The supplied value", "An unhandled exception", "Exception:", "   at Nimo.",
        "Bad Request", "Internal Server Error", "The input was not valid", "could not be converted",
    ];

    public static bool HasJapanese(string s) => s.Any(c => c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF');

    /// <summary>The messages of the page's error summary, decoded.</summary>
    public static IReadOnlyList<string> ErrorMessages(string html)
    {
        var summary = ErrorSummary().Match(html);
        return summary.Success ? [.. ListItem().Matches(summary.Groups[1].Value).Select(m => WebUtility.HtmlDecode(Tags().Replace(m.Groups[1].Value, "")).Trim())] : [];
    }

    /// <summary>
    /// Null when the answer is acceptable, otherwise what is wrong with it. <paramref name="writes"/> are the tables the
    /// request wrote; <paramref name="signedIn"/> says the request was sent by a signed-in user (a redirect to the login
    /// page then means the session was lost).
    /// </summary>
    public static string? Judge(HttpResponseMessage response, string body, IReadOnlyList<string> writes, bool signedIn = true)
    {
        var status = (int)response.StatusCode;
        var html = response.Content.Headers.ContentType?.MediaType == "text/html";
        var text = html ? WebUtility.HtmlDecode(body) : body;
        if (status >= 500)
        {
            return $"{status}";
        }

        if (html && English.FirstOrDefault(e => text.Contains(e, StringComparison.Ordinal)) is { } english)
        {
            return $"{status} English message「{english}」: {Around(text, english)}";
        }

        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location?.OriginalString ?? "";
            if (location.StartsWith("/Error", StringComparison.OrdinalIgnoreCase))
            {
                return $"{status} redirect to {location}";
            }

            if (signedIn && location.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase))
            {
                return $"{status} signed out (redirect to {location})";
            }

            return null;
        }

        if (status >= 400)
        {
            if (!HasJapanese(text))
            {
                return $"{status} without a Japanese message";
            }

            return writes.Count > 0 ? $"{status} refused but wrote {string.Join(",", writes)}" : null;
        }

        if (html)
        {
            var errors = ErrorMessages(body);
            if (errors.FirstOrDefault(e => !HasJapanese(e)) is { } bad)
            {
                return $"{status} error message not in Japanese: {bad}";
            }

            if (errors.Count > 0 && writes.Count > 0)
            {
                return $"{status} refused ({errors[0]}) but wrote {string.Join(",", writes)}";
            }
        }

        return null;
    }

    private static string Around(string text, string found)
    {
        var i = text.IndexOf(found, StringComparison.Ordinal);
        var start = Math.Max(0, i - 80);
        return text.Substring(start, Math.Min(200, text.Length - start)).ReplaceLineEndings(" ");
    }

    /// <summary>A url-encoded form body; values may carry raw bytes that are not UTF-8.</summary>
    public static ByteArrayContent FormBody(IEnumerable<(string Name, FuzzValue Value)> fields)
    {
        var body = string.Join("&", fields.Select(f => new FuzzValue(f.Name).Encoded() + "=" + f.Value.Encoded()));
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return content;
    }

    [GeneratedRegex("""<div class="error-summary"[^>]*>(.*?)</div>""", RegexOptions.Singleline)]
    private static partial Regex ErrorSummary();

    [GeneratedRegex("""<li>(.*?)</li>""", RegexOptions.Singleline)]
    private static partial Regex ListItem();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
