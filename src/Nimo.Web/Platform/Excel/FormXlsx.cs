using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Nimo.Platform.Csv;

namespace Nimo.Platform.Excel;

/// <summary>
/// A form-like document (a 様式: a title, numbered items, each a labelled value, a paragraph or a small table), the same
/// model drawn as A4 HTML by the page and written here as .xlsx.
/// </summary>
public sealed record FormDocument(string Title, IReadOnlyList<FormLine> Heading, IReadOnlyList<FormSection> Sections, string Footer);

/// <summary>A label and its value in the document's heading block (作成日, 作成主体 …).</summary>
public sealed record FormLine(string Label, string? Value);

public sealed record FormSection(string Heading, IReadOnlyList<FormBlock> Blocks);

public abstract record FormBlock;

/// <summary>A labelled value: label on the left, the value (several lines) on the right.</summary>
public sealed record FormValue(string Label, string? Value) : FormBlock;

/// <summary>Free text over the whole width (本人の希望, 対処方針 …); blank lines to write in by hand when empty.</summary>
public sealed record FormText(string? Text, int BlankLines = 3) : FormBlock;

/// <summary>A table: the columns with their share of the width (in 4ths), then the rows.</summary>
public sealed record FormTable(IReadOnlyList<(string Header, int Span)> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows, string EmptyText) : FormBlock;

/// <summary>
/// A <see cref="FormDocument"/> as one A4 portrait worksheet: four grid columns, labels shaded, values wrapped in merged
/// cells with row heights worked out (Excel does not size merged rows itself), borders, fitted to the page width, the
/// footer naming the document and the page.
/// </summary>
public static class FormXlsx
{
    private const int GridColumns = 4;
    private const double ColumnWidth = 22;
    private const double LineHeight = 14.5;

    private enum Style : uint { Default = 0, Title = 1, Section = 2, Label = 3, Body = 4, ColumnHeader = 5 }

