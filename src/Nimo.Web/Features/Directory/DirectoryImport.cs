using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

public sealed record ImportOutcome(int Organizations, int Services, int Locations, IReadOnlyList<string> Errors, IReadOnlyList<string> Notes);

/// <summary>
/// Imports into the directory, all or nothing: every row is checked first and each bad cell is named (「3行目 E列「サービス種別」」).
/// Imported services are not published: a curator looks at them and publishes. Imports never make a confidential location public.
/// </summary>
public static class DirectoryImport
{
    /// <summary>
    /// The columns of a 事業所一覧 (the 障害福祉サービス等情報公表 open data, whose exact layout we could not confirm, or any list kept
    /// in Excel), recognised by any of their usual headings.
    /// </summary>
    public static readonly IReadOnlyList<(string Field, string[] Headings, bool Required)> OfficeColumns =
    [
        ("name", ["事業所名", "事業所の名称", "名称"], true),
        ("kana", ["事業所名カナ", "事業所名(カナ)", "事業所名（カナ）", "よみがな", "フリガナ", "ふりがな"], false),
        ("kind", ["サービス種別", "サービスの種類", "サービス種類"], true),
        ("office", ["事業所番号"], false),
        ("corporate", ["法人番号"], false),
        ("corporation", ["法人名", "法人の名称"], false),
        ("postal", ["郵便番号"], false),
        ("address", ["住所", "事業所住所", "所在地", "事業所の所在地"], true),
        ("phone", ["電話番号", "電話", "事業所電話番号"], false),
        ("url", ["URL", "ホームページ", "事業所URL"], false),
    ];

    /// <summary>The headings shown on the import page: the first heading of each column, in the order of the 事業所一覧.</summary>
    public static IReadOnlyList<string> OfficeHeader => [.. new[] { "office", "name", "kana", "kind", "corporate", "corporation", "postal", "address", "phone", "url" }
        .Select(f => OfficeColumns.First(c => c.Field == f).Headings[0])];

    /// <summary>A row of that header as a person would keep it (a fictional office with a made-up but well-formed 事業所番号).</summary>
    public const string OfficeExample = "1312345678,ひだまり相談支援センター,ひだまりそうだんしえんせんたー,計画相談支援,,社会福祉法人ひだまり会,112-0003,東京都文京区春日一丁目16番21号,03-3812-7111,https://hidamari.example.jp/";

