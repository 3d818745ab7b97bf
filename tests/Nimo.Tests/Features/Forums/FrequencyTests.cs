using Nimo.Features.Forums;

namespace Nimo.Tests.Features.Forums;

public sealed class FrequencyTests
{
    [Fact]
    public void Meguro_section_7_frequencies_normalise_to_2_2_12_and_none()
    {
        string[] meguro = ["年2回", "年2回", "月1回", "未定"];
        Assert.Equal([2m, 2m, 12m, null], meguro.Select(Frequency.PerYear));
    }

    [Theory]
    [InlineData("1回/年", 1)]
    [InlineData("2回/年", 2)]
    [InlineData("6回/年", 6)]
    [InlineData("年4回", 4)]
    [InlineData("年に3回", 3)]
    [InlineData("年間4回", 4)]
    [InlineData("年３回程度", 3)]
    [InlineData("１０回（精神部会・分科会）", 10)]
    [InlineData("毎月", 12)]
    [InlineData("月2回", 24)]
    [InlineData("隔月", 6)]
    [InlineData("2か月に1回", 6)]
    [InlineData("3ヶ月ごと", 4)]
    [InlineData("四半期ごと", 4)]
    [InlineData("週1回", 52)]
    public void Written_frequencies_become_meetings_per_year(string text, double perYear) =>
        Assert.Equal((decimal)perYear, Frequency.PerYear(text));

    [Theory]
    [InlineData("未定")]
    [InlineData("随時")]
    [InlineData("必要に応じて開催")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("調整中")]
    public void Frequencies_without_a_number_are_none(string? text) => Assert.Null(Frequency.PerYear(text));
}
