using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Plans;

/// <summary>
/// The sheets Nimo writes for the seed regions carry every figure, indicator row, forum row and schedule row of the
/// seed documents (transcribed separately in <see cref="SeedSheetExpectations"/>), as HTML and as .xlsx, with none of
/// the Excel artefacts the seeds have; and the .xlsx survives LibreOffice's conversion to PDF.
/// </summary>
public sealed class SeedSheetTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    public static TheoryData<string> Regions => [.. SeedSheetExpectations.All.Select(e => e.RegionCode)];

    [Theory]
    [MemberData(nameof(Regions))]
    public async Task The_generated_sheet_carries_every_row_of_the_seed_document(string code)
    {
        var expectation = SeedSheetExpectations.All.Single(e => e.RegionCode == code);
        var (client, regionId) = await AdminAsync(code);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{regionId}?year={expectation.FiscalYear}"));
        var xlsx = PlanTests.XlsxText(await client.GetByteArrayAsync($"/Plans/Sheet/{regionId}?year={expectation.FiscalYear}&handler=Xlsx"));

        var expected = expectation.Figures.Concat(expectation.IndicatorRows).Concat(expectation.ForumRows).Concat(expectation.ScheduleRows).ToList();
        Assert.NotEmpty(expected);
        var missingInHtml = expected.Where(s => !Normalize(html).Contains(Normalize(s), StringComparison.Ordinal)).ToList();
        var missingInXlsx = expected.Where(s => !Normalize(xlsx).Contains(Normalize(s), StringComparison.Ordinal)
            // Numbers are cells of their own in the workbook: 「604,894」 is stored as 604894.
            && !Normalize(xlsx).Contains(Normalize(s).Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal)).ToList();
        Assert.True(missingInHtml.Count == 0, "missing from the page: " + string.Join(" | ", missingInHtml));
        Assert.True(missingInXlsx.Count == 0, "missing from the xlsx: " + string.Join(" | ", missingInXlsx));
        foreach (var artefact in new[] { "#DIV/0!", "R●", "●年" })
        {
            Assert.DoesNotContain(artefact, html, StringComparison.Ordinal);
            Assert.DoesNotContain(artefact, xlsx, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_kurashiki_sheet_shows_the_empty_inpatient_table_as_dashes_and_the_targets_per_year()
    {
        var (client, regionId) = await AdminAsync("332020");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{regionId}?year=2024"));
        Assert.Contains("延13件/月", html, StringComparison.Ordinal);
        // §4: the peer forum met 9 times of 10 planned (vector 11).
        Assert.Contains("90.0%", html, StringComparison.Ordinal);
        Assert.Contains("時点未登録", html, StringComparison.Ordinal);

        var meguro = (await AdminAsync("131105")).RegionId;
        var meguroSheet = WebUtility.HtmlDecode(await client.GetStringAsync($"/Plans/Sheet/{meguro}?year=2024"));
        // §4 of 目黒: 12 of 16 措置入院者 against 「全数」 (vector 9), 12 against 8 outreach clients (vector 10).
        Assert.Contains("75.0%(未達成)", meguroSheet, StringComparison.Ordinal);
        Assert.Contains("150.0%(達成)", meguroSheet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_xlsx_converts_to_pdf_with_libreoffice_and_the_text_survives()
    {
        var (client, regionId) = await AdminAsync("112038");
        var xlsx = await client.GetByteArrayAsync($"/Plans/Sheet/{regionId}?year=2023&handler=Xlsx");
        var dir = System.IO.Directory.CreateTempSubdirectory("nimo-lo-");
        try
        {
            var input = Path.Combine(dir.FullName, "kawaguchi.xlsx");
            await File.WriteAllBytesAsync(input, xlsx);
            // A private profile directory: LibreOffice refuses to start twice on one profile, and tests run in parallel.
            await RunAsync("libreoffice", $"-env:UserInstallation=file://{dir.FullName}/profile --headless --norestore --convert-to pdf --outdir {dir.FullName} {input}");
            var pdf = Path.Combine(dir.FullName, "kawaguchi.pdf");
            Assert.True(File.Exists(pdf), "LibreOffice wrote no PDF");
            await RunAsync("pdftotext", $"-layout {pdf} {dir.FullName}/kawaguchi.txt");
            var text = Normalize(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "kawaguchi.txt")));
            foreach (var s in new[] { "川口市", "604894", "協議の場の実施状況", "川口市精神保健福祉地域連携票", "第1回協議の場の開催", "事務局会議" })
            {
                Assert.Contains(Normalize(s).Replace(",", "", StringComparison.Ordinal), text.Replace(",", "", StringComparison.Ordinal), StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private async Task<(HttpClient Client, int RegionId)> AdminAsync(string code)
    {
        var (orgId, regionId) = await app.WithDbAsync(async (db, _) =>
        {
            var region = await db.Regions.SingleAsync(r => r.Code == code);
            var org = await db.Organizations.FirstAsync(o => o.Kind != OrganizationKind.Other);
            return (org.Id, region.Id);
        });
        var admin = await app.CreateUserAsync("sheet-" + Guid.NewGuid().ToString("N")[..6], Roles.Admin, orgId, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return (await app.SignInAsync(admin), regionId);
    }

    /// <summary>Widths, spaces and line breaks differ between the seed text, HTML and a PDF; the words must not.</summary>
    private static string Normalize(string s) =>
        new([.. s.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c))]);

    private static async Task RunAsync(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} failed ({process.ExitCode}): {await stderr}. ./test.sh installs libreoffice-calc-nogui and poppler-utils.");
    }
}
