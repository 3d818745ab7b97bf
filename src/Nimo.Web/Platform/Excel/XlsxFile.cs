using System.Globalization;
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

    /// <summary>What the parts of an uploaded workbook may add up to once decompressed: a 50,000-row sheet is well under it.</summary>
    public const long MaxUncompressedBytes = 64 * 1024 * 1024;

    /// <summary>Excel's own limits: column XFD, and more parts than a workbook of one sheet ever has.</summary>
    private const int MaxColumns = 16_384;
    private const int MaxParts = 1_000;

    private const string NotXlsx = "Excel ファイル(.xlsx)として読めません。Excel で「Excel ブック(*.xlsx)」として保存し直してください。";

    /// <summary>Reads the first sheet into the same rows a CSV upload gives, so one importer serves both.</summary>
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
            var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException();
            var part = workbook.GetPartById(sheet.Id?.Value ?? throw new InvalidDataException()) as WorksheetPart ?? throw new InvalidDataException();
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
            var grid = new SortedDictionary<int, Dictionary<int, string>>();
            // Row by row rather than the whole sheet as one DOM: memory stays that of one row whatever the sheet's size.
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                var rowNumber = (int)Math.Min(row.RowIndex?.Value ?? 0, int.MaxValue);
                var cells = new Dictionary<int, string>();
                var position = 0;
                foreach (var cell in row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
                {
                    position = cell.CellReference?.Value is string reference ? ColumnIndex(reference) : position;
                    if (position is < 0 or >= MaxColumns)
                    {
                        return Fail($"{rowNumber}行目: セルの位置「{cell.CellReference?.Value}」が Excel の範囲(XFD列まで)を超えています。");
                    }

                    cells[position] = CellText(cell, shared);
                    position++;
                }

                if (rowNumber > 0)
                {
                    grid[rowNumber] = cells;
                }

                if (grid.Count > CsvFile.MaxRows + 1)
                {
                    return Fail($"行数が多すぎます({CsvFile.MaxRows:N0}行まで)。ファイルを分けてください。");
                }
            }

            if (grid.Count == 0)
            {
                return Fail("シートが空です。1行目に列名を書いてください。");
            }

            var (headerRow, headerCells) = grid.First();
            var width = headerCells.Count == 0 ? 0 : headerCells.Keys.Max() + 1;
            var header = Enumerable.Range(0, width).Select(i => headerCells.GetValueOrDefault(i, "").Trim()).ToArray();
            var missing = requiredColumns.Where(c => !header.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                return Fail($"{headerRow}行目: 必要な列がありません: {string.Join("、", missing.Select(m => $"「{m}」"))}。");
            }

            var rows = new List<CsvRow>();
            foreach (var (number, cells) in grid.Skip(1))
            {
                if (cells.Values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                var byName = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < header.Length; i++)
                {
                    if (header[i].Length > 0)
                    {
                        byName[header[i]] = cells.GetValueOrDefault(i, "");
                    }
                }

                rows.Add(new CsvRow(number, byName, header));
            }

            return rows.Count == 0 ? Fail("データ行がありません。") : new CsvReadResult(rows, "Excel(.xlsx)", []);
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or FileFormatException or InvalidOperationException or System.Xml.XmlException
                                       or IOException or InvalidCastException or ArgumentException or KeyNotFoundException or NotSupportedException)
        {
            return Fail(NotXlsx);
        }

        static CsvReadResult Fail(string message) => new([], "", [message]);
    }

    /// <summary>
    /// A zip bomb is refused before anything is parsed: by the sizes the archive declares, then by what its parts really
    /// decompress to, counted while streaming (a declared size can lie) and never held in memory.
    /// </summary>
    private static string? CheckArchive(byte[] bytes)
    {
        const string TooLarge = "Excel ファイルの中身が大きすぎます(展開後{0}MBまで)。不要なシートや書式を削除するか、ファイルを分けてください。";
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes, writable: false), System.IO.Compression.ZipArchiveMode.Read);
        if (zip.Entries.Count > MaxParts)
        {
            return NotXlsx;
        }

        var tooLarge = string.Format(CultureInfo.InvariantCulture, TooLarge, MaxUncompressedBytes / 1024 / 1024);
        if (zip.Entries.Sum(e => e.Length) > MaxUncompressedBytes)
        {
            return tooLarge;
        }

        var total = 0L;
        var buffer = new byte[81920];
        foreach (var entry in zip.Entries)
        {
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
            }
        }

        return null;
    }

    /// <summary>True when the bytes start like a zip archive, as every .xlsx does.</summary>
    public static bool LooksLikeXlsx(byte[] bytes) => bytes.Length > 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04;

    private static string CellText(DocumentFormat.OpenXml.Spreadsheet.Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "";
        }

        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return raw == "1" ? "TRUE" : "FALSE";
        }

        if (cell.DataType?.Value == CellValues.Error)
        {
            return raw; // e.g. "#DIV/0!", reported by the importer as an Excel error
        }

        // Numbers come back as Excel stored them ("0.1" may be "0.10000000000000001"): tidy to 15 significant digits.
        if ((cell.DataType is null || cell.DataType.Value == CellValues.Number)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return ((decimal)Math.Round(d, 10)).ToString("0.##########", CultureInfo.InvariantCulture);
        }

        return raw;
    }

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
