using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Features.Forums;
using Nimo.Features.Plans;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Faults;

/// <summary>
/// Two staff open the same record, both change it and save. The first save wins; the second gets the form back with a
/// Japanese message saying what happened, every value they typed still in it, and nothing of theirs stored.
/// </summary>
public sealed class ConcurrentEditTests
{
    public static TheoryData<string> Editors => ["client", "region", "forum", "plan"];

    [Theory]
    [MemberData(nameof(Editors))]
    public async Task The_second_save_is_refused_with_a_Japanese_message_and_keeps_what_was_typed(string editor)
    {
        using var app = new AppFactory();
        var world = await app.CreateWorldAsync();
        // A region is edited from above (its parent is chosen among the regions the editor covers): prefecture staff.
        var (role, organization) = editor == "region" ? (Roles.PrefectureStaff, world.Prefecture.Id) : (Roles.MunicipalStaff, world.CityHealthCenter.Id);
        var first = await app.SignInAsync(await app.CreateUserAsync($"{editor}-first", role, organization, twoFactor: true));
        var second = await app.SignInAsync(await app.CreateUserAsync($"{editor}-second", role, organization, twoFactor: true));
        var (page, field, others) = await app.WithDbAsync<(string, string, string[])>(async (db, _) =>
        {
            var region = await db.Regions.SingleAsync(r => r.Id == world.CityHealthCenter.RegionId);
            switch (editor)
            {
                case "client":
                    var owner = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
                    var client = Client.Register(owner, null, "競合 試験", "きょうごう しけん", new DateOnly(1980, 5, 1), Sex.Female, new DateOnly(2026, 11, 20), "setup", app.Clock.GetUtcNow());
                    db.Clients.Add(client);
                    await db.SaveChangesAsync();
                    return ($"/Clients/Edit/{client.Id}", "Input.Household", ["Input.Supporters", "Input.Address"]);
                case "region":
                    return ($"/Regions/Edit/{region.Id}", "Input.Name", []);
                case "forum":
                    var secretariat = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
                    var forum = Forum.Create(region, "競合試験の協議の場", ForumKind.Main, null);
                    forum.Update(forum.Name, ForumKind.Main, null, null, secretariat, "年4回", ForumStatus.Established, null, null);
                    db.Forums.Add(forum);
                    await db.SaveChangesAsync();
                    return ($"/Forums/Edit/{forum.Id}", "Input.Notes", ["Input.Purpose", "Input.Activities", "Input.FrequencyText"]);
                default:
                    db.Plans.Add(Plan.Create(region, 2026));
                    await db.SaveChangesAsync();
                    return ($"/Plans/Edit/{region.Id}?year=2026", "Input.Vision", ["Input.Overview", "Input.Strengths", "Input.System", "Input.LongTermGoal", "Input.OtherMatters"]);
            }
        });

        // Both open the form before either saves.
        var firstForm = await FormAsync(first, page);
        var secondForm = await FormAsync(second, page);
        firstForm[field] = "先に保存した内容";
        var firstSave = await first.PostAsync(page, new FormUrlEncodedContent(firstForm));
        Assert.True(firstSave.StatusCode == HttpStatusCode.Redirect, $"{editor}: the first save answered {(int)firstSave.StatusCode}: {Errors(await firstSave.Content.ReadAsStringAsync())}");

        // The second typed into several fields, so "loses nothing" covers all of them, not one.
        var typed = others.ToDictionary(name => name, name => $"後から入力した{name[6..]}の内容");
        typed[field] = "後から保存しようとした内容";
        foreach (var (name, value) in typed)
        {
            secondForm[name] = value;
        }

        var secondSave = await second.PostAsync(page, new FormUrlEncodedContent(secondForm));
        var body = await secondSave.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, secondSave.StatusCode);
        Assert.True(Regex.IsMatch(body, "他の(職員|利用者)"), $"{editor}: no conflict message; {Errors(body)}");
        Assert.Contains("入力", body, StringComparison.Ordinal);
        foreach (var value in typed.Values)
        {
            Assert.Contains(WebUtility.HtmlEncode(value), body, StringComparison.Ordinal);
        }

        // What is stored is the first save, and nothing of the second.
        var reread = await (await first.GetAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("先に保存した内容", reread, StringComparison.Ordinal);
        Assert.DoesNotContain("後から", reread, StringComparison.Ordinal);
    }

    /// <summary>The edit form's fields as the browser would send them: inputs, selected options and textareas.</summary>
    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, string page)
    {
        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var form = Regex.Match(html, "<form[^>]*method=\"post\"[^>]*>(?:(?!</form>).)*Input\\.Version(?:(?!</form>).)*</form>", RegexOptions.Singleline).Value;
        Assert.False(string.IsNullOrEmpty(form), $"{page} has no edit form");
        var fields = new Dictionary<string, string>();
        foreach (Match input in Regex.Matches(form, "<input\\b[^>]*>"))
        {
            var name = Attribute(input.Value, "name");
            var type = Attribute(input.Value, "type") ?? "text";
            if (name is null || (type is "checkbox" or "radio" && !input.Value.Contains("checked", StringComparison.Ordinal)))
            {
                continue;
            }

            fields[name] = WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? "");
        }

        foreach (Match area in Regex.Matches(form, "<textarea\\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline))
        {
            if (Attribute(area.Groups[1].Value, "name") is { } name)
            {
                fields[name] = WebUtility.HtmlDecode(area.Groups[2].Value.TrimStart('\n'));
            }
        }

        foreach (Match select in Regex.Matches(form, "<select\\b([^>]*)>(.*?)</select>", RegexOptions.Singleline))
        {
            var name = Attribute(select.Groups[1].Value, "name");
            var chosen = Regex.Match(select.Groups[2].Value, "<option\\b[^>]*selected[^>]*>");
            var option = chosen.Success ? chosen.Value : Regex.Match(select.Groups[2].Value, "<option\\b[^>]*>").Value;
            if (name is not null)
            {
                fields[name] = WebUtility.HtmlDecode(Attribute(option, "value") ?? "");
            }
        }

        return fields;
    }

    private static string Errors(string html) =>
        string.Join(" / ", Regex.Matches(html, "<(?:li|p|span)[^>]*(?:error|warning|alert)[^>]*>(.*?)</", RegexOptions.Singleline).Select(m => m.Groups[1].Value.Trim()));

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;
}
