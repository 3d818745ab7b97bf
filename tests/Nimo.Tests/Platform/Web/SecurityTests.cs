using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using Nimo.Tests.AccessControl;

namespace Nimo.Tests.Platform.Web;

public sealed class SecurityTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>
    /// Every route of the app, from its own endpoint table and classified by <see cref="RouteTable"/>, with each named GET
    /// handler: only the anonymous ones (listed, or under /public/) answer a visitor who is not signed in, and they show
    /// nothing of a person; every other page sends to the login and every other API call answers 401. A route the table
    /// cannot classify fails here.
    /// </summary>
    [Fact]
    public async Task Every_route_refuses_anonymous_visitors_unless_it_is_an_anonymous_one()
    {
        var routes = RouteTable.Routes(app.Services);
        var unclassified = routes.Where(r => RouteTable.Classify(r) is null).Select(r => r.Template).ToList();
        Assert.True(unclassified.Count == 0, "routes the access table cannot classify: " + string.Join(", ", unclassified));
        Assert.True(routes.Count > 90, "the route list looks incomplete");
        var client = app.CreateClient();
        var problems = new List<string>();
        var checkedUrls = 0;
        foreach (var route in routes)
        {
            var access = RouteTable.Classify(route)!.Value;
            var url = RouteTable.Url(route, RouteIds.Placeholder);
            foreach (var target in route.GetHandlers.Select(h => RouteTable.WithHandler(url, h)).Prepend(url))
            {
                var response = await client.GetAsync(target);
                checkedUrls++;
                var toLogin = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal);
                if (access == Access.Anonymous)
                {
                    // Answers without failing (the two-factor pages send a visitor with no sign-in under way back to the login).
                    if ((int)response.StatusCode >= 500 && route.Key != "/Error")
                    {
                        problems.Add($"{target} ({access}): {(int)response.StatusCode} {response.Headers.Location}");
                    }
                }
                else if (!(route.Api ? response.StatusCode == HttpStatusCode.Unauthorized : toLogin))
                {
                    problems.Add($"{target} ({access}) answered {(int)response.StatusCode} to an anonymous visitor");
                }
            }

            // A form of a signed-in page is no way in either.
            if (access != Access.Anonymous && !route.Api)
            {
                foreach (var handler in route.PostHandlers)
                {
                    var response = await client.PostAsync(RouteTable.WithHandler(url, handler), new FormUrlEncodedContent([]));
                    if (response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.Redirect) || response.StatusCode == HttpStatusCode.Redirect
                        && !response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal))
                    {
                        problems.Add($"POST {RouteTable.WithHandler(url, handler)} answered {(int)response.StatusCode} to an anonymous visitor");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(checkedUrls > 100, $"only {checkedUrls} URLs checked");
    }

    /// <summary>
    /// Anonymous pages live in a module's <c>Public/</c> folder (<c>feature.PublicFolder</c>: rate-limited, no cookie, served by
    /// the public surface), nowhere else; the few routes outside one are listed with their reason. A page made anonymous by
    /// any other convention, or a public folder nobody registered, fails here.
    /// </summary>
    [Fact]
    public void Every_anonymous_route_is_in_a_public_folder_or_listed_with_its_reason()
    {
        var folders = app.Services.GetRequiredService<Nimo.Platform.Modules.FeatureCatalog>().PublicFolders;
        Assert.NotEmpty(folders);
        var routes = RouteTable.Routes(app.Services);
        var outside = routes.Where(r => r.AllowsAnonymous && !folders.Any(f => r.Key.StartsWith(f + "/", StringComparison.Ordinal))
            && !RouteTable.AnonymousOutsidePublicFolders.ContainsKey(r.Key)).Select(r => $"{r.Template} ({r.Key})").ToList();
        Assert.True(outside.Count == 0, "anonymous routes outside every public folder (move them into a Public/ folder its module registers): " + string.Join(", ", outside));
        // And what a public folder holds is anonymous: a folder registered as public whose pages still ask for a login would be a broken promise.
        var closed = routes.Where(r => !r.AllowsAnonymous && folders.Any(f => r.Key.StartsWith(f + "/", StringComparison.Ordinal))).Select(r => r.Template).ToList();
        Assert.True(closed.Count == 0, "pages of a public folder that are not anonymous: " + string.Join(", ", closed));
        Assert.All(RouteTable.AnonymousOutsidePublicFolders.Keys, key => Assert.Contains(routes, r => r.Key == key && r.AllowsAnonymous));
    }

    [Fact]
    public async Task Anonymous_visitors_reach_login_health_and_the_api_description()
    {
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        Assert.Contains("/api/v1/regions", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers()
    {
        var response = await app.CreateClient().GetAsync("/Account/Login");
        var h = response.Headers;
        var csp = string.Join(";", h.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", h.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", h.GetValues("Referrer-Policy").Single());
        Assert.Contains("max-age=31536000", h.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Contains("includeSubDomains", h.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_cookies_are_secure_host_only_and_http_only()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("cookie-" + Guid.NewGuid().ToString("N")[..6], Roles.ForumSecretariat, world.TownOffice.Id);
        var client = app.CreateClient();
        var response = await AppFactory.PostLoginAsync(client, user.UserName, AppFactory.Password);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-Nimo=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_post_without_an_antiforgery_token_is_refused()
    {
        var client = app.CreateClient();
        var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.UserName"] = "nobody",
            ["Input.Password"] = "whatever-whatever",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);

        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("csrf-" + Guid.NewGuid().ToString("N")[..6], Roles.ForumSecretariat, world.TownOffice.Id);
        var signedIn = await app.SignInAsync(user);
        var logout = await signedIn.PostAsync("/Account/Logout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        // Still signed in: the forged logout did nothing.
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Japanese_is_written_as_text_not_as_entities()
    {
        var html = await app.CreateClient().GetStringAsync("/Account/Login");
        Assert.Contains("ログイン", html, StringComparison.Ordinal);
        Assert.Contains("パスワード", html, StringComparison.Ordinal);
        Assert.DoesNotContain("&#x30ED;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_show_a_japanese_page_without_internals()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("err-" + Guid.NewGuid().ToString("N")[..6], Roles.ForumSecretariat, world.TownOffice.Id);
        var client = await app.SignInAsync(user);
        var response = await client.GetAsync("/Regions/Details/999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("ページが見つかりません", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain("StackTrace", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_redirect_after_login_is_not_followed()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("redir-" + Guid.NewGuid().ToString("N")[..6], Roles.ForumSecretariat, world.TownOffice.Id);
        var client = app.CreateClient();
        var response = await AppFactory.PostFormAsync(client, "/Account/Login?ReturnUrl=%2F%2Fevil.example%2F",
            new() { ["Input.UserName"] = user.UserName, ["Input.Password"] = AppFactory.Password, ["ReturnUrl"] = "//evil.example/" });
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }
}
