using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Forums;

/// <summary>A prefecture forum, the area forum under it and the town forum under that, each run by its own office.</summary>
public sealed record ForumLayers(World World, int Prefecture, int Area, int Town);

/// <summary>What the forum tests build on: the three layers, signed-in users, meetings made through the pages.</summary>
public static class ForumSetup
{
    public static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    public static async Task<ForumLayers> LayersAsync(AppFactory app)
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..4];
        var ids = await app.WithDbAsync(async (db, _) =>
        {
            var orgs = await db.Organizations.Include(o => o.Region).Where(o => new[] { world.Prefecture.Id, world.AreaHealthCenter.Id, world.TownOffice.Id }.Contains(o.Id)).ToListAsync();
            var pref = Forum.Create(orgs.Single(o => o.Id == world.Prefecture.Id).Region, "県の協議の場" + tag, ForumKind.Main, null);
            pref.Update(pref.Name, ForumKind.Main, null, null, orgs.Single(o => o.Id == world.Prefecture.Id), "年2回", ForumStatus.Established, "県内の課題を協議", null);
            var area = Forum.Create(orgs.Single(o => o.Id == world.AreaHealthCenter.Id).Region, "北部圏域の協議の場" + tag, ForumKind.Main, pref);
            area.Update(area.Name, ForumKind.Main, pref, null, orgs.Single(o => o.Id == world.AreaHealthCenter.Id), "年3回", ForumStatus.Established, null, null);
            var town = Forum.Create(orgs.Single(o => o.Id == world.TownOffice.Id).Region, "みどり町の協議の場" + tag, ForumKind.Main, area);
            town.Update(town.Name, ForumKind.Main, area, null, orgs.Single(o => o.Id == world.TownOffice.Id), "月1回", ForumStatus.Established, "ケース検討", "家族会の参加");
            town.AddMember(orgs.Single(o => o.Id == world.TownOffice.Id), null, MemberRole.Secretariat, Sector.Government, null, null, null);
            town.AddMember(null, "みどり家族会", MemberRole.Member, Sector.Family, null, null, null);
            town.AddMember(null, "ピアサポーター", MemberRole.Member, Sector.Peer, null, null, null);
            db.Forums.AddRange(pref, area, town);
            await db.SaveChangesAsync();
            return (pref.Id, area.Id, town.Id);
        });
        return new ForumLayers(world, ids.Item1, ids.Item2, ids.Item3);
    }

    public static async Task<HttpClient> UserAsync(AppFactory app, int organizationId, string role = Roles.MunicipalStaff)
    {
        var user = await app.CreateUserAsync(Name("u"), role, organizationId, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return await app.SignInAsync(user);
    }

    public static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public static async Task<string> PageAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    /// <summary>Schedules a meeting through the page (on <paramref name="date"/> from 14:00 to 15:30) and returns its id.</summary>
    public static async Task<int> NewMeetingAsync(HttpClient client, int forumId, string title, string date = "2026-12-10")
    {
        var response = await AppFactory.PostFormAsync(client, $"/Forums/MeetingEdit?forumId={forumId}", new()
        {
            ["forumId"] = Id(forumId), ["Input.Id"] = "0", ["Input.Title"] = title,
            ["Input.Date"] = date, ["Input.Start"] = "14:00", ["Input.End"] = "15:30", ["Input.Format"] = "Online", ["Input.Place"] = "Web会議",
        });
        await Responses.AssertRedirectAsync(response);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
    }

    public static async Task<string> VersionOfMeetingAsync(AppFactory app, int meetingId) =>
        await app.WithDbAsync((db, _) => db.Meetings.Where(m => m.Id == meetingId).Select(m => m.Version.ToString()).SingleAsync());

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int meetingId, byte[] bytes, string name)
    {
        var token = AppFactory.AntiforgeryToken(await client.GetStringAsync($"/Forums/Meeting/{meetingId}"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "file", name },
        };
        return await client.PostAsync($"/Forums/Meeting/{meetingId}?handler=Upload", form);
    }
}
