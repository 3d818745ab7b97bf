namespace Nimo.Platform.Japanese;

/// <summary>年度: April to March, named after the western year it starts in (R6年度 = 2024-04-01..2025-03-31).</summary>
public readonly record struct FiscalYear(int StartYear) : IComparable<FiscalYear>
{
    public DateOnly Start => new(StartYear, 4, 1);
    public DateOnly End => new(StartYear + 1, 3, 31);

    /// <summary>The years Nimo accepts anywhere (profiles, meetings, calendars, files): wider than any real record, narrow
    /// enough that 和暦 formatting and date arithmetic never fail on what a form or a URL sends.</summary>
    public const int FirstSupportedYear = 1990, LastSupportedYear = 2200;

    public static bool IsSupported(int year) => year is >= FirstSupportedYear and <= LastSupportedYear;

    public static FiscalYear Of(DateOnly date) => new(date.Month >= 4 ? date.Year : date.Year - 1);
    public static FiscalYear Of(DateTimeOffset instant) => Of(DateOnly.FromDateTime(JapanTime.ToJst(instant).DateTime));

    public bool Contains(DateOnly date) => date >= Start && date <= End;
    public FiscalYear Previous => new(StartYear - 1);
    public FiscalYear Next => new(StartYear + 1);

    /// <summary>「令和6年度」. A fiscal year starting in 2019 (平成31年4月) is written 令和元年度 by convention.</summary>
    public string ToWareki()
    {
        var era = JapaneseEra.OfYear(StartYear);
        return $"{era.Name}{JapaneseDate.YearNumber(StartYear - era.Offset)}年度";
    }

    /// <summary>「R6年度」, the short form used in tables and seed sheets.</summary>
    public string ToShortWareki()
    {
        var era = JapaneseEra.OfYear(StartYear);
        return $"{era.Letter}{StartYear - era.Offset}年度";
    }

    public override string ToString() => ToWareki();
    public int CompareTo(FiscalYear other) => StartYear.CompareTo(other.StartYear);
    public static bool operator <(FiscalYear a, FiscalYear b) => a.StartYear < b.StartYear;
    public static bool operator >(FiscalYear a, FiscalYear b) => a.StartYear > b.StartYear;
    public static bool operator <=(FiscalYear a, FiscalYear b) => a.StartYear <= b.StartYear;
    public static bool operator >=(FiscalYear a, FiscalYear b) => a.StartYear >= b.StartYear;
}
