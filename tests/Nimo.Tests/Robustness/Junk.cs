using System.Globalization;
using System.Text;
using CsCheck;

namespace Nimo.Tests.Robustness;

/// <summary>
/// A value as it travels in a form or a URL: usually text (sent as UTF-8), sometimes raw bytes that are not valid
/// UTF-8 at all (a lone surrogate encoded CESU-style, an overlong slash, a stray 0xFF), which no browser sends but
/// anything else may.
/// </summary>
public sealed record FuzzValue(string? Text, byte[]? Bytes = null)
{
    public static implicit operator FuzzValue(string text) => new(text);

    /// <summary>Percent-encoded for a form body or a query string.</summary>
    public string Encoded() => Bytes is null ? Uri.EscapeDataString(ToValidUtf16(Text!)) : Percent(Bytes);

    public static string Percent(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Uri.EscapeDataString refuses lone surrogates: those go as their CESU-8 bytes, which the server must reject or replace.</summary>
    private static string ToValidUtf16(string s) => s.Any(char.IsSurrogate) ? new string([.. s.Select(c => char.IsSurrogate(c) ? '\uFFFD' : c)]) : s;

    public override string ToString()
    {
        var shown = Bytes is null ? Text! : "bytes:" + Percent(Bytes);
        return shown.Length > 80 ? string.Concat(shown.AsSpan(0, 60), $"…({shown.Length} chars)") : shown;
    }
}

/// <summary>CsCheck generators for what people and programs put in forms, URLs and files when they should not.</summary>
public static class Junk
{
    /// <summary>Fragments that have broken web apps before: each is tried as is and glued to others.</summary>
    public static readonly string[] Nasty =
    [
        "", " ", "　", "\0", "a\0b", "\u0001\u0002\u001b[31m", "\r\n", "\t", "\u202E右から左", "\u200F\u200E", "\u200B", "\uFEFF",
        "ｱｲｳｴｵｶﾞｷﾞ", "アイウエオ", "ｶﾞ", "ﾊﾟﾋﾟﾌﾟ", "１２３４５", "－１", "ＡＢＣ", "𠮷野家", "😀", "👨‍👩‍👧‍👦", "\uD800", "\uDC00x", "\uDBFF\uDBFF",
        "髙﨑", "①②③", "㍻", "〜", "～", "―", "∑", "Ω",
        "'; DROP TABLE \"Clients\";--", "' OR '1'='1", "1; DELETE FROM \"Regions\"", "%", "_", "\\", "\\0", "''", "\"",
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "{{7*7}}", "${7*7}", "@(1+1)", "<!--",
        "=1+1", "+SUM(A1)", "@cmd", "-2+3",
        "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/", "//", "%2e%2e%2f", "CON", "nul",
        "-1", "0", "-0", "1", "007", "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775808", "1e309", "-1e309",
        "NaN", "Infinity", "-Infinity", "1.5", "1,5", "1,000", "0x10", "1e3", "79228162514264337593543950336", "0.0000000000000000000000000001",
        "99999999999999999999999999999999999999", "-99999999999999999999", "１０", "一〇", "true", "false", "on", "off", "null", "undefined",
        "0000-00-00", "9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "2024-02-29", "1900-01-01", "10000-01-01", "-2026-01-01",
        "令和99年", "令和元年5月1日", "R99.13.32", "R5年4月", "平成31年5月1日", "昭和0年", "明治1年1月1日", "H", "R", "R5年度", "令和5年度",
        "24:00", "25:61", "00:00", "23:59:60", "2026-11-20T25:00", "2026-11-20T10:00", "2026/11/20", "20261120", "11/20/2026",
        "00000000-0000-0000-0000-000000000000", "Outreach", "DischargeSupport", "Administrator", "-2147483648.5",
    ];

    public static readonly Gen<string> NastyGen = Gen.OneOf(Nasty);

    /// <summary>Any UTF-16 unit, surrogates and controls included.</summary>
    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (4, Gen.Char[' ', '~']),
        (3, Gen.Char['\u3040', '\u30FF']),
        (2, Gen.Char['\u4E00', '\u9FFF']),
        (1, Gen.Char['\uFF00', '\uFFEF']),
        (1, Gen.Char['\0', '\u001F']),
        (1, Gen.Char['\uD800', '\uDFFF']),
        (1, Gen.Char));

    private static readonly Gen<string> RandomText = AnyChar.Array[0, 40].Select(cs => new string(cs));

