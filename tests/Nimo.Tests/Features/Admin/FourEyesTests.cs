using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Admin;

/// <summary>
/// No administrator alone gives anyone (itself included) a way to personal data: not by changing its own role, not by
/// granting a role, not by resetting the password or second factor of someone who has one. A second administrator approves.
/// </summary>
public sealed partial class FourEyesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static string Name(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<(World World, TestUser First, HttpClient FirstClient, TestUser Second, HttpClient SecondClient)> TwoAdministratorsAsync()
    {
        var world = await app.CreateWorldAsync();
        var first = await app.CreateUserAsync(Name("admin-a"), Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var second = await app.CreateUserAsync(Name("admin-b"), Roles.Admin, world.Prefecture.Id, twoFactor: true);
        var firstClient = await app.SignInAsync(first);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var secondClient = await app.SignInAsync(second);
        return (world, first, firstClient, second, secondClient);
    }

    private Task<string?> RoleOfAsync(string userId) => app.WithDbAsync((db, _) =>
        db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).SingleOrDefaultAsync());

    private static Task<HttpResponseMessage> SaveAsync(HttpClient client, string? id, string userName, int organizationId, string role, string displayName = "表示名") =>
        AppFactory.PostFormAsync(client, id is null ? "/Admin/Users/Edit" : $"/Admin/Users/Edit/{id}", new()
        {
            ["Input.Id"] = id ?? "",
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = displayName,
            ["Input.OrganizationId"] = organizationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Input.Role"] = role,
        }, (id is null ? "/Admin/Users/Edit" : $"/Admin/Users/Edit/{id}") + "?handler=Save");

    private async Task<int> PendingRequestIdAsync(string userName) =>
        await app.WithDbAsync((db, _) => db.UserChangeRequests.Where(r => r.UserName == userName && r.State == Nimo.Features.Admin.Users.UserChangeState.Pending)
            .Select(r => r.Id).SingleAsync());

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, int requestId, string handler) =>
        AppFactory.PostFormAsync(client, "/Admin/Approvals", new() { ["requestId"] = requestId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/Admin/Approvals?handler=" + handler);

    [Fact]
    public async Task An_administrator_cannot_change_its_own_role_or_organisation()
    {
        var (world, first, client, _, _) = await TwoAdministratorsAsync();
        var ownRole = await SaveAsync(client, first.Id, first.UserName, world.Prefecture.Id, Roles.MunicipalStaff);
        Assert.Equal(HttpStatusCode.OK, ownRole.StatusCode);
        Assert.Contains("自分自身の役割と所属機関は変更できません", WebUtility.HtmlDecode(await ownRole.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var ownOrganisation = await SaveAsync(client, first.Id, first.UserName, world.CityHealthCenter.Id, Roles.Admin);
        Assert.Contains("自分自身の役割と所属機関は変更できません", WebUtility.HtmlDecode(await ownOrganisation.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(Roles.Admin, await RoleOfAsync(first.Id));
        Assert.Equal(world.Prefecture.Id, await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == first.Id).Select(u => u.OrganizationId).SingleAsync()));
        Assert.False(await app.WithDbAsync((db, _) => db.UserChangeRequests.AnyAsync(r => r.TargetUserId == first.Id)));

        // The display name is still one's own to change.
        var renamed = await SaveAsync(client, first.Id, first.UserName, world.Prefecture.Id, Roles.Admin, "県庁 管理者");
        await Responses.AssertRedirectAsync(renamed);
        Assert.Equal("県庁 管理者", await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == first.Id).Select(u => u.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task Granting_a_role_that_sees_personal_data_waits_for_a_second_administrator()
    {
        var (world, first, firstClient, second, secondClient) = await TwoAdministratorsAsync();
        var clerk = await app.CreateUserAsync(Name("clerk"), Roles.ReadOnly, world.CityHealthCenter.Id);
        var clerkClient = await app.SignInAsync(clerk);

        var asked = await SaveAsync(firstClient, clerk.Id, clerk.UserName, world.CityHealthCenter.Id, Roles.MunicipalStaff);
        await Responses.AssertRedirectAsync(asked);
        Assert.Equal(Roles.ReadOnly, await RoleOfAsync(clerk.Id));
        var requestId = await PendingRequestIdAsync(clerk.UserName);

        // The one who asked cannot approve, by the page or by posting anyway.
        var list = WebUtility.HtmlDecode(await firstClient.GetStringAsync("/Admin/Approvals"));
        Assert.Contains(clerk.UserName, list, StringComparison.Ordinal);
        var self = await DecideAsync(firstClient, requestId, "Approve");
        Assert.Contains("自分が依頼した変更は承認できません", WebUtility.HtmlDecode(await self.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(Roles.ReadOnly, await RoleOfAsync(clerk.Id));

        // A second administrator approves: the role is granted and the old session, with the old view, ends.
        var approved = await DecideAsync(secondClient, requestId, "Approve");
        await Responses.AssertRedirectAsync(approved);
        Assert.Equal(Roles.MunicipalStaff, await RoleOfAsync(clerk.Id));
        await Responses.AssertRedirectAsync(await clerkClient.GetAsync("/Regions"));

        var audit = await app.WithDbAsync((db, _) => db.AuditEntries.Where(a => a.RecordId == clerk.Id || a.RecordId == requestId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(a => new { a.Action, a.UserName }).ToListAsync());
        Assert.Contains(audit, a => a.Action == AuditActions.UserChangeRequested && a.UserName == first.UserName);
        Assert.Contains(audit, a => a.Action == AuditActions.UserChangeApproved && a.UserName == second.UserName);
        Assert.Contains(audit, a => a.Action == AuditActions.UserUpdated && a.UserName == second.UserName);
    }

    [Fact]
    public async Task An_administrator_cannot_make_itself_a_second_account_with_casework_or_admin_access()
    {
        var (world, _, client, _, secondClient) = await TwoAdministratorsAsync();
        foreach (var role in new[] { Roles.MunicipalStaff, Roles.Admin })
        {
            var name = Name("sock");
            var created = await SaveAsync(client, null, name, world.CityHealthCenter.Id, role);
            await Responses.AssertRedirectAsync(created);
            Assert.False(await app.WithDbAsync((db, _) => db.Users.AnyAsync(u => u.UserName == name)), role);

            // A second administrator may refuse it; nothing is created.
            var refused = await DecideAsync(secondClient, await PendingRequestIdAsync(name), "Reject");
            await Responses.AssertRedirectAsync(refused);
            Assert.False(await app.WithDbAsync((db, _) => db.Users.AnyAsync(u => u.UserName == name)), role);
        }

        // A role without personal data is created at once.
        var secretary = Name("secretary");
        var direct = await SaveAsync(client, null, secretary, world.TownOffice.Id, Roles.ForumSecretariat);
        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Contains("初期パスワード", WebUtility.HtmlDecode(await direct.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync((db, _) => db.Users.AnyAsync(u => u.UserName == secretary)));
    }

    [Fact]
    public async Task A_new_municipal_account_is_created_on_approval_and_the_approver_sees_its_initial_password_once()
    {
        var (world, _, client, _, secondClient) = await TwoAdministratorsAsync();
        var name = Name("nurse");
        await SaveAsync(client, null, name, world.CityHealthCenter.Id, Roles.MunicipalStaff, "保健師 見本");
        var approved = await DecideAsync(secondClient, await PendingRequestIdAsync(name), "Approve");
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var page = WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync());
        var password = InitialPassword().Match(page).Groups[1].Value;
        Assert.True(password.Length >= 20, page);
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(app.CreateClient(), name, password));
        Assert.Equal(Roles.MunicipalStaff, await RoleOfAsync(await app.WithDbAsync((db, _) => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync())));
        Assert.DoesNotContain(password, WebUtility.HtmlDecode(await secondClient.GetStringAsync("/Admin/Approvals")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resetting_the_password_or_second_factor_of_someone_who_sees_personal_data_needs_a_second_administrator()
    {
        var (world, _, client, _, secondClient) = await TwoAdministratorsAsync();
        var nurse = await app.CreateUserAsync(Name("nurse"), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var page = $"/Admin/Users/Edit/{nurse.Id}";

        var reset = await AppFactory.PostFormAsync(client, page, new() { ["Input.Id"] = nurse.Id }, page + "?handler=ResetPassword");
        var body = WebUtility.HtmlDecode(await reset.Content.ReadAsStringAsync());
        Assert.DoesNotMatch(InitialPassword(), body);
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(app.CreateClient(), nurse.UserName, AppFactory.Password));
        var twoFactor = await AppFactory.PostFormAsync(client, page, new() { ["Input.Id"] = nurse.Id }, page + "?handler=ResetTwoFactor");
        await Responses.AssertRedirectAsync(twoFactor);
        Assert.True(await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == nurse.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        var requests = await app.WithDbAsync((db, _) => db.UserChangeRequests.Where(r => r.TargetUserId == nurse.Id && r.State == Nimo.Features.Admin.Users.UserChangeState.Pending).ToListAsync());
        Assert.Equal(2, requests.Count);

        var twoFactorApproved = await DecideAsync(secondClient, requests.Single(r => r.Kind == Nimo.Features.Admin.Users.UserChangeKind.ResetTwoFactor).Id, "Approve");
        await Responses.AssertRedirectAsync(twoFactorApproved);
        Assert.False(await app.WithDbAsync((db, _) => db.Users.Where(u => u.Id == nurse.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        var passwordApproved = await DecideAsync(secondClient, requests.Single(r => r.Kind == Nimo.Features.Admin.Users.UserChangeKind.ResetPassword).Id, "Approve");
        var password = InitialPassword().Match(WebUtility.HtmlDecode(await passwordApproved.Content.ReadAsStringAsync())).Groups[1].Value;
        await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(app.CreateClient(), nurse.UserName, password));

        // Someone without personal data is reset at once.
        var secretary = await app.CreateUserAsync(Name("sec"), Roles.ForumSecretariat, world.TownOffice.Id);
        var direct = await AppFactory.PostFormAsync(client, $"/Admin/Users/Edit/{secretary.Id}", new() { ["Input.Id"] = secretary.Id }, $"/Admin/Users/Edit/{secretary.Id}?handler=ResetPassword");
        Assert.Matches(InitialPassword(), WebUtility.HtmlDecode(await direct.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_request_older_than_a_week_can_no_longer_be_approved()
    {
        var (world, _, client, second, _) = await TwoAdministratorsAsync();
        var clerk = await app.CreateUserAsync(Name("late"), Roles.ReadOnly, world.CityHealthCenter.Id);
        await SaveAsync(client, clerk.Id, clerk.UserName, world.CityHealthCenter.Id, Roles.PartnerStaff);
        var id = await PendingRequestIdAsync(clerk.UserName);
        app.Clock.Advance(TimeSpan.FromDays(8));
        var secondClient = await app.SignInAsync(second);
        var late = await DecideAsync(secondClient, id, "Approve");
        Assert.Contains("7日を過ぎた", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(Roles.ReadOnly, await RoleOfAsync(clerk.Id));
    }

    [Fact]
    public async Task The_demo_has_a_second_administrator_who_approves_what_the_first_asks_for()
    {
        using var demo = new DemoAppFactory();
        var organizationId = await demo.WithDbAsync((db, _) => db.Organizations.Where(o => o.Name == "川口市保健所").Select(o => o.Id).SingleAsync());
        async Task<HttpClient> DemoSignInAsync(string name)
        {
            var client = demo.CreateClient();
            await Responses.AssertRedirectAsync(await AppFactory.PostLoginAsync(client, name, Nimo.Platform.Demo.DemoData.DemoPassword));
            return client;
        }

        var admin = await DemoSignInAsync("admin");
        await SaveAsync(admin, null, "demo-nurse", organizationId, Roles.MunicipalStaff, "保健師(デモ)");
        var id = await demo.WithDbAsync((db, _) => db.UserChangeRequests.Where(r => r.UserName == "demo-nurse").Select(r => r.Id).SingleAsync());
        var approved = await DecideAsync(await DemoSignInAsync("admin2"), id, "Approve");
        Assert.Matches(InitialPassword(), WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("<code class=\"secret\">([A-Za-z0-9]{20,})</code>")]
    private static partial Regex InitialPassword();
}
