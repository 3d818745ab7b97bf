using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Directory;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Identity;
using Nimo.Tests.Infrastructure;
using static Nimo.Tests.Features.Directory.DirectorySetup;

namespace Nimo.Tests.Features;

/// <summary>
/// The home page counts several sets in one statement each (「担当範囲」's regions, municipalities, organisations and
/// departments; the directory's waiting proposals and stale entries). Every count is checked against a region of the
/// test's own, with rows that must be counted and rows that must not.
/// </summary>
public sealed class HomeTallyTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_home_page_counts_the_area_of_the_user_and_the_directory_work_waiting_for_them()
    {
        var world = await app.CreateWorldAsync();
        var tag = Tag();
        // A health area of its own under the test prefecture: three towns, the area's 保健所, a town office in each town and a
        // partner in the first; a department in two of the towns and one in the prefecture above. Outside it: the world's other
        // area and city, with a department of its own.
        var (healthCenterId, partnerId) = await app.WithDbAsync(async (db, _) =>
        {
            var prefecture = await db.Regions.SingleAsync(r => r.Code == "470007");
            var area = Region.Create(null, "南部保健所圏域" + tag, "なんぶ", RegionKind.HealthArea, MunicipalityFlags.None, prefecture);
            db.Regions.Add(area);
            var towns = new List<Region>();
            for (var n = 0; n < 3; n++)
            {
                var body = "4760" + n.ToString(CultureInfo.InvariantCulture);
                var town = Region.Create(body + LocalGovernmentCode.CheckDigit(body).ToString(CultureInfo.InvariantCulture), $"みなみ{n}町", "みなみちょう", RegionKind.Municipality,
                    MunicipalityFlags.None, area);
                towns.Add(town);
                db.Regions.Add(town);
                db.Organizations.Add(Organization.Create($"みなみ{n}町役場 福祉課", "みなみちょうやくば", OrganizationKind.LocalGovernment, town));
            }

            var healthCenter = Organization.Create("南部保健所" + tag, "なんぶほけんじょ", OrganizationKind.HealthCenter, area);
            var partner = Organization.Create("みなみ相談支援センター" + tag, "みなみそうだん", OrganizationKind.CounsellingSupport, towns[0]);
            db.Organizations.AddRange(healthCenter, partner);
            var city = await db.Regions.SingleAsync(r => r.Code == "472018");
            db.Departments.AddRange(
                Department.Create(prefecture, "テスト県 精神保健福祉係" + tag, DepartmentRole.Lead, ["精神保健福祉相談"], 1),
                Department.Create(towns[1], "みなみ1町 障害福祉係", DepartmentRole.Partner, ["障害福祉サービス"], 2),
                Department.Create(towns[2], "みなみ2町 保健係", DepartmentRole.Partner, ["母子保健"], 3),
                Department.Create(city, "あおば市 障害福祉課" + tag, DepartmentRole.Partner, ["障害福祉サービス"], 4));
            await db.SaveChangesAsync();
            return (healthCenter.Id, partner.Id);
        });

        // Two published services of the partner, then a year and a day: both are unconfirmed for more than a year.
        var services = new List<Guid>();
        for (var n = 0; n < 2; n++)
        {
            services.Add(await ServiceAsync(app, partnerId, $"みなみ相談{n} " + tag, "みなみそうだん", ["consultation"]));
        }

        app.Clock.Advance(TimeSpan.FromDays(366));
        // The partner's proposals: two waiting, one sent back 10 days ago, one sent back 40 days ago (no longer news), one approved.
        await app.WithDbAsync(async (db, _) =>
        {
            var now = app.Clock.GetUtcNow();
            var service = await db.DirectoryServices.Include(s => s.Documents).Include(s => s.Languages).Include(s => s.Phones).Include(s => s.Schedules)
                .Include(s => s.Terms).Include(s => s.Areas).Include(s => s.Locations).AsSplitQuery().SingleAsync(s => s.Id == services[0]);
            ServiceProposal Proposal(string name, TimeSpan ago) =>
                ServiceProposal.Propose(service, partnerId, service.Content() with { Name = name + " " + tag }, "土曜日の相談を始めたため", "partner", now - ago);
            var sentBack = Proposal("みなみ相談(土曜も)", TimeSpan.FromDays(12));
            sentBack.Reject("curator", "開始日を書いてください。", now - TimeSpan.FromDays(10));
            var longAgo = Proposal("みなみ相談(日曜も)", TimeSpan.FromDays(45));
            longAgo.Reject("curator", "開始日を書いてください。", now - TimeSpan.FromDays(40));
            var approved = Proposal("みなみ相談(夜間も)", TimeSpan.FromDays(5));
            approved.Approve("curator", null, now - TimeSpan.FromDays(4));
            db.ServiceProposals.AddRange(Proposal("みなみ相談(祝日も)", TimeSpan.FromDays(3)), Proposal("みなみ相談(電話も)", TimeSpan.FromDays(1)), sentBack, longAgo, approved);
            await db.SaveChangesAsync();
            return 0;
        });

        var nurse = await UserAsync(app, healthCenterId, Roles.MunicipalStaff);
        var home = WebUtility.HtmlDecode(await PageAsync(nurse, "/"));
        // The area and its three towns; the area's own organisations (保健所, three town offices, the partner) and the
        // prefecture's office above it; the towns' two departments and the prefecture's.
        Assert.Contains("地域(圏域・市区町村を含む)</th><td class=\"num\">4</td>", home, StringComparison.Ordinal);
        Assert.Contains("うち市区町村</th><td class=\"num\">3</td>", home, StringComparison.Ordinal);
        Assert.Contains("機関</th><td class=\"num\">6</td>", home, StringComparison.Ordinal);
        Assert.Contains("所管・連携部署</th><td class=\"num\">3</td>", home, StringComparison.Ordinal);
        Assert.Contains("関係機関からの変更の提案が2件、確認を待っています。", home, StringComparison.Ordinal);
        Assert.Contains("公開中の2件は、確認日から1年以上たっています。", home, StringComparison.Ordinal);

        var partner = await UserAsync(app, partnerId, Roles.PartnerStaff);
        var partnerHome = WebUtility.HtmlDecode(await PageAsync(partner, "/"));
        Assert.Contains("あなたの機関の提案2件が、事務局の確認を待っています。", partnerHome, StringComparison.Ordinal);
        Assert.Contains("あなたの機関の提案1件が差し戻されました。", partnerHome, StringComparison.Ordinal);
        Assert.DoesNotContain("確認日から1年以上", partnerHome, StringComparison.Ordinal);
    }
}
