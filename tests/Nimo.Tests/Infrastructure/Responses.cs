using System.Net;
using System.Text.RegularExpressions;

namespace Nimo.Tests.Infrastructure;

/// <summary>Assertions on answers that say why they failed: a form that did not redirect shows the page's error summary.</summary>
public static partial class Responses
{
    /// <summary>
    /// The answer is a redirect (a form saved, a sign-in accepted). When it is not, the failure gives the status, the
    /// page's error summary (「入力内容を確認してください」 and each message) or its message, instead of only "200 ≠ 302".
    /// </summary>
    public static async Task<HttpResponseMessage> AssertRedirectAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected a redirect (302), got {(int)response.StatusCode} {response.StatusCode} from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}. {WhatThePageSays(body)}");
        }

        return response;
    }

    /// <summary>The error summary of a page, its other error and warning blocks, or its title and first words when it has none.</summary>
    public static string WhatThePageSays(string html)
    {
        var blocks = ErrorBlock().Matches(html).Select(m => Text(m.Groups["inner"].Value)).Where(t => t.Length > 0).ToList();
        if (blocks.Count > 0)
        {
            return "The page says: " + string.Join(" / ", blocks);
        }

        var title = Title().Match(html) is { Success: true } t ? Text(t.Groups[1].Value) : "(no title)";
        var main = MainElement().Match(html) is { Success: true } m ? Text(m.Groups[1].Value) : Text(html);
        return $"No error summary on the page 「{title}」: {(main.Length > 300 ? main[..300] + "…" : main)}";
    }

    private static string Text(string html) => Regex.Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), @"\s+", " ").Trim();

    [GeneratedRegex(@"<(?:div|p|section)[^>]*class=""[^""]*(?:error-summary|error|alert)[^""]*""[^>]*>(?<inner>.*?)</(?:div|p|section)>", RegexOptions.Singleline)]
    private static partial Regex ErrorBlock();

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.Singleline)]
    private static partial Regex Title();

    [GeneratedRegex("<main[^>]*>(.*?)</main>", RegexOptions.Singleline)]
    private static partial Regex MainElement();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