    public static async Task<ImportOutcome> OfficeListAsync(NimoDbContext db, IReadOnlyList<CsvRow> rows, UserScope scope, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new List<string>();
        var notes = new List<string>();
        var header = rows.Count > 0 ? rows[0].Header ?? [] : [];
        var columns = OfficeColumns.ToDictionary(c => c.Field, c => c.Headings.FirstOrDefault(h => header.Contains(h)));
        foreach (var (field, headings, required) in OfficeColumns.Where(c => c.Required && columns[c.Field] is null))
        {
            errors.Add($"1行目: 「{headings[0]}」の列がありません(見出しは「{string.Join("」「", headings)}」のどれかにしてください)。");
        }

        if (errors.Count > 0)
        {
            return new ImportOutcome(0, 0, 0, errors, notes);
        }

        string Get(CsvRow row, string field) => columns[field] is { } h ? row.Get(h) : "";
        string Where(CsvRow row, string field) => row.Locate(columns[field]!);
        var kinds = await db.TaxonomyTerms.Where(t => t.TaxonomyId == Taxonomies.TaxonomyId(Taxonomies.ServiceKinds) && t.IsActive && t.ParentId != null).ToListAsync(ct);
        var terms = await db.TaxonomyTerms.ToListAsync(ct);
        var regions = await db.Regions.ToListAsync(ct);
        var byId = regions.ToDictionary(r => r.Id);
        var editable = regions.Where(r => r.Kind == RegionKind.Municipality && scope.CanCurateRegion(r)).ToList();
        var organizations = await db.Organizations.Include(o => o.Region).VisibleTo(scope).ToListAsync(ct);
        var listings = await db.DirectoryOrganizations.Include(o => o.Identifiers).ToListAsync(ct);
        var orgIds = organizations.Select(o => o.Id).ToList();
        var services = await db.DirectoryServices.Include(s => s.Organization).Include(s => s.Terms).Include(s => s.Phones).Include(s => s.Schedules).Include(s => s.Areas)
            .Include(s => s.Locations).Include(s => s.Documents).Include(s => s.Languages).AsSplitQuery().Where(s => orgIds.Contains(s.OrganizationId)).ToListAsync(ct);
        var locations = await db.DirectoryLocations.Where(l => orgIds.Contains(l.OrganizationId)).ToListAsync(ct);
        int createdOrgs = 0, touched = 0, createdLocations = 0;
        var confidential = 0;
        foreach (var row in rows)
        {
            var rowErrors = new List<string>();
            var name = Get(row, "name");
            if (name.Length is 0 or > 200)
            {
                rowErrors.Add($"{Where(row, "name")}が空か、200文字を超えています。");
            }

            var kindText = Get(row, "kind");
            var kind = MatchKind(kinds, kindText);
            if (kind is null)
            {
                rowErrors.Add($"{Where(row, "kind")}の「{kindText}」は障害福祉サービス種別として読めません(例: 共同生活援助、就労継続支援B型、計画相談支援)。");
            }

            var address = Get(row, "address").Normalize(System.Text.NormalizationForm.FormKC);
            var municipality = editable.Where(r => address.Contains(r.Name, StringComparison.Ordinal)).OrderByDescending(r => r.Name.Length).FirstOrDefault();
            if (municipality is null)
            {
                rowErrors.Add($"{Where(row, "address")}の「{address}」から、あなたが担当する市区町村が読み取れません。");
            }

            var office = Get(row, "office").Replace("-", "", StringComparison.Ordinal);
            if (office.Length > 0 && OrganizationIdentifier.Check(IdentifierKind.OfficeNumber, office) is { } officeError)
            {
                rowErrors.Add($"{Where(row, "office")}: {officeError}");
            }

            var corporate = Get(row, "corporate").Replace("-", "", StringComparison.Ordinal);
            if (corporate.Length > 0 && OrganizationIdentifier.Check(IdentifierKind.CorporateNumber, corporate) is { } corporateError)
            {
                rowErrors.Add($"{Where(row, "corporate")}: {corporateError}");
            }

            var phone = Get(row, "phone").Normalize(System.Text.NormalizationForm.FormKC);
            if (phone.Length > 0 && !ServiceContent.IsPhoneNumber(phone))
            {
                rowErrors.Add($"{Where(row, "phone")}の「{phone}」は電話番号として読めません。");
            }

            var url = Get(row, "url");
            if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            {
                rowErrors.Add($"{Where(row, "url")}の「{url}」は http:// または https:// で始まるアドレスではありません。");
            }

            if (rowErrors.Count > 0)
            {
                errors.AddRange(rowErrors);
                continue;
            }

            try
            {
                var listing = office.Length > 0 ? listings.FirstOrDefault(l => l.Identifier(IdentifierKind.OfficeNumber) == office) : null;
                var organization = listing is not null ? organizations.FirstOrDefault(o => o.Id == listing.OrganizationId)
                    : organizations.FirstOrDefault(o => o.Name == name && o.RegionId == municipality!.Id);
                if (organization is null)
                {
                    organization = Organization.Create(name, Get(row, "kana"), KindOf(kind!.Code), municipality!);
                    db.Organizations.Add(organization);
                    organizations.Add(organization);
                    createdOrgs++;
                }

                if (listing is null)
                {
                    listing = listings.FirstOrDefault(l => l.OrganizationId == organization.Id && organization.Id != 0);
                    if (listing is null)
                    {
                        listing = DirectoryOrganization.For(organization);
                        db.DirectoryOrganizations.Add(listing);
                        listings.Add(listing);
                    }
                }

                if (office.Length > 0)
                {
                    listing.SetIdentifier(IdentifierKind.OfficeNumber, office);
                }

                if (corporate.Length > 0)
                {
                    listing.SetIdentifier(IdentifierKind.CorporateNumber, corporate);
                }

                if (Get(row, "corporation") is { Length: > 0 } corporation && listing.Description is null)
                {
                    listing.Update($"運営: {corporation}", listing.Website, listing.Email);
                }

                var street = address[(address.IndexOf(municipality!.Name, StringComparison.Ordinal) + municipality.Name.Length)..].Trim();
                var location = locations.FirstOrDefault(l => l.OrganizationId == organization.Id && l.Name == name);
                if (location is null)
                {
                    location = DirectoryLocation.Create(organization, now);
                    db.DirectoryLocations.Add(location);
                    locations.Add(location);
                    createdLocations++;
                }

                // A group home's address is where people live: it starts as confidential, and a curator decides otherwise.
                var isGroupHome = kind!.Code is "group-home" or "lodging-training";
                confidential += isGroupHome && !location.IsConfidential ? 1 : 0;
                location.Update(name, LocationType.Physical, location.Description, municipality, Get(row, "postal") is { Length: > 0 } p ? p : location.PostalCode, street, location.Url,
                    location.Transportation, location.Accessibility, location.AccessibilityNotes, location.IsConfidential || isGroupHome, now);
                var service = services.FirstOrDefault(s => s.OrganizationId == organization.Id && s.Terms.Any(t => t.TermId == kind.Id));
                var isNew = service is null;
                service ??= DirectoryService.Create(organization, now);
                if (isNew)
                {
                    db.DirectoryServices.Add(service);
                    services.Add(service);
                }

                var current = isNew ? null : service.Content();
                var termIds = (current?.TermIds ?? []).Concat([kind.Id, .. CategoriesOf(kind.Code).Select(c => Taxonomies.TermId(Taxonomies.Categories, c))]).Distinct().ToList();
                var content = new ServiceContent(current?.Name ?? ShortName(kind.Name), current?.Kana ?? Get(row, "kana"), current?.AlternateName, current?.Description, current?.Status ?? ServiceStatus.Active,
                    current?.Eligibility, current?.Fees, current?.ApplicationProcess, url.Length > 0 ? url : current?.Url, current?.Email, current?.MinimumAge, current?.MaximumAge, current?.Alert,
                    current?.Documents ?? [], current?.LanguageCodes ?? ["ja"],
                    phone.Length > 0 ? [new PhoneContent(phone, null)] : current?.Phones ?? [], current?.Schedules ?? [],
                    termIds, (current?.AreaRegionIds ?? []).Union([municipality.Id]).ToList(), (current?.LocationIds ?? []).Union([location.Id]).ToList());
                var changes = service.Apply(content, terms, regions, locations, now);
                if (changes.Count > 0)
                {
                    db.ServiceRevisions.Add(ServiceRevision.Record(service, RevisionKind.Imported, changes, scope.UserName, now));
                    touched++;
                }
            }
            catch (DomainRuleException e)
            {
                errors.Add($"{row.Line}行目: {e.Message}");
            }
        }

        if (confidential > 0)
        {
            notes.Add($"グループホーム・宿泊型自立訓練の場所{confidential}件は非公開にしました(住所を住民向けに出しません)。");
        }

        return new ImportOutcome(createdOrgs, touched, createdLocations, errors, notes);
    }

