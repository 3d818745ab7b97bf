using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Cli;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;

namespace Nimo.Features.Organizations;

/// <summary>
/// 機関・部署: organisations and departments, their navigation area and API (with <c>/api/v1/me</c>, which names the
/// caller's organisation), the demo regions, organisations and accounts, and the <c>init</c> verb of a new installation.
/// </summary>
public sealed class OrganizationsModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) =>
        feature.Nav("機関・部署", "/Organizations", 20)
            .DemoSeed<OrganizationsDemoSeed>()
            .Verb("init", "init --prefecture NAME --org NAME --admin NAME", InitAsync);

    public static void MapApi(RouteGroupBuilder api)
    {
        api.MapOrganizationsApi();
        api.MapMeApi();
    }

    /// <summary>
    /// First start of a real installation: the prefecture, the administrators' organisation and the first
    /// administrator. Refused once anyone exists, so it cannot be used to mint a second way in.
    /// </summary>
    internal static async Task<int> InitAsync(IServiceProvider sp, string[] args)
    {
        const string usage = "init --prefecture 都道府県名またはコード --org 機関名 --admin 利用者名";
        var prefectureText = Cli.Option(args, "--prefecture") ?? throw new Cli.UsageException(usage);
        var orgName = Cli.Option(args, "--org") ?? throw new Cli.UsageException(usage);
        var adminName = Cli.Option(args, "--admin") ?? throw new Cli.UsageException(usage);
        var db = sp.GetRequiredService<NimoDbContext>();
        if (await db.Users.AnyAsync())
        {
            throw new Cli.CliException("すでに利用者がいるため init は使えません。利用者の追加は user create か管理画面で行ってください。");
        }

        var (code, name, kana) = Prefectures.Find(prefectureText)
            ?? throw new Cli.CliException($"都道府県「{prefectureText}」が見つかりません。「埼玉県」や「110001」のように指定してください。");
        var prefecture = await db.Regions.SingleOrDefaultAsync(r => r.Code == code);
        if (prefecture is null)
        {
            prefecture = Region.Create(code, name, kana, RegionKind.Prefecture, MunicipalityFlags.None, null);
            db.Regions.Add(prefecture);
        }

        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.RegionId == prefecture.Id && o.Name == orgName);
        if (organization is null)
        {
            organization = Organization.Create(orgName, "", OrganizationKind.LocalGovernment, prefecture);
            db.Organizations.Add(organization);
        }

        await db.SaveChangesAsync();
        var password = await Cli.CreateUserAsync(sp, adminName, adminName, Roles.Admin, organization.Id);
        Console.WriteLine($"# {name}({code})と「{orgName}」を登録し、システム管理者「{adminName}」を作成しました。");
        Console.WriteLine("# 初回ログイン後に二要素認証を設定してください。初期パスワード:");
        Console.WriteLine(password);
        return 0;
    }
}
