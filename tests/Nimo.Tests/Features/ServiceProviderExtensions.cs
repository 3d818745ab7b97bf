namespace Nimo.Tests.Features;

/// <summary>
/// <c>app.Services.GetRequiredService&lt;T&gt;()</c> for the feature tests without a using of their own (in
/// the Features namespace, so every feature folder sees it).
/// </summary>
internal static class ServiceProviderExtensions
{
    public static T GetRequiredService<T>(this IServiceProvider sp) where T : notnull =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(sp);
}
