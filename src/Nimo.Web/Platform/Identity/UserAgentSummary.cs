using System.Text.RegularExpressions;

namespace Nimo.Platform.Identity;

/// <summary>
/// 「Chrome 131(Windows)」 from a User-Agent header, for the sessions list: a person recognises their own browser and
/// machine by these two words, not by the 130-character string. Only the common browsers are named; the rest is 「その他」.
/// </summary>
public static partial class UserAgentSummary
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "不明";
        }

        var browser = Browser(userAgent);
        if (browser is null)
        {
            var product = userAgent.Trim().Split(' ')[0];
            return $"その他({(product.Length > 40 ? product[..40] : product)})";
        }

        return $"{browser}({System(userAgent)})";
    }

    // Order matters: Edge and Opera also say Chrome, Chrome also says Safari.
    private static string? Browser(string ua) =>
        Version(ua, EdgeToken()) is { } edge ? "Edge " + edge
        : Version(ua, OperaToken()) is { } opera ? "Opera " + opera
        : Version(ua, FirefoxToken()) is { } firefox ? "Firefox " + firefox
        : Version(ua, ChromeToken()) is { } chrome ? "Chrome " + chrome
        : ua.Contains("Safari/", StringComparison.Ordinal) && Version(ua, SafariVersion()) is { } safari ? "Safari " + safari
        : ua.Contains("Trident/", StringComparison.Ordinal) ? "Internet Explorer " + (Version(ua, TridentVersion()) ?? "11")
        : null;

    private static string System(string ua) =>
        ua.Contains("iPhone", StringComparison.Ordinal) ? "iPhone"
        : ua.Contains("iPad", StringComparison.Ordinal) ? "iPad"
        : ua.Contains("Android", StringComparison.Ordinal) ? "Android"
        : ua.Contains("CrOS", StringComparison.Ordinal) ? "ChromeOS"
        : ua.Contains("Windows", StringComparison.Ordinal) ? "Windows"
        : ua.Contains("Macintosh", StringComparison.Ordinal) || ua.Contains("Mac OS X", StringComparison.Ordinal) ? "Mac"
        : ua.Contains("Linux", StringComparison.Ordinal) || ua.Contains("X11", StringComparison.Ordinal) ? "Linux"
        : "不明なOS";

    private static string? Version(string ua, Regex token) => token.Match(ua) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"\bEdg(?:e|A|iOS)?/(\d+)")]
    private static partial Regex EdgeToken();

    [GeneratedRegex(@"\bOPR/(\d+)")]
    private static partial Regex OperaToken();

    [GeneratedRegex(@"\b(?:Firefox|FxiOS)/(\d+)")]
    private static partial Regex FirefoxToken();

    [GeneratedRegex(@"\b(?:Headless)?(?:Chrome|CriOS|Chromium)/(\d+)")]
    private static partial Regex ChromeToken();

    [GeneratedRegex(@"\bVersion/(\d+)")]
    private static partial Regex SafariVersion();

    [GeneratedRegex(@"\brv:(\d+)")]
    private static partial Regex TridentVersion();
}