    private static TaxonomyTerm? MatchKind(IReadOnlyList<TaxonomyTerm> kinds, string text)
    {
        var key = TextNormalizer.SearchKey(text).Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal);
        if (key.Length == 0)
        {
            return null;
        }

        string Key(TaxonomyTerm t) => TextNormalizer.SearchKey(t.Name).Replace("(", "", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal);
        return kinds.FirstOrDefault(t => Key(t) == key || t.Code == text.Trim())
            ?? kinds.FirstOrDefault(t => Key(t).StartsWith(key, StringComparison.Ordinal) || key.StartsWith(Key(t), StringComparison.Ordinal))
            ?? (key is "地域移行支援" or "地域定着支援" ? kinds.FirstOrDefault(t => t.Code == "general-counselling")
                : key is "計画相談支援" ? kinds.FirstOrDefault(t => t.Code == "specific-counselling") : null);
    }

    private static string ShortName(string kindName) => kindName.Contains('(', StringComparison.Ordinal) && !kindName.StartsWith("自立訓練", StringComparison.Ordinal)
        ? kindName[..kindName.IndexOf('(', StringComparison.Ordinal)] : kindName;

    public static IEnumerable<string> CategoriesOf(string kind) => kind switch
    {
        "group-home" or "lodging-training" or "independent-living" => ["disability-welfare", "housing"],
        "employment-transition" or "employment-a" or "employment-b" or "employment-retention" or "employment-selection" => ["disability-welfare", "participation"],
        "core-counselling" or "general-counselling" or "specific-counselling" or "child-counselling" => ["disability-welfare", "consultation"],
        "community-activity" => ["disability-welfare", "participation"],
        _ => ["disability-welfare"],
    };

    private static OrganizationKind KindOf(string kind) => kind switch
    {
        "core-counselling" => OrganizationKind.CoreCounsellingCenter,
        "general-counselling" or "specific-counselling" or "child-counselling" => OrganizationKind.CounsellingSupport,
        "community-activity" => OrganizationKind.CommunityActivityCenter,
        "group-home" => OrganizationKind.HousingSupport,
        "employment-transition" or "employment-a" or "employment-b" or "employment-retention" or "employment-selection" => OrganizationKind.EmploymentSupport,
        _ => OrganizationKind.WelfareService,
    };

    /// <summary>
    /// An HSDS 3.0 tabular package (ours or another system's): organisations by id, 法人番号/事業所番号 or name; locations and
    /// services by id. Terms must be Nimo's (by id, or by taxonomy and code); areas and cities are matched by name in the user's area.
    /// </summary>
    public static async Task<ImportOutcome> HsdsPackageAsync(NimoDbContext db, Dictionary<string, IReadOnlyList<CsvRow>> tables, UserScope scope, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new List<string>();
        IReadOnlyList<CsvRow> Table(string name) => tables.GetValueOrDefault(name) ?? [];
        string At(string table, CsvRow row, string column) => $"{HsdsTabular.FileName(table)} {row.Locate(column)}";
        Guid? Id(string table, CsvRow row, string column, bool required = true)
        {
            var text = row.Get(column);
            if (text.Length == 0 && !required)
            {
                return null;
            }

            if (Guid.TryParse(text, out var id))
            {
                return id;
            }

            errors.Add($"{At(table, row, column)}の「{text}」はUUIDではありません。");
            return null;
        }

        var regions = await db.Regions.ToListAsync(ct);
        var covered = regions.Where(scope.CanCurateRegion).ToList();
        var terms = await db.TaxonomyTerms.Include(t => t.Taxonomy).ToListAsync(ct);
        var organizations = await db.Organizations.Include(o => o.Region).VisibleTo(scope).ToListAsync(ct);
        var listings = await db.DirectoryOrganizations.Include(o => o.Identifiers).ToListAsync(ct);
        var home = regions.FirstOrDefault(r => r.Id == scope.RegionId);
        if (home is null || !scope.CanCurateRegion(home))
        {
            return new ImportOutcome(0, 0, 0, ["取り込みは、地域の事務局(保健所・市区町村担当、協議の場事務局)が行います。"], []);
        }

        // Organisations.
        var orgByHsds = new Dictionary<Guid, Organization>();
        var createdOrgs = 0;
        var identifiers = Table("organization_identifier").Select(r => (Org: r.Get("organization_id"), Scheme: r.Get("identifier_scheme"), Value: r.Get("identifier"))).ToList();
        foreach (var row in Table("organization"))
        {
            var id = Id("organization", row, "id");
            var name = row.Get("name");
            if (name.Length == 0)
            {
                errors.Add($"{At("organization", row, "name")}が空です。");
            }

            if (id is not Guid hsdsId || name.Length == 0)
            {
                continue;
            }

            var listing = listings.FirstOrDefault(l => l.HsdsId == hsdsId)
                ?? listings.FirstOrDefault(l => identifiers.Any(i => i.Org == row.Get("id") && l.Identifiers.Any(x => x.Scheme == i.Scheme && x.Value == i.Value)));
            var organization = listing is not null ? organizations.FirstOrDefault(o => o.Id == listing.OrganizationId) : organizations.FirstOrDefault(o => o.Name == name);
            if (organization is null)
            {
                organization = Organization.Create(name, "", OrganizationKind.Other, home);
                db.Organizations.Add(organization);
                organizations.Add(organization);
                createdOrgs++;
            }
            else if (!scope.CanCurate(organization))
            {
                errors.Add($"{At("organization", row, "name")}の「{name}」は、あなたの担当地域の機関ではありません。");
                continue;
            }

            if (listing is null)
            {
                listing = listings.FirstOrDefault(l => l.OrganizationId == organization.Id && organization.Id != 0) ?? DirectoryOrganization.For(organization, hsdsId);
                if (!listings.Contains(listing))
                {
                    db.DirectoryOrganizations.Add(listing);
                    listings.Add(listing);
                }
            }

            try
            {
                listing.Update(row.Get("description") is { Length: > 0 } d && d != name ? d : listing.Description, NullIfEmpty(row.Get("website")) ?? listing.Website, NullIfEmpty(row.Get("email")) ?? listing.Email);
                foreach (var (_, scheme, value) in identifiers.Where(i => i.Org == row.Get("id")))
                {
                    listing.SetIdentifier(scheme == "JP-JCN" ? IdentifierKind.CorporateNumber : IdentifierKind.OfficeNumber, value);
                }
            }
            catch (DomainRuleException e)
            {
                errors.Add($"{HsdsTabular.FileName("organization")} {row.Line}行目: {e.Message}");
            }

            orgByHsds[hsdsId] = organization;
        }

        // Locations, with their addresses and accessibility.
        var existingLocations = await db.DirectoryLocations.Include(l => l.Organization).ThenInclude(o => o.Region).ToListAsync(ct);
        var addresses = Table("address").GroupBy(r => r.Get("location_id")).ToDictionary(g => g.Key, g => g.First());
        var accessibility = Table("accessibility").GroupBy(r => r.Get("location_id")).ToDictionary(g => g.Key, g => g.ToList());
        var createdLocations = 0;
        foreach (var row in Table("location"))
        {
            var id = Id("location", row, "id");
            var orgId = Id("location", row, "organization_id");
            if (id is not Guid locationId || orgId is not Guid owner)
            {
                continue;
            }

            if (!orgByHsds.TryGetValue(owner, out var organization))
            {
                errors.Add($"{At("location", row, "organization_id")}の機関が organizations.csv にありません。");
                continue;
            }

            var type = row.Get("location_type") switch { "physical" => LocationType.Physical, "postal" => LocationType.Postal, "virtual" => LocationType.Virtual, _ => (LocationType?)null };
            if (type is null)
            {
                errors.Add($"{At("location", row, "location_type")}の「{row.Get("location_type")}」は physical、postal、virtual のどれかにしてください。");
                continue;
            }

            Region? region = null;
            string? street = null, postal = null;
            if (addresses.TryGetValue(row.Get("id"), out var address))
            {
                var city = address.Get("city");
                region = covered.Where(r => r.Kind is RegionKind.Municipality or RegionKind.DailyLifeArea && (r.Name == city || r.Name == address.Get("region"))).OrderByDescending(r => r.Depth).FirstOrDefault();
                if (region is null && type != LocationType.Virtual)
                {
                    errors.Add($"{HsdsTabular.FileName("address")} {address.Locate("city")}の「{city}」は、あなたの担当地域の市区町村ではありません。");
                    continue;
                }

                street = NullIfEmpty(address.Get("address_1"));
                postal = NullIfEmpty(address.Get("postal_code"));
            }

            var features = AccessibilityFeatures.None;
            var notes = new List<string>();
            foreach (var a in accessibility.GetValueOrDefault(row.Get("id")) ?? [])
            {
                if (Enum.TryParse<AccessibilityFeatures>(a.Get("details"), out var flag) && DirectoryLocation.AccessibilityLabels.ContainsKey(flag))
                {
                    features |= flag;
                }
                else if (a.Get("description") is { Length: > 0 } d)
                {
                    notes.Add(d);
                }
            }

            var location = existingLocations.FirstOrDefault(l => l.Id == locationId);
            if (location is null)
            {
                location = DirectoryLocation.Create(locationId, organization, now);
                db.DirectoryLocations.Add(location);
                existingLocations.Add(location);
                createdLocations++;
            }
            else if (!scope.CanCurate(location.Organization))
            {
                errors.Add($"{At("location", row, "id")}の場所は、あなたの担当地域のものではありません。");
                continue;
            }

            try
            {
                // An import never makes a confidential place public: the flag is kept as it was.
                location.Update(NullIfEmpty(row.Get("name")) ?? organization.Name, type.Value, NullIfEmpty(row.Get("description")), region, postal, street, NullIfEmpty(row.Get("url")),
                    NullIfEmpty(row.Get("transportation")), features, notes.Count == 0 ? null : string.Join("。", notes), location.IsConfidential, now);
                decimal? Coordinate(string column) => decimal.TryParse(row.Get(column), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
                if (Coordinate("latitude") is decimal lat && Coordinate("longitude") is decimal lon)
                {
                    location.PlaceAt(lat, lon, CoordinateSource.Imported, now);
                }
            }
            catch (DomainRuleException e)
            {
                errors.Add($"{HsdsTabular.FileName("location")} {row.Line}行目: {e.Message}");
            }
        }

        // Services and what hangs on them.
        var byService = new Func<string, string, List<CsvRow>>((table, serviceId) => [.. Table(table).Where(r => r.Get("service_id") == serviceId)]);
        var foreignTerms = Table("taxonomy_term").ToDictionary(r => r.Get("id"), r => r);
        var foreignTaxonomies = Table("taxonomy").ToDictionary(r => r.Get("id"), r => r.Get("name"));
        var existingServices = await db.DirectoryServices.Include(s => s.Organization).ThenInclude(o => o.Region).Include(s => s.Terms).Include(s => s.Phones).Include(s => s.Schedules)
            .Include(s => s.Areas).Include(s => s.Locations).Include(s => s.Documents).Include(s => s.Languages).AsSplitQuery().ToListAsync(ct);
        var touched = 0;
        foreach (var row in Table("service"))
        {
            var id = Id("service", row, "id");
            var orgId = Id("service", row, "organization_id");
            if (id is not Guid serviceId || orgId is not Guid owner)
            {
                continue;
            }

            if (!orgByHsds.TryGetValue(owner, out var organization))
            {
                errors.Add($"{At("service", row, "organization_id")}の機関が organizations.csv にありません。");
                continue;
            }

            var key = row.Get("id");
            var status = Hsds.ParseStatus(row.Get("status"));
            if (status is null)
            {
                errors.Add($"{At("service", row, "status")}の「{row.Get("status")}」は active、inactive、defunct、temporarily closed のどれかにしてください。");
                continue;
            }

            var schedules = new List<ScheduleContent>();
            foreach (var x in byService("schedule", key))
            {
                if (!Recurrence.TryBuild(x.Get("freq"), x.Get("interval"), x.Get("byday"), x.Get("bymonthday"), [], out var rule, out var error))
                {
                    errors.Add($"{HsdsTabular.FileName("schedule")} {x.Line}行目: {error}");
                    continue;
                }

                TimeOnly? Time(string column) => TimeOnly.TryParse(x.Get(column), CultureInfo.InvariantCulture, out var t) ? t : null;
                schedules.Add(new ScheduleContent(rule.ToRule(), Time("opens_at"), Time("closes_at"), NullIfEmpty(x.Get("notes"))));
            }

            var termIds = new List<Guid>();
            foreach (var a in Table("attribute").Where(r => r.Get("link_id") == key))
            {
                var termText = a.Get("taxonomy_term_id");
                var term = Guid.TryParse(termText, out var tid) ? terms.FirstOrDefault(t => t.Id == tid) : null;
                if (term is null && foreignTerms.TryGetValue(termText, out var foreign))
                {
                    var taxonomyName = foreignTaxonomies.GetValueOrDefault(foreign.Get("taxonomy_id")) ?? foreign.Get("taxonomy");
                    term = terms.FirstOrDefault(t => t.Taxonomy.Name == taxonomyName && (t.Code == foreign.Get("code") || t.Name == foreign.Get("name")));
                }

                if (term is null)
                {
                    errors.Add($"{HsdsTabular.FileName("attribute")} {a.Locate("taxonomy_term_id")}の「{termText}」は、Nimo の分野・種別にありません。");
                    continue;
                }

                termIds.Add(term.Id);
            }

            var areaIds = new List<int>();
            foreach (var a in byService("service_area", key))
            {
                var region = covered.Where(r => r.Name == a.Get("name")).OrderByDescending(r => r.Depth).FirstOrDefault()
                    ?? regions.Where(r => r.Name == a.Get("name") && scope.CanRead(r.Path)).OrderByDescending(r => r.Depth).FirstOrDefault();
                if (region is null)
                {
                    errors.Add($"{HsdsTabular.FileName("service_area")} {a.Locate("name")}の「{a.Get("name")}」は、登録されている地域ではありません。");
                    continue;
                }

                areaIds.Add(region.Id);
            }

            var locationIds = Table("service_at_location").Where(r => r.Get("service_id") == key).Select(r => Guid.TryParse(r.Get("location_id"), out var l) ? l : Guid.Empty).Where(l => l != Guid.Empty).ToList();
            int? Age(string column) => int.TryParse(row.Get(column), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
            var content = new ServiceContent(row.Get("name"), null, NullIfEmpty(row.Get("alternate_name")), NullIfEmpty(row.Get("description")), status.Value,
                NullIfEmpty(row.Get("eligibility_description")), NullIfEmpty(row.Get("fees_description")), NullIfEmpty(row.Get("application_process")),
                NullIfEmpty(row.Get("url")), NullIfEmpty(row.Get("email")), Age("minimum_age"), Age("maximum_age"), NullIfEmpty(row.Get("alert")),
                [.. byService("required_document", key).Select(r => r.Get("document")).Where(d => d.Length > 0)],
                [.. byService("language", key).Select(r => r.Get("code")).Where(ServiceContent.LanguageNames.ContainsKey).Distinct()],
                [.. byService("phone", key).Select(r => new PhoneContent(r.Get("number"), NullIfEmpty(r.Get("description"))))],
                schedules, [.. termIds.Distinct()], [.. areaIds.Distinct()], [.. locationIds.Distinct()]);
            var service = existingServices.FirstOrDefault(s => s.Id == serviceId);
            if (service is not null && !scope.CanCurate(service.Organization))
            {
                errors.Add($"{At("service", row, "id")}のサービスは、あなたの担当地域のものではありません。");
                continue;
            }

            var isNew = service is null;
            service ??= DirectoryService.Create(serviceId, organization, now);
            try
            {
                var kana = isNew ? "" : service.Kana;
                var changes = service.Apply(content with { Kana = kana }, terms, regions, existingLocations, now);
                if (DateOnly.TryParseExact(row.Get("assured_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var assured))
                {
                    service.SetAssuredDate(assured);
                }

                if (isNew)
                {
                    db.DirectoryServices.Add(service);
                    existingServices.Add(service);
                }

                if (changes.Count > 0 || isNew)
                {
                    db.ServiceRevisions.Add(ServiceRevision.Record(service, RevisionKind.Imported, changes, scope.UserName, now));
                    touched++;
                }
            }
            catch (DomainRuleException e)
            {
                errors.Add($"{HsdsTabular.FileName("service")} {row.Line}行目(「{row.Get("name")}」): {e.Message}");
            }
        }

        return new ImportOutcome(createdOrgs, touched, createdLocations, errors, []);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    public static bool CanCurateRegion(this UserScope scope, Region region) => scope.IsCuratorRole() && scope.Covers(region.Path);
}