    /// <summary>Long enough to pass every maxlength and StringLength in the app, and the database's column sizes.</summary>
    private static readonly Gen<string> Long = Gen.Select(Gen.OneOf(NastyGen.Where(s => s.Length > 0), RandomText.Where(s => s.Length > 0)), Gen.Int[300, 70_000],
        (seed, n) => string.Concat(Enumerable.Repeat(seed, (n / seed.Length) + 1))[..n]);

    private static readonly Gen<string> Numbers = Gen.OneOf(
        Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Long.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Decimal.Select(d => d.ToString(CultureInfo.InvariantCulture)),
        Gen.Int[-3, 400].Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static readonly Gen<string> Dates = Gen.OneOf(
        Gen.Select(Gen.Int[-1, 10_001], Gen.Int[0, 13], Gen.Int[0, 32], (y, m, d) => string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{m:00}-{d:00}")),
        Gen.Select(Gen.OneOf("令和", "平成", "昭和", "大正", "明治", "R", "H", "S"), Gen.Int[0, 100], Gen.Int[0, 13], (era, y, m) => string.Create(CultureInfo.InvariantCulture, $"{era}{y}年{m}月")),
        Gen.DateOnly.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    private static readonly byte[][] BrokenUtf8 =
    [
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xFF], [0xFE, 0xFF], [0x80], [0xF4, 0x90, 0x80, 0x80],
        [0x82, 0xA0, 0x82, 0xA2], // "あい" in Shift_JIS
        [0x00], [0xC3], [0xE3, 0x81],
    ];

    private static readonly Gen<FuzzValue> Bytes = Gen.Select(Gen.OneOf(BrokenUtf8), Gen.Byte.Array[0, 12], Gen.Bool,
        (broken, random, mix) => new FuzzValue(null, mix ? [.. "a"u8, .. broken, .. random] : broken));

    /// <summary>A junk value for a field whose current value (from the form) is <paramref name="original"/>.</summary>
    public static Gen<FuzzValue> For(string original, IReadOnlyList<string> options) => Gen.Frequency(
        (6, Gen.Const(new FuzzValue(original))),
        (options.Count > 0 ? 3 : 0, options.Count > 0 ? Gen.OneOf([.. options]).Select(o => new FuzzValue(o)) : Gen.Const(new FuzzValue(original))),
        (5, NastyGen.Select(s => new FuzzValue(s))),
        (2, Gen.Select(NastyGen, NastyGen, (a, b) => new FuzzValue(original + a + b))),
        (3, RandomText.Select(s => new FuzzValue(s))),
        (3, Numbers.Select(s => new FuzzValue(s))),
        (3, Dates.Select(s => new FuzzValue(s))),
        (1, Long.Select(s => new FuzzValue(s))),
        (1, Bytes));

    /// <summary>A value with no field in mind: for query strings and route segments.</summary>
    public static readonly Gen<FuzzValue> Any = For("", []);

    /// <summary>A route id: ints of every size, then everything that is not an int.</summary>
    public static readonly Gen<string> RouteId = Gen.Frequency(
        (3, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.Int[-5, 5000].Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Long.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Guid.Select(g => g.ToString())),
        (1, Gen.OneOf("0", "-0", "00", "+1", "1.0", "1e3", "0x1F", "2147483648", "99999999999999999999", " 1", "1 ", "１", "%31",
            "%2e%2e", "..", "..%2f..%2fetc%2fpasswd", "%2e%2e%5c", "%252e%252e", "%c0%ae%c0%ae", "%ff%fe", "%ED%A0%80", "~", "%7e",
            ";", "1;2", "1,2", "[1]", "{id}", "null", "NaN", "%20", "%09", "a%2fb", "%E3%81%82", "あ", "%", "%zz", "%u0041", "1?x=1", "1#x")),
        // A NUL in a path cannot even be put in a request by the test server (Kestrel answers it 400 before the app).
        (1, NastyGen.Where(s => s.Length > 0 && !s.Contains('\0', StringComparison.Ordinal)).Select(s => new FuzzValue(s).Encoded())));

    /// <summary>Query parameter names: the ones the app reads, the framework's own, and random ones.</summary>
    public static readonly Gen<string> QueryName = Gen.Frequency(
        (5, Gen.OneOf("q", "page", "year", "fy", "region", "regionId", "sort", "handler", "id", "clientId", "caseId", "planId", "forumId",
            "format", "encoding", "closed", "month", "status", "kind", "code", "from", "to", "user", "action", "returnUrl", "ReturnUrl",
            "meetingId", "issueId", "organizationId", "programme", "scope", "area", "layer", "view", "compare", "year2", "size", "take")),
        (1, RandomText.Where(s => s.Length > 0)),
        (1, Gen.OneOf("Input.Name", "__RequestVerificationToken", "code", "q[]", "page[0]", "a.b.c", "", "%", "handler[]")));
}
