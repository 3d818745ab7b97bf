using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;

namespace Nimo.Platform.Demo;

/// <summary>
/// Demo mode: every feature module's demo seed (<see cref="IDemoSeed"/>), in the order Program.cs adds the modules
/// (regions, organisations and these accounts; forums; clients, cases and liaison sheets; plans; events; 基礎情報), so a
/// seed may use what an earlier one loaded. Idempotent: runs on every start, adds what is missing. The accounts are listed
/// here, in one place, and made by the Organizations seed at the organisations they name.
/// </summary>
public static class DemoData
{
    /// <summary>Documented in the README. Only ever created in demo mode.</summary>
    public const string DemoPassword = "demo-nimo-2026-sakura";

    /// <summary>The demo accounts: user name, display name, role, and the key of their organisation in demo-regions.json.</summary>
    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Role, string OrganizationKey)> Accounts =
    [
        ("admin", "システム管理者(デモ)", Roles.Admin, "nimo-admin"),
        // The second administrator that approves what the first asks for (four eyes: 承認待ちの変更).
        ("admin2", "システム管理者2(デモ・承認用)", Roles.Admin, "nimo-admin"),
        ("saitama", "埼玉県 障害者福祉推進課(デモ)", Roles.PrefectureStaff, "saitama-pref"),
        ("kawaguchi", "川口市保健所(デモ)", Roles.MunicipalStaff, "kawaguchi-hc"),
        ("meguro", "目黒区 保健予防課(デモ)", Roles.MunicipalStaff, "meguro-city"),
        ("kurashiki", "倉敷市保健所(デモ)", Roles.MunicipalStaff, "kurashiki-hc"),
        ("bunkyo", "文京区(デモ)", Roles.MunicipalStaff, "bunkyo-city"),
        ("kawaguchi-partner", "川口市 相談支援事業所職員(デモ)", Roles.PartnerStaff, "kawaguchi-partner"),
        // A 県保健所: runs its 保健所圏域's forum (secretariat) and works in its area, under the prefecture.
        ("asaka", "埼玉県朝霞保健所(デモ)", Roles.MunicipalStaff, "saitama-asaka-hc"),
    ];

    public static async Task LoadAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var demo = new DemoContext(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<NimoDbContext>(), scope.ServiceProvider.GetRequiredService<TimeProvider>());
        foreach (var seed in scope.ServiceProvider.GetServices<IDemoSeed>())
        {
            await seed.LoadAsync(demo, ct);
        }
    }

    /// <summary>A feature's demo file, embedded from its folder (<c>Features/Forums/demo-forums.json</c> → <c>"demo-forums.json"</c>).</summary>
    public static Stream Open(string name) =>
        typeof(DemoData).Assembly.GetManifestResourceStream("Nimo.Demo." + name) ?? throw new InvalidOperationException($"{name} is not embedded.");

    public static async Task<byte[]> ReadAllBytesAsync(string name, CancellationToken ct)
    {
        await using var stream = Open(name);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, ct);
        return memory.ToArray();
    }

    public static T ReadJson<T>(string name)
    {
        using var stream = Open(name);
        return JsonSerializer.Deserialize<T>(stream, JsonOptions) ?? throw new InvalidOperationException($"{name} is empty.");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
