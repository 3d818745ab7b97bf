using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Cases;

/// <summary>
/// The everyday setting of the individual-support tests: a nurse of あおば市保健所 signed in through the real pages, with
/// a person's name of their own (not the login ID), and the cases they work on built by the entities' own rules.
/// </summary>
internal static class Casework
{
    public static async Task<(HttpClient Client, TestUser User)> NurseAsync(AppFactory app, int organizationId, string displayName = "保健師 見本 花子")
    {
        var user = await app.CreateUserAsync("nurse-" + Guid.NewGuid().ToString("N")[..8], Roles.MunicipalStaff, organizationId, twoFactor: true);
        await app.WithDbAsync(async db =>
        {
            var row = await db.Users.SingleAsync(u => u.Id == user.Id);
            row.DisplayName = displayName;
            await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        return (await app.SignInAsync(user), user);
    }

    public static async Task<HttpClient> SignInAgainAsync(AppFactory app, TestUser user)
    {
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        return await app.SignInAsync(user);
    }

    /// <summary>A client of the organisation with a 退院後支援 case: consent, plan, and (when given) the discharge.</summary>
    public static async Task<(int ClientId, int CaseId)> DischargeCaseAsync(AppFactory app, int organizationId, string name, string kana, int? dischargedDaysAgo = null)
    {
        return await app.WithDbAsync(async (db, _) =>
        {
            var today = JapanTime.Today(app.Clock);
            var owner = await db.Organizations.SingleAsync(o => o.Id == organizationId);
            var region = await db.Regions.SingleAsync(r => r.Id == owner.RegionId);
            var client = Client.Register(owner, region, name, kana, new DateOnly(1980, 4, 1), Sex.Female, today, "seed", app.Clock.GetUtcNow());
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "退院後支援計画と支援記録", [], today.AddDays(-60), ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
            await db.SaveChangesAsync();
            var supportCase = SupportCase.Open(client, Programme.DischargeSupport, today.AddDays(-60), "保健師 見本 花子", "地区担当", "病院からの通知", today);
            db.SupportCases.Add(supportCase);
            await db.SaveChangesAsync();
            supportCase.MakeDischargePlan(consent, today);
            if (dischargedDaysAgo is int days)
            {
                supportCase.StartSupport(today.AddDays(-days), new DischargeSupportRules(), today);
            }

            await db.SaveChangesAsync();
            return (client.Id, supportCase.Id);
        });
    }

    public static async Task<string> HtmlAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {Text(body)[..Math.Min(400, Text(body).Length)]}");
        return body;
    }

    /// <summary>What a person reads: the page's text without tags and entities.</summary>
    public static string Text(string html) => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ");

    /// <summary>A redirect is what a successful post answers; anything else fails with the page's own messages.</summary>
    public static async Task<string> AssertRedirectAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"expected a redirect, got {(int)response.StatusCode}: {string.Join(" / ", Robustness.Verdict.ErrorMessages(body))} {Text(body)[..Math.Min(600, Text(body).Length)]}");
        return response.Headers.Location!.OriginalString;
    }
}
