using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Robustness;

/// <summary>Each bad input the fuzzers found failing, as a plain test of its own.</summary>
public sealed class RegressionTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = app.CreateClient();
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(client, user, DemoData.DemoPassword));
        return client;
    }

    private static async Task<(HttpResponseMessage Response, string Body)> PostAsync(HttpClient client, string page, params (string Name, string Value)[] fields)
    {
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        var response = await client.PostAsync(page, Verdict.FormBody([("__RequestVerificationToken", token), .. fields.Select(f => (f.Name, new FuzzValue(f.Value)))]));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_checkbox_sent_twice_with_a_value_that_is_not_a_boolean_is_a_japanese_error_not_a_500()
    {
        var client = await SignInAsync("admin");
        var (response, body) = await PostAsync(client, "/Organizations/Edit?regionId=1",
            ("Input.Id", "0"), ("Input.Version", Guid.Empty.ToString()), ("Input.Name", "テスト機関"), ("Input.Kind", "LocalGovernment"), ("Input.RegionId", "1"),
            ("Input.IsActive", "1e3"), ("Input.IsActive", "false"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("error-summary", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_naming_no_handler_the_page_has_is_a_404_with_the_japanese_page_not_a_500()
    {
        var client = await SignInAsync("meguro");
        // The fragment swallows "?handler=End": the page only has named POST handlers.
        var caseId = await app.WithDbAsync((db, _) => db.SupportCases.Where(c => c.Client.Name != "").Select(c => c.Id).FirstAsync());
        foreach (var action in new[] { $"/Cases/Details/{caseId}", $"/Cases/Details/{caseId}?handler=NoSuchHandler" })
        {
            var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Account/Manage"));
            var response = await client.PostAsync(action, Verdict.FormBody([("__RequestVerificationToken", new FuzzValue(token))]));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("ページが見つかりません", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Forms_carry_no_english_client_validation_messages()
    {
        var client = await SignInAsync("admin");
        foreach (var page in new[] { "/Admin/Users/Edit", "/Organizations/Edit?regionId=1", "/Regions/Edit" })
        {
            var html = await client.GetStringAsync(page);
            Assert.DoesNotContain("data-val", html, StringComparison.Ordinal);
            Assert.DoesNotContain("field is required", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_workbook_whose_sheet_decompresses_to_a_gigabyte_is_refused_by_its_declared_size()
    {
        var bomb = BadFiles.ZipBomb(Nimo.Features.Profiles.ProfileFile.Columns, 1L << 30, lie: false);
        var result = Nimo.Platform.Excel.XlsxFile.Read(bomb, Nimo.Features.Profiles.ProfileFile.Required);
        Assert.Contains("大きすぎます", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void A_workbook_that_understates_its_sheet_size_is_refused_while_decompressing()
    {
        var bomb = BadFiles.ZipBomb(Nimo.Features.Profiles.ProfileFile.Columns, 100L << 20, lie: true);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var result = Nimo.Platform.Excel.XlsxFile.Read(bomb, Nimo.Features.Profiles.ProfileFile.Required);
        Assert.True(Verdict.HasJapanese(Assert.Single(result.Errors)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 50L << 20, "the sheet was read into memory");
    }

    [Fact]
    public void A_cell_reference_past_excels_last_column_is_a_japanese_error_not_an_overflow()
    {
        var xlsx = Nimo.Platform.Excel.XlsxFile.Write("シート", ["名称"], [["値"]]);
        using var memory = new MemoryStream();
        memory.Write(xlsx);
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            var sheet = BadFiles.SheetPart(xlsx);
            zip.GetEntry(sheet)!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(sheet).Open());
            writer.Write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"ZZZZZZZ1\" t=\"inlineStr\"><is><t>名称</t></is></c></row></sheetData></worksheet>");
        }

        var result = Nimo.Platform.Excel.XlsxFile.Read(memory.ToArray(), ["名称"]);
        Assert.Contains("XFD列まで", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_reset_by_the_administrator_shows_the_new_password_without_unrelated_errors()
    {
        var world = await app.CreateWorldAsync();
        // A role without personal data: the reset is immediate (a MunicipalStaff's waits for a second administrator, FourEyesTests).
        var user = await app.CreateUserAsync("reset-" + Guid.NewGuid().ToString("N")[..6], Nimo.Platform.Identity.Roles.ForumSecretariat, world.TownOffice.Id);
        var client = await SignInAsync("admin");
        var page = $"/Admin/Users/Edit/{user.Id}";
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        var response = await client.PostAsync(page + "?handler=ResetPassword",
            Verdict.FormBody([("__RequestVerificationToken", new FuzzValue(token)), ("Input.Id", new FuzzValue(user.Id))]));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("class=\"secret\"", body, StringComparison.Ordinal);
        Assert.Empty(Verdict.ErrorMessages(body));
    }

    [Fact]
    public async Task A_meeting_record_whose_version_is_not_a_guid_is_refused_for_that_reason_and_changes_nothing()
    {
        var client = await SignInAsync("meguro");
        var meeting = await app.WithDbAsync((db, _) => db.Meetings.Where(m => m.Forum.Region.Code == "131105").Select(m => new { m.Id, m.Version }).FirstAsync());
        var page = $"/Forums/Meeting/{meeting.Id}";
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync(page));
        var response = await client.PostAsync(page + "?handler=Record", Verdict.FormBody(
            [("__RequestVerificationToken", new FuzzValue(token)), ("Record.Version", new FuzzValue("0000-00-00")), ("Record.MembersOnly", new FuzzValue("1e3")), ("Record.Minutes", new FuzzValue("上書き"))]));
        var errors = Verdict.ErrorMessages(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(errors, e => e.Contains("「0000-00-00」", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("「1e3」", StringComparison.Ordinal));
        Assert.Equal(meeting.Version, await app.WithDbAsync((db, _) => db.Meetings.Where(m => m.Id == meeting.Id).Select(m => m.Version).SingleAsync()));
    }

    [Fact]
    public async Task A_field_name_with_an_unclosed_bracket_is_ignored_not_a_failed_request()
    {
        var client = await SignInAsync("admin");
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Organizations/Import"));
        using var multipart = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("x"), "名前[2" } };
        var response = await client.PostAsync("/Organizations/Import", multipart);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ファイルを選んでください", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var form = await client.PostAsync("/Regions/Import", Verdict.FormBody([("__RequestVerificationToken", new FuzzValue(token)), ("a[", new FuzzValue("1"))]));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task A_population_beyond_an_int_is_a_japanese_range_error_not_an_overflow()
    {
        var client = await SignInAsync("meguro");
        var planId = await app.WithDbAsync((db, _) => db.Plans.Where(p => p.State != Nimo.Features.Plans.PlanState.Evaluated && db.Regions.Any(r => r.Id == p.RegionId && r.Code == "131105")).Select(p => p.Id).FirstAsync());
        var (response, body) = await PostAsync(client, $"/Plans/Indicator/{planId}", ("Input.Name", "指標"), ("Input.Population", "-88480000000"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("対象の総数は0以上の数で入力してください。", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_merge_posted_four_times_at_once_with_junk_merges_once_keeps_the_consents_and_never_answers_500()
    {
        var client = await SignInAsync("meguro");
        var (keep, duplicate) = await app.WithDbAsync(async (db, _) =>
        {
            var owner = await db.Organizations.SingleAsync(o => o.Name == "目黒区 健康推進部 保健予防課");
            var today = new DateOnly(2026, 11, 20);
            var a = Nimo.Features.Clients.Client.Register(owner, null, "見本 統合一", "みほん とうごう", new DateOnly(1977, 7, 7), Nimo.Features.Clients.Sex.Male, today, "test", app.Clock.GetUtcNow());
            var b = Nimo.Features.Clients.Client.Register(owner, null, "見本 統合一", "みほん とうごう", new DateOnly(1977, 7, 7), Nimo.Features.Clients.Sex.Male, today, "test", app.Clock.GetUtcNow());
            b.RecordConsent(Nimo.Features.Clients.ConsentPurpose.General, "支援全般", [], today.AddDays(-3), Nimo.Features.Clients.ConsentGiver.Person, Nimo.Features.Clients.ConsentForm.Written, null, today, "test");
            db.Clients.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        // What the fuzzer sent: the id, then a second value of control characters and a lone 0xDA byte, 49 KB of it; and
        // the fuzzer posts in parallel, so the same merge arrives several times at once.
        var junk = Enumerable.Repeat(System.Text.Encoding.UTF8.GetBytes("バY岗ヷげ4!ヷ:＠\u001d\u0015ｘT゗3だ0\u0019,4").Append((byte)0xDA).Concat(System.Text.Encoding.UTF8.GetBytes("29セd")), 1500).SelectMany(b => b).ToArray();
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync($"/Clients/Merge/{keep}"));
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostAsync($"/Clients/Merge/{keep}", Verdict.FormBody([("__RequestVerificationToken", new FuzzValue(token)),
            ("duplicateId", new FuzzValue(duplicate.ToString(System.Globalization.CultureInfo.InvariantCulture))), ("duplicateId", new FuzzValue(null, junk))]))));
        foreach (var response in responses)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 400)]}");
        }

        var merged = await app.WithDbAsync((db, _) => db.Clients.CountAsync(c => c.Id == duplicate && c.MergedIntoId == keep));
        Assert.Equal(1, merged);
        var consents = await app.WithDbAsync((db, _) => db.Consents.CountAsync(k => k.ClientId == keep));
        Assert.Equal(1, consents);
    }
}
