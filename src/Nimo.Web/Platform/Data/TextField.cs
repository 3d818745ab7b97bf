namespace Nimo.Platform.Data;

/// <summary>
/// The lengths a text column can have. The EF configuration (<c>HasMaxLength</c>), the entity's check
/// (<see cref="TextField"/>) and the input model (<c>[StringLength]</c>) name the same constant, so the form, the rule and
/// the column cannot drift apart.
/// </summary>
public static class TextLength
{
    /// <summary>A person's name or its kana (氏名, ふりがな).</summary>
    public const int PersonName = 100;

    /// <summary>A unit of measure (人, 回, %).</summary>
    public const int Unit = 20;

    /// <summary>A short phrase (開催頻度: 「年2回」).</summary>
    public const int Phrase = 100;

    /// <summary>A phone number or another short contact line.</summary>
    public const int Phone = 50;

    /// <summary>A title or the name of a record (計画のタイトル, 協議の場の名称).</summary>
    public const int Title = 200;

    /// <summary>One line of a form: an indicator's name, a value written as text (「増加」「24回」).</summary>
    public const int Line = 500;

    /// <summary>A postal address.</summary>
    public const int Address = 300;

    /// <summary>A paragraph: a scope of consent, a withdrawal note.</summary>
    public const int Paragraph = 1000;

    /// <summary>A note or a section of a form (世帯の状況, 備考, 目標).</summary>
    public const int Note = 2000;

    /// <summary>A long section of a report (リード文, 地域ビジョン).</summary>
    public const int Section = 4000;

    /// <summary>A whole account (取組概要).</summary>
    public const int Document = 8000;

    /// <summary>The minutes of a meeting, pasted whole from a word processor.</summary>
    public const int Minutes = 50_000;

    /// <summary>A user name as Identity stores it (who recorded a row).</summary>
    public const int UserName = 256;
}

/// <summary>
/// The one rule for text a person types: trimmed, empty means absent, longer than the column is refused with a whole
/// sentence naming the field. Entities call it in their constructors and update methods (the rule lives on the entity).
/// </summary>
public static class TextField
{
    /// <summary>The trimmed text, or a refusal when it is empty or too long.</summary>
    public static string Required(string? value, int max, string label)
    {
        var s = value?.Trim() ?? "";
        return s.Length == 0 ? throw new DomainRuleException($"{label}を入力してください。")
            : s.Length > max ? throw TooLong(max, label) : s;
    }

    /// <summary>The trimmed text, null when empty, or a refusal when too long.</summary>
    public static string? Optional(string? value, int max, string label)
    {
        var s = value?.Trim();
        return string.IsNullOrEmpty(s) ? null : s.Length > max ? throw TooLong(max, label) : s;
    }

    /// <summary>
    /// Like <see cref="Optional"/> for text of several lines that leaves Nimo (a report sheet cell, a printed page): line
    /// breaks are stored as LF whatever the browser sent, and the length is counted after that.
    /// </summary>
    public static string? Lines(string? value, int max, string label) =>
        Optional(value?.Replace("\r\n", "\n", StringComparison.Ordinal), max, label);

    private static DomainRuleException TooLong(int max, string label) => new($"{label}は{max}文字以内で入力してください。");
}
