using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Directory;

/// <summary>The demo directory: the seeds' services, found as residents search, exported as valid HSDS 3.0, checked against §1.</summary>
public sealed class DemoDirectoryTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Theory]
    [InlineData("じゃくねん")]
    [InlineData("ジャクネン")]
    [InlineData("ｼﾞｬｸﾈﾝ")]
    [InlineData("じゃくねん　そうだん")]
    public async Task An_anonymous_search_in_any_kana_or_width_finds_kawaguchis_youth_consultation(string words)
    {
        var client = app.CreateClient();
        var response = await client.GetAsync("/public/services?q=" + Uri.EscapeDataString(words));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("若年者相談窓口", page, StringComparison.Ordinal);
        Assert.Contains("川口市保健所", page, StringComparison.Ordinal);
        Assert.Contains("要確認", page, StringComparison.Ordinal);
        Assert.DoesNotContain("AA(アルコホーリクス・アノニマス)の集まり", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bunkyos_once_a_month_group_is_stored_as_freq_monthly_and_shown_back_in_japanese()
    {
        // Read as an anonymous type and made a tuple in memory: Npgsql cannot read a tuple projected in SQL (a 'record').
        var row = await app.WithDbAsync(async (db, _) => await db.DirectoryServices.Where(s => s.Name.StartsWith("AA(")).Select(s => new { s.Id, s.Schedules.Single().Rule }).SingleAsync());
        var (id, rule) = (row.Id, row.Rule);
        Assert.Equal("FREQ=MONTHLY", rule);
        var page = WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/public/services/{id}"));
        Assert.Contains("月1回(日程は診療所にお問い合わせください)", page, StringComparison.Ordinal);
        Assert.Contains("令和3年10月1日 確認", page, StringComparison.Ordinal);
        var hsds = JsonNode.Parse(await app.CreateClient().GetStringAsync($"/api/hsds/services/{id}"))!;
        Assert.Equal("MONTHLY", (string)hsds["schedules"]![0]!["freq"]!);
        Assert.Null(hsds["schedules"]![0]!["byday"]);
        Assert.Equal("月1回", (string)hsds["schedules"]![0]!["description"]!);
    }

    [Fact]
    public async Task The_demo_hsds_export_validates_against_the_hsds_3_0_schemas()
    {
        var client = app.CreateClient();
        var schemas = Path.Combine(AppContext.BaseDirectory, "Features", "Directory", "hsds-schema");
        var registry = new SchemaRegistry();
        // The HSDS OpenAPI declares its schemas as JSON Schema 2020-12 ("jsonSchemaDialect"), a dialect that keeps unknown
        // keywords as annotations; the schema files carry such annotations ("name", "path", "datapackage_metadata"). JsonSchema.Net
        // 8 builds with its own stricter default dialect, which refuses them, so the dialect is named here.
        var build = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        JsonSchema Load(string file)
        {
            var path = Path.Combine(schemas, file);
            var node = JsonNode.Parse(File.ReadAllText(path))!;
            Strict(node);
            var schema = JsonSchema.FromText(node.ToJsonString(), build, new Uri("file://" + path));
            registry.Register(schema);
            return schema;
        }

        Load("metadata.json");
        var taxonomy = Load("taxonomy.json");
        var term = Load("taxonomy_term.json");
        var service = Load("compiled/service.json");
        var serviceList = Load("compiled/service_list.json");
        var organization = Load("compiled/organization.json");
        var organizationList = Load("compiled/organization_list.json");
        var serviceAtLocation = Load("compiled/service_at_location.json");
        var serviceAtLocationList = Load("compiled/service_at_location_list.json");
        var openapi = JsonNode.Parse(File.ReadAllText(Path.Combine(schemas, "openapi.json")))!;
        var pageNode = openapi["components"]!["schemas"]!["Page"]!.DeepClone();
        pageNode["properties"]!["contents"] = new JsonObject { ["type"] = "array" };
        pageNode["required"] = new JsonArray("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents");
        Strict(pageNode);
        var page = JsonSchema.FromText(pageNode.ToJsonString(), build);
        var failures = new List<string>();
        var checkedCount = 0;
        void Check(JsonSchema schema, JsonNode instance, string what)
        {
            var result = schema.Evaluate(JsonDocument.Parse(instance.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            checkedCount++;
            if (!result.IsValid)
            {
                failures.Add($"{what}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(5)
                    .Select(d => $"{d.InstanceLocation} {string.Join(",", d.Errors!.Values)}")));
            }
        }

        async Task<JsonNode> Get(string url) => JsonNode.Parse(await client.GetStringAsync(url))!;
        var root = await Get("/api/hsds/");
        Assert.Equal("3.0", (string)root["version"]!);

        var services = await Get("/api/hsds/services?per_page=500");
        Check(page, services, "/services");
        Assert.True(services["contents"]!.AsArray().Count > 50);
        foreach (var item in services["contents"]!.AsArray())
        {
            Check(serviceList, item!, "/services item");
            Check(service, await Get($"/api/hsds/services/{(string)item!["id"]!}"), $"/services/{item["id"]}");
        }

        var organizations = await Get("/api/hsds/organizations?per_page=500");
        Check(page, organizations, "/organizations");
        foreach (var item in organizations["contents"]!.AsArray())
        {
            Check(organizationList, item!, "/organizations item");
            Check(organization, await Get($"/api/hsds/organizations/{(string)item!["id"]!}?full_service=true"), $"/organizations/{item["id"]}");
        }

        foreach (var item in (await Get("/api/hsds/taxonomies"))["contents"]!.AsArray())
        {
            Check(taxonomy, item!, "/taxonomies item");
        }

        var terms = await Get("/api/hsds/taxonomy_terms?per_page=500");
        Check(page, terms, "/taxonomy_terms");
        Assert.Equal(8 + 28, terms["contents"]!.AsArray().Count);
        foreach (var item in terms["contents"]!.AsArray())
        {
            Check(term, item!, "/taxonomy_terms item");
        }

        var sals = await Get("/api/hsds/service_at_locations?per_page=500");
        Check(page, sals, "/service_at_locations");
        Assert.NotEmpty(sals["contents"]!.AsArray());
        foreach (var item in sals["contents"]!.AsArray())
        {
            Check(serviceAtLocationList, item!, "/service_at_locations item");
            Check(serviceAtLocation, await Get($"/api/hsds/service_at_locations/{(string)item!["id"]!}"), $"/service_at_locations/{item["id"]}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount} documents do not validate:\n" + string.Join("\n", failures.Take(20)));

        // The check can fail: a service without its required status does not validate.
        var broken = (await Get($"/api/hsds/services/{(string)services["contents"]![0]!["id"]!}")).AsObject();
        broken.Remove("status");
        broken["unexpected_field"] = "x";
        Assert.False(service.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement).IsValid);
    }

    /// <summary>additionalProperties: false on every object schema, as the specification's CI validates its examples.</summary>
    private static void Strict(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (obj["properties"] is JsonObject && obj["additionalProperties"] is null)
            {
                obj["additionalProperties"] = false;
            }

            foreach (var (_, child) in obj.ToList())
            {
                Strict(child);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                Strict(child);
            }
        }
    }

    [Fact]
    public async Task The_cross_check_puts_kurashikis_1_12_36_and_kawaguchis_10_11_55_beside_the_directory_and_flags_the_differences()
    {
        var kurashiki = app.CreateClient();
        await AppFactory.PostLoginAsync(kurashiki, "kurashiki", DemoData.DemoPassword);
        var page = WebUtility.HtmlDecode(await kurashiki.GetStringAsync("/Directory/CrossCheck"));
        var table = page[page.IndexOf("倉敷市(", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Matches("基幹相談支援センター</th>\\s*<td class=\"num\">1か所</td>\\s*<td>[^<]*</td>\\s*<td class=\"num\">1か所</td>\\s*<td>一致", table);
        Assert.Matches("一般相談支援事業所</th>\\s*<td class=\"num\">12か所</td>\\s*<td>[^<]*</td>\\s*<td class=\"num\">12か所</td>\\s*<td>一致", table);
        Assert.Matches("特定相談支援事業所</th>\\s*<td class=\"num\">36か所</td>\\s*<td>[^<]*</td>\\s*<td class=\"num\">36か所</td>\\s*<td>一致", table);

        var kawaguchi = app.CreateClient();
        await AppFactory.PostLoginAsync(kawaguchi, "kawaguchi", DemoData.DemoPassword);
        page = WebUtility.HtmlDecode(await kawaguchi.GetStringAsync("/Directory/CrossCheck"));
        table = page[page.IndexOf("川口市(", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        Assert.Matches("基幹相談支援センター</th>\\s*<td class=\"num\">10か所</td>\\s*<td>[^<]*</td>\\s*<td class=\"num\">0か所</td>\\s*<td>違いあり\\(差 -10\\)", table);
        Assert.Matches("一般相談支援事業所</th>\\s*<td class=\"num\">11か所</td>\\s*<td>[^<]*</td>\\s*<td class=\"num\">0か所</td>\\s*<td>違いあり\\(差 -11\\)", table);
        Assert.Matches("特定相談支援事業所</th>\\s*<td class=\"num\">55か所</td>\\s*<td>[^<]*</td>\\s*<td class=\"num\">1か所</td>\\s*<td>違いあり\\(差 -54\\)", table);
        Assert.Contains("has-finding", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kawaguchi_partner_may_propose_for_its_own_office_only()
    {
        var (own, other) = await app.WithDbAsync(async (db, _) => (
            await db.DirectoryServices.Where(s => s.Organization.Name == "川口みらい相談支援センター(架空)").Select(s => s.Id).SingleAsync(),
            await db.DirectoryServices.Where(s => s.Name == "若年者相談窓口").Select(s => s.Id).SingleAsync()));
        var partner = app.CreateClient();
        await AppFactory.PostLoginAsync(partner, "kawaguchi-partner", DemoData.DemoPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/Directory/Edit/{other}")).StatusCode);
        var form = WebUtility.HtmlDecode(await partner.GetStringAsync($"/Directory/Edit/{own}"));
        Assert.Contains("提案を送る", form, StringComparison.Ordinal);
        var details = WebUtility.HtmlDecode(await partner.GetStringAsync($"/Directory/Details/{other}"));
        Assert.DoesNotContain("変更を提案", details, StringComparison.Ordinal);
        Assert.DoesNotContain("公開する", details, StringComparison.Ordinal);
    }
}
