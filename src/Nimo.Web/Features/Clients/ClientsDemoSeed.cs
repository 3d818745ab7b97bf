using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Demo;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;

namespace Nimo.Features.Clients;

/// <summary>
/// Each demo office's account also reviews its clients' 「閲覧記録」 (designated by the administrator in a real
/// installation). The fictional clients themselves are made by the Cases and Liaison seeds, with <see cref="NewClient"/>.
/// </summary>
public sealed class ClientsDemoSeed(UserManager<NimoUser> users) : IDemoSeed
{
    private static readonly string[] FamilyNames = ["見本", "試験", "架空", "仮名", "例示", "模擬"];
    private static readonly string[] FamilyKana = ["みほん", "しけん", "かくう", "かめい", "れいじ", "もぎ"];
    private static readonly string[] GivenNames = ["一郎", "花子", "太郎", "春子", "次郎", "夏子", "三郎", "秋子", "四郎", "冬子"];
    private static readonly string[] GivenKana = ["いちろう", "はなこ", "たろう", "はるこ", "じろう", "なつこ", "さぶろう", "あきこ", "しろう", "ふゆこ"];

    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        foreach (var (userName, _, role, _) in DemoData.Accounts.Where(a => a.Role is Roles.MunicipalStaff or Roles.PrefectureStaff))
        {
            if (await users.FindByNameAsync(userName) is { } user && !(await users.GetClaimsAsync(user)).Any(c => c.Type == AccessReviewers.ClaimType))
            {
                DemoData.Check(await users.AddClaimAsync(user, new Claim(AccessReviewers.ClaimType, AccessReviewers.ClaimValue(user.OrganizationId))));
            }
        }
    }

    /// <summary>
    /// The <paramref name="index"/>th fictional client (「見本 一郎」, 「試験 花子」: names no one has), its name, kana, birth
    /// date and sex made from the index, so that each seed numbers its own clients and the names stay the same whatever
    /// the order the seeds run in.
    /// </summary>
    public static Client NewClient(NimoDbContext db, Organization owner, Region region, int index, DateOnly today, DateTimeOffset now)
    {
        var i = index;
        var birth = new DateOnly(1950 + (i * 7 % 50), 1 + (i % 12), 1 + (i * 3 % 28));
        var client = Client.Register(owner, region, $"{FamilyNames[i % FamilyNames.Length]} {GivenNames[i / FamilyNames.Length % GivenNames.Length]}",
            $"{FamilyKana[i % FamilyKana.Length]} {GivenKana[i / FamilyKana.Length % GivenKana.Length]}", birth,
            i % 2 == 0 ? Sex.Male : Sex.Female, today, "デモデータ", now);
        db.Clients.Add(client);
        return client;
    }
}
