using System.IO.Compression;
using System.Net;
using System.Text;
using Nimo.Platform.Excel;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Nimo.Tests.Platform;

[CollectionDefinition("memory", DisableParallelization = true)]
public sealed class MemoryCollection;

/// <summary>
/// Decompression bombs through the real import page, with the process's working set sampled while the import runs: a
/// memory bound, not a timing one. Alone in its collection, so no other test's allocations are counted.
/// </summary>
[Collection("memory")]
public sealed class XlsxMemoryTests(ITestOutputHelper output)
{
    private const long Budget = 200L * 1024 * 1024;

    /// <summary>A minimal workbook: one sheet whose cells point at shared strings, and a shared-strings part of the given size.</summary>
    internal static byte[] Workbook(long sharedStringBytes, string? sheetXml = null, int rows = 2, string? sharedStringsXml = null)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                s.Write(Encoding.UTF8.GetBytes(text));
            }

            Add("[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>""");
            Add("_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Add("xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Add("xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
            var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
            for (var r = 1; r <= rows; r++)
            {
                sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<row r="{r}"><c r="A{r}" t="s"><v>{r - 1}</v></c><c r="B{r}" t="s"><v>{r}</v></c></row>""");
            }

            Add("xl/worksheets/sheet1.xml", sheetXml ?? sheet.Append("</sheetData></worksheet>").ToString());
            if (sharedStringsXml is not null)
            {
                Add("xl/sharedStrings.xml", sharedStringsXml);
            }
            else
            {
                // Many tiny items: the shape that costs a DOM the most objects per byte.
                using var strings = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.SmallestSize).Open();
                var head = Encoding.UTF8.GetBytes("""<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
                var item = Encoding.UTF8.GetBytes("<si><t>a</t></si>");
                var tail = Encoding.UTF8.GetBytes("</sst>");
                strings.Write(head);
                for (long written = head.Length + tail.Length; written + item.Length <= sharedStringBytes; written += item.Length)
                {
                    strings.Write(item);
                }

                strings.Write(tail);
            }
        }

        return memory.ToArray();
    }

    /// <summary>What one import cost over the idle process: the peak working set and the peak managed heap, sampled every 2 ms.</summary>
    private sealed record Cost(long IdleWorkingSet, long PeakWorkingSet, long IdleHeap, long PeakHeap, string Page)
    {
        public long WorkingSetGrowth => PeakWorkingSet - IdleWorkingSet;
        public long HeapGrowth => PeakHeap - IdleHeap;
        public override string ToString() =>
            $"working set {IdleWorkingSet >> 20} → {PeakWorkingSet >> 20} MB (+{WorkingSetGrowth >> 20}), managed heap {IdleHeap >> 20} → {PeakHeap >> 20} MB (+{HeapGrowth >> 20})";
    }

    private async Task<Cost> ImportMeasuredAsync(HttpClient client, byte[] xlsx, string name)
    {
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Profiles/Import"));
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var (idleSet, idleHeap) = (Environment.WorkingSet, GC.GetTotalMemory(false));
        var (peakSet, peakHeap) = (idleSet, idleHeap);
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peakSet = Math.Max(peakSet, Environment.WorkingSet);
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(2);
            }
        });
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("auto"), "encoding" },
            { new ByteArrayContent(xlsx), "file", "bomb.xlsx" },
        };
        var response = await client.PostAsync("/Profiles/Import", form);
        await done.CancelAsync();
        await sampler;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cost = new Cost(idleSet, peakSet, idleHeap, peakHeap, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        output.WriteLine($"{name}, {xlsx.Length / 1024:N0} KB: {cost}");
        return cost;
    }

    private static void WithinBudget(Cost cost)
    {
        Assert.True(cost.WorkingSetGrowth < Budget, cost.ToString());
        Assert.True(cost.HeapGrowth < Budget, cost.ToString());
    }

    private static async Task<HttpClient> ImporterAsync(AppFactory app)
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("bomb-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        return await app.SignInAsync(user);
    }

    [Fact]
    public async Task Shared_strings_just_under_the_total_cap_do_not_take_the_memory()
    {
        // The review's bomb: 160 KB of zip, 64 MB of "<si><t>a</t></si>" (the cap then); 388 MB → 1.84 GB.
        using var app = new AppFactory();
        var client = await ImporterAsync(app);
        await ImportMeasuredAsync(client, Workbook(4096), "warm-up");
        var bomb = Workbook(XlsxFile.MaxUncompressedBytes - 64 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb is {bomb.Length} bytes");
        var cost = await ImportMeasuredAsync(client, bomb, "shared strings to the total cap");
        WithinBudget(cost);
        Assert.Contains("取り込みませんでした", cost.Page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shared_strings_just_under_their_own_cap_are_read_item_by_item()
    {
        using var app = new AppFactory();
        var client = await ImporterAsync(app);
        await ImportMeasuredAsync(client, Workbook(4096), "warm-up");
        var cost = await ImportMeasuredAsync(client, Workbook(XlsxFile.MaxSharedStringsBytes - 64 * 1024), "shared strings to their cap");
        WithinBudget(cost);
        // Read through to the sheet, whose header lacks the import's columns.
        Assert.Contains("必要な列がありません", cost.Page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sheet_of_tiny_cells_near_the_cap_is_streamed_row_by_row()
    {
        using var app = new AppFactory();
        var client = await ImporterAsync(app);
        await ImportMeasuredAsync(client, Workbook(4096), "warm-up");
        // 50,000 rows of 26 one-digit cells under 26 named columns (the import's own first): about 30 MB of sheet XML, every
        // cell kept, every row handed to the import, which refuses them.
        var sheet = new StringBuilder("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">""");
        var names = Nimo.Features.Profiles.ProfileFile.Columns.Concat(Enumerable.Range(0, 26).Select(c => $"列{c}")).Take(26).ToList();
        for (var c = 0; c < 26; c++)
        {
            sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<c r="{(char)('A' + c)}1" t="inlineStr"><is><t>{names[c]}</t></is></c>""");
        }

        sheet.Append("</row>");
        for (var r = 2; r <= 50_000; r++)
        {
            sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<row r="{r}">""");
            for (var c = 0; c < 26; c++)
            {
                sheet.Append(System.Globalization.CultureInfo.InvariantCulture, $"""<c r="{(char)('A' + c)}{r}"><v>{c % 10}</v></c>""");
            }

            sheet.Append("</row>");
        }

        var xml = sheet.Append("</sheetData></worksheet>").ToString();
        Assert.InRange(Encoding.UTF8.GetByteCount(xml), 25L << 20, XlsxFile.MaxUncompressedBytes);
        var cost = await ImportMeasuredAsync(client, Workbook(1024, xml), "50,000 rows × 26 cells");
        WithinBudget(cost);
        Assert.Contains("取り込みませんでした", cost.Page, StringComparison.Ordinal);
        Assert.DoesNotContain("必要な列がありません", cost.Page, StringComparison.Ordinal);
    }
}
