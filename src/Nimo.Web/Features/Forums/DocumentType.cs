using System.IO.Compression;

namespace Nimo.Features.Forums;

/// <summary>
/// The document types a meeting may carry, recognised by their bytes, never by the name or the browser's claim:
/// a renamed executable or HTML file is refused.
/// </summary>
public sealed record DocumentType(string Extension, string ContentType, string Label)
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public static readonly DocumentType Pdf = new(".pdf", "application/pdf", "PDF");
    public static readonly DocumentType Xlsx = new(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel");
    public static readonly DocumentType Docx = new(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word");

    /// <summary>The type the content is, when it is one we accept and the file name agrees; otherwise a Japanese reason.</summary>
    public static (DocumentType? Type, string? Error) Detect(string fileName, byte[] content)
    {
        if (content.Length == 0)
        {
            return (null, "ファイルが空です。");
        }

        if (content.Length > MaxBytes)
        {
            return (null, $"ファイルが大きすぎます({MaxBytes / 1024 / 1024}MBまで)。");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        DocumentType? actual = null;
        if (content.Length > 5 && content.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            actual = Pdf;
        }
        else if (content.Length > 4 && content[0] == 0x50 && content[1] == 0x4B && content[2] == 0x03 && content[3] == 0x04)
        {
            actual = OfficeType(content);
        }

        if (actual is null)
        {
            return (null, "PDF・Excel(.xlsx)・Word(.docx)以外のファイルは添付できません(中身で判定しています)。");
        }

        if (extension != actual.Extension)
        {
            return (null, $"ファイル名の拡張子「{extension}」と中身({actual.Label})が一致しません。");
        }

        return (actual, null);
    }

    private static DocumentType? OfficeType(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (!names.Contains("[Content_Types].xml"))
            {
                return null;
            }

            // Macro-enabled workbooks and documents are not accepted.
            if (names.Any(n => n.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            return names.Contains("xl/workbook.xml") ? Xlsx : names.Contains("word/document.xml") ? Docx : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A name safe for Content-Disposition and the file system: no path, no control characters.</summary>
    public static string SafeName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|'))]).Trim();
        return name.Length == 0 ? "document" : name.Length > 150 ? name[^150..] : name;
    }
}