    public static byte[] Write(FormDocument document, string sheetName)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = package.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var part = workbook.AddNewPart<WorksheetPart>();
            part.Worksheet = Sheet(document);
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = SafeName(sheetName) }));
            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Sheet(FormDocument document)
    {
        var data = new SheetData();
        var merges = new List<string>();
        uint row = 1;

        void Add(IReadOnlyList<(string? Text, int Column, int Span, Style Style)> cells, double minLines = 1)
        {
            var r = new Row { RowIndex = row };
            var lines = minLines;
            foreach (var (text, column, span, style) in cells)
            {
                r.Append(Cell(column, row, text, style));
                for (var extra = 1; extra < span; extra++)
                {
                    r.Append(Cell(column + extra, row, null, style));
                }

                if (span > 1)
                {
                    merges.Add($"{Ref(column, row)}:{Ref(column + span - 1, row)}");
                }

                lines = Math.Max(lines, Lines(text, span));
            }

            r.Height = (lines * LineHeight) + 5;
            r.CustomHeight = true;
            data.Append(r);
            row++;
        }

        Add([(document.Title, 0, GridColumns, Style.Title)], 1.4);
        foreach (var line in document.Heading)
        {
            Add([(line.Label, 0, 1, Style.Label), (line.Value ?? "", 1, GridColumns - 1, Style.Body)]);
        }

        foreach (var section in document.Sections)
        {
            row++;
            Add([(section.Heading, 0, GridColumns, Style.Section)]);
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case FormValue v:
                        Add([(v.Label, 0, 1, Style.Label), (v.Value ?? "", 1, GridColumns - 1, Style.Body)]);
                        break;
                    case FormText t:
                        Add([(t.Text ?? "", 0, GridColumns, Style.Body)], string.IsNullOrWhiteSpace(t.Text) ? t.BlankLines : 1);
                        break;
                    case FormTable t:
                        var at = 0;
                        Add([.. t.Columns.Select(c => { var cell = ((string?)c.Header, at, c.Span, Style.ColumnHeader); at += c.Span; return cell; })]);
                        if (t.Rows.Count == 0)
                        {
                            Add([(t.EmptyText, 0, GridColumns, Style.Body)], 2);
                        }

                        foreach (var values in t.Rows)
                        {
                            at = 0;
                            Add([.. t.Columns.Select((c, i) => { var cell = (i < values.Count ? values[i] : null, at, c.Span, Style.Body); at += c.Span; return cell; })]);
                        }

                        break;
                }
            }
        }

        var worksheet = new Worksheet();
        worksheet.Append(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        worksheet.Append(new SheetViews(new SheetView { WorkbookViewId = 0, ShowGridLines = false }));
        var columns = new Columns();
        for (uint i = 1; i <= GridColumns; i++)
        {
            columns.Append(new Column { Min = i, Max = i, Width = ColumnWidth, CustomWidth = true });
        }

        worksheet.Append(columns);
        worksheet.Append(data);
        var mergeCells = new MergeCells();
        foreach (var m in merges.Distinct(StringComparer.Ordinal))
        {
            mergeCells.Append(new MergeCell { Reference = m });
        }

        if (mergeCells.HasChildren)
        {
            worksheet.Append(mergeCells);
        }

        worksheet.Append(new PrintOptions { HorizontalCentered = true });
        worksheet.Append(new PageMargins { Left = 0.6, Right = 0.6, Top = 0.7, Bottom = 0.7, Header = 0.3, Footer = 0.3 });
        worksheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Portrait, FitToWidth = 1, FitToHeight = 0 });
        worksheet.Append(new HeaderFooter(new OddFooter($"&L{Escape(document.Footer)}&R&P / &N")));
        return worksheet;
    }

    /// <summary>Lines a text needs in a cell <paramref name="span"/> columns wide: full-width characters count twice.</summary>
    private static double Lines(string? text, int span)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 1;
        }

        var capacity = Math.Max(4, (span * ColumnWidth) - 2);
        return text.Split('\n').Sum(line => Math.Max(1, Math.Ceiling(line.Sum(ch => ch < 0x2E80 ? 1.0 : 2.0) / capacity)));
    }

    private static Cell Cell(int column, uint row, string? text, Style style)
    {
        var cell = new Cell { CellReference = Ref(column, row), StyleIndex = (uint)style };
        if (!string.IsNullOrEmpty(text))
        {
            cell.DataType = CellValues.InlineString;
            cell.InlineString = new InlineString(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
        }

        return cell;
    }

    /// <summary>XML cannot carry most control characters; a form never needs them.</summary>
    private static string Clean(string text) => new([.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Where(ch => ch is '\n' or '\t' || !char.IsControl(ch))]);

    private static string Ref(int column, uint row) => CsvRow.ColumnLetter(column) + row.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&&", StringComparison.Ordinal);

    private static string SafeName(string name)
    {
        var clean = new string([.. name.Select(ch => "[]:*?/\\".Contains(ch, StringComparison.Ordinal) ? '_' : ch)]);
        return clean.Length > 31 ? clean[..31] : clean;
    }

    private static Stylesheet Styles()
    {
        static Font Font(double size, bool bold) => bold
            ? new Font(new Bold(), new FontSize { Val = size }, new FontName { Val = "游ゴシック" })
            : new Font(new FontSize { Val = size }, new FontName { Val = "游ゴシック" });
        var fonts = new Fonts(Font(10.5, false), Font(14, true), Font(11, true), Font(10.5, true));
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
        static Alignment Wrap(bool center = false) => new()
        {
            WrapText = true, Vertical = center ? VerticalAlignmentValues.Center : VerticalAlignmentValues.Top,
            Horizontal = center ? HorizontalAlignmentValues.Center : HorizontalAlignmentValues.Left,
        };
        var formats = new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0 },
            new CellFormat(new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center }) { FontId = 1, FillId = 0, BorderId = 0, ApplyFont = true, ApplyAlignment = true },
            new CellFormat(Wrap()) { FontId = 2, FillId = 2, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat(Wrap()) { FontId = 3, FillId = 3, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat(Wrap()) { FontId = 0, FillId = 0, BorderId = 1, ApplyBorder = true, ApplyAlignment = true },
            new CellFormat(Wrap(center: true)) { FontId = 3, FillId = 3, BorderId = 1, ApplyFont = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true });
        return new Stylesheet(fonts, fills, borders, formats);
    }
}
