using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;

namespace Nimo.Features.Directory;

/// <summary>
/// The resource directory (社会資源マップ, issue 17): services, locations and schedules modelled on HSDS 3.0, curated by the
/// area's secretariat with partner proposals; the residents' pages under /public/services; the HSDS API under /api/hsds/.
/// </summary>
public sealed class DirectoryModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature)
    {
        feature.Nav("社会資源", "/Directory", 65);
        feature.Services.AddSingleton<DirectoryCache>();
        feature.Services.AddOutputCache(o => o.AddPolicy(Public.PublishedDirectoryOutputPolicy.Name, new Public.PublishedDirectoryOutputPolicy()));
        feature.PublicFolder("/Directory/Public");
        feature.DemoSeed<DirectoryDemoSeed>();
        feature.HomePanel<DirectoryHomePanel>();
        feature.PublicRoleGrants(PublicRoleSql);
        feature.Verb("geocode-import", "geocode-import --file FILE [--encoding auto|utf8|sjis]  (位置参照情報 CSV of a prefecture, 大字・町丁目 or 街区 level)", ImportGeocodeAsync);
    }

    public static void Map(WebApplication app) => Hsds.MapApi(app);

    /// <summary>
    /// What the role of a Public instance reads for /public/services and /api/hsds/ (run by <c>public-role</c> after the events'
    /// statements, which revoke everything first): the published directory only, read-only. Row-level rules keep it to
    /// published services and what hangs on them, and to places that are not confidential and where a published service
    /// is: a confidential place (a group home, a shelter) is not a row the role can read, whatever the query. Proposals,
    /// revisions and the 位置参照情報 are not granted. Organisations by column: the id, name and kana, never their notes,
    /// address or phone. Regions whole (names, codes and the tree are public master data).
    /// </summary>
    public static IEnumerable<string> PublicRoleSql(string role)
    {
        var r = "\"" + role + "\"";
        const string published = "EXISTS (SELECT 1 FROM \"DirectoryServices\" s WHERE s.\"Id\" = \"ServiceId\")";
        yield return $"GRANT SELECT (\"Id\", \"Name\", \"Kana\") ON \"Organizations\" TO {r}";
        yield return $"GRANT SELECT ON \"Regions\" TO {r}";
        yield return $"GRANT SELECT ON \"Taxonomies\", \"TaxonomyTerms\", \"DirectoryStamps\" TO {r}";
        string[] rows = ["DirectoryServices", "ServicePhone", "ServiceSchedule", "ServiceArea", "ServiceTerm", "RequiredDocument", "ServiceLanguage",
            "ServiceAtLocations", "DirectoryLocations", "DirectoryOrganizations", "OrganizationIdentifier"];
        yield return $"GRANT SELECT ON {string.Join(", ", rows.Select(t => "\"" + t + "\""))} TO {r}";
        var policies = new Dictionary<string, string>
        {
            ["DirectoryServices"] = "\"IsPublished\"",
            ["ServicePhone"] = published,
            ["ServiceSchedule"] = published,
            ["ServiceArea"] = published,
            ["ServiceTerm"] = published,
            ["RequiredDocument"] = published,
            ["ServiceLanguage"] = published,
            ["ServiceAtLocations"] = published,
            // The subquery on ServiceAtLocations is itself filtered by its policy: places of published services only.
            ["DirectoryLocations"] = "NOT \"IsConfidential\" AND EXISTS (SELECT 1 FROM \"ServiceAtLocations\" a WHERE a.\"LocationId\" = \"DirectoryLocations\".\"Id\")",
            ["DirectoryOrganizations"] = "EXISTS (SELECT 1 FROM \"DirectoryServices\" s WHERE s.\"OrganizationId\" = \"DirectoryOrganizations\".\"OrganizationId\")",
            ["OrganizationIdentifier"] = "EXISTS (SELECT 1 FROM \"DirectoryServices\" s WHERE s.\"OrganizationId\" = \"OrganizationIdentifier\".\"OrganizationId\")",
        };
        foreach (var (table, rule) in policies)
        {
            yield return $"ALTER TABLE \"{table}\" ENABLE ROW LEVEL SECURITY";
            yield return $"DROP POLICY IF EXISTS nimo_public ON \"{table}\"";
            yield return $"CREATE POLICY nimo_public ON \"{table}\" FOR SELECT TO {r} USING ({rule})";
        }
    }

    /// <summary>The 位置参照情報 of a whole prefecture can be larger than an upload should be: an administrator imports it here.</summary>
    private static async Task<int> ImportGeocodeAsync(IServiceProvider services, string[] args)
    {
        string? Get(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var file = Get("--file");
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("位置参照情報のCSVファイルを --file で指定してください。");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        await using var stream = File.OpenRead(file);
        var result = await GeocodeImport.ImportAsync(db, stream, CsvFile.ParseEncoding(Get("--encoding")), CancellationToken.None);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine(error);
            }

            Console.Error.WriteLine("取り込みませんでした。");
            return 1;
        }

        var audit = scope.ServiceProvider.GetRequiredService<Nimo.Platform.Auditing.AuditLog>();
        await audit.WriteAsync(Nimo.Platform.Auditing.AuditActions.Import, "GeocodePoint", detail: $"{result.Points} points, {result.Cities} cities, level {result.Level} (cli)");
        Console.WriteLine($"{result.Points}地点({result.Cities}市区町村、{(result.Level == GeocodeLevel.Block ? "街区" : "大字・町丁目")}レベル、{result.EncodingName})を取り込みました。");
        return 0;
    }
}

/// <summary>「いま対応が必要なこと」: proposals waiting for the curator, entries unconfirmed for a year; for partners, their open proposals.</summary>
public sealed class DirectoryHomePanel(NimoDbContext db) : IHomePanel
{
    public sealed record Model(int Pending, int Stale, int OwnPending, int OwnDecided, bool Curator);

    public async Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct)
    {
        var scope = home.Scope;
        var curator = scope.CanCurateAnything();
        // Each question is a kind in one statement (Tally), not a statement each.
        const int Pending = 0, Stale = 1, OwnPending = 2, OwnDecided = 3;
        IQueryable<int> kinds;
        if (curator)
        {
            var yearAgo = home.Today.AddYears(-1);
            kinds = db.ServiceProposals.VisibleTo(db, scope).Where(p => p.Status == ProposalStatus.Pending).Select(_ => Pending)
                .Concat(db.DirectoryServices.CuratedBy(scope).Where(s => s.IsPublished && (s.AssuredDate == null || s.AssuredDate < yearAgo)).Select(_ => Stale));
        }
        else if (scope.OrganizationId > 0)
        {
            var monthAgo = home.Now.AddDays(-30);
            kinds = db.ServiceProposals.Where(p => p.OrganizationId == scope.OrganizationId
                    && (p.Status == ProposalStatus.Pending || (p.Status == ProposalStatus.Rejected && p.ReviewedAt > monthAgo)))
                .Select(p => p.Status == ProposalStatus.Pending ? OwnPending : OwnDecided);
        }
        else
        {
            return null;
        }

        var tally = await kinds.CountByKindAsync(ct);
        var pending = tally.GetValueOrDefault(Pending);
        var stale = tally.GetValueOrDefault(Stale);
        var ownPending = tally.GetValueOrDefault(OwnPending);
        var ownDecided = tally.GetValueOrDefault(OwnDecided);
        var count = pending + stale + ownDecided;
        return pending + stale + ownPending + ownDecided == 0 ? null
            : new HomePanelContent("/Features/Directory/_HomeDirectory.cshtml", new Model(pending, stale, ownPending, ownDecided, curator), count);
    }
}
