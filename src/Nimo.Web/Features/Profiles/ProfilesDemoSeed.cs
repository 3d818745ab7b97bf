using Nimo.Platform.Csv;
using Nimo.Platform.Demo;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

public sealed class ProfilesDemoSeed : IDemoSeed
{
    /// <summary>
    /// The seeds' published 基礎情報 (川口市 R5, 倉敷市 R6 with its empty inpatient table, 埼玉県's forum coverage),
    /// loaded through the same importer users use; a second start changes nothing.
    /// </summary>
    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var (db, clock) = (demo.Db, demo.Clock);
        var csv = CsvFile.Read(await DemoData.ReadAllBytesAsync("demo-profiles.csv", ct), CsvEncoding.Utf8, ProfileFile.Required);
        var system = new UserScope("", "demo", Roles.Admin, 0, "", 0, "", "", [], true);
        var result = await new ProfileImport(db, system, clock).RunAsync(csv.Rows, null, ct);
        if (csv.Errors.Count > 0 || !result.Succeeded)
        {
            throw new InvalidOperationException("Demo profiles do not import: " + string.Join(" / ", csv.Errors.Concat(result.Errors)));
        }

        await db.SaveChangesAsync(ct);
    }
}
