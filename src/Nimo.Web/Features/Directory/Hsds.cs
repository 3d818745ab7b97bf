using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace Nimo.Features.Directory;

/// <summary>
/// The published directory as Open Referral HSDS 3.0 JSON (schema/compiled/*.json of openreferral/specification, branch 3.0),
/// and the read API of its OpenAPI description under <c>/api/hsds/</c>: anonymous, published entries only, never a
/// confidential location (they are not in <see cref="PublishedDirectory"/> to begin with).
/// </summary>
public static class Hsds
{
    public const string Version = "3.0";
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 500;

    private static readonly Guid RowNamespace = new("a3c5e1f2-7d84-4b09-b6e2-1f0c9d8a7b35");

    /// <summary>Ids of rows Nimo derives from a record (an address, an accessibility line, an attribute), stable across exports.</summary>
    public static Guid DerivedId(Guid owner, string what) => DeterministicGuid.Create(RowNamespace, owner.ToString("D") + "/" + what);

    public static string Status(ServiceStatus status) => status switch
    {
        ServiceStatus.Active => "active",
        ServiceStatus.Inactive => "inactive",
        ServiceStatus.Defunct => "defunct",
        _ => "temporarily closed",
    };

    public static ServiceStatus? ParseStatus(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "active" => ServiceStatus.Active,
        "inactive" => ServiceStatus.Inactive,
        "defunct" => ServiceStatus.Defunct,
        "temporarily closed" => ServiceStatus.TemporarilyClosed,
        _ => null,
    };

    public static string LocationType(LocationType type) => type switch
    {
        Directory.LocationType.Physical => "physical",
        Directory.LocationType.Postal => "postal",
        _ => "virtual",
    };

    public static JsonObject Organization(PublicOrganization o, bool withIdentifiers)
    {
        var json = Obj(("id", o.HsdsId.ToString("D")), ("name", o.Name), ("description", o.Description ?? o.Name), ("email", o.Email), ("website", o.Website));
        if (withIdentifiers)
        {
            json["organization_identifiers"] = Array(o.Identifiers.Select(i => Obj(("id", i.Id.ToString("D")), ("organization_id", o.HsdsId.ToString("D")),
                ("identifier_scheme", i.Scheme), ("identifier_type", i.TypeLabel), ("identifier", i.Value))));
        }

        return json;
    }

    /// <summary>The one-to-one fields of a service (compiled/service_list.json), with its organisation.</summary>
    public static JsonObject ServiceListItem(PublicService s)
    {
        var json = ServiceFields(s);
        json["organization"] = Organization(s.Organization, withIdentifiers: false);
        return json;
    }

    /// <summary>A fully nested service (compiled/service.json).</summary>
    public static JsonObject Service(PublicService s, PublishedDirectory directory)
    {
        var json = ServiceFields(s);
        var id = s.Id.ToString("D");
        json["phones"] = Array(s.Phones.Select(p => Phone(p, ("service_id", id))));
        json["schedules"] = Array(s.Schedules.Select(x => Schedule(x, ("service_id", id))));
        json["service_areas"] = Array(s.Areas.Select(a => Obj(("id", a.Id.ToString("D")), ("service_id", id), ("name", a.Name), ("description", $"{a.Name}にお住まいの方"))));
        json["service_at_locations"] = Array(s.Locations.Select(l => ServiceAtLocation(l, null, directory)));
        json["languages"] = Array(s.Languages.Select(code => Obj(("id", DerivedId(s.Id, "language/" + code).ToString("D")), ("service_id", id),
            ("name", ServiceContent.LanguageNames.GetValueOrDefault(code, code)), ("code", code))));
        json["organization"] = Organization(s.Organization, withIdentifiers: true);
        json["required_documents"] = Array(s.Documents.Select((d, i) => Obj(("id", DerivedId(s.Id, "document/" + i.ToString(CultureInfo.InvariantCulture) + "/" + d).ToString("D")), ("service_id", id), ("document", d))));
        json["attributes"] = Array(s.Terms.Select(t => Attribute(s.Id, t, directory)));
        return json;
    }

