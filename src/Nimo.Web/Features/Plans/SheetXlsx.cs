using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Nimo.Platform.Csv;

namespace Nimo.Features.Plans;

/// <summary>
/// The report sheet as .xlsx in the sheet's own table layout: one worksheet per region, eight grid columns, merged
/// cells for the sheet's wide and tall cells, borders, wrapped text with row heights worked out (neither Excel nor
/// LibreOffice sizes merged rows by itself), A4 portrait fitted to the page width, a page break before §2, §4, §6
/// and §8 as on the printed sheet, and page numbers in the footer.
/// </summary>
public static class SheetXlsx
{
    private const double ColumnWidth = 12.5;
    private const double LineHeight = 13.5;

    private enum Style : uint { Default = 0, Title = 1, Section = 2, ColumnHeader = 3, Body = 4, RowHeader = 5, Label = 6, Integer = 7, Decimal = 8, Lead = 9 }

    /// <summary>
    /// The sheets, one worksheet each; with <paramref name="submissions"/> (a prefecture's collection) a first worksheet
    /// lists who submitted, in what state, under which worksheet, and who did not.
    /// </summary>
    public static byte[] Write(IReadOnlyList<SheetDocument> documents, SubmissionStatus? submissions = null)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = package.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheets = new Sheets();
            var definedNames = new DefinedNames();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (submissions is not null)
            {
                names.Add(CoverName);
            }

