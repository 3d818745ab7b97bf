namespace Nimo.Platform.Japanese;

/// <summary>The eras a person reads on municipal paperwork, newest first.</summary>
public sealed record JapaneseEra(string Name, string Letter, DateOnly Start)
{
    public static readonly IReadOnlyList<JapaneseEra> All =
    [
        new("令和", "R", new DateOnly(2019, 5, 1)),
        new("平成", "H", new DateOnly(1989, 1, 8)),
        new("昭和", "S", new DateOnly(1926, 12, 25)),
        new("大正", "T", new DateOnly(1912, 7, 30)),
        new("明治", "M", new DateOnly(1868, 10, 23)),
    ];

    /// <summary>Western year of this era's year 1 (令和 → 2019, so 令和N = 2018 + N).</summary>
    public int Offset => Start.Year - 1;

    public static JapaneseEra Of(DateOnly date) =>
        All.FirstOrDefault(e => date >= e.Start) ?? All[^1];

    /// <summary>The era in force for most of a western year: used for year-only values such as 年度.</summary>
    public static JapaneseEra OfYear(int year) => Of(new DateOnly(year, 12, 31));

    public static JapaneseEra? Find(string nameOrLetter) =>
        All.FirstOrDefault(e => e.Name == nameOrLetter || string.Equals(e.Letter, nameOrLetter, StringComparison.OrdinalIgnoreCase));
}
