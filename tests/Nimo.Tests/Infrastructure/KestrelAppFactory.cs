using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Nimo.Tests.Infrastructure;

/// <summary>
/// The app on Kestrel over plain http on loopback, for what the in-memory test server does not do: enforcing request size
/// limits and validating response headers.
/// </summary>
public class KestrelAppFactoryBase : AppFactory
{
    protected override bool RequireHttps => false;

    public KestrelAppFactoryBase() => UseKestrel(0);

    public Uri Address
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        }
    }

    /// <summary>A client of its own (cookies, no redirects followed), signed in through the login forms.</summary>
    public async Task<HttpClient> SignInOverHttpAsync(TestUser user)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Address };
        var response = await PostLoginAsync(client, user.UserName, Password);
        if (user.AuthenticatorKey is not null)
        {
            response = await PostFormAsync(client, "/Account/LoginWith2fa", new() { ["Code"] = CurrentCode(user) });
        }

        return response.StatusCode == HttpStatusCode.Redirect
            ? client
            : throw new InvalidOperationException($"Sign-in of {user.UserName} failed: {(int)response.StatusCode}");
    }
}
public sealed class KestrelAppFactory : KestrelAppFactoryBase;
