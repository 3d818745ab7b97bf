using System.Text;

namespace Nimo.Platform.Japanese;

/// <summary>
/// Search keys that ignore 全角/半角, upper/lower case, hiragana/katakana and spacing, so 「ｶﾜｸﾞﾁ」, 「かわぐち」
/// and 「カワグチ」 find the same record. Stored beside the text and compared with plain equality/LIKE, which
/// behaves the same on SQLite and PostgreSQL.
/// </summary>
public static class TextNormalizer
{
    public static string SearchKey(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(nfkc.Length);
        foreach (var c in nfkc)
        {
            if (char.IsWhiteSpace(c) || c == '・' || c == '･')
            {
                continue;
            }

            // Katakana ァ(U+30A1)..ヶ(U+30F6) map onto hiragana ぁ(U+3041)..ゖ(U+3096).
            sb.Append(c is >= '\u30A1' and <= '\u30F6' ? (char)(c - 0x60) : char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }
}
