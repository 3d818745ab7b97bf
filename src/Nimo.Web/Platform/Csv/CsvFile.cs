using System.Text;

namespace Nimo.Platform.Csv;

public enum CsvEncoding
{
    Auto,
    Utf8,
    ShiftJis,
}

/// <summary>One data line of an uploaded CSV: its line number as a person counts them (header = 1) and its cells by column name.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Cells, IReadOnlyList<string>? Header = null)
{
    /// <summary>「3行目 E列「値」」: where a cell is, the way a person finds it in Excel.</summary>
    public string Locate(string column)
    {
        var index = Header?.ToList().IndexOf(column) ?? -1;
        return index < 0 ? $"{Line}行目「{column}」" : $"{Line}行目 {ColumnLetter(index)}列「{column}」";
    }

    /// <summary>0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnLetter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    /// <summary>The trimmed cell; a leading apostrophe added by <see cref="CsvFile.Defuse"/> on export is taken off again.</summary>
    public string Get(string column)
    {
        var v = Cells.TryGetValue(column, out var raw) ? raw.Trim() : "";
        return v.Length > 1 && v[0] == '\'' && v[1] is '=' or '+' or '@' or '-' or '\t' or '\r' ? v[1..] : v;
    }
}

public sealed record CsvReadResult(IReadOnlyList<CsvRow> Rows, string EncodingName, IReadOnlyList<string> Errors);

/// <summary>
/// Reading and writing the CSV files municipalities exchange: UTF-8 (with or without BOM) or Shift_JIS
/// (what Excel writes by default in Japan), header row required.
/// </summary>
public static partial class CsvFile
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxRows = 50_000;

    static CsvFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding ShiftJis => Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>
    /// Decodes with the chosen encoding, or detects it: a UTF-8 BOM or valid UTF-8 means UTF-8, otherwise Shift_JIS
    /// (CP932). Bytes that are valid in neither are an error, never silently replaced with "?".
    /// </summary>
    public static bool TryDecode(byte[] bytes, CsvEncoding choice, out string text, out string encodingName)
    {
        text = "";
        encodingName = "";
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var hasBom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        var offset = hasBom ? 3 : 0;
        if (choice != CsvEncoding.ShiftJis)
        {
            try
            {
                text = utf8.GetString(bytes, offset, bytes.Length - offset);
                encodingName = "UTF-8";
                return true;
            }
            catch (DecoderFallbackException) when (choice == CsvEncoding.Auto)
            {
                // Not UTF-8: try Shift_JIS below.
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        try
        {
            text = ShiftJis.GetString(bytes);
            encodingName = "Shift_JIS";
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    public static CsvReadResult Read(byte[] bytes, CsvEncoding choice, IReadOnlyList<string> requiredColumns)
    {
        if (bytes.Length == 0)
        {
            return Fail("ファイルが空です。");
        }

        if (bytes.Length > MaxBytes)
        {
            return Fail($"ファイルが大きすぎます({MaxBytes / 1024 / 1024}MBまで)。");
        }

        if (!TryDecode(bytes, choice, out var text, out var encodingName))
        {
            return Fail(choice switch
            {
                CsvEncoding.Utf8 => "UTF-8 として読めない文字があります。文字コードを「Shift_JIS」にして取り込み直してください。",
                CsvEncoding.ShiftJis => "Shift_JIS として読めない文字があります。文字コードを「UTF-8」にして取り込み直してください。",
                _ => "文字コードを判別できません。UTF-8 または Shift_JIS で保存したCSVを指定してください。",
            });
        }

        var rows = new List<CsvRow>();
        var errors = new List<string>();
        if (!CsvParser.TryParse(text, out var records, out var parseError))
        {
            return Fail(parseError!);
        }

        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace))
        {
            return Fail("見出し行がありません。1行目に列名を書いてください。");
        }

        var header = records[0].Select(h => h.Trim()).ToArray();
        var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            return Fail($"1行目: 必要な列がありません: {string.Join("、", missing.Select(m => $"「{m}」"))}。");
        }

        for (var index = 1; index < records.Count; index++)
        {
            // Records are counted as Excel counts rows (header = 1), even when a quoted cell spans lines.
            var line = index + 1;
            var record = records[index];
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            if (rows.Count >= MaxRows)
            {
                return Fail($"行数が多すぎます({MaxRows:N0}行まで)。ファイルを分けてください。");
            }

            if (record.Count > header.Length && record.Skip(header.Length).Any(c => c.Trim().Length > 0))
            {
                errors.Add($"{line}行目: 列の数が見出しより多くなっています(区切りの「,」や「\"」を確認してください)。");
            }

            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                cells[header[i]] = i < record.Count ? record[i] : "";
            }

            rows.Add(new CsvRow(line, cells, header));
        }

        if (rows.Count == 0 && errors.Count == 0)
        {
            return Fail("データ行がありません。");
        }

        return new CsvReadResult(rows, encodingName, errors);

        static CsvReadResult Fail(string message) => new([], "", [message]);
    }

    /// <summary>Writes rows as CSV; UTF-8 with BOM so Excel opens it correctly, or Shift_JIS on request.</summary>
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, CsvEncoding encoding)
    {
        var writer = new StringBuilder();
        AppendRecord(writer, header);
        foreach (var row in rows)
        {
            AppendRecord(writer, row.Select(Defuse));
        }

        var text = writer.ToString();
        if (encoding == CsvEncoding.ShiftJis)
        {
            // Characters outside CP932 become "?" rather than failing a whole export.
            return Encoding.GetEncoding(932, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback).GetBytes(text);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }

    private static void AppendRecord(StringBuilder sb, IEnumerable<string?> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            var value = cell ?? "";
            if (value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || value.StartsWith(' ') || value.EndsWith(' '))
            {
                sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(value);
            }
        }

        sb.Append("\r\n");
    }

    /// <summary>
    /// Stops a cell from being run as a formula when the file is opened in Excel (CSV injection, OWASP): every cell starting
    /// with =, +, -, @, a tab or a carriage return gets a leading apostrophe, except a plain number such as -12.5, which
    /// must stay a number. A minus and a digit is not enough: "-1+cmd|' /C calc'!A0" is a formula.
    /// </summary>
    public static string Defuse(string? cell) =>
        cell is { Length: > 0 } && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !PlainNumber().IsMatch(cell)
            ? "'" + cell
            : cell ?? "";

    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PlainNumber();

    public static CsvEncoding ParseEncoding(string? value) =>
        value?.ToUpperInvariant() switch
        {
            "UTF8" or "UTF-8" => CsvEncoding.Utf8,
            "SJIS" or "SHIFT_JIS" or "SHIFTJIS" => CsvEncoding.ShiftJis,
            _ => CsvEncoding.Auto,
        };
}
