using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Nimo.Platform.Csv;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

/// <summary>Input at the edges that the review found answered with a formula, a 500 or English.</summary>
public sealed class EdgeInputTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Theory]
    [InlineData("-1+cmd|' /C calc'!A0")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("+81-3-1234-5678")]
    [InlineData("@SUM(A1)")]
    [InlineData("-A1")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    [InlineData("-")]
    [InlineData("-1-1")]
    [InlineData("1e3")]
    public void A_cell_that_a_spreadsheet_could_read_as_a_formula_is_escaped(string cell)
    {
        if (cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            Assert.Equal("'" + cell, CsvFile.Defuse(cell));
        }
        else
        {
            Assert.Equal(cell, CsvFile.Defuse(cell));
        }
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-12.5")]
    [InlineData("+3")]
    [InlineData("0")]
    [InlineData("2024")]
    public void A_plain_number_is_written_as_it_is(string cell) => Assert.Equal(cell, CsvFile.Defuse(cell));

    [Fact]
    public void An_escaped_cell_reads_back_as_it_was_written()
    {
        var bytes = CsvFile.Write(["a", "b", "c"], [["-1+cmd|' /C calc'!A0", "-1", "\t=1"]], CsvEncoding.Utf8);
        var row = CsvFile.Read(bytes, CsvEncoding.Utf8, ["a", "b", "c"]).Rows.Single();
        Assert.Equal("-1+cmd|' /C calc'!A0", row.Get("a"));
        Assert.Equal("-1", row.Get("b"));
    }

    [Fact]
    public async Task The_audit_log_export_escapes_a_formula_typed_as_a_user_name()
    {
        var world = await app.CreateWorldAsync();
        var admin = await app.CreateUserAsync(Name("csvadmin"), Roles.Admin, world.Prefecture.Id, twoFactor: true);
        await AppFactory.PostLoginAsync(app.CreateClient(), "-1+cmd|' /C calc'!A0", "whatever it is");
        var client = await app.SignInAsync(admin);
        var csv = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/Admin/Audit?handler=Export"));
        Assert.Contains(",'-1+cmd|' /C calc'!A0,", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",-1+cmd", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/\u3000/x")]
    [InlineData("/\u00a0x")]
    [InlineData("/ok\u200b")]
    public async Task A_return_url_with_non_ascii_spaces_sends_the_user_home_instead_of_failing(string returnUrl)
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync(Name("ret"), Roles.ForumSecretariat, world.TownOffice.Id);
        var client = app.CreateClient();
        var login = await AppFactory.PostFormAsync(client, "/Account/Login",
            new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = AppFactory.Password, ["ReturnUrl"] = returnUrl });
        await Responses.AssertRedirectAsync(login);
        Assert.Equal("/", login.Headers.Location!.OriginalString);

        // Already signed in, the login page forwards: the same rule.
        var again = await client.GetAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await Responses.AssertRedirectAsync(again);
        Assert.Equal("/", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_upload_over_the_limit_gets_a_japanese_413_page_from_kestrel()
    {
        // Kestrel, not the in-memory test server: only a real server enforces the request size limit (and refuses a
        // non-ASCII Location header), which is where the 500s came from.
        using var kestrel = new KestrelAppFactory();
        var world = await kestrel.CreateWorldAsync();
        var user = await kestrel.CreateUserAsync(Name("big"), Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        using var client = await kestrel.SignInOverHttpAsync(user);
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Organizations/Import"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("auto"), "encoding" },
        };
        var file = new ByteArrayContent(new byte[11 * 1024 * 1024]);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "big.csv");
        // Expect: 100-continue lets the client read the refusal instead of failing to send the rest of the body.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Organizations/Import") { Content = form };
        request.Headers.ExpectContinue = true;
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, await response.Content.ReadAsStringAsync());
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(page.Contains("ファイルが大きすぎます", StringComparison.Ordinal), response.ToString() + response.Content.Headers.ToString());
        Assert.Contains("10MB", page, StringComparison.Ordinal);

        // And a return address with an ideographic space: home, not a 500 from the Location header.
        var again = await client.GetAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString("/\u3000/x"));
        await Responses.AssertRedirectAsync(again);
        Assert.Equal("/", again.Headers.Location!.OriginalString);
    }
}
