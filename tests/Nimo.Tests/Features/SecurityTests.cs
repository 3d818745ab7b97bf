using System.Net;
using Microsoft.AspNetCore.Routing;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features;

public sealed class SecurityTests(AppFactory app) : IClassFixture<AppFactory>
{
    // The only routes an anonymous visitor may reach. Anything new must be added here on purpose.
    private static readonly HashSet<string> AnonymousAllowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "/Account/Login", "/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode", "/Error", "/healthz", "/openapi/{documentName}.json",
        // The residents' directory and its HSDS 3.0 feed: published entries only (Features/Directory, DirectoryCurationTests).
        "/public/services", "/public/services/{id:guid}", "/public/services/booklet", "/public/services/map",
        "/api/hsds/", "/api/hsds/profile", "/api/hsds/services", "/api/hsds/services/{id}", "/api/hsds/organizations", "/api/hsds/organizations/{id}",
        "/api/hsds/taxonomies", "/api/hsds/taxonomies/{id}", "/api/hsds/taxonomy_terms", "/api/hsds/taxonomy_terms/{id}",
        "/api/hsds/service_at_locations", "/api/hsds/service_at_locations/{id}", "/api/hsds/tabular.zip",
    };

    [Fact]
    public async Task Every_endpoint_refuses_anonymous_visitors_except_the_allowlist()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 20, "the endpoint list looks incomplete");
        var client = app.CreateClient();
        var checkedRoutes = 0;
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            if (!methods.Contains("GET") || AnonymousAllowed.Contains(pattern))
            {
                continue;
            }

            var url = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{[^}]+\}", "1").Replace("/Index", "", StringComparison.Ordinal);
            var response = await client.GetAsync(url);
            var refused = response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal));
            Assert.True(refused, $"{url} answered {(int)response.StatusCode} to an anonymous visitor");
            checkedRoutes++;
        }

        Assert.True(checkedRoutes > 15);
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
