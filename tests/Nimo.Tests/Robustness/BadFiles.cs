using System.IO.Compression;
using System.Text;
using CsCheck;
using Nimo.Platform.Excel;

namespace Nimo.Tests.Robustness;

/// <summary>An uploaded file: its name, its bytes, and what it is meant to be (for the report).</summary>
public sealed record BadFile(string Kind, string Name, byte[] Bytes)
{
    public override string ToString() => $"{Kind} {Name} ({Bytes.Length:N0} bytes): {Convert.ToHexString(Bytes.AsSpan(0, Math.Min(24, Bytes.Length)))}";
}

/// <summary>
/// CsCheck generators of the files people upload by mistake or on purpose: CSV in every encoding and none, broken
/// quoting, huge cells and rows; workbooks with junk cells, truncated, with the wrong content types, or not workbooks at all.
/// </summary>
public static class BadFiles
{
    static BadFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static Encoding ShiftJis => Encoding.GetEncoding(932, new EncoderReplacementFallback("?"), DecoderFallback.ReplacementFallback);

    /// <summary>Values that pass or nearly pass the importers' checks, so junk reaches the later stages too.</summary>
    private static readonly string[] Plausible =
    [
        "112038", "131105", "470007", "472018", "473014", "川口市", "目黒区", "テスト県", "あおば市", "北部保健所圏域", "市区町村", "都道府県", "圏域",
        "保健所", "相談支援事業所", "中核市・保健所設置", "R5年度", "令和5年度", "2023", "R5年4月", "人口", "604894", "人", "住民基本台帳",
        "有効", "無効", "川口市前川1-11-1", "048-266-5557", "かわぐちし", "",
    ];

    private static readonly Gen<string> Cell = Gen.Frequency(
        (5, Gen.OneOf(Plausible)),
        (4, Robustness.Junk.Any.Select(v => v.Text ?? Encoding.Latin1.GetString(v.Bytes!))),
        (1, Gen.Int[1000, 200_000].Select(n => new string('長', n))));

    private static Gen<string> CsvText(IReadOnlyList<string> columns) =>
        Gen.Select(
            Gen.Shuffle(columns.ToArray()).Select(c => c.ToList()),
            Gen.Int[0, 3],
            Cell.Array[0, 12].Array[0, 25],
            Gen.OneOf("\r\n", "\n", "\r"),
            Gen.Int[0, 9],
            (header, drop, rows, newline, quoting) =>
            {
                var sb = new StringBuilder();
                var head = header.Skip(drop == 0 ? 1 : 0).ToList();
                if (drop == 3)
                {
                    head.Add("余分な列");
                }

                sb.Append(string.Join(",", head)).Append(newline);
                foreach (var row in rows)
                {
                    sb.Append(string.Join(",", row.Select(c => quoting switch
                    {
                        0 => "\"" + c, // never closed
                        1 => c + "\"x",
                        2 or 3 => "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"",
                        _ => c.Replace(",", "、", StringComparison.Ordinal),
                    }))).Append(newline);
                }

                return sb.ToString();
            });

    /// <summary>CSV in UTF-8 with or without BOM, Shift_JIS, UTF-16, half and half, or with bytes flipped.</summary>
    public static Gen<BadFile> Csv(IReadOnlyList<string> columns) =>
        Gen.Select(CsvText(columns), Gen.Int[0, 6], Gen.Int[0, 1000], Gen.Byte, (text, encoding, at, b) =>
        {
            byte[] bytes = encoding switch
            {
                0 => Encoding.UTF8.GetBytes(text),
                1 => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
                2 => ShiftJis.GetBytes(text),
                3 => Encoding.Unicode.GetBytes(text),
                4 => [.. Encoding.UTF8.GetBytes(text[..(text.Length / 2)]), .. ShiftJis.GetBytes(text[(text.Length / 2)..])],
                _ => Encoding.UTF8.GetBytes(text),
            };
            if (encoding == 5 && bytes.Length > 0)
            {
                bytes[at % bytes.Length] = b;
            }

            if (encoding == 6 && bytes.Length > 0)
            {
                bytes[at % bytes.Length] = 0xFF;
            }

            var name = new[] { "UTF-8", "UTF-8 BOM", "Shift_JIS", "UTF-16", "UTF-8+Shift_JIS", "byte flipped", "0xFF" }[encoding];
            return new BadFile("CSV " + name, "upload.csv", bytes);
        });