    private static JsonObject ServiceFields(PublicService s) => Obj(
        ("id", s.Id.ToString("D")), ("organization_id", s.Organization.HsdsId.ToString("D")), ("name", s.Name), ("alternate_name", s.AlternateName),
        ("description", s.Description), ("url", s.Url), ("email", s.Email), ("status", Status(s.Status)),
        ("application_process", s.ApplicationProcess), ("fees_description", s.Fees), ("eligibility_description", s.Eligibility),
        ("minimum_age", s.MinimumAge), ("maximum_age", s.MaximumAge),
        ("assured_date", s.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("alert", s.Alert),
        ("last_modified", s.LastModified.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));

    public static JsonObject Attribute(Guid serviceId, PublicTerm term, PublishedDirectory directory) => Obj(
        ("id", DerivedId(serviceId, "attribute/" + term.Id.ToString("D")).ToString("D")), ("link_id", serviceId.ToString("D")),
        ("taxonomy_term_id", term.Id.ToString("D")), ("link_type", term.TaxonomyCode), ("link_entity", "service"), ("value", term.Name))
        .With("taxonomy_term", TaxonomyTerm(term, directory));

    public static JsonObject Phone(PublicPhone p, (string, string) owner) =>
        Obj(("id", p.Id.ToString("D")), owner, ("number", p.Number), ("type", "voice"), ("description", p.Description));

    public static JsonObject Schedule(PublicSchedule x, (string, string) owner) => Obj(
        ("id", x.Id.ToString("D")), owner, ("freq", x.Rule.Freq == Frequency.Weekly ? "WEEKLY" : "MONTHLY"),
        ("interval", x.Rule.Interval), ("byday", x.Rule.ByDay.Count == 0 ? null : x.Rule.RuleByDay), ("bymonthday", x.Rule.ByMonthDay.Count == 0 ? null : x.Rule.RuleByMonthDay),
        ("wkst", "MO"), ("timezone", 9), ("opens_at", x.OpensAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture)), ("closes_at", x.ClosesAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture)),
        ("description", x.Japanese), ("notes", x.Notes));

    /// <summary>
    /// A service_at_location. In a list (compiled/service_at_location_list.json) its location has its one-to-one fields only;
    /// alone (compiled/service_at_location.json) the location is whole and the service nested, without its own
    /// service_at_locations (the schema has none there: the one it would list is the one it is in).
    /// </summary>
    public static JsonObject ServiceAtLocation(PublicServiceAtLocation l, PublicService? withService, PublishedDirectory directory, bool listItem = false)
    {
        var json = Obj(("id", l.Id.ToString("D")), ("service_id", l.ServiceId.ToString("D")), ("location_id", l.Location.Id.ToString("D")));
        json["location"] = listItem ? LocationFields(l.Location) : Location(l.Location);
        if (withService is not null)
        {
            var service = Service(withService, directory);
            service.Remove("service_at_locations");
            json["service"] = service;
        }

        return json;
    }

    /// <summary>The one-to-one fields of a location.</summary>
    private static JsonObject LocationFields(PublicLocation l) => Obj(
        ("id", l.Id.ToString("D")), ("location_type", LocationType(l.Type)), ("url", l.Url), ("organization_id", l.OrganizationHsdsId.ToString("D")), ("name", l.Name),
        ("description", l.Description), ("transportation", l.Transportation), ("latitude", l.Latitude), ("longitude", l.Longitude));

    public static JsonObject Location(PublicLocation l)
    {
        var json = LocationFields(l);
        json["addresses"] = Array(l.Municipality is null ? [] : [Address(l)]);
        json["accessibility"] = Array(Accessibility(l));
        return json;
    }

    public static JsonObject Address(PublicLocation l) => Obj(
        ("id", DerivedId(l.Id, "address").ToString("D")), ("location_id", l.Id.ToString("D")), ("address_1", l.Street ?? ""),
        ("city", l.Municipality ?? ""), ("state_province", l.Prefecture ?? ""), ("postal_code", l.PostalCode ?? ""), ("country", "JP"),
        ("address_type", l.Type == Directory.LocationType.Postal ? "postal" : "physical"));

    public static IEnumerable<JsonObject> Accessibility(PublicLocation l)
    {
        foreach (var (flag, label) in DirectoryLocation.AccessibilityLabels)
        {
            if (l.Accessibility.HasFlag(flag))
            {
                yield return Obj(("id", DerivedId(l.Id, "accessibility/" + flag).ToString("D")), ("location_id", l.Id.ToString("D")), ("description", label), ("details", flag.ToString()));
            }
        }

        if (l.AccessibilityNotes is { Length: > 0 } notes)
        {
            yield return Obj(("id", DerivedId(l.Id, "accessibility/notes").ToString("D")), ("location_id", l.Id.ToString("D")), ("description", notes));
        }
    }

    public static JsonObject Taxonomy(Taxonomy t) =>
        Obj(("id", t.Id.ToString("D")), ("name", t.Name), ("description", t.Description), ("uri", t.Uri), ("version", t.VocabularyVersion));

    public static JsonObject TaxonomyTerm(PublicTerm t, PublishedDirectory directory)
    {
        var json = Obj(("id", t.Id.ToString("D")), ("code", t.Code), ("name", t.Name), ("description", t.Description.Length > 0 ? t.Description : t.Name),
            ("parent_id", t.ParentId?.ToString("D")), ("taxonomy", directory.Taxonomies.FirstOrDefault(x => x.Id == t.TaxonomyId)?.Name), ("language", "ja"),
            ("taxonomy_id", t.TaxonomyId.ToString("D")));
        if (directory.Taxonomies.FirstOrDefault(x => x.Id == t.TaxonomyId) is { } taxonomy)
        {
            json["taxonomy_detail"] = Taxonomy(taxonomy);
        }

        return json;
    }

    /// <summary>The spec's Page wrapper: <c>total_items, total_pages, page_number, size, first_page, last_page, empty, contents</c>.</summary>
    public static JsonObject Page<T>(IReadOnlyList<T> all, int page, int perPage, Func<T, JsonNode> item)
    {
        var totalPages = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var current = Math.Clamp(page, 1, totalPages);
        var contents = all.Skip((current - 1) * perPage).Take(perPage).Select(item).ToList();
        return new JsonObject
        {
            ["total_items"] = all.Count, ["total_pages"] = totalPages, ["page_number"] = current, ["size"] = contents.Count,
            ["first_page"] = current == 1, ["last_page"] = current == totalPages, ["empty"] = all.Count == 0,
            ["contents"] = new JsonArray([.. contents]),
        };
    }

    internal static JsonObject Obj(params (string Key, object? Value)[] fields)
    {
        var json = new JsonObject();
        foreach (var (key, value) in fields)
        {
            // Absent rather than null: the schemas type most fields as plain strings or numbers.
            switch (value)
            {
                case null:
                    break;
                case string s:
                    json[key] = s;
                    break;
                case int i:
                    json[key] = i;
                    break;
                case decimal d:
                    json[key] = d;
                    break;
                case bool b:
                    json[key] = b;
                    break;
                case JsonNode node:
                    json[key] = node;
                    break;
                default:
                    json[key] = value.ToString();
                    break;
            }
        }

        return json;
    }

    private static JsonObject With(this JsonObject json, string key, JsonNode value)
    {
        json[key] = value;
        return json;
    }

    private static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);

    private static readonly JsonSerializerOptions Output = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Maps the API: anonymous GETs, cacheable for a minute with an ETag that changes with every published change.</summary>
    public static void MapApi(WebApplication app)
    {
        // Served by every surface (Nimo:Surface): it is the published directory only, for systems inside the municipal network
        // (a Staff instance) and outside it (the Public instance residents reach), and it needs no session on either.
        var hsds = app.MapGroup("/api/hsds").AllowAnonymous().ExcludeFromDescription().WithMetadata(new Nimo.Platform.Web.AnySurfaceAttribute());
        hsds.MapGet("/", (HttpContext http) => Json(http, new JsonObject
        {
            ["version"] = Version,
            ["profile"] = $"{http.Request.Scheme}://{http.Request.Host}/api/hsds/profile",
            ["openapi_url"] = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        }, null));
        hsds.MapGet("/profile", (HttpContext http) => Results.Text(ProfileText, "text/plain; charset=utf-8"));
        hsds.MapGet("/services", async (HttpContext http, DirectoryCache cache) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            var q = http.Request.Query;
            var list = Filter(d, d.Services, q).ToList();
            if (string.Equals(q["format"], "ndjson", StringComparison.OrdinalIgnoreCase))
            {
                return NdJson(http, d, list.Select(s => (JsonNode)(IsTrue(q["full"]) == true ? Service(s, d) : ServiceListItem(s))));
            }

            var minimal = IsTrue(q["minimal"]) == true;
            return Json(http, Page(list, PageNumber(q), PerPage(q), s => minimal
                ? Obj(("id", s.Id.ToString("D")), ("name", s.Name), ("status", Status(s.Status)), ("last_modified", s.LastModified.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)))
                : IsTrue(q["full"]) == true ? Service(s, d) : ServiceListItem(s)), d);
        });
        hsds.MapGet("/services/{id}", async (HttpContext http, DirectoryCache cache, string id) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            return Guid.TryParse(id, out var g) && d.ById.TryGetValue(g, out var s) ? Json(http, Service(s, d), d) : NotFound("service");
        });
        hsds.MapGet("/organizations", async (HttpContext http, DirectoryCache cache) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            var q = http.Request.Query;
            var words = SearchWords(q["search"]);
            var list = d.Organizations.Values.Where(o => words.Count == 0 || words.TrueForAll(w => Nimo.Platform.Japanese.TextNormalizer.SearchKey(o.Name + o.Description).Contains(w, StringComparison.Ordinal)))
                .OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
            var full = IsTrue(q["full"]) == true;
            return Json(http, Page(list, PageNumber(q), PerPage(q), o => full ? FullOrganization(o, d, IsTrue(q["full_service"]) == true) : Organization(o, withIdentifiers: false)), d);
        });
        hsds.MapGet("/organizations/{id}", async (HttpContext http, DirectoryCache cache, string id) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            return Guid.TryParse(id, out var g) && d.Organizations.TryGetValue(g, out var o)
                ? Json(http, FullOrganization(o, d, IsTrue(http.Request.Query["full_service"]) == true), d) : NotFound("organization");
        });
        hsds.MapGet("/taxonomies", async (HttpContext http, DirectoryCache cache) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            var words = SearchWords(http.Request.Query["search"]);
            var list = d.Taxonomies.Where(t => words.Count == 0 || words.TrueForAll(w => Nimo.Platform.Japanese.TextNormalizer.SearchKey(t.Name + t.Description).Contains(w, StringComparison.Ordinal))).ToList();
            return Json(http, Page(list, PageNumber(http.Request.Query), PerPage(http.Request.Query), t => Taxonomy(t)), d);
        });
        hsds.MapGet("/taxonomies/{id}", async (HttpContext http, DirectoryCache cache, string id) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            return Guid.TryParse(id, out var g) && d.Taxonomies.FirstOrDefault(t => t.Id == g) is { } t ? Json(http, Taxonomy(t), d) : NotFound("taxonomy");
        });
        hsds.MapGet("/taxonomy_terms", async (HttpContext http, DirectoryCache cache) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            var q = http.Request.Query;
            var words = SearchWords(q["search"]);
            Guid? taxonomy = Guid.TryParse(q["taxonomy_id"], out var tx) ? tx : null;
            Guid? parent = Guid.TryParse(q["parent_id"], out var px) ? px : null;
            var topOnly = IsTrue(q["top_only"]) == true;
            var list = d.Terms.Where(t => (taxonomy is null || t.TaxonomyId == taxonomy) && (parent is null || t.ParentId == parent)
                && (!topOnly || t.ParentId is null)
                && (words.Count == 0 || words.TrueForAll(w => Nimo.Platform.Japanese.TextNormalizer.SearchKey(t.Name + t.Description + t.Code).Contains(w, StringComparison.Ordinal)))).ToList();
            if ((q["taxonomy_id"].Count > 0 && taxonomy is null) || (q["parent_id"].Count > 0 && parent is null))
            {
                list = [];
            }

            return Json(http, Page(list, PageNumber(q), PerPage(q), t => TaxonomyTerm(t, d)), d);
        });
        hsds.MapGet("/taxonomy_terms/{id}", async (HttpContext http, DirectoryCache cache, string id) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            return Guid.TryParse(id, out var g) && d.Terms.FirstOrDefault(t => t.Id == g) is { } t ? Json(http, TaxonomyTerm(t, d), d) : NotFound("taxonomy_term");
        });
        hsds.MapGet("/service_at_locations", async (HttpContext http, DirectoryCache cache) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            var q = http.Request.Query;
            var services = Filter(d, d.Services, q).ToList();
            var postcode = q["postcode"].ToString().Normalize(System.Text.NormalizationForm.FormKC).Replace("-", "", StringComparison.Ordinal).Trim();
            var list = services.SelectMany(s => s.Locations.Select(l => (Service: s, Sal: l)))
                .Where(x => postcode.Length == 0 || (x.Sal.Location.PostalCode ?? "").Replace("-", "", StringComparison.Ordinal) == postcode).ToList();
            var full = IsTrue(q["full"]) == true;
            return Json(http, Page(list, PageNumber(q), PerPage(q), x => full ? ServiceAtLocation(x.Sal, x.Service, d)
                : ServiceAtLocation(x.Sal, null, d, listItem: true).With("service", ServiceListItem(x.Service))), d);
        });
        hsds.MapGet("/service_at_locations/{id}", async (HttpContext http, DirectoryCache cache, string id) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            return Guid.TryParse(id, out var g) && d.ServiceAtLocations.TryGetValue(g, out var l) && d.ById.TryGetValue(l.ServiceId, out var s)
                ? Json(http, ServiceAtLocation(l, s, d), d) : NotFound("service_at_location");
        });
        hsds.MapGet("/tabular.zip", async (HttpContext http, DirectoryCache cache) =>
        {
            var d = await cache.GetAsync(http.RequestAborted);
            if (NotModified(http, d))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            return Results.File(HsdsTabular.Write(d), "application/zip", "hsds-tabular.zip");
        });
    }

    public static JsonObject FullOrganization(PublicOrganization o, PublishedDirectory d, bool fullService)
    {
        var json = Organization(o, withIdentifiers: true);
        var services = d.Services.Where(s => s.Organization.HsdsId == o.HsdsId).ToList();
        json["locations"] = new JsonArray([.. services.SelectMany(s => s.Locations.Select(l => l.Location)).DistinctBy(l => l.Id).Select(Location)]);
        json["services"] = new JsonArray([.. services.Select(s => fullService ? (JsonNode)Service(s, d) : ServiceFields(s))]);
        return json;
    }

    private static IEnumerable<PublicService> Filter(PublishedDirectory d, IEnumerable<PublicService> services, IQueryCollection q)
    {
        var words = SearchWords(q["search"]);
        Guid? term = Guid.TryParse(q["taxonomy_term_id"], out var t) ? t : null;
        Guid? taxonomy = Guid.TryParse(q["taxonomy_id"], out var tx) ? tx : null;
        Guid? organization = Guid.TryParse(q["organization_id"], out var o) ? o : null;
        DateTimeOffset? after = DateTimeOffset.TryParse(q["modified_after"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var m) ? m : null;
        // A filter asked for but unreadable matches nothing, rather than everything.
        if ((q["taxonomy_term_id"].Count > 0 && term is null) || (q["taxonomy_id"].Count > 0 && taxonomy is null)
            || (q["organization_id"].Count > 0 && organization is null) || (q["modified_after"].Count > 0 && after is null))
        {
            return [];
        }

        return services.Where(s => (words.Count == 0 || words.TrueForAll(w => s.SearchText.Contains(w, StringComparison.Ordinal)))
            && (term is null || s.Terms.Any(x => x.Id == term))
            && (taxonomy is null || s.Terms.Any(x => x.TaxonomyId == taxonomy))
            && (organization is null || s.Organization.HsdsId == organization)
            && (after is null || s.LastModified >= after));
    }

    private static List<string> SearchWords(string? text) =>
        [.. (text ?? "").Normalize(System.Text.NormalizationForm.FormKC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Nimo.Platform.Japanese.TextNormalizer.SearchKey).Where(w => w.Length > 0).Take(10)];

    private static bool? IsTrue(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => null,
    };

    private static int PageNumber(IQueryCollection q) => int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p : 1;

    private static int PerPage(IQueryCollection q) => int.TryParse(q["per_page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? Math.Min(p, MaxPerPage) : DefaultPerPage;

    private static bool NotModified(HttpContext http, PublishedDirectory d)
    {
        var tag = new EntityTagHeaderValue("\"" + d.Token.ToString("N") + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(http.Request.Path + http.Request.QueryString.ToString()))[..8]) + "\"");
        http.Response.Headers.CacheControl = "public, max-age=60";
        http.Response.Headers.ETag = tag.ToString();
        return http.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false));
    }

    private static IResult Json(HttpContext http, JsonNode body, PublishedDirectory? d)
    {
        if (d is not null && NotModified(http, d))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Text(body.ToJsonString(Output), "application/json; charset=utf-8");
    }

    private static IResult NdJson(HttpContext http, PublishedDirectory d, IEnumerable<JsonNode> items)
    {
        if (NotModified(http, d))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var text = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            text.Append(item.ToJsonString(Output)).Append('\n');
        }

        return Results.Text(text.ToString(), "application/x-ndjson; charset=utf-8");
    }

    private static IResult NotFound(string what) =>
        Results.Json(new { message = $"The {what} was not found, or it is not published." }, statusCode: StatusCodes.Status404NotFound);

    private const string ProfileText = """
        Nimo HSDS 3.0 profile (Japan)

        - organization_identifiers: identifier_scheme "JP-JCN" is the 法人番号 (13 digits, National Tax Agency);
          "JP-MHLW-SHOGAI" is the 障害福祉サービス事業所番号 (10 digits, the first two the prefecture).
        - taxonomies: "にも包括の8分野" (medical, disability-welfare, long-term-care, housing, participation, consultation,
          mutual-aid, awareness) and "障害福祉サービス種別" (the service kinds of the 障害者総合支援法); attributes link services to
          their terms, link_type is the taxonomy code.
        - schedules: freq/byday/bymonthday/interval as in RFC 5545, timezone 9 (JST), wkst MO; description is the rule in Japanese.
          A schedule with freq MONTHLY and no byday or bymonthday means 「月1回」, day not published.
        - service_areas: a 市区町村 or 日常生活圏域 by name.
        - Only published entries are served; confidential locations (group homes, shelters) are never served.
        """;
}
