using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Platform.Japanese;
using Nimo.Tests.Features.Cases;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Clients;

/// <summary>Registering a person, finding them again, and recording with whom their data may be shared: as a nurse does it.</summary>
public sealed class ClientFormTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Registering_a_client_with_every_field_filled_as_a_person_would_reads_everything_back()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var city = await app.WithDbAsync((db, _) => db.Regions.SingleAsync(r => r.Name == "あおば市"));
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = "見本 登録子", ["Input.Kana"] = "みほん とうろくこ", ["Input.BirthDate"] = "1984-07-15", ["Input.Sex"] = "Female",
            ["Input.RegionId"] = Id(city.Id), ["Input.Address"] = "あおば市中央1-2-3 見本荘101", ["Input.Phone"] = "090-0000-1234",
            ["Input.Household"] = "単身。母が市内に住む。", ["Input.Supporters"] = "見本 花子、母、090-0000-5678\n見本 三郎、兄",
        };

        var location = await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, "/Clients/Edit", fields));
        var page = Casework.Text(await Casework.HtmlAsync(nurse, location));
        foreach (var expected in new[]
                 {
                     "見本 登録子", "みほん とうろくこ", "昭和59年7月15日", "女性", "あおば市", "あおば市中央1-2-3 見本荘101", "090-0000-1234", "単身。母が市内に住む。",
                     "見本 花子、母、090-0000-5678", "見本 三郎、兄", "保健師 見本 花子",
                 })
        {
            Assert.Contains(expected, page, StringComparison.Ordinal);
        }

        // The edit form shows every value as it was saved, the 住所地 selected; saving it again changes nothing and works.
        var id = int.Parse(location.Split('/')[^1], CultureInfo.InvariantCulture);
        var edit = await Casework.HtmlAsync(nurse, $"/Clients/Edit/{id}");
        Assert.Contains($"<option value=\"{city.Id}\" selected=\"selected\">", edit, StringComparison.Ordinal);
        Assert.Contains("見本荘101", WebUtility.HtmlDecode(edit), StringComparison.Ordinal);
        var version = System.Text.RegularExpressions.Regex.Match(edit, "name=\"Input.Version\" value=\"([^\"]+)\"").Groups[1].Value;
        await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, $"/Clients/Edit/{id}", new(fields) { ["Input.Id"] = Id(id), ["Input.Version"] = version }));
        var stored = await app.WithDbAsync((db, _) => db.Clients.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal((city.Id, "090-0000-1234", new DateOnly(1984, 7, 15)), (stored.RegionId!.Value, stored.Phone, stored.BirthDate));
        Assert.Equal(1, await app.WithDbAsync((db, _) => db.Regions.CountAsync(r => r.Name == "あおば市")));
    }

    [Fact]
    public async Task Client_search_finds_any_part_of_the_kana_or_the_name_whatever_the_kana_width_or_spaces()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, user) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        await app.WithDbAsync(async db =>
        {
            var owner = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var today = JapanTime.Today(app.Clock);
            db.Clients.Add(Client.Register(owner, null, "見本 次郎", "みほん じろう", new DateOnly(1970, 1, 2), Sex.Male, today, "seed", app.Clock.GetUtcNow()));
            db.Clients.Add(Client.Register(owner, null, "試験 太郎", "シケン タロウ", new DateOnly(1971, 3, 4), Sex.Male, today, "seed", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        });

        foreach (var q in new[] { "じろう", "ジロウ", "ｼﾞﾛｳ", "ほんじ", "ほん　じろ", "次郎", "本 次", "見本次郎", "ミホン" })
        {
            var page = Casework.Text(await Casework.HtmlAsync(nurse, "/Clients?q=" + Uri.EscapeDataString(q)));
            Assert.True(page.Contains("見本 次郎", StringComparison.Ordinal), $"「{q}」 did not find 見本 次郎");
            Assert.DoesNotContain("試験 太郎", page, StringComparison.Ordinal);
        }

        Assert.Contains("試験 太郎", Casework.Text(await Casework.HtmlAsync(nurse, "/Clients?q=たろ")), StringComparison.Ordinal);
        Assert.DoesNotContain("見本 次郎", Casework.Text(await Casework.HtmlAsync(nurse, "/Clients?q=たろう")), StringComparison.Ordinal);

        // The API searches the same way.
        var api = await app.ApiClientAsync(user);
        Assert.Contains("見本 次郎", await api.GetStringAsync("/api/v1/clients?q=" + Uri.EscapeDataString("じろう")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sharing_is_chosen_with_checkboxes_narrowed_by_a_filter_and_the_hospital_is_added_on_the_spot_without_leaving_the_form()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var (clientId, _) = await Casework.DischargeCaseAsync(app, world.CityHealthCenter.Id, "見本 共有子", "みほん きょうゆうこ");
        var url = $"/Clients/Consent/{clientId}";
        var form = await Casework.HtmlAsync(nurse, url);
        Assert.Contains($"type=\"checkbox\" name=\"Input.OrganizationIds\" value=\"{world.CityPartner.Id}\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("multiple", form, StringComparison.Ordinal);

        var typed = new Dictionary<string, string>
        {
            ["Input.Purpose"] = "DischargeSupport", ["Input.Scope"] = "退院後支援計画と支援記録", ["Input.ConsentedOn"] = "2026-11-19", ["Input.GivenBy"] = "Person",
            ["Input.Form"] = "Written", ["Input.ExpiresOn"] = "2027-11-18", ["Input.OrganizationIds"] = Id(world.AreaHealthCenter.Id),
        };

        // The filter narrows the list and keeps what was typed and ticked (no JavaScript: a submit button).
        var filtered = await AppFactory.PostFormAsync(nurse, url, new(typed) { ["Filter"] = "相談" }, url + "?handler=Filter");
        var filteredHtml = await filtered.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        Assert.Contains($"value=\"{world.CityPartner.Id}\"", filteredHtml, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{world.TownFamilyAssociation.Id}\"", filteredHtml, StringComparison.Ordinal);
        Assert.Contains($"value=\"{world.AreaHealthCenter.Id}\" checked=\"checked\"", filteredHtml, StringComparison.Ordinal);
        Assert.Contains("退院後支援計画と支援記録", WebUtility.HtmlDecode(filteredHtml), StringComparison.Ordinal);
        Assert.Empty(Robustness.Verdict.ErrorMessages(filteredHtml));

        // The hospital is not registered: it is added from the form, ticked, and everything typed stays.
        var city = await app.WithDbAsync((db, _) => db.Regions.SingleAsync(r => r.Name == "あおば市"));
        var added = await AppFactory.PostFormAsync(nurse, url, new(typed)
        {
            ["NewOrganization.Name"] = "あおば中央病院(架空)", ["NewOrganization.Kind"] = "PsychiatricHospital", ["NewOrganization.RegionId"] = Id(city.Id),
        }, url + "?handler=AddOrganization");
        var addedHtml = await added.Content.ReadAsStringAsync();
        Assert.True(added.StatusCode == HttpStatusCode.OK, Casework.Text(addedHtml));
        var hospital = await app.WithDbAsync((db, _) => db.Organizations.SingleAsync(o => o.Name == "あおば中央病院(架空)"));
        Assert.Equal(Nimo.Features.Organizations.OrganizationKind.PsychiatricHospital, hospital.Kind);
        Assert.Contains($"value=\"{hospital.Id}\" checked=\"checked\"", addedHtml, StringComparison.Ordinal);
        Assert.Contains($"value=\"{world.AreaHealthCenter.Id}\" checked=\"checked\"", addedHtml, StringComparison.Ordinal);
        Assert.Contains("退院後支援計画と支援記録", WebUtility.HtmlDecode(addedHtml), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync((db, _) => db.Consents.CountAsync(k => k.ClientId == clientId && k.Purpose == ConsentPurpose.DischargeSupport && k.ExpiresOn != null)));

        // Recording it shares with both, and the client page reads it all back.
        var save = new FormUrlEncodedContent([.. typed.Where(f => f.Key != "Input.OrganizationIds"), new("Input.OrganizationIds", Id(world.AreaHealthCenter.Id)),
            new("Input.OrganizationIds", Id(hospital.Id)), new("__RequestVerificationToken", AppFactory.AntiforgeryToken(addedHtml))]);
        await Casework.AssertRedirectAsync(await nurse.PostAsync(url, save));
        var consent = await app.WithDbAsync((db, _) => db.Consents.Include(k => k.Organizations).SingleAsync(k => k.ClientId == clientId && k.ExpiresOn != null));
        Assert.Equal([world.AreaHealthCenter.Id, hospital.Id], consent.Organizations.Select(o => o.OrganizationId).Order().ToArray());
        var details = Casework.Text(await Casework.HtmlAsync(nurse, $"/Clients/Details/{clientId}"));
        Assert.Contains("あおば中央病院(架空)", details, StringComparison.Ordinal);
        Assert.Contains("令和9年11月18日", details, StringComparison.Ordinal);
    }
}
