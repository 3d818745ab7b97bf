using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Nimo.Platform.Csv;

namespace Nimo.Features.Directory;

/// <summary>
/// The HSDS 3.0 tabular package: one CSV per table with the columns of the specification's datapackage.json (vendored as
/// hsds-datapackage.json, CC BY-SA 4.0), zipped with a datapackage.json that lists the tables written. UTF-8 without a
/// BOM and values as they are (no Excel formula guard): this is for other systems; people get the .xlsx.
/// </summary>
public static class HsdsTabular
{
    private static readonly Lazy<JsonObject> Spec = new(() =>
    {
        using var stream = typeof(HsdsTabular).Assembly.GetManifestResourceStream("Nimo.hsds-datapackage.json")
            ?? throw new InvalidOperationException("hsds-datapackage.json is not embedded.");
        return (JsonObject)JsonNode.Parse(stream)!;
    });

    /// <summary>The tables Nimo writes, in the order a reader loads them.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "taxonomy", "taxonomy_term", "organization", "organization_identifier", "location", "address", "accessibility", "service",
        "service_at_location", "phone", "schedule", "service_area", "attribute", "language", "required_document",
    ];

    public static JsonObject Resource(string name) =>
        (JsonObject)((JsonArray)Spec.Value["resources"]!).First(r => (string?)r!["name"] == name)!;

    public static IReadOnlyList<string> Fields(string table) =>
        [.. ((JsonArray)Resource(table)["schema"]!["fields"]!).Select(f => (string)f!["name"]!)];

    public static string FileName(string table) => (string)Resource(table)["path"]!;

    public static byte[] Write(PublishedDirectory d)
    {
        var rows = Tables.ToDictionary(t => t, _ => new List<Dictionary<string, string?>>());
        void Add(string table, params (string Key, object? Value)[] cells) =>
            rows[table].Add(cells.ToDictionary(c => c.Key, c => c.Value switch
            {
                null => null,
                decimal m => m.ToString(CultureInfo.InvariantCulture),
                int i => i.ToString(CultureInfo.InvariantCulture),
                _ => c.Value.ToString(),
            }));

        foreach (var t in d.Taxonomies)
        {
            Add("taxonomy", ("id", t.Id), ("name", t.Name), ("description", t.Description), ("uri", t.Uri), ("version", t.VocabularyVersion));
        }

        foreach (var t in d.Terms)
        {
            Add("taxonomy_term", ("id", t.Id), ("code", t.Code), ("name", t.Name), ("description", t.Description.Length > 0 ? t.Description : t.Name),
                ("parent_id", t.ParentId), ("taxonomy", d.Taxonomies.FirstOrDefault(x => x.Id == t.TaxonomyId)?.Name), ("language", "ja"), ("taxonomy_id", t.TaxonomyId));
        }

        foreach (var o in d.Organizations.Values.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            Add("organization", ("id", o.HsdsId), ("name", o.Name), ("description", o.Description ?? o.Name), ("email", o.Email), ("website", o.Website));
            foreach (var i in o.Identifiers)
            {
                Add("organization_identifier", ("id", i.Id), ("organization_id", o.HsdsId), ("identifier_scheme", i.Scheme), ("identifier_type", i.TypeLabel), ("identifier", i.Value));
            }
        }

        foreach (var l in d.Services.SelectMany(s => s.Locations.Select(x => x.Location)).DistinctBy(l => l.Id))
        {
            Add("location", ("id", l.Id), ("location_type", Hsds.LocationType(l.Type)), ("url", l.Url), ("organization_id", l.OrganizationHsdsId), ("name", l.Name),
                ("description", l.Description), ("transportation", l.Transportation), ("latitude", l.Latitude), ("longitude", l.Longitude));
            if (l.Municipality is not null)
            {
                Add("address", ("id", Hsds.DerivedId(l.Id, "address")), ("location_id", l.Id), ("address_1", l.Street ?? ""), ("city", l.Municipality),
                    ("state_province", l.Prefecture ?? ""), ("postal_code", l.PostalCode ?? ""), ("country", "JP"), ("address_type", l.Type == LocationType.Postal ? "postal" : "physical"));
            }

            foreach (var a in Hsds.Accessibility(l))
            {
                Add("accessibility", ("id", (string?)a["id"]), ("location_id", l.Id), ("description", (string?)a["description"]), ("details", (string?)a["details"]));
            }
        }

        foreach (var s in d.Services)
        {
            Add("service", ("id", s.Id), ("organization_id", s.Organization.HsdsId), ("name", s.Name), ("alternate_name", s.AlternateName), ("description", s.Description),
                ("url", s.Url), ("email", s.Email), ("status", Hsds.Status(s.Status)), ("application_process", s.ApplicationProcess), ("fees_description", s.Fees),
                ("eligibility_description", s.Eligibility), ("minimum_age", s.MinimumAge), ("maximum_age", s.MaximumAge),
                ("assured_date", s.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("alert", s.Alert),
                ("last_modified", s.LastModified.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
            foreach (var l in s.Locations)
            {
                Add("service_at_location", ("id", l.Id), ("service_id", s.Id), ("location_id", l.Location.Id));
            }

            foreach (var p in s.Phones)
            {
                Add("phone", ("id", p.Id), ("service_id", s.Id), ("number", p.Number), ("type", "voice"), ("description", p.Description));
            }

            foreach (var x in s.Schedules)
            {
                Add("schedule", ("id", x.Id), ("service_id", s.Id), ("timezone", 9), ("wkst", "MO"), ("freq", x.Rule.Freq == Frequency.Weekly ? "WEEKLY" : "MONTHLY"),
                    ("interval", x.Rule.Interval), ("byday", x.Rule.ByDay.Count == 0 ? null : x.Rule.RuleByDay), ("bymonthday", x.Rule.ByMonthDay.Count == 0 ? null : x.Rule.RuleByMonthDay),
                    ("description", x.Japanese), ("opens_at", x.OpensAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
                    ("closes_at", x.ClosesAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture)), ("notes", x.Notes));
            }

            foreach (var a in s.Areas)
            {
                Add("service_area", ("id", a.Id), ("service_id", s.Id), ("name", a.Name), ("description", $"{a.Name}にお住まいの方"));
            }

            foreach (var t in s.Terms)
            {
                Add("attribute", ("id", Hsds.DerivedId(s.Id, "attribute/" + t.Id.ToString("D"))), ("link_id", s.Id), ("taxonomy_term_id", t.Id),
                    ("link_type", t.TaxonomyCode), ("link_entity", "service"), ("value", t.Name));
            }

            foreach (var code in s.Languages)
            {
                Add("language", ("id", Hsds.DerivedId(s.Id, "language/" + code)), ("service_id", s.Id), ("name", ServiceContent.LanguageNames.GetValueOrDefault(code, code)), ("code", code));
            }

            for (var i = 0; i < s.Documents.Count; i++)
            {
                Add("required_document", ("id", Hsds.DerivedId(s.Id, "document/" + i.ToString(CultureInfo.InvariantCulture) + "/" + s.Documents[i])), ("service_id", s.Id), ("document", s.Documents[i]));
            }
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var package = new JsonObject
            {
                ["name"] = "nimo_hsds", ["title"] = "社会資源(HSDS 3.0 表形式パッケージ)", ["profile"] = "tabular-data-package", ["version"] = "3.0.0",
                ["license"] = Spec.Value["license"]!.DeepClone(),
                ["resources"] = new JsonArray([.. Tables.Select(t => Resource(t).DeepClone())]),
            };
            WriteEntry(archive, "datapackage.json", Encoding.UTF8.GetBytes(package.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
            foreach (var table in Tables)
            {
                var fields = Fields(table);
                var text = new StringBuilder();
                text.Append(string.Join(",", fields.Select(Quote))).Append("\r\n");
                foreach (var row in rows[table])
                {
                    text.Append(string.Join(",", fields.Select(f => Quote(row.GetValueOrDefault(f))))).Append("\r\n");
                }

                WriteEntry(archive, FileName(table), new UTF8Encoding(false).GetBytes(text.ToString()));
            }
        }

        return zip.ToArray();
    }

    private static void WriteEntry(ZipArchive archive, string name, byte[] bytes)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        // A fixed time, so the same data makes the same file.
        entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>The tables of an uploaded package, by table name; errors name the file and the problem.</summary>
    public static (Dictionary<string, IReadOnlyList<CsvRow>> Tables, List<string> Errors) Read(byte[] zipBytes)
    {
        var tables = new Dictionary<string, IReadOnlyList<CsvRow>>(StringComparer.Ordinal);
        var errors = new List<string>();
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
            if (archive.Entries.Count > 100 || archive.Entries.Sum(e => e.Length) > 64L * 1024 * 1024)
            {
                return (tables, ["ZIPファイルの中身が大きすぎます(64MBまで)。"]);
            }

            foreach (var table in Tables)
            {
                var entry = archive.Entries.FirstOrDefault(e => e.FullName.Split('/').Last().Equals(FileName(table), StringComparison.OrdinalIgnoreCase));
                if (entry is null)
                {
                    continue;
                }

                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var csv = CsvFile.Read(buffer.ToArray(), CsvEncoding.Utf8, table is "service" or "organization" ? ["id", "name"] : ["id"]);
                if (csv.Errors.Count > 0 && !(csv.Errors.Count == 1 && csv.Errors[0] == "データ行がありません。"))
                {
                    errors.AddRange(csv.Errors.Select(e => $"{FileName(table)}: {e}"));
                    continue;
                }

                tables[table] = csv.Rows;
            }
        }
        catch (InvalidDataException)
        {
            return (tables, ["ZIPファイルとして読めません。HSDSの表形式パッケージ(CSVをまとめたZIP)を指定してください。"]);
        }

        if (!tables.ContainsKey("service") && errors.Count == 0)
        {
            errors.Add("services.csv がありません。HSDSの表形式パッケージには services.csv が必要です。");
        }

        return (tables, errors);
    }
}
