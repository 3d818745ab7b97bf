using Nimo.Platform.Japanese;

namespace Nimo.Tests.Platform;

public sealed class JapaneseDateTests
{
    [Theory]
    [InlineData(2024, 10, 1, "令和6年10月1日")]
    [InlineData(2018, 9, 1, "平成30年9月1日")]
    [InlineData(2019, 4, 30, "平成31年4月30日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(1989, 1, 7, "昭和64年1月7日")]
    [InlineData(1989, 1, 8, "平成元年1月8日")]
    public void Formats_dates_in_the_era_in_force_that_day(int y, int m, int d, string expected) =>
        Assert.Equal(expected, JapaneseDate.Format(new DateOnly(y, m, d)));

    [Theory]
    [InlineData("令和6年10月", WarekiPrecision.YearMonth, 2024, 10)]
    [InlineData("R5年度", WarekiPrecision.FiscalYear, 2023, 4)]
    [InlineData("H27", WarekiPrecision.Year, 2015, 1)]
    [InlineData("平成30年9月", WarekiPrecision.YearMonth, 2018, 9)]
    [InlineData("令和元年", WarekiPrecision.Year, 2019, 1)]
    [InlineData("令和２年", WarekiPrecision.Year, 2020, 1)]
    [InlineData("Ｒ６年１０月１日", WarekiPrecision.Date, 2024, 10)]
    [InlineData("2024年4月", WarekiPrecision.YearMonth, 2024, 4)]
    [InlineData("2024-04-01", WarekiPrecision.Date, 2024, 4)]
    [InlineData("平成31年4月", WarekiPrecision.YearMonth, 2019, 4)]
    public void Reads_the_ways_the_sheets_write_dates(string text, WarekiPrecision precision, int year, int month)
    {
        Assert.True(JapaneseDate.TryParse(text, out var value));
        Assert.Equal(precision, value.Precision);
        Assert.Equal(year, value.Year);
        Assert.Equal(month, value.Month);
    }

    [Theory]
    [InlineData("R●年●月")]
    [InlineData("令和●年")]
    [InlineData("")]
    [InlineData("未定")]
    public void Treats_template_placeholders_as_unknown_not_as_errors(string text)
    {
        Assert.True(JapaneseDate.TryParse(text, out var value));
        Assert.False(value.IsKnown);
        Assert.Null(value.FirstDay);
    }

    [Theory]
    [InlineData("平成31年5月1日")]
    [InlineData("令和元年4月1日")]
    [InlineData("令和6年13月")]
    [InlineData("令和6年2月30日")]
    [InlineData("あした")]
    [InlineData("R0年")]
    public void Refuses_dates_that_do_not_exist(string text) => Assert.False(JapaneseDate.TryParse(text, out _));

    [Fact]
    public void Era_arithmetic_matches_the_vectors()
    {
        // domain §9.1: 令和N年 = 2018+N, 平成N年 = 1988+N.
        Assert.True(JapaneseDate.TryParse("R6年", out var r6));
        Assert.Equal(2024, r6.Year);
        Assert.True(JapaneseDate.TryParse("H30年", out var h30));
        Assert.Equal(2018, h30.Year);
    }

    [Fact]
    public void Fiscal_years_run_april_to_march()
    {
        // domain §9.2
        Assert.Equal(new FiscalYear(2023), FiscalYear.Of(new DateOnly(2024, 3, 31)));
        Assert.Equal("令和5年度", FiscalYear.Of(new DateOnly(2024, 3, 31)).ToWareki());
        Assert.Equal("R6年度", FiscalYear.Of(new DateOnly(2024, 4, 1)).ToShortWareki());
        Assert.True(JapaneseDate.TryParse("R5年度", out var r5));
        Assert.Equal(new DateOnly(2024, 3, 31), new FiscalYear(r5.Year).End);
        Assert.Equal("令和元年度", new FiscalYear(2019).ToWareki());
    }

    [Fact]
    public void Fiscal_year_of_an_instant_uses_japan_time()
    {
        // 2024-03-31 15:30 UTC is already 2024-04-01 00:30 in Japan.
        Assert.Equal(new FiscalYear(2024), FiscalYear.Of(new DateTimeOffset(2024, 3, 31, 15, 30, 0, TimeSpan.Zero)));
    }
}
