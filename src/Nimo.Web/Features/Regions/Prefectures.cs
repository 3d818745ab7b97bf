namespace Nimo.Features.Regions;

/// <summary>
/// The 47 prefectures (JIS X 0401 order) so that a new installation can start from its own prefecture
/// without typing a code: the 全国地方公共団体コード is the two-digit number, "000" and the check digit.
/// </summary>
public static class Prefectures
{
    private static readonly (string Name, string Kana)[] All =
    [
        ("北海道", "ほっかいどう"), ("青森県", "あおもりけん"), ("岩手県", "いわてけん"), ("宮城県", "みやぎけん"),
        ("秋田県", "あきたけん"), ("山形県", "やまがたけん"), ("福島県", "ふくしまけん"), ("茨城県", "いばらきけん"),
        ("栃木県", "とちぎけん"), ("群馬県", "ぐんまけん"), ("埼玉県", "さいたまけん"), ("千葉県", "ちばけん"),
        ("東京都", "とうきょうと"), ("神奈川県", "かながわけん"), ("新潟県", "にいがたけん"), ("富山県", "とやまけん"),
        ("石川県", "いしかわけん"), ("福井県", "ふくいけん"), ("山梨県", "やまなしけん"), ("長野県", "ながのけん"),
        ("岐阜県", "ぎふけん"), ("静岡県", "しずおかけん"), ("愛知県", "あいちけん"), ("三重県", "みえけん"),
        ("滋賀県", "しがけん"), ("京都府", "きょうとふ"), ("大阪府", "おおさかふ"), ("兵庫県", "ひょうごけん"),
        ("奈良県", "ならけん"), ("和歌山県", "わかやまけん"), ("鳥取県", "とっとりけん"), ("島根県", "しまねけん"),
        ("岡山県", "おかやまけん"), ("広島県", "ひろしまけん"), ("山口県", "やまぐちけん"), ("徳島県", "とくしまけん"),
        ("香川県", "かがわけん"), ("愛媛県", "えひめけん"), ("高知県", "こうちけん"), ("福岡県", "ふくおかけん"),
        ("佐賀県", "さがけん"), ("長崎県", "ながさきけん"), ("熊本県", "くまもとけん"), ("大分県", "おおいたけん"),
        ("宮崎県", "みやざきけん"), ("鹿児島県", "かごしまけん"), ("沖縄県", "おきなわけん"),
    ];

    /// <summary>Finds a prefecture by its name (「埼玉県」, 「埼玉」) or its 6-digit or 2-digit code.</summary>
    public static (string Code, string Name, string Kana)? Find(string text)
    {
        var t = text.Trim();
        for (var i = 0; i < All.Length; i++)
        {
            var number = (i + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
            var five = number + "000";
            var code = five + LocalGovernmentCode.CheckDigit(five).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var (name, kana) = All[i];
            if (t == code || t == number || t == name || (t.Length >= 2 && name.StartsWith(t, StringComparison.Ordinal) && name.Length - t.Length == 1))
            {
                return (code, name, kana);
            }
        }

        return null;
    }
}
