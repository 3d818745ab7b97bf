using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Cli;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Privacy;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Plans;

/// <summary>
/// 計画・評価: plans, indicators (counted from every module's live-count sources) and the report sheet; the home panel of
/// late schedule rows, the demo plans and 取組の経緯, and the <c>export-report</c> verb.
/// </summary>
public sealed class PlansModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature) =>
        feature.Nav("計画・評価", "/Plans", 50)
            .HomePanel<PlansHomePanel>()
            .DemoSeed<PlansDemoSeed>()
            .Verb("export-report", "export-report --region CODE --year FY --format xlsx|html --out FILE", ExportReportAsync);

    public static void MapApi(RouteGroupBuilder api) => api.MapPlansApi();

    /// <summary>
    /// The standard report sheet of one region and 年度, written from the data as .xlsx or as a standalone A4 HTML file
    /// (the page's own renderer and stylesheet), for scheduled jobs and for offices that file the sheet by mail.
    /// </summary>
    internal static async Task<int> ExportReportAsync(IServiceProvider sp, string[] args)
    {
        const string usage = "export-report --region CODE --year FY --format xlsx|html --out FILE";
        var code = Cli.Option(args, "--region") ?? throw new Cli.UsageException(usage);
        var format = Cli.Option(args, "--format") ?? "xlsx";
        var output = Cli.Option(args, "--out") ?? throw new Cli.UsageException(usage);
        if (!int.TryParse(Cli.Option(args, "--year"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            || !FiscalYear.IsSupported(year) || format is not ("xlsx" or "html"))
        {
            throw new Cli.UsageException(usage + "(年度は西暦の開始年: 令和6年度なら 2024)");
        }

        var db = sp.GetRequiredService<NimoDbContext>();
        var region = await db.Regions.AsNoTracking().SingleOrDefaultAsync(r => r.Code == code)
            ?? throw new Cli.CliException($"団体コード {code} の地域がありません。");
        var clock = sp.GetRequiredService<TimeProvider>();
        // The command line runs with the server's own authority, like backup: whoever can run it can read the database. Counts
        // of personal records still print as for anyone outside their owning organisation (ADR 0005): the file travels.
        var scope = new UserScope("cli", "export-report", Roles.Admin, 0, "", 0, "", "/", [], twoFactorEnabled: true);
        var suppressBelow = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<PrivacyOptions>>().Value.SuppressBelow;
        var sheet = await ReportSheet.BuildAsync(db, sp.GetServices<ILiveCountSource>(), region, year, scope, clock.GetUtcNow(), suppressBelow, CancellationToken.None);
        if (format == "xlsx")
        {
            await File.WriteAllBytesAsync(output, SheetXlsx.Write([sheet]));
        }
        else
        {
            // The app's own encoder: Japanese as UTF-8 text, like the pages, not as &#x…; references.
            var encoder = sp.GetRequiredService<System.Text.Encodings.Web.HtmlEncoder>();
            await File.WriteAllTextAsync(output, SheetHtml.Document(sheet, encoder), new System.Text.UTF8Encoding(false));
        }

        var audit = sp.GetRequiredService<AuditLog>();
        await audit.WriteAsync(AuditActions.Export, "ReportSheet", region.Id, detail: $"CLI {region.Name} {sheet.YearText} {format} → {Path.GetFileName(output)}");
        Console.WriteLine($"{region.Name} {sheet.YearText} の報告様式を {output} に書き出しました。");
        return 0;
    }
}
