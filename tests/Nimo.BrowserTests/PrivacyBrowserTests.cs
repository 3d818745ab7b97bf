using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.BrowserTests;

/// <summary>
/// The privacy pages as people meet them, at 1366 px and 390 px with axe-core: the stats and a plan read by a read-only
/// account (small counts protected), a client's 閲覧記録 read by its office's reviewer, the administrator's list of reviewers.
/// </summary>
[Collection(LiveAppCollection.Name)]
public sealed class PrivacyBrowserTests(LiveApp app)
{
    [Fact]
    public async Task Protected_counts_the_access_log_and_the_reviewer_list_read_well_on_a_desk_and_a_phone()
    {
        var town = await SmallCountWorld.SeedAsync(app);
        var tag = Guid.NewGuid().ToString("N")[..4];
        var reader = await app.CreateUserAsync("pv-ro-" + tag, Roles.ReadOnly, town.TokyoOrg);
        var reviewer = await app.CreateUserAsync("pv-rv-" + tag, Roles.MunicipalStaff, town.MeguroOrg, twoFactor: true);
        var admin = await app.CreateUserAsync("pv-ad-" + tag, Roles.Admin, town.TokyoOrg, twoFactor: true);
        var clientId = await app.WithDbAsync((db, _) => db.Clients.Where(c => c.OwnerOrganizationId == town.MeguroOrg).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var violations = new List<string>();
        var allErrors = new List<string>();

        // The administrator designates the reviewer.
        var (adminContext, adminPage, adminErrors) = await app.NewPageAsync();
        await using (adminContext)
        {
            await app.SignInAsync(adminPage, admin);
            await adminPage.GotoAsync("/Admin/AccessReviewers");
            await adminPage.GetByLabel("利用者名").FillAsync(reviewer.UserName);
            await adminPage.GetByRole(AriaRole.Button, new() { Name = "確認者に指定" }).ClickAsync();
            await Assertions.Expect(adminPage.Locator("main")).ToContainTextAsync("閲覧記録の確認者に指定しました。");
            await Assertions.Expect(adminPage.Locator("main table")).ToContainTextAsync("目黒区 保健予防課");
            await CheckAsync(adminPage, "privacy-reviewers");
            allErrors.AddRange(adminErrors);
        }

        // A read-only account: 「10未満」 and 「秘匿」, no achievement for the protected counts.
        var (context, page, errors) = await app.NewPageAsync();
        await using (context)
        {
            await app.SignInAsync(page, reader);
            await page.GotoAsync($"/Cases/Stats?regionId={town.Tokyo}&year=2025");
            await Assertions.Expect(page.Locator("main table")).ToContainTextAsync("秘匿");
            await CheckAsync(page, "privacy-stats");
            await page.GotoAsync($"/Plans/Details/{town.Meguro}?year=2025");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("10件未満");
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync("達成度も表示しません");
            await CheckAsync(page, "privacy-plan");
            await page.GotoAsync($"/Plans/Count/{town.LiaisonIndicator}");
            await Assertions.Expect(page.Locator("main strong")).ToHaveTextAsync("10件未満");
            await CheckAsync(page, "privacy-count");
            allErrors.AddRange(errors);
        }

        // The reviewer: from the client's page to its 閲覧記録, which lists the read-only account's look at nobody and its own reads.
        var (reviewerContext, reviewerPage, reviewerErrors) = await app.NewPageAsync();
        await using (reviewerContext)
        {
            await app.SignInAsync(reviewerPage, reviewer);
            await reviewerPage.GotoAsync("/Clients");
            await reviewerPage.GotoAsync($"/Clients/Details/{clientId}");
            await reviewerPage.GetByRole(AriaRole.Link, new() { Name = "閲覧記録" }).ClickAsync();
            await Assertions.Expect(reviewerPage.Locator("main h1")).ToContainTextAsync("閲覧記録");
            await Assertions.Expect(reviewerPage.Locator("main table")).ToContainTextAsync("対象者の一覧");
            await Assertions.Expect(reviewerPage.Locator("main table")).ToContainTextAsync(reviewer.UserName);
            await CheckAsync(reviewerPage, "privacy-access-log");
            allErrors.AddRange(reviewerErrors);
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(allErrors.Count == 0, string.Join("\n", allErrors));

        async Task CheckAsync(IPage p, string name)
        {
            foreach (var (width, suffix) in new[] { (1366, "1366"), (390, "390") })
            {
                await p.SetViewportSizeAsync(width, 900);
                violations.AddRange(await LiveApp.AccessibilityViolationsAsync(p));
                await LiveApp.ScreenshotAsync(p, $"{name}-{suffix}");
                // Nothing wider than the screen at 390 px but the tables, which scroll in their own box.
                var overflow = await p.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
                if (overflow && width == 390)
                {
                    violations.Add($"{p.Url}: wider than 390 px");
                }
            }
        }
    }
}
