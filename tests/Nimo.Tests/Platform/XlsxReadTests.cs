using Nimo.Platform.Excel;

namespace Nimo.Tests.Platform;

/// <summary>What the streaming reader makes of the XML that spreadsheet programs really write.</summary>
public sealed class XlsxReadTests
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static byte[] Book(string rowsXml, string sharedXml) => XlsxMemoryTests.Workbook(0,
        $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}"><sheetData>{rowsXml}</sheetData></worksheet>""",
        sharedStringsXml: $"""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{Main}">{sharedXml}</sst>""");

    [Fact]
    public void Text_typed_with_the_japanese_ime_is_read_without_its_phonetic_guide()
    {
        // Excel keeps the reading of IME input in <rPh>; a person sees only 川口市.
        var bytes = Book(
            """<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>目黒区</t><rPh sb="0" eb="3"><t>メグロク</t></rPh></is></c></row>""",
            """<si><t>地域名</t><rPh sb="0" eb="3"><t>チイキメイ</t></rPh><phoneticPr fontId="1"/></si><si><r><t>川口</t></r><r><rPr><b/></rPr><t>市</t></r><rPh sb="0" eb="2"><t>カワグチ</t></rPh><phoneticPr fontId="1"/></si>""");
        var read = XlsxFile.Read(bytes, ["地域名"]);
        Assert.Empty(read.Errors);
        Assert.Equal(["川口市", "目黒区"], read.Rows.Select(r => r.Get("地域名")));
    }

    [Fact]
    public void Indentation_between_elements_is_not_read_as_text_but_spaces_inside_a_cell_are()
    {
        var bytes = Book(
            """
            <row r="1">
              <c r="A1" t="s"><v>0</v></c>
            </row>
            <row r="2">
              <c r="A2" t="s"><v>1</v></c>
            </row>
            """,
            """
            <si>
              <t>名前</t>
            </si>
            <si>
              <r><t xml:space="preserve">  前後に空白  </t></r>
            </si>
            """);
        var read = XlsxFile.Read(bytes, ["名前"]);
        Assert.Empty(read.Errors);
        Assert.Equal("  前後に空白  ", read.Rows.Single().Cells["名前"]);
    }

    [Fact]
    public void A_value_in_a_column_without_a_header_is_reported_with_its_place()
    {
        var bytes = Book(
            """<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="C2" t="s"><v>1</v></c></row>""",
            """<si><t>数</t></si><si><t>はみ出し</t></si>""");
        var read = XlsxFile.Read(bytes, ["数"]);
        Assert.Equal(["2行目: 見出しのないC列に値があります。列を見出しの範囲に収めるか、見出しを付けてください。"], read.Errors);
    }

    [Fact]
    public void A_cell_longer_than_excel_allows_is_refused_in_japanese()
    {
        var bytes = Book(
            $"""<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="B2" t="inlineStr"><is><t>{new string('あ', 32_768)}</t></is></c></row>""",
            """<si><t>数</t></si>""");
        var read = XlsxFile.Read(bytes, ["数"]);
        Assert.Equal(["2行目 B列: セルの文字数が Excel の上限(32,767文字)を超えています。"], read.Errors);
    }

    [Fact]
    public void A_document_type_declaration_is_refused_rather_than_expanded()
    {
        var bytes = XlsxMemoryTests.Workbook(0,
            $"""<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>""",
            sharedStringsXml: $"""<sst xmlns="{Main}"/>""");
        var read = XlsxFile.Read(bytes, ["数"]);
        Assert.Contains("Excel ファイル(.xlsx)として読めません", read.Errors.Single(), StringComparison.Ordinal);
    }
}
