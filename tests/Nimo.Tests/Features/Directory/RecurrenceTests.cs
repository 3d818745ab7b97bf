using Nimo.Features.Directory;

namespace Nimo.Tests.Features.Directory;

public sealed class RecurrenceTests
{
    [Theory]
    [InlineData("毎週火曜 13:30〜15:00", "FREQ=WEEKLY;BYDAY=TU", "毎週火曜 13:30〜15:00")]
    [InlineData("毎週火曜日 13:30-15:00", "FREQ=WEEKLY;BYDAY=TU", "毎週火曜 13:30〜15:00")]
    [InlineData("火・木曜 10時〜12時", "FREQ=WEEKLY;BYDAY=TU,TH", "毎週火・木曜 10:00〜12:00")]
    [InlineData("平日 8:30～17:15", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "平日(月〜金) 8:30〜17:15")]
    [InlineData("月〜金", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "平日(月〜金)")]
    [InlineData("毎日", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", "毎日")]
    [InlineData("第2土曜", "FREQ=MONTHLY;BYDAY=2SA", "毎月第2土曜")]
    [InlineData("第１・第３水曜日　１４：００～１６：００", "FREQ=MONTHLY;BYDAY=1WE,3WE", "毎月第1・第3水曜 14:00〜16:00")]
    [InlineData("最終金曜", "FREQ=MONTHLY;BYDAY=-1FR", "毎月最終金曜")]
    [InlineData("毎月15日", "FREQ=MONTHLY;BYMONTHDAY=15", "毎月15日")]
    [InlineData("毎月5日・20日", "FREQ=MONTHLY;BYMONTHDAY=5,20", "毎月5日・20日")]
    [InlineData("月に1回", "FREQ=MONTHLY", "月1回")]
    [InlineData("月1回", "FREQ=MONTHLY", "月1回")]
    public void Japanese_lines_are_stored_as_rrule_and_shown_back_in_japanese(string text, string rule, string shown)
    {
        Assert.True(Recurrence.TryParseJapanese(text, out var r, out var opens, out var closes, out var error), error);
        Assert.Equal(rule, r.ToRule());
        Assert.Equal(shown, ScheduleContent.Describe(r, opens, closes));
        // What is shown back reads back to the same rule, so an unchanged form row never changes the schedule.
        Assert.True(Recurrence.TryParseJapanese(shown, out var again, out _, out _, out _));
        Assert.Equal(rule, again.ToRule());
        Assert.True(Recurrence.TryParseRule(rule, out var parsed, out _));
        Assert.Equal(rule, parsed.ToRule());
    }

    [Theory]
    [InlineData("月2回", "第1・第3火曜")]
    [InlineData("隔週木曜", "第1・第3火曜")]
    [InlineData("13:00", "13:30〜15:00")]
    [InlineData("毎週火曜 15:00〜13:00", "終了は開始より後")]
    [InlineData("いつでも", "毎週火曜 13:30〜15:00")]
    [InlineData("", "日時を入力してください")]
    public void Lines_it_cannot_store_are_refused_with_how_to_write_them(string text, string hint)
    {
        Assert.False(Recurrence.TryParseJapanese(text, out _, out _, out _, out var error));
        Assert.Contains(hint, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Occurrences_match_ical_net_over_a_year()
    {
        foreach (var rule in new[] { "FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=MONTHLY;BYDAY=2SA", "FREQ=MONTHLY;BYDAY=1WE,3WE", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=MONTHLY;BYMONTHDAY=-1" })
        {
            Assert.True(Recurrence.TryParseRule(rule, out var r, out _));
            var start = new DateOnly(2026, 1, 1);
            var calendarEvent = new Ical.Net.CalendarComponents.CalendarEvent
            {
                DtStart = new Ical.Net.DataTypes.CalDateTime(2026, 1, 1),
                RecurrenceRule = new Ical.Net.DataTypes.RecurrencePattern(rule),
            };
            var expected = calendarEvent.GetOccurrences(new Ical.Net.DataTypes.CalDateTime(2026, 1, 1))
                .Select(o => DateOnly.FromDateTime(o.Period.StartTime.Value)).TakeWhile(d => d.Year == 2026).ToHashSet();
            var ours = Enumerable.Range(0, 365).Select(start.AddDays).Where(d => r.OccursOn(d)).ToHashSet();
            // iCalendar counts DTSTART itself as the first occurrence even off the rule; compare the days the rule names.
            expected.RemoveWhere(d => d == start && !ours.Contains(d));
            Assert.True(expected.SetEquals(ours), $"{rule}: {string.Join(",", expected.Except(ours))} / {string.Join(",", ours.Except(expected))}");
        }
    }

    [Fact]
    public void A_monthly_rule_without_a_day_is_never_open_today()
    {
        Assert.True(Recurrence.TryParseJapanese("月に1回", out var r, out _, out _, out _));
        Assert.False(r.HasDays);
        Assert.DoesNotContain(Enumerable.Range(0, 62).Select(i => new DateOnly(2026, 11, 1).AddDays(i)), d => r.OccursOn(d));
    }

    [Theory]
    [InlineData("7000012050002", true)]
    [InlineData("8000012050002", false)]
    [InlineData("700001205000", false)]
    public void Corporate_numbers_are_checked_by_their_check_digit(string number, bool valid) =>
        Assert.Equal(valid, OrganizationIdentifier.Check(IdentifierKind.CorporateNumber, number) is null);

    [Theory]
    [InlineData("1312345678", true)]
    [InlineData("9912345678", false)]
    [InlineData("131234567", false)]
    public void Office_numbers_have_ten_digits_and_a_prefecture(string number, bool valid) =>
        Assert.Equal(valid, OrganizationIdentifier.Check(IdentifierKind.OfficeNumber, number) is null);

    [Theory]
    [InlineData("本郷四丁目", "本郷4-")]
    [InlineData("本郷４丁目１５番１４号", "本郷4-15-14")]
    [InlineData("本郷4-15-14", "本郷4-15-14")]
    [InlineData("霞ヶ関一丁目", "霞ケ関1-")]
    public void Addresses_written_differently_normalise_alike(string text, string key) => Assert.Equal(key, AddressKey.Normalize(text));
}
