using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;

namespace Nimo.Tests.Platform;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("ｶﾜｸﾞﾁ", "かわぐち")]
    [InlineData("カワグチ", "かわぐち")]
    [InlineData("かわ ぐち", "かわぐち")]
    [InlineData("ＡＢＣ１２３", "abc123")]
    [InlineData("ピア・サポート", "ぴあさぽーと")]
    public void Search_keys_ignore_width_kana_case_and_spacing(string text, string expected) =>
        Assert.Equal(expected, TextNormalizer.SearchKey(text));

    [Theory]
    [InlineData("112038", true)]
    [InlineData("131105", true)]
    [InlineData("131059", true)]
    [InlineData("332020", true)]
    [InlineData("110001", true)]
    [InlineData("112039", false)]
    [InlineData("11203", false)]
    [InlineData("11203a", false)]
    public void Local_government_codes_are_checked_by_their_check_digit(string code, bool valid) =>
        Assert.Equal(valid, LocalGovernmentCode.IsValid(code));

    [Fact]
    public void Totp_matches_the_rfc_6238_vector()
    {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890", T = 59 s → 94287082 (8 digits), so 287082 in 6.
        var key = "12345678901234567890"u8.ToArray();
        Assert.Equal("287082", Totp.Code(key, Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(59))));
        Assert.Equal(key, Totp.FromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    }
}
