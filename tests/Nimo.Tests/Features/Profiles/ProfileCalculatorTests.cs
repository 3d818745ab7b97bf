using Nimo.Features.Profiles;
using Nimo.Platform.Japanese;

namespace Nimo.Tests.Features.Profiles;

/// <summary>The sheet's arithmetic: domain.md §9 vectors 3–8, 13 and 14, and numbers of our own.</summary>
public sealed class ProfileCalculatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);
    private static readonly WarekiValue June2020 = new(WarekiPrecision.YearMonth, 2020, 6, 0);

    private static Dictionary<FigureKey, (decimal? Value, WarekiValue AsOf)> Figures(params (FigureKey Key, decimal? Value)[] values) =>
        values.ToDictionary(v => v.Key, v => (v.Value, June2020));

    [Fact]
    public void Kawaguchi_length_of_stay_shares_are_26_7_18_9_and_54_4_percent_half_up()
    {
        var c = ProfileCalculator.Compute(Figures(
            (FigureKey.InpatientsTotal, 344), (FigureKey.InpatientsUnder3Months, 92), (FigureKey.Inpatients3To12Months, 65), (FigureKey.InpatientsOver1Year, 187),
            (FigureKey.InpatientsOver1YearUnder65, 67), (FigureKey.InpatientsOver1YearOver65, 120)), Today);
        Assert.Equal(26.7m, c.Shares[FigureKey.InpatientsUnder3Months].Value);
        Assert.Equal(18.9m, c.Shares[FigureKey.Inpatients3To12Months].Value);
        Assert.Equal(54.4m, c.Shares[FigureKey.InpatientsOver1Year].Value);
        Assert.Equal("26.7%", c.Shares[FigureKey.InpatientsUnder3Months].Display);
        Assert.Empty(c.Findings);
    }

    [Theory]
    [InlineData(1, 8, 12.5)]      // exactly .x5 → up
    [InlineData(1, 6, 16.7)]
    [InlineData(1, 3, 33.3)]
    [InlineData(2, 3, 66.7)]
    [InlineData(7, 8, 87.5)]
    [InlineData(1, 16, 6.3)]      // 6.25 → 6.3, not banker's 6.2
    [InlineData(3, 16, 18.8)]     // 18.75 → 18.8
    public void Shares_round_half_up_to_one_decimal(int part, int total, double expected) =>
        Assert.Equal((decimal)expected, Computed.Ratio(part, total, 100, "%", "a", "b").Value);

    [Fact]
    public void Bands_that_do_not_add_up_to_the_total_are_a_finding_on_all_four_figures()
    {
        var c = ProfileCalculator.Compute(Figures(
            (FigureKey.InpatientsTotal, 345), (FigureKey.InpatientsUnder3Months, 92), (FigureKey.Inpatients3To12Months, 65), (FigureKey.InpatientsOver1Year, 187)), Today);
        var finding = Assert.Single(c.Findings);
        Assert.Contains("344人", finding.Message, StringComparison.Ordinal);
        Assert.Contains("345人", finding.Message, StringComparison.Ordinal);
        Assert.True(finding.Concerns(FigureKey.InpatientsTotal) && finding.Concerns(FigureKey.InpatientsOver1Year));
    }

    [Theory]
    [InlineData(67, 120, false)]
    [InlineData(67, 121, true)]
    [InlineData(60, 120, true)]
    public void Under_and_over_65_must_equal_the_long_stay_count(int under65, int over65, bool finding)
    {
        var c = ProfileCalculator.Compute(Figures(
            (FigureKey.InpatientsOver1Year, 187), (FigureKey.InpatientsOver1YearUnder65, under65), (FigureKey.InpatientsOver1YearOver65, over65)), Today);
        Assert.Equal(finding, c.Findings.Any(f => f.Concerns(FigureKey.InpatientsOver1YearUnder65)));
    }

    [Theory]
    [InlineData(67, 117, "3人の差があります。")]     // 184 against 187: three short
    [InlineData(67, 121, "1人の差があります。")]     // 188 against 187: one too many
    public void A_long_stay_split_that_does_not_add_up_names_the_gap(int under65, int over65, string gap)
    {
        var c = ProfileCalculator.Compute(Figures(
            (FigureKey.InpatientsOver1Year, 187), (FigureKey.InpatientsOver1YearUnder65, under65), (FigureKey.InpatientsOver1YearOver65, over65)), Today);
        var finding = Assert.Single(c.Findings);
        Assert.EndsWith("一致しません。" + gap, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bands_that_do_not_add_up_name_the_gap_too()
    {
        var c = ProfileCalculator.Compute(Figures(
            (FigureKey.InpatientsTotal, 1344), (FigureKey.InpatientsUnder3Months, 92), (FigureKey.Inpatients3To12Months, 65), (FigureKey.InpatientsOver1Year, 187)), Today);
        Assert.EndsWith("一致しません。1,000人の差があります。", Assert.Single(c.Findings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kurashiki_zero_total_shows_a_dash_with_the_reason_never_an_error_text()
    {
        var c = ProfileCalculator.Compute(new Dictionary<FigureKey, (decimal?, WarekiValue)>
        {
            [FigureKey.InpatientsTotal] = (0, WarekiValue.Unknown),
            [FigureKey.InpatientsUnder3Months] = (null, WarekiValue.Unknown),
        }, Today);
        var share = c.Shares[FigureKey.InpatientsUnder3Months];
        Assert.Null(share.Value);
        Assert.Equal("—", share.Display);
        Assert.Equal("入院精神障害者数の合計が0のため計算できません", share.Reason);
        var noTotal = ProfileCalculator.Compute(Figures((FigureKey.InpatientsUnder3Months, 5)), Today).Shares[FigureKey.InpatientsUnder3Months];
        Assert.Equal("入院精神障害者数の合計が未入力です", noTotal.Reason);
        var noBand = ProfileCalculator.Compute(Figures((FigureKey.InpatientsTotal, 5)), Today).Shares[FigureKey.InpatientsUnder3Months];
        Assert.Equal("3か月未満の人数が未入力です", noBand.Reason);

        var zero = ProfileCalculator.Compute(Figures((FigureKey.InpatientsTotal, 0), (FigureKey.InpatientsUnder3Months, 0)), Today)
            .Shares[FigureKey.InpatientsUnder3Months];
        Assert.Equal("—", zero.Display);
        Assert.Contains("0のため計算できません", zero.Reason, StringComparison.Ordinal);
        foreach (var text in new[] { share.Display, zero.Display, share.Reason!, zero.Reason! })
        {
            Assert.DoesNotContain("DIV", text, StringComparison.Ordinal);
            Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
            Assert.DoesNotContain("∞", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_unfilled_template_date_is_an_unknown_time_point()
    {
        Assert.True(JapaneseDate.TryParse("R●年●月", out var value));
        Assert.False(value.IsKnown);
    }

    [Theory]
    [InlineData(438, 604_894, 72.4)]   // 川口
    [InlineData(854, 473_886, 180.2)]  // 倉敷
    [InlineData(250, 100_000, 250.0)]  // our own
    [InlineData(1, 300_000, 0.3)]
    public void Beds_per_100k_population(int beds, int population, double expected)
    {
        var c = ProfileCalculator.Compute(Figures((FigureKey.PsychiatricBeds, beds), (FigureKey.Population, population)), Today);
        Assert.Equal((decimal)expected, c.BedsPer100k.Value);
    }

    [Fact]
    public void Beds_per_100k_without_population_says_why()
    {
        var c = ProfileCalculator.Compute(Figures((FigureKey.PsychiatricBeds, 438)), Today);
        Assert.Equal("—", c.BedsPer100k.Display);
        Assert.Equal("人口が未入力です", c.BedsPer100k.Reason);
    }

    [Theory]
    [InlineData(49, 63, 77.8)]   // 埼玉
    [InlineData(63, 63, 100.0)]  // the target
    [InlineData(11, 13, 84.6)]   // 埼玉 人材育成研修 11/13 圏域
    [InlineData(13, 13, 100.0)]
    [InlineData(0, 5, 0.0)]
    public void Forum_coverage_and_achievement(int with, int of, double expected)
    {
        var c = ProfileCalculator.Compute(Figures(
            (FigureKey.ForumMunicipalitiesWith, with), (FigureKey.Municipalities, of), (FigureKey.ForumAreasWith, with), (FigureKey.DisabilityWelfareAreas, of)), Today);
        Assert.Equal((decimal)expected, c.ForumMunicipalityCoverage.Value);
        Assert.Equal((decimal)expected, c.ForumAreaCoverage.Value);
    }

    [Fact]
    public void More_municipalities_with_a_forum_than_municipalities_is_a_finding()
    {
        var c = ProfileCalculator.Compute(Figures((FigureKey.ForumMunicipalitiesWith, 64), (FigureKey.Municipalities, 63)), Today);
        Assert.Single(c.Findings, f => f.Concerns(FigureKey.ForumMunicipalitiesWith));
    }

    [Theory]
    [InlineData(FigureKey.DischargeRate3Months, 101, true)]
    [InlineData(FigureKey.DischargeRate3Months, -1, true)]
    [InlineData(FigureKey.DischargeRate3Months, 100, false)]
    [InlineData(FigureKey.Population, -5, true)]
    [InlineData(FigureKey.Population, 0, false)]
    public void Percentages_stay_within_0_to_100_and_counts_are_not_negative(FigureKey key, int value, bool finding)
    {
        var c = ProfileCalculator.Compute(Figures((key, value)), Today);
        Assert.Equal(finding, c.Findings.Any(f => f.Concerns(key)));
    }

    [Fact]
    public void A_time_point_in_the_future_is_a_finding_and_this_month_is_not()
    {
        var future = new Dictionary<FigureKey, (decimal?, WarekiValue)> { [FigureKey.Population] = (1000, new WarekiValue(WarekiPrecision.YearMonth, 2026, 12, 0)) };
        Assert.Contains("未来", Assert.Single(ProfileCalculator.Compute(future, Today).Findings).Message, StringComparison.Ordinal);
        var now = new Dictionary<FigureKey, (decimal?, WarekiValue)> { [FigureKey.Population] = (1000, new WarekiValue(WarekiPrecision.YearMonth, 2026, 11, 0)) };
        Assert.Empty(ProfileCalculator.Compute(now, Today).Findings);
    }

    [Fact]
    public void Discharge_rates_are_cumulative_and_may_not_fall()
    {
        var c = ProfileCalculator.Compute(Figures((FigureKey.DischargeRate3Months, 70), (FigureKey.DischargeRate6Months, 65), (FigureKey.DischargeRate12Months, 90)), Today);
        Assert.Single(c.Findings, f => f.Concerns(FigureKey.DischargeRate6Months));
    }

    [Fact]
    public void Kawaguchi_discharge_rates_miss_the_6th_plan_targets_on_all_three()
    {
        var targets = NationalTarget.Defaults().Where(t => t.Plan == "第6期障害福祉計画").ToList();
        var kawaguchi = new Dictionary<FigureKey, decimal>
        {
            [FigureKey.DischargeRate3Months] = 62.0m, [FigureKey.DischargeRate6Months] = 81.0m, [FigureKey.DischargeRate12Months] = 88.0m,
        };
        foreach (var (key, value) in kawaguchi)
        {
            var target = targets.Single(t => t.Figure == key);
            Assert.Equal(TargetVerdict.NotMet, target.Judge(value));
        }

        Assert.Equal(["69%以上", "86%以上", "92%以上"], kawaguchi.Keys.Select(k => targets.Single(t => t.Figure == k).Describe()));
        Assert.Equal(TargetVerdict.Met, targets.Single(t => t.Figure == FigureKey.DischargeRate3Months).Judge(69.0m));
    }

    [Fact]
    public void Average_living_days_321_9_meets_the_6th_plan_but_not_the_unverified_7th()
    {
        var defaults = NationalTarget.Defaults().Where(t => t.Figure == FigureKey.AverageCommunityLivingDays).ToList();
        var sixth = defaults.Single(t => t.Plan == "第6期障害福祉計画");
        var seventh = defaults.Single(t => t.Plan == "第7期障害福祉計画");
        Assert.Equal(TargetVerdict.Met, sixth.Judge(321.9m));
        Assert.Equal(TargetVerdict.NotMet, seventh.Judge(321.9m));
        Assert.True(sixth.IsVerified);
        Assert.False(seventh.IsVerified); // [M] in the research until someone confirms it
    }

    [Fact]
    public void National_totals_are_shown_for_reference_and_never_judged_against_one_region()
    {
        var longStay = NationalTarget.Defaults().Single(t => t.Plan == "第5期障害福祉計画" && t.Figure == FigureKey.InpatientsOver1Year);
        Assert.Equal(TargetVerdict.NotApplicable, longStay.Judge(187));
        Assert.Equal("14.6万〜15.7万人", longStay.Describe());
        Assert.Equal(TargetVerdict.NoData, NationalTarget.Defaults().First(t => t.Scope == TargetScope.EveryRegion).Judge(null));
    }

    [Theory]
    [InlineData(FigureKey.Population, "604,894", 604894)]
    [InlineData(FigureKey.Population, "６０４，８９４人", 604894)]
    [InlineData(FigureKey.DischargeRate3Months, "62.0%", 62.0)]
    [InlineData(FigureKey.MentalHealthSubcommittee, "(有)・無", 1)]
    [InlineData(FigureKey.MentalHealthSubcommittee, "無", 0)]
    [InlineData(FigureKey.CouncilMeetingsPerYear, "10回", 10)]
    public void Values_are_read_as_the_sheets_write_them(FigureKey key, string text, double expected)
    {
        Assert.True(FigureValues.TryParse(Nimo.Features.Profiles.Figures.Of(key), text, out var value, out _));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData(FigureKey.InpatientsUnder3Months, "#DIV/0!", "Excel の計算エラー")]
    [InlineData(FigureKey.Population, "約60万", "数値として読めません")]
    [InlineData(FigureKey.Population, "12.5", "整数")]
    [InlineData(FigureKey.MentalHealthSubcommittee, "たぶん", "「有」か「無」")]
    public void Unreadable_values_are_refused_with_a_reason(FigureKey key, string text, string reason)
    {
        Assert.False(FigureValues.TryParse(Nimo.Features.Profiles.Figures.Of(key), text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unselected_yes_no_template_is_no_value()
    {
        Assert.True(FigureValues.TryParse(Nimo.Features.Profiles.Figures.Of(FigureKey.MentalHealthSubcommittee), "有・無", out var value, out _));
        Assert.Null(value);
    }
}
