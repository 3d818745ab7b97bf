using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Nimo.Platform.Csv;

namespace Nimo.Platform.Excel;

/// <summary>
/// .xlsx in and out, for people who live in Excel: the first sheet, a header row, one record per row.
/// Numbers are written as numbers (so Excel can sum them) and read back whatever the cell type.
/// </summary>
public static class XlsxFile
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A cell to write: text, or a number when <paramref name="Number"/> is set.</summary>
    public readonly record struct Cell(string? Text, decimal? Number = null)
    {
        public static implicit operator Cell(string? text) => new(text);
    }

    public static byte[] Write(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<Cell>> rows)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var stylesPart = workbook.AddNewPart<WorkbookStylesPart>();
            stylesPart.Stylesheet = Styles();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint rowIndex = 1;
            data.Append(Row(rowIndex++, header.Select(h => new Cell(h)).ToList(), headerStyle: true));
            foreach (var row in rows)
            {
                data.Append(Row(rowIndex++, row, headerStyle: false));
            }

            var columns = new Columns();
            for (uint i = 1; i <= header.Count; i++)
            {
                columns.Append(new Column { Min = i, Max = i, Width = 18, CustomWidth = true });
            }

            sheetPart.Worksheet = new Worksheet(
                new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                { WorkbookViewId = 0 }),
                columns, data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = SafeSheetName(sheetName) }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    /// <summary>
    /// What the parts of an uploaded workbook may add up to once decompressed. Measured: the largest file an import takes
    /// (50,000 rows of 基礎情報 as the app exports it, inline strings) is 41 MB of sheet XML; the same rows saved by a
    /// spreadsheet program (shared strings) are 23 MB.
    /// </summary>
    public const long MaxUncompressedBytes = 48 * 1024 * 1024;

    /// <summary>
    /// The shared-strings part alone: 0.7 MB in those 50,000 rows saved by a spreadsheet program, about 14 MB if every cell
    /// were a different text. It is read item by item, never as one document (as one, 64 MB of it took 1.3 GB).
    /// </summary>
    public const long MaxSharedStringsBytes = 16 * 1024 * 1024;

    /// <summary>[Content_Types].xml and the relationship parts, which the package reader parses whole: a few KB in real files.</summary>
    private const long MaxPackageMetadataBytes = 1024 * 1024;

    /// <summary>Excel's own limits: column XFD, 32,767 characters in a cell, and more parts than a workbook of one sheet ever has.</summary>
    private const int MaxColumns = 16_384;
    private const int MaxCellCharacters = 32_767;
    private const int MaxParts = 1_000;

    private const string NotXlsx = "Excel ファイル(.xlsx)として読めません。Excel で「Excel ブック(*.xlsx)」として保存し直してください。";
    private static string TooLarge(long limit) =>
        $"Excel ファイルの中身が大きすぎます(展開後{limit / 1024 / 1024}MBまで)。不要なシートや書式を削除するか、ファイルを分けてください。";

    private static readonly System.Xml.XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = System.Xml.DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>
    /// Reads the first sheet into the same rows a CSV upload gives, so one importer serves both. Nothing is held as a
    /// document: the workbook, the shared strings and the sheet are read element by element, and a row keeps only the cells
    /// under a named header, so memory follows what the rows hold, not what the file claims.
    /// </summary>
    public static CsvReadResult Read(byte[] bytes, IReadOnlyList<string> requiredColumns)
    {
        if (bytes.Length == 0)
        {
            return Fail("ファイルが空です。");
        }

        if (bytes.Length > CsvFile.MaxBytes)
        {
            return Fail($"ファイルが大きすぎます({CsvFile.MaxBytes / 1024 / 1024}MBまで)。");
        }

        try
        {
            if (CheckArchive(bytes) is { } refusal)
            {
                return Fail(refusal);
            }

            using var stream = new MemoryStream(bytes, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException();
            var part = workbook.GetPartById(FirstSheetId(workbook) ?? throw new InvalidDataException()) as WorksheetPart ?? throw new InvalidDataException();
            var shared = workbook.SharedStringTablePart is { } sst ? SharedStrings(sst) : [];
            return ReadSheet(part, shared, requiredColumns);
        }
        catch (PartTooLargeException e)
        {
            return Fail(TooLarge(e.Limit));
        }
        catch (CellTooLongException e)
        {
            return Fail($"{e.Where}: セルの文字数が Excel の上限(32,767文字)を超えています。");
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or FileFormatException or InvalidOperationException or System.Xml.XmlException
                                       or IOException or InvalidCastException or ArgumentException or KeyNotFoundException or NotSupportedException or FormatException)
        {
            return Fail(NotXlsx);
        }
    }

    private static CsvReadResult Fail(string message) => new([], "", [message]);

    /// <summary>The relationship id of the workbook's first sheet, read from the workbook part without loading it.</summary>
    private static string? FirstSheetId(WorkbookPart workbook)
    {
        using var xml = System.Xml.XmlReader.Create(new CappedStream(workbook.GetStream(FileMode.Open, FileAccess.Read), MaxUncompressedBytes), XmlSettings);
        while (xml.Read())
        {
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "sheet")
            {
                for (var more = xml.MoveToFirstAttribute(); more; more = xml.MoveToNextAttribute())
                {
                    if (xml.LocalName == "id" && xml.NamespaceURI.EndsWith("/relationships", StringComparison.Ordinal))
                    {
                        return xml.Value;
                    }
                }

                return null;
            }
        }

        return null;
    }

    /// <summary>The shared strings, item by item, each as the text a person sees (without its phonetic guide).</summary>
    private static List<string> SharedStrings(SharedStringTablePart part)
    {
        var strings = new List<string>();
        using var xml = System.Xml.XmlReader.Create(new CappedStream(part.GetStream(FileMode.Open, FileAccess.Read), MaxSharedStringsBytes), XmlSettings);
        var scanner = new Scanner(xml);
        while (xml.Read())
        {
            if (xml.NodeType == System.Xml.XmlNodeType.Element && xml.LocalName == "si")
            {
                strings.Add(scanner.RichText(new Where(-1, strings.Count)));
            }
        }

        return strings;
    }

    /// <summary>Streams the sheet: the first row is the header, each later row becomes a record right away.</summary>
    private static CsvReadResult ReadSheet(WorksheetPart part, List<string> shared, IReadOnlyList<string> requiredColumns)
    {
        string[]? header = null;
        var headerRow = 0;
        var rows = new SortedDictionary<int, CsvRow>();
        var errors = new List<string>();
        var cells = new Dictionary<int, string>();
        var seenRows = 0;
        using var xml = System.Xml.XmlReader.Create(new CappedStream(part.GetStream(FileMode.Open, FileAccess.Read), MaxUncompressedBytes), XmlSettings);
        var scanner = new Scanner(xml);
        while (xml.Read())
        {
            if (xml.NodeType != System.Xml.XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }

            var rowNumber = long.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? (int)Math.Min(r, int.MaxValue) : 0;
            cells.Clear();
            if (scanner.Row(rowNumber, shared, cells) is { } problem)
            {
                return Fail(problem);
            }

            if (rowNumber <= 0)
            {
                continue;
            }

            if (++seenRows > CsvFile.MaxRows + 1)
            {
                return Fail($"行数が多すぎます({CsvFile.MaxRows:N0}行まで)。ファイルを分けてください。");
            }

            if (header is null)
            {
                var width = cells.Count == 0 ? 0 : cells.Keys.Max() + 1;
                header = [.. Enumerable.Range(0, width).Select(i => cells.GetValueOrDefault(i, "").Trim())];
                headerRow = rowNumber;
                var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
                if (missing.Count > 0)
                {
                    return Fail($"{headerRow}行目: 必要な列がありません: {string.Join("、", missing.Select(m => $"「{m}」"))}。");
                }

                continue;
            }

            if (rowNumber <= headerRow || cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var byName = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i].Length > 0)
                {
                    byName[header[i]] = cells.GetValueOrDefault(i, "");
                }
            }

            foreach (var (column, value) in cells)
            {
                if ((column >= header.Length || header[column].Length == 0) && !string.IsNullOrWhiteSpace(value))
                {
                    errors.Add($"{rowNumber}行目: 見出しのない{CsvRow.ColumnLetter(column)}列に値があります。列を見出しの範囲に収めるか、見出しを付けてください。");
                    break;
                }
            }

            rows[rowNumber] = new CsvRow(rowNumber, byName, header);
        }

        if (header is null)
        {
            return Fail("シートが空です。1行目に列名を書いてください。");
        }

        return rows.Count == 0 && errors.Count == 0 ? Fail("データ行がありません。") : new CsvReadResult([.. rows.Values], "Excel(.xlsx)", errors);
    }

    /// <summary>Where a text is, for the message when it is too long: a cell (row ≥ 0) or a shared string.</summary>
    private readonly record struct Where(int Row, int Index)
    {
        public override string ToString() => Row >= 0 ? $"{Row}行目 {CsvRow.ColumnLetter(Index)}列" : $"共有文字列{Index + 1}番";
    }

    /// <summary>
    /// Reads text out of the XML without a document, with one buffer for all of it, and hands out one string per distinct
    /// short value: 50,000 rows of the same 年度 or unit keep one copy of it, not 50,000.
    /// </summary>
    private sealed class Scanner(System.Xml.XmlReader xml)
    {
        private const int PoolLimit = 50_000, PooledLength = 24;
        private readonly StringBuilder _text = new();
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);

        /// <summary>The cells of the row the reader is on, by column; null, or the message of why the row cannot be read.</summary>
        public string? Row(int rowNumber, List<string> shared, Dictionary<int, string> cells)
        {
            if (xml.IsEmptyElement)
            {
                return null;
            }

            var depth = xml.Depth;
            var position = 0;
            while (xml.Read() && xml.Depth > depth)
            {
                if (xml.NodeType != System.Xml.XmlNodeType.Element || xml.LocalName != "c" || xml.Depth != depth + 1)
                {
                    continue;
                }

                var reference = xml.GetAttribute("r");
                position = reference is not null ? ColumnIndex(reference) : position;
                if (position is < 0 or >= MaxColumns)
                {
                    return $"{rowNumber}行目: セルの位置「{reference}」が Excel の範囲(XFD列まで)を超えています。";
                }

                cells[position] = Cell(new Where(rowNumber, position), shared);
                position++;
            }

            return null;
        }

        /// <summary>A cell's text as a person sees it, the reader on its &lt;c&gt;: the value (a formula's result), or its inline text.</summary>
        private string Cell(Where where, List<string> shared)
        {
            var type = xml.GetAttribute("t");
            if (xml.IsEmptyElement)
            {
                return "";
            }

            string? value = null, inline = null;
            var depth = xml.Depth;
            while (xml.Read() && xml.Depth > depth)
            {
                if (xml.NodeType != System.Xml.XmlNodeType.Element || xml.Depth != depth + 1)
                {
                    continue;
                }

                if (xml.LocalName == "v" && value is null)
                {
                    value = ElementText(where);
                }
                else if (xml.LocalName == "is" && inline is null)
                {
                    inline = RichText(where);
                }
            }

            var raw = value ?? inline ?? "";
            return type switch
            {
                "s" => int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "",
                "b" => raw == "1" ? "TRUE" : "FALSE",
                "e" => raw, // e.g. "#DIV/0!", reported by the importer as an Excel error
                "inlineStr" => inline ?? raw,
                null or "n" => Number(raw),
                _ => raw,
            };
        }

        /// <summary>
        /// Numbers come back as Excel stored them ("0.1" may be "0.10000000000000001"): tidied to 15 significant digits. A
        /// whole number already written plainly is kept as it is.
        /// </summary>
        private string Number(string raw)
        {
            if (raw.Length is > 0 and < 16 && raw.AsSpan(raw[0] == '-' ? 1 : 0) is { Length: > 0 } digits && !digits.ContainsAnyExceptInRange('0', '9')
                && (digits.Length == 1 || digits[0] != '0'))
            {
                return raw;
            }

            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? Pooled(((decimal)Math.Round(d, 10)).ToString("0.##########", CultureInfo.InvariantCulture))
                : raw;
        }

        /// <summary>
        /// The text of an &lt;si&gt; or &lt;is&gt; element, the reader on it: its &lt;t&gt; and those of its runs, but not those
        /// inside &lt;rPh&gt;. Excel stores the ふりがな of text typed with the IME there, and reading it along gave
        /// 「川口市カワグチシ」.
        /// </summary>
        public string RichText(Where where)
        {
            if (xml.IsEmptyElement)
            {
                return "";
            }

            var depth = xml.Depth;
            _text.Clear();
            int phonetic = -1, inText = -1;
            while (xml.Read() && xml.Depth > depth)
            {
                switch (xml.NodeType)
                {
                    case System.Xml.XmlNodeType.Element when phonetic < 0 && !xml.IsEmptyElement:
                        if (xml.LocalName == "rPh")
                        {
                            phonetic = xml.Depth;
                        }
                        else if (xml.LocalName == "t")
                        {
                            inText = xml.Depth;
                        }

                        break;
                    case System.Xml.XmlNodeType.EndElement:
                        phonetic = xml.Depth == phonetic ? -1 : phonetic;
                        inText = xml.Depth == inText ? -1 : inText;
                        break;
                    case System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.CDATA or System.Xml.XmlNodeType.Whitespace or System.Xml.XmlNodeType.SignificantWhitespace
                        when inText >= 0 && phonetic < 0:
                        Append(xml.Value, where);
                        break;
                }
            }

            return Text();
        }

        /// <summary>The text of a simple element (&lt;v&gt;), the reader on it.</summary>
        private string ElementText(Where where)
        {
            if (xml.IsEmptyElement)
            {
                return "";
            }

            var depth = xml.Depth;
            _text.Clear();
            while (xml.Read() && xml.Depth > depth)
            {
                if (xml.NodeType is System.Xml.XmlNodeType.Text or System.Xml.XmlNodeType.CDATA or System.Xml.XmlNodeType.Whitespace or System.Xml.XmlNodeType.SignificantWhitespace)
                {
                    Append(xml.Value, where);
                }
            }

            return Text();
        }

        private void Append(string value, Where where)
        {
            _text.Append(value);
            if (_text.Length > MaxCellCharacters)
            {
                throw new CellTooLongException(where.ToString());
            }
        }

        private string Text()
        {
            if (_text.Length is 0 or > PooledLength)
            {
                return _text.ToString();
            }

            Span<char> chars = stackalloc char[PooledLength];
            _text.CopyTo(0, chars, _text.Length);
            return _pool.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[.._text.Length], out var known) ? known : Pooled(_text.ToString());
        }

        private string Pooled(string value)
        {
            if (value.Length > PooledLength)
            {
                return value;
            }

            if (_pool.TryGetValue(value, out var known))
            {
                return known;
            }

            if (_pool.Count < PoolLimit)
            {
                _pool[value] = value;
            }

            return value;
        }
    }

    /// <summary>
    /// A zip bomb is refused before anything is parsed: by the sizes the archive declares, then by what its parts really
    /// decompress to, counted while streaming (a declared size can lie) and never held in memory.
    /// </summary>
    private static string? CheckArchive(byte[] bytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes, writable: false), System.IO.Compression.ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxParts)
        {
            return NotXlsx;
        }

        var tooLarge = TooLarge(MaxUncompressedBytes);
        if (zip.Entries.Sum(e => e.Length) > MaxUncompressedBytes)
        {
            return tooLarge;
        }

        var total = 0L;
        var buffer = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            // The package reader parses these whole; real ones are a few KB.
            var metadata = entry.FullName == "[Content_Types].xml" || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);
            using var part = entry.Open();
            var size = 0L;
            int read;
            while ((read = part.Read(buffer, 0, buffer.Length)) > 0)
            {
                size += read;
                total += read;
                if (total > MaxUncompressedBytes || size > entry.Length)
                {
                    return tooLarge;
                }

                if (metadata && size > MaxPackageMetadataBytes)
                {
                    return NotXlsx;
                }
            }
        }

        return null;
    }

    /// <summary>A part's stream that refuses to give more than its limit: the sizes were checked, this keeps them true.</summary>
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            return _read > limit ? throw new PartTooLargeException(limit) : n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class PartTooLargeException(long limit) : Exception
    {
        public long Limit { get; } = limit;
    }

    private sealed class CellTooLongException(string where) : Exception
    {
        public string Where { get; } = where;
    }

    /// <summary>True when the bytes start like a zip archive, as every .xlsx does.</summary>
    public static bool LooksLikeXlsx(byte[] bytes) => bytes.Length > 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04;

    /// <summary>"A1" → 0, "XFD1" → 16383; a reference past Excel's last column is -1 rather than an overflowed int.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = (index * 26) + (c - 'A' + 1);
            if (index > MaxColumns)
            {
                return -1;
            }
        }

        return index - 1;
    }

    private static Row Row(uint index, IReadOnlyList<Cell> cells, bool headerStyle)
    {
        var row = new Row { RowIndex = index };
        for (var i = 0; i < cells.Count; i++)
        {
            var reference = CsvRow.ColumnLetter(i) + index.ToString(CultureInfo.InvariantCulture);
            var c = cells[i];
            var cell = c.Number is decimal n
                ? new DocumentFormat.OpenXml.Spreadsheet.Cell { CellReference = reference, CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture)), DataType = CellValues.Number }
                : new DocumentFormat.OpenXml.Spreadsheet.Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(c.Text ?? "") { Space = SpaceProcessingModeValues.Preserve }) };
            if (headerStyle)
            {
                cell.StyleIndex = 1;
            }

            row.Append(cell);
        }

        return row;
    }

    private static Stylesheet Styles() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });

    private static string SafeSheetName(string name)
    {
        var cleaned = new string([.. name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]);
        return cleaned.Length == 0 ? "Sheet1" : cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }
}
