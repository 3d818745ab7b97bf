namespace Nimo.Features.Regions;

/// <summary>
/// 全国地方公共団体コード: five digits plus a check digit (modulus 11, weights 6..2).
/// </summary>
public static class LocalGovernmentCode
{
    public static bool IsValid(string? code) =>
        code is { Length: 6 } && code.All(char.IsAsciiDigit) && CheckDigit(code.AsSpan(0, 5)) == code[5] - '0';

    public static int CheckDigit(ReadOnlySpan<char> fiveDigits)
    {
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += (fiveDigits[i] - '0') * (6 - i);
        }

        var remainder = sum % 11;
        // 11 - r, where 10 becomes 0 and 11 (r = 0) becomes 1.
        return remainder == 0 ? 1 : (11 - remainder) % 10;
    }

    /// <summary>The prefecture's own code for any code in it (112038 → 110001).</summary>
    public static string PrefectureOf(string code)
    {
        var five = code[..2] + "000";
        return five + CheckDigit(five).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