    /// <summary>Files that are not what their name says, or nothing at all.</summary>
    public static readonly Gen<BadFile> Junk = Gen.OneOf(
        Gen.Byte.Array[0, 4096].Select(b => new BadFile("random bytes", "upload.csv", b)),
        Gen.Byte.Array[0, 4096].Select(b => new BadFile("random bytes", "upload.xlsx", [0x50, 0x4B, 0x03, 0x04, .. b])),
        Gen.Const(new BadFile("empty", "upload.csv", [])),
        Gen.Const(new BadFile("PDF renamed", "upload.xlsx", "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF"u8.ToArray())),
        Gen.Const(new BadFile("PNG renamed", "upload.xlsx", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52])),
        Gen.Const(new BadFile("text renamed", "upload.xlsx", "これはExcelではありません"u8.ToArray())),
        Gen.Int[1, 5000].Select(n => new BadFile("many columns", "upload.csv", Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, n).Select(i => "列" + i)) + "\n" + new string(',', n)))),
        Gen.Int[1, 3].Select(n => new BadFile("huge cell", "upload.csv", Encoding.UTF8.GetBytes("名称,種別,団体コード,地域名\n" + new string('あ', n * 1_000_000) + ",市区町村,112038,川口市\n")))) ;

    /// <summary>A workbook written by the app itself with junk in its cells, then perhaps cut short or given the wrong parts.</summary>
    public static Gen<BadFile> Xlsx(IReadOnlyList<string> columns) =>
        Gen.Select(Cell.Array[columns.Count, columns.Count + 2].Array[0, 20], Gen.Int[0, 7], Gen.Int[10, 95], (rows, damage, percent) =>
        {
            // Characters XML cannot carry at all are left out: no workbook holds them, and the writer refuses them.
            var bytes = XlsxFile.Write("シート", columns, rows.Select(r => (IReadOnlyList<XlsxFile.Cell>)[.. r.Select(c => new XlsxFile.Cell(XmlSafe(c)))]));
            return damage switch
            {
                0 => new BadFile("xlsx truncated", "upload.xlsx", bytes[..(bytes.Length * percent / 100)]),
                1 => new BadFile("xlsx wrong content types", "upload.xlsx", Replace(bytes, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"text/plain\"/></Types>")),
                2 => new BadFile("xlsx sheet not XML", "upload.xlsx", Replace(bytes, SheetPart(bytes), "<worksheet><sheetData><row><c r=\"A1\"><v>1</v>")),
                3 => new BadFile("xlsx cell past XFD", "upload.xlsx", Replace(bytes, SheetPart(bytes),
                    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"ZZZZZZZ1\" t=\"inlineStr\"><is><t>名称</t></is></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row></sheetData></worksheet>")),
                4 => new BadFile("xlsx without workbook", "upload.xlsx", Remove(bytes, "xl/workbook.xml")),
                5 => new BadFile("csv in a zip", "upload.xlsx", Zip(("data.csv", Encoding.UTF8.GetBytes(string.Join(",", columns) + "\n"))) ),
                _ => new BadFile("xlsx with junk cells", "upload.xlsx", bytes),
            };
        });

    private static string XmlSafe(string s) => new([.. s.Where(c => System.Xml.XmlConvert.IsXmlChar(c) && c != '\uFFFE')]);

    private static byte[] Rewrite(byte[] xlsx, Action<ZipArchive> change)
    {
        using var memory = new MemoryStream();
        memory.Write(xlsx);
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Update, leaveOpen: true))
        {
            change(zip);
        }

        return memory.ToArray();
    }

    private static byte[] Replace(byte[] xlsx, string part, string content) => Rewrite(xlsx, zip =>
    {
        zip.GetEntry(part)?.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(part).Open(), new UTF8Encoding(false));
        writer.Write(content);
    });

    private static byte[] Remove(byte[] xlsx, string part) => Rewrite(xlsx, zip => zip.GetEntry(part)?.Delete());

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return memory.ToArray();
    }

    /// <summary>
    /// A real workbook whose sheet decompresses to <paramref name="sheetBytes"/> of XML (a gigabyte is about a megabyte
    /// compressed). With <paramref name="lie"/> the archive declares the sheet a few hundred bytes, as a crafted bomb does.
    /// </summary>
    public static byte[] ZipBomb(IReadOnlyList<string> columns, long sheetBytes, bool lie)
    {
        var valid = XlsxFile.Write("シート", columns, []);
        var sheet = SheetPart(valid);
        // Create mode streams each entry out as it is written; Update mode would hold the gigabyte in memory.
        using var source = new ZipArchive(new MemoryStream(valid), ZipArchiveMode.Read);
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.Where(e => e.FullName != sheet))
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }

            using var stream = zip.CreateEntry(sheet, CompressionLevel.SmallestSize).Open();
            stream.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"u8);
            var padding = new byte[1 << 20];
            Array.Fill(padding, (byte)'a');
            for (var written = 0L; written < sheetBytes; written += padding.Length)
            {
                stream.Write(padding);
            }

            stream.Write("</t></is></c></row></sheetData></worksheet>"u8);
        }

        var bomb = memory.ToArray();
        return lie ? Understate(bomb, sheet, 400) : bomb;
    }

    /// <summary>The name of the first worksheet's part in the archive.</summary>
    public static string SheetPart(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        return zip.Entries.Select(e => e.FullName).First(n => n.StartsWith("xl/worksheets/", StringComparison.Ordinal) && n.EndsWith(".xml", StringComparison.Ordinal));
    }

    /// <summary>Rewrites the uncompressed size an archive declares for <paramref name="name"/>, in its local header and its central directory.</summary>
    private static byte[] Understate(byte[] zip, string name, uint size)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BitConverter.ToUInt32(zip, i);
            var (sizeOffset, nameOffset) = signature switch
            {
                0x04034b50 => (22, 30),
                0x02014b50 => (24, 46),
                _ => (-1, -1),
            };
            if (sizeOffset > 0 && i + nameOffset + nameBytes.Length <= zip.Length && zip.AsSpan(i + nameOffset, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BitConverter.TryWriteBytes(zip.AsSpan(i + sizeOffset, 4), size);
            }
        }

        return zip;
    }
}