            var sheetNames = documents.Select(d => UniqueName($"{d.RegionName} {new Platform.Japanese.FiscalYear(d.FiscalYear).ToShortWareki()}", names)).ToList();
            uint sheetId = 1;
            if (submissions is not null)
            {
                var cover = workbook.AddNewPart<WorksheetPart>();
                cover.Worksheet = Cover(submissions, sheetNames);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(cover), SheetId = sheetId, Name = CoverName });
                sheetId++;
            }

            for (var i = 0; i < documents.Count; i++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = Sheet(documents[i]);
                sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = sheetId, Name = sheetNames[i] });
                sheetId++;
            }

            workbook.Workbook.Append(sheets);
            if (definedNames.HasChildren)
            {
                workbook.Workbook.Append(definedNames);
            }

            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Sheet(SheetDocument document)
    {
        var data = new SheetData();
        var merges = new List<string>();
        var breaks = new List<uint>();
        uint row = 1;

        void Add(IReadOnlyList<(string? Text, int Column, int Span, Style Style, decimal? Number)> cells, double? minLines = null)
        {
            var r = new Row { RowIndex = row };
            var lines = minLines ?? 1;
            foreach (var (text, column, span, style, number) in cells)
            {
                r.Append(Cell(column, row, text, style, number));
                for (var extra = 1; extra < span; extra++)
                {
                    // Merged-away cells keep the border so the table's grid is drawn.
                    r.Append(Cell(column + extra, row, null, style, null));
                }

                if (span > 1)
                {
                    merges.Add($"{Ref(column, row)}:{Ref(column + span - 1, row)}");
                }

                lines = Math.Max(lines, Lines(text, span));
            }

            r.Height = (lines * LineHeight) + 4;
            r.CustomHeight = true;
            data.Append(r);
            row++;
        }

        Add([(document.RegionName, 0, SheetLayout.GridColumns, Style.Title, null)]);
        Add([(document.Title, 0, SheetLayout.GridColumns, Style.Title, null)]);
        if (document.Lead is not null)
        {
            Add([(document.Lead, 0, SheetLayout.GridColumns, Style.Lead, null)]);
        }

        Add([($"{document.YearText} 精神障害にも対応した地域包括ケアシステム構築支援事業 報告様式", 0, SheetLayout.GridColumns, Style.Default, null)]);
        foreach (var section in document.Sections)
        {
            if (section.Number is "2" or "4" or "6" or "8")
            {
                breaks.Add(row - 1);
            }

            row++;
            Add([(section.FullHeading, 0, SheetLayout.GridColumns, Style.Section, null)]);
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case SheetParagraph p when p.Label is null:
                        Add([(p.Text ?? "(記載なし)", 0, SheetLayout.GridColumns, Style.Body, null)]);
                        break;
                    case SheetParagraph p:
                        Add([(p.Label, 0, 2, Style.Label, null), (p.Text ?? "", 2, SheetLayout.GridColumns - 2, Style.Body, null)]);
                        break;
                    case SheetTable t:
                        WriteTable(t);
                        break;
                }
            }
        }

        void WriteTable(SheetTable t)
        {
            if (t.Caption is not null)
            {
                Add([(t.Caption, 0, SheetLayout.GridColumns, Style.Label, null)]);
            }

            var at = 0;
            Add([.. t.Columns.Select(c => { var cell = ((string?)c.Header, at, c.Span, Style.ColumnHeader, (decimal?)null); at += c.Span; return cell; })]);
            if (t.Rows.Count == 0)
            {
                Add([(t.EmptyText, 0, SheetLayout.GridColumns, Style.Body, null)]);
                return;
            }

            var placed = SheetLayout.Place(t);
            // A cell spanning rows needs its lines spread over those rows.
            var needed = new double[placed.Count];
            for (var i = 0; i < placed.Count; i++)
            {
                foreach (var (cell, _, index) in placed[i].Where(c => c.Cell.RowSpan > 1))
                {
                    var per = Math.Ceiling(Lines(cell.Text, t.Columns[index].Span) / cell.RowSpan);
                    for (var k = i; k < Math.Min(placed.Count, i + cell.RowSpan); k++)
                    {
                        needed[k] = Math.Max(needed[k], per);
                    }
                }
            }

            var first = row;
            for (var i = 0; i < placed.Count; i++)
            {
                var covered = new HashSet<int>();
                for (var k = 0; k < i; k++)
                {
                    foreach (var (cell, column, index) in placed[k].Where(c => c.Cell.RowSpan > 1 && k + c.Cell.RowSpan > i))
                    {
                        covered.Add(index);
                    }
                }

                var cells = new List<(string?, int, int, Style, decimal?)>();
                var columnStarts = t.Columns.Select((c, idx) => t.Columns.Take(idx).Sum(x => x.Span)).ToList();
                foreach (var index in covered)
                {
                    cells.Add((null, columnStarts[index], t.Columns[index].Span, Style.Body, null));
                }

                foreach (var (cell, column, index) in placed[i])
                {
                    var number = !cell.Header && Number(cell.Text) is decimal n ? n : (decimal?)null;
                    var style = cell.Header ? Style.RowHeader : number is decimal d ? (d == decimal.Truncate(d) ? Style.Integer : Style.Decimal) : Style.Body;
                    cells.Add((cell.Text, column, t.Columns[index].Span, style, number));
                    if (cell.RowSpan > 1)
                    {
                        var span = t.Columns[index].Span;
                        merges.Add($"{Ref(column, row)}:{Ref(column + span - 1, row + (uint)cell.RowSpan - 1)}");
                    }
                }

                Add([.. cells.OrderBy(c => c.Item2)], needed[i]);
            }

            // Vertical merges above also cover the horizontal merges of the covered rows; drop those duplicates.
            _ = first;
        }

        var worksheet = new Worksheet();
        worksheet.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        worksheet.Append(new SheetViews(new SheetView { WorkbookViewId = 0, ShowGridLines = false }));
        var columns = new Columns();
        for (uint i = 1; i <= SheetLayout.GridColumns; i++)
        {
            columns.Append(new Column { Min = i, Max = i, Width = ColumnWidth, CustomWidth = true });
        }

        worksheet.Append(columns);
        worksheet.Append(data);
        var mergeCells = new MergeCells();
        foreach (var m in Normalize(merges))
        {
            mergeCells.Append(new MergeCell { Reference = m });
        }

        if (mergeCells.HasChildren)
        {
            worksheet.Append(mergeCells);
        }

        worksheet.Append(new PrintOptions { HorizontalCentered = true });
        worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 0 });
        worksheet.Append(new HeaderFooter(new OddFooter($"&L{Escape(document.RegionName)} {document.YearText}&R&P / &N")));
        if (breaks.Count > 0)
        {
            var rowBreaks = new RowBreaks { Count = (uint)breaks.Count, ManualBreakCount = (uint)breaks.Count };
            foreach (var b in breaks.Where(b => b > 0))
            {
                rowBreaks.Append(new Break { Id = b, Max = 16383, ManualPageBreak = true });
            }

            worksheet.Append(rowBreaks);
        }

        return worksheet;
    }

    private const string CoverName = "提出状況";

    /// <summary>The collection's first worksheet: a title, the counts, then the submitted regions and the missing ones.</summary>
    private static Worksheet Cover(SubmissionStatus status, List<string> sheetNames)
    {
        string[] header = ["地域", "種別", "保健所圏域", "状態", "課題", "指標", "最終更新", "シート"];
        double[] widths = [22, 27, 18, 11, 6, 6, 30, 22];
        var data = new SheetData();
        var merges = new List<string>();
        uint row = 1;

        void Line(string text, Style style)
        {
            var r = new Row { RowIndex = row };
            r.Append(Cell(0, row, text, style, null));
            data.Append(r);
            merges.Add($"{Ref(0, row)}:{Ref(header.Length - 1, row)}");
            row++;
        }

        void Table(IReadOnlyList<SubmissionRow> rows, string empty)
        {
            var h = new Row { RowIndex = row };
            for (var c = 0; c < header.Length; c++)
            {
                h.Append(Cell(c, row, header[c], Style.ColumnHeader, null));
            }

            data.Append(h);
            row++;
            if (rows.Count == 0)
            {
                Line(empty, Style.Body);
                return;
            }

            foreach (var s in rows)
            {
                var r = new Row { RowIndex = row };
                string?[] texts = [s.RegionName, s.Kind, s.Area, s.State, null, null, s.Updated, s.Sheet is int index ? sheetNames[index] : null];
                for (var c = 0; c < header.Length; c++)
                {
                    var number = c switch { 4 => s.Challenges, 5 => s.Indicators, _ => null };
                    r.Append(number is int n ? Cell(c, row, null, Style.Integer, n) : Cell(c, row, texts[c], c == 0 ? Style.RowHeader : Style.Body, null));
                }

                data.Append(r);
                row++;
            }
        }

        Line(status.Title, Style.Title);
        Line(status.Summary, Style.Default);
        row++;
        Line($"提出あり({status.Submitted.Count}地域)", Style.Section);
        Table(status.Submitted, "計画を登録した地域はありません。");
        row++;
        Line($"未提出({status.Missing.Count}地域)", Style.Section);
        Table(status.Missing, "未提出の地域はありません。");

        var worksheet = new Worksheet();
        worksheet.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        worksheet.Append(new SheetViews(new SheetView { WorkbookViewId = 0, ShowGridLines = false }));
        var columns = new Columns();
        for (uint i = 1; i <= widths.Length; i++)
        {
            columns.Append(new Column { Min = i, Max = i, Width = widths[i - 1], CustomWidth = true });
        }

        worksheet.Append(columns);
        worksheet.Append(data);
        var mergeCells = new MergeCells();
        foreach (var m in merges)
        {
            mergeCells.Append(new MergeCell { Reference = m });
        }

        worksheet.Append(mergeCells);
        worksheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 0 });
        worksheet.Append(new HeaderFooter(new OddFooter($"&L{Escape(status.Title)}&R&P / &N")));
        return worksheet;
    }

    /// <summary>A merge inside a larger one (a row covered by a cell spanning rows) would make Excel repair the file.</summary>
    private static IEnumerable<string> Normalize(List<string> merges)
    {
        var parsed = merges.Distinct(StringComparer.Ordinal).Select(m => (Text: m, Box: Box(m))).ToList();
        return parsed.Where(m => !parsed.Any(o => o.Text != m.Text && Overlaps(o.Box, m.Box) && Area(o.Box) >= Area(m.Box)
                && !(Area(o.Box) == Area(m.Box) && string.CompareOrdinal(o.Text, m.Text) > 0)))
            .Select(m => m.Text);

        static (int C1, int R1, int C2, int R2) Box(string reference)
        {
            var parts = reference.Split(':');
            var (c1, r1) = Split(parts[0]);
            var (c2, r2) = Split(parts[1]);
            return (c1, r1, c2, r2);
        }

        static (int Column, int Row) Split(string cell)
        {
            var letters = new string([.. cell.TakeWhile(char.IsLetter)]);
            var column = letters.Aggregate(0, (acc, ch) => (acc * 26) + (ch - 'A' + 1));
            return (column, int.Parse(cell[letters.Length..], CultureInfo.InvariantCulture));
        }

        static bool Overlaps((int C1, int R1, int C2, int R2) a, (int C1, int R1, int C2, int R2) b) =>
            a.C1 <= b.C2 && b.C1 <= a.C2 && a.R1 <= b.R2 && b.R1 <= a.R2;

        static int Area((int C1, int R1, int C2, int R2) b) => (b.C2 - b.C1 + 1) * (b.R2 - b.R1 + 1);
    }

    /// <summary>Lines a text needs in a cell <paramref name="span"/> grid columns wide: full-width characters count twice.</summary>
    private static double Lines(string? text, int span)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 1;
        }

        var capacity = Math.Max(4, (span * ColumnWidth) - 1.5);
        return text.Split('\n').Sum(line => Math.Max(1, Math.Ceiling(line.Sum(ch => ch < 0x2E80 ? 1.0 : 2.0) / capacity)));
    }

    private static decimal? Number(string? text) =>
        text is { Length: > 0 and < 20 } && decimal.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;

    private static Cell Cell(int column, uint row, string? text, Style style, decimal? number)
    {
        var cell = new Cell { CellReference = Ref(column, row), StyleIndex = (uint)style };
        if (number is decimal n)
        {
            cell.CellValue = new CellValue(n.ToString(CultureInfo.InvariantCulture));
            cell.DataType = CellValues.Number;
        }
        else if (!string.IsNullOrEmpty(text))
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
        }

        return cell;
    }

    /// <summary>XML cannot carry most control characters; the sheet never needs them.</summary>
    private static string Clean(string text) => new([.. text.Where(ch => ch is '\n' or '\t' || !char.IsControl(ch))]);

    private static string Ref(int column, uint row) => CsvRow.ColumnLetter(column) + row.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&&", StringComparison.Ordinal);

    private static string UniqueName(string name, HashSet<string> used)
    {
        var clean = new string([.. name.Select(ch => "[]:*?/\\".Contains(ch, StringComparison.Ordinal) ? '_' : ch)]);
        clean = clean.Length > 28 ? clean[..28] : clean;
        var candidate = clean;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = $"{clean}({i})";
        }

        return candidate;
    }

    private static Stylesheet Styles()
    {
        static Font Font(double size, bool bold) => bold
            ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "游ゴシック" })
            : new Font(new FontSize { Val = size }, new FontName { Val = "游ゴシック" });
        var fonts = new Fonts(Font(10, false), Font(14, true), Font(11, true), Font(10, true));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E2F3" }) { PatternType = PatternValues.Solid }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFF2F2F2" }) { PatternType = PatternValues.Solid }));
        static Border Thin() => new(
            new LeftBorder(new Color { Rgb = "FF808080" }) { Style = BorderStyleValues.Thin },
            new RightBorder(new Color { Rgb = "FF808080" }) { Style = BorderStyleValues.Thin },
            new TopBorder(new Color { Rgb = "FF808080" }) { Style = BorderStyleValues.Thin },
            new BottomBorder(new Color { Rgb = "FF808080" }) { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        var borders = new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), Thin());
        static CellFormat Format(uint font, uint fill, uint border, bool wrap, uint numberFormat = 0, HorizontalAlignmentValues? horizontal = null) => new(
            new Alignment { WrapText = wrap, Vertical = VerticalAlignmentValues.Top, Horizontal = horizontal ?? HorizontalAlignmentValues.Left })
        {
            FontId = font, FillId = fill, BorderId = border, NumberFormatId = numberFormat, ApplyFont = true, ApplyFill = fill > 0, ApplyBorder = border > 0,
            ApplyAlignment = true, ApplyNumberFormat = numberFormat > 0,
        };
        var formats = new CellFormats(
            Format(0, 0, 0, false),
            Format(1, 0, 0, true),
            Format(2, 2, 1, true),
            Format(3, 3, 1, true, horizontal: HorizontalAlignmentValues.Center),
            Format(0, 0, 1, true),
            Format(3, 3, 1, true),
            Format(3, 0, 1, true),
            Format(0, 0, 1, false, 3, HorizontalAlignmentValues.Right),
            Format(0, 0, 1, false, 4, HorizontalAlignmentValues.Right),
            Format(0, 0, 0, true));
        return new Stylesheet(fonts, fills, borders, new CellStyleFormats(new CellFormat()), formats);
    }
}

/// <summary>Who under a prefecture or area submitted a plan for the 年度, and who did not: the first worksheet of the collection.</summary>
public sealed record SubmissionStatus(string Title, string Summary, IReadOnlyList<SubmissionRow> Submitted, IReadOnlyList<SubmissionRow> Missing);

/// <summary>
/// One region in the collection: its state (評価確定済・作成中・未提出) and, with a plan, its size, last update and the
/// index of its sheet among the workbook's documents.
/// </summary>
public sealed record SubmissionRow(string RegionName, string Kind, string? Area, string State, int? Challenges, int? Indicators, string? Updated, int? Sheet);
