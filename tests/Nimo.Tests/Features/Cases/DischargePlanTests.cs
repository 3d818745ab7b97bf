using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// The 退院後支援計画 as a nurse writes it (services as rows, added and removed without JavaScript), prints it on A4 for
/// the person and the 関係者 and takes it to Excel; the case page that leads to it; the notes and who wrote them.
/// </summary>
public sealed partial class DischargePlanTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> PlanFields(int partnerId) => new()
    {
        ["Input.AdmissionType"] = "MedicalProtection", ["Input.Hospital"] = "あおば病院(架空)", ["Input.AdmittedOn"] = "2026-09-01", ["Input.PlannedDischargeOn"] = "2026-12-01",
        ["Input.Wishes"] = "自宅に戻って仕事を探したい", ["Input.FamilyViews"] = "母は通院の継続を望んでいる", ["Input.ResidenceAfter"] = "自宅(あおば市中央)",
        ["Input.Needs"] = "服薬の継続と日中の居場所", ["Input.CrisisPlan"] = "眠れない日が3日続いたら主治医に電話する", ["Input.ContactPerson"] = "あおば市保健所 保健師 見本",
        ["Input.JointWith"] = "テスト県(措置を行った自治体)",
        ["Input.Services[0].Content"] = "計画相談", ["Input.Services[0].OrganizationId"] = Id(partnerId), ["Input.Services[0].Provider"] = "", ["Input.Services[0].Contact"] = "000-0000-0001",
        ["Input.Services[1].Content"] = "訪問看護", ["Input.Services[1].OrganizationId"] = "", ["Input.Services[1].Provider"] = "見本訪問看護ステーション(架空)", ["Input.Services[1].Contact"] = "000-0000-0002",
    };

    [Fact]
    public async Task Services_are_rows_with_their_own_fields_added_and_removed_without_javascript_and_everything_reads_back()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (_, caseId) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 計画子", "みほん けいかくこ");
        var url = $"/Cases/Plan/{caseId}";
        var form = await Casework.HtmlAsync(nurse, url);
        Assert.Contains("name=\"Input.Services[0].Content\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("内容|担当する機関|連絡先", form, StringComparison.Ordinal);

        var fields = PlanFields(world.CityPartner.Id);
        var more = await AppFactory.PostFormAsync(nurse, url, fields, url + "?handler=AddService");
        var moreHtml = WebUtility.HtmlDecode(await more.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, more.StatusCode);
        Assert.Contains("name=\"Input.Services[2].Content\"", moreHtml, StringComparison.Ordinal);
        Assert.Contains("見本訪問看護ステーション(架空)", moreHtml, StringComparison.Ordinal);
        Assert.Contains("眠れない日が3日続いたら主治医に電話する", moreHtml, StringComparison.Ordinal);
        Assert.Empty(Robustness.Verdict.ErrorMessages(moreHtml));
        var fewer = await AppFactory.PostFormAsync(nurse, url, new(fields) { ["row"] = "0" }, url + "?handler=RemoveService");
        var fewerHtml = WebUtility.HtmlDecode(await fewer.Content.ReadAsStringAsync());
        Assert.DoesNotContain("name=\"Input.Services[1].Content\"", fewerHtml, StringComparison.Ordinal);
        Assert.Contains("見本訪問看護ステーション(架空)", fewerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"計画相談\"", fewerHtml, StringComparison.Ordinal);

        // A row with a content but no organisation of any kind is pointed out, not dropped.
        var incomplete = await AppFactory.PostFormAsync(nurse, url, new(fields) { ["Input.Services[1].Provider"] = "" }, url);
        Assert.Contains("担当する機関", string.Join(" ", Robustness.Verdict.ErrorMessages(await incomplete.Content.ReadAsStringAsync())), StringComparison.Ordinal);

        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, url, fields, url));
        var services = await app.WithDbAsync((db, _) => db.DischargePlans.Where(p => p.CaseId == caseId).SelectMany(p => p.Services).OrderBy(s => s.Id).ToListAsync());
        Assert.Equal(["計画相談", "訪問看護"], services.Select(s => s.Kind).ToArray());
        Assert.Equal((int?)world.CityPartner.Id, services[0].OrganizationId);
        Assert.Equal(("あおば相談支援センター", "見本訪問看護ステーション(架空)"), (services[0].Provider, services[1].Provider));
        var page = Casework.Text(await Casework.HtmlAsync(nurse, $"/Cases/Details/{caseId}"));
        foreach (var expected in new[]
                 {
                     "医療保護入院", "あおば病院(架空)", "令和8年9月1日", "令和8年12月1日", "自宅に戻って仕事を探したい", "母は通院の継続を望んでいる", "自宅(あおば市中央)",
                     "服薬の継続と日中の居場所", "眠れない日が3日続いたら主治医に電話する", "あおば市保健所 保健師 見本", "テスト県(措置を行った自治体)", "計画相談",
                     "あおば相談支援センター", "000-0000-0001", "見本訪問看護ステーション(架空)", "000-0000-0002",
                 })
        {
            Assert.Contains(expected, page, StringComparison.Ordinal);
        }

        // The edit form shows the rows as they were saved.
        var again = WebUtility.HtmlDecode(await Casework.HtmlAsync(nurse, url));
        Assert.Contains($"<option value=\"{world.CityPartner.Id}\" selected=\"selected\">", again, StringComparison.Ordinal);
        Assert.Contains("value=\"見本訪問看護ステーション(架空)\"", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_prints_on_a4_with_the_items_of_the_guidelines_form_and_goes_to_excel_and_each_read_is_audited()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, user) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (clientId, caseId) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 印刷子", "みほん いんさつこ");
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, $"/Cases/Plan/{caseId}", PlanFields(world.CityPartner.Id)));

        var reads = await Reads(clientId, user.Id);
        var html = await Casework.HtmlAsync(nurse, $"/Cases/PlanDocument/{caseId}");
        Assert.Equal(reads + 1, await Reads(clientId, user.Id));
        var text = Casework.Text(html);
        foreach (var expected in new[]
                 {
                     "退院後支援計画", "氏名", "見本 印刷子", "生年月日", "昭和55年4月1日", "住所", "入院先", "あおば病院(架空)", "入院形態", "医療保護入院", "入院日", "退院予定日",
                     "退院後の生活に関する本人の希望", "自宅に戻って仕事を探したい", "家族その他の支援者の意見", "退院後の居住先", "本人の支援ニーズ・課題",
                     "退院後に必要な医療等の支援", "担当する機関", "連絡先", "あおば相談支援センター", "000-0000-0002", "病状が悪化した場合の対処方針", "支援期間",
                     "計画の作成主体", "あおば市保健所", "担当者", "あおば市保健所 保健師 見本", "同意", "本人",
                 })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Contains("class=\"a4-document", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html[html.IndexOf("<main", StringComparison.Ordinal)..], StringComparison.Ordinal);

        var xlsx = await nurse.GetAsync($"/Cases/PlanDocument/{caseId}?handler=Xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        var bytes = await xlsx.Content.ReadAsByteArrayAsync();
        var cells = Plans.PlanTests.XlsxText(bytes);
        foreach (var expected in new[] { "退院後支援計画", "見本 印刷子", "退院後の生活に関する本人の希望", "自宅に戻って仕事を探したい", "見本訪問看護ステーション(架空)", "000-0000-0002" })
        {
            Assert.Contains(expected, cells, StringComparison.Ordinal);
        }

        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            var setup = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<PageSetup>().Single();
            Assert.Equal(9u, setup.PaperSize!.Value); // A4
        }

        Assert.True(await app.WithDbAsync((db, _) => db.AuditEntries.AnyAsync(a => a.Action == "Export" && a.RecordType == "DischargePlan" && a.UserId == user.Id)));
    }

    [Fact]
    public async Task The_case_page_shows_the_next_step_first_and_keeps_extension_move_and_end_in_named_sections_at_the_bottom()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (_, caseId) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 構成子", "みほん こうせいこ", dischargedDaysAgo: 10);
        var html = await Casework.HtmlAsync(nurse, $"/Cases/Details/{caseId}");
        var main = html[html.IndexOf("<main", StringComparison.Ordinal)..];
        var headings = H2().Matches(main).Select(m => Casework.Text(m.Groups[1].Value).Trim()).ToList();
        Assert.Equal("次の手続き", headings[0]);
        // The rare steps each sit in a section of their own, named, after the daily work (notes) and closed until opened.
        foreach (var section in new[] { "支援期間の延長", "転居による引継ぎ", "支援の終了" })
        {
            var at = main.IndexOf(section, StringComparison.Ordinal);
            Assert.True(at > main.IndexOf("id=\"notes\"", StringComparison.Ordinal), $"{section} comes before the notes");
            Assert.Matches("<details[^>]*>\\s*<summary[^>]*>[^<]*(<[^>]+>)*[^<]*" + Regex.Escape(section), main[(at - 200)..(at + section.Length)]);
        }

        var end = main.IndexOf("class=\"danger\"", StringComparison.Ordinal);
        Assert.True(end > main.IndexOf("支援の終了", StringComparison.Ordinal), "支援を終了 is outside its section");
    }

    [Fact]
    public async Task A_note_without_a_time_shows_no_time_and_every_recorder_is_shown_by_name_not_login()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, user) = await Casework.NurseAsync(app, world.CityHealthCenter.Id, "保健師 見本 記録");
        var (clientId, caseId) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 記録子", "みほん きろくこ", dischargedDaysAgo: 5);
        var url = $"/Cases/Details/{caseId}";
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, url,
            new() { ["date"] = "2026-11-19", ["time"] = "", ["kind"] = "Phone", ["minutes"] = "15", ["topic"] = "電話で様子を確認", ["content"] = "よく眠れている。" }, url + "?handler=Note"));
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, url,
            new() { ["date"] = "2026-11-18", ["time"] = "14:05", ["kind"] = "Visit", ["minutes"] = "40", ["topic"] = "訪問", ["content"] = "服薬できている。" }, url + "?handler=Note"));
        var html = await Casework.HtmlAsync(nurse, url);
        var notes = Casework.Text(html[html.IndexOf("id=\"notes\"", StringComparison.Ordinal)..]);
        Assert.Contains("令和8年11月19日", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("令和8年11月19日 00:00", notes, StringComparison.Ordinal);
        Assert.Contains("令和8年11月18日 14:05", notes, StringComparison.Ordinal);
        Assert.Contains("保健師 見本 記録", notes, StringComparison.Ordinal);
        Assert.DoesNotContain(user.UserName, notes, StringComparison.Ordinal);

        // The recorder of a consent, the sender and the answerer of a liaison sheet: by name too.
        var partnerUser = await app.CreateUserAsync("partner-" + Guid.NewGuid().ToString("N")[..8], Nimo.Platform.Identity.Roles.PartnerStaff, world.CityPartner.Id, twoFactor: true);
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == partnerUser.Id)).DisplayName = "相談支援専門員 見本 回答";
            await db.SaveChangesAsync();
        });
        var consent = await AppFactory.PostFormAsync(nurse, $"/Clients/Consent/{clientId}", new()
        {
            ["Input.Purpose"] = "Liaison", ["Input.Scope"] = "地域連携票", ["Input.ConsentedOn"] = "2026-11-19", ["Input.GivenBy"] = "Person", ["Input.Form"] = "Written",
            ["Input.OrganizationIds"] = Id(world.CityPartner.Id),
        });
        await Casework.AssertRedirectAsync(consent);
        var sent = await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, $"/Liaison/Send?clientId={clientId}", new()
        {
            ["Input.ToOrganizationId"] = Id(world.CityPartner.Id), ["Input.Reason"] = "計画相談の依頼", ["Input.Situation"] = "退院した。", ["Input.Request"] = "面談をお願いしたい",
            ["Input.SenderContact"] = "保健師 見本 記録 000-0000-0000",
        }));
        var partner = await Casework.SignInAgainAsync(app, partnerUser);
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(partner, sent, new() { ["answer"] = "担当します。" }, sent + "?handler=Reply"));
        var sheet = Casework.Text(await Casework.HtmlAsync(partner, sent));
        Assert.Contains("保健師 見本 記録", sheet, StringComparison.Ordinal);
        Assert.Contains("相談支援専門員 見本 回答", sheet, StringComparison.Ordinal);
        Assert.DoesNotContain(user.UserName, sheet, StringComparison.Ordinal);
        var client = Casework.Text(await Casework.HtmlAsync(nurse, $"/Clients/Details/{clientId}"));
        Assert.Contains("保健師 見本 記録", client, StringComparison.Ordinal);
    }

    private Task<int> Reads(int clientId, string userId) => app.WithDbAsync((db, _) =>
        db.AuditEntries.CountAsync(a => a.Action == "Read" && a.RecordType == "Client" && a.RecordId == clientId.ToString(CultureInfo.InvariantCulture) && a.UserId == userId));

    [GeneratedRegex("<h2[^>]*>(.*?)</h2>", RegexOptions.Singleline)]
    private static partial Regex H2();
}
