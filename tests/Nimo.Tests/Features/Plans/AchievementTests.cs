using Nimo.Features.Plans;

namespace Nimo.Tests.Features.Plans;

/// <summary>domain.md §9 vectors 7–12, and values of our own.</summary>
public sealed class AchievementTests
{
    private static Achievement Evaluate(string target, string actual, decimal? population = null, Direction direction = Direction.MoreIsBetter) =>
        Achievement.Evaluate(IndicatorValue.Parse(target), IndicatorValue.Parse(actual), direction, population);

    [Fact]
    public void Saitama_municipal_forums_49_of_63_is_77_8_percent_and_not_yet_the_target()
    {
        var a = Evaluate("63", "49");
        Assert.Equal(77.8m, a.Percent);
        Assert.Equal(Verdict.NotMet, a.Verdict);
    }

    [Theory]
    [InlineData("13圏域", "11圏域", 84.6, Verdict.NotMet)]   // 埼玉 人材育成研修
    [InlineData("13圏域", "13圏域", 100.0, Verdict.Met)]     // 埼玉 協議の場
    [InlineData("10回", "9回", 90.0, Verdict.NotMet)]        // 倉敷 peer forum
    [InlineData("8人以上", "12人", 150.0, Verdict.Met)]      // 目黒 アウトリーチ
    [InlineData("8人以上", "8人", 100.0, Verdict.Met)]
    [InlineData("8人以上", "7人", 87.5, Verdict.NotMet)]
    [InlineData("5件以下", "3件", 60.0, Verdict.Met)]
    public void Achievement_of_numeric_and_floor_targets(string target, string actual, double percent, Verdict verdict)
    {
        var a = Evaluate(target, actual);
        Assert.Equal((decimal)percent, a.Percent);
        Assert.Equal(verdict, a.Verdict);
    }

    [Fact]
    public void Meguro_all_of_16_with_12_supported_is_75_percent_and_not_achieved()
    {
        var a = Evaluate("措置入院者 全数", "実施12件", population: 16);
        Assert.Equal(75.0m, a.Percent);
        Assert.Equal(Verdict.NotMet, a.Verdict);
        Assert.Contains("全数に届かないため未達成", a.Explanation, StringComparison.Ordinal);
        Assert.Equal(Verdict.Met, Evaluate("全数", "16", population: 16).Verdict);
        Assert.Contains("総数が必要", Evaluate("全数", "12").Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Kurashiki_13_a_month_is_156_a_year_against_72()
    {
        var target = IndicatorValue.Parse("延13件/月");
        Assert.Equal((ValueKind.Number, 13m, "件", PeriodBasis.PerMonth), (target.Kind, target.Number, target.Unit, target.Basis));
        Assert.Equal(156m, target.PerYear);
        var a = Evaluate("延13件/月", "72件/年");
        Assert.Equal(46.2m, a.Percent);
        Assert.Equal(Verdict.NotMet, a.Verdict);
        Assert.Contains("年換算で156件/年", a.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("定性的に評価", "関係機関との連携が深まった")]
    [InlineData("顔の見える関係づくり", "3件")]
    public void Qualitative_targets_are_explained_not_computed(string target, string actual)
    {
        var a = Evaluate(target, actual);
        Assert.Null(a.Percent);
        Assert.Equal(Verdict.Unknown, a.Verdict);
        Assert.Contains("定性的", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_values_and_zero_targets_say_why_and_never_divide_by_zero()
    {
        Assert.Contains("実績値が未入力", Evaluate("10回", "").Explanation, StringComparison.Ordinal);
        Assert.Contains("目標値が未入力", Evaluate("", "3").Explanation, StringComparison.Ordinal);
        Assert.Null(Evaluate("0件", "2件").Percent);
        Assert.Equal("—", Evaluate("0件", "2件").PercentText);
    }

    [Fact]
    public void Less_is_better_indicators_are_met_at_or_below_target()
    {
        Assert.Equal(Verdict.Met, Evaluate("20人", "18人", direction: Direction.LessIsBetter).Verdict);
        Assert.Equal(Verdict.NotMet, Evaluate("20人", "25人", direction: Direction.LessIsBetter).Verdict);
    }

    [Theory]
    [InlineData("１，２００人", 1200, "人")]
    [InlineData("累計30件", 30, "件")]
    [InlineData("2か所", 2, "か所")]
    [InlineData("3ヶ所", 3, "か所")]
    public void Values_are_read_with_full_width_digits_separators_and_units(string text, double number, string unit)
    {
        var v = IndicatorValue.Parse(text);
        Assert.Equal((decimal)number, v.Number);
        Assert.Equal(unit, v.Unit);
        Assert.Equal(text, v.Text);
    }
}
