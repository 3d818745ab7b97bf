using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Directory;

public sealed record PublicIdentifier(Guid Id, string Scheme, string TypeLabel, string Value);

public sealed record PublicOrganization(int Id, Guid HsdsId, string Name, string? Description, string? Website, string? Email, IReadOnlyList<PublicIdentifier> Identifiers);

/// <summary>A location as residents may see it; confidential locations never become one.</summary>
public sealed record PublicLocation(Guid Id, Guid OrganizationHsdsId, string Name, LocationType Type, string? Description, string? PostalCode,
    string? Prefecture, string? Municipality, string? Street, string? Url, string? Transportation, decimal? Latitude, decimal? Longitude,
    AccessibilityFeatures Accessibility, string? AccessibilityNotes, string? RegionPath)
{
    public string? FullAddress => Municipality is null ? null : $"{Prefecture}{Municipality}{Street}";
    public IEnumerable<string> AccessibilityList => DirectoryLocation.AccessibilityLabels.Where(a => Accessibility.HasFlag(a.Key)).Select(a => a.Value);
}

public sealed record PublicPhone(Guid Id, string Number, string? Description);

public sealed record PublicSchedule(Guid Id, Recurrence Rule, TimeOnly? OpensAt, TimeOnly? ClosesAt, string? Notes)
{
    public string Japanese => ScheduleContent.Describe(Rule, OpensAt, ClosesAt);
}

public sealed record PublicArea(Guid Id, int RegionId, string Name, string Path);

public sealed record PublicTerm(Guid Id, Guid TaxonomyId, string TaxonomyCode, string Code, string Name, string Description, Guid? ParentId, int SortOrder);

public sealed record PublicServiceAtLocation(Guid Id, Guid ServiceId, PublicLocation Location);

public sealed record PublicService(
    Guid Id, string Name, string Kana, string? AlternateName, string? Description, ServiceStatus Status, string? Eligibility, string? Fees,
    string? ApplicationProcess, string? Url, string? Email, int? MinimumAge, int? MaximumAge, string? Alert, DateOnly? AssuredDate,
    DateTimeOffset LastModified, PublicOrganization Organization, IReadOnlyList<PublicPhone> Phones, IReadOnlyList<PublicSchedule> Schedules,
    IReadOnlyList<PublicArea> Areas, IReadOnlyList<PublicTerm> Terms, IReadOnlyList<PublicServiceAtLocation> Locations, bool HasUnlistedLocation,
    IReadOnlyList<string> Documents, IReadOnlyList<string> Languages, string SearchText)
{
    public IEnumerable<PublicTerm> Categories => Terms.Where(t => t.TaxonomyCode == Taxonomies.Categories).OrderBy(t => t.SortOrder);
    public IEnumerable<PublicTerm> ServiceKinds => Terms.Where(t => t.TaxonomyCode == Taxonomies.ServiceKinds).OrderBy(t => t.SortOrder);
    public string StatusLabel => ServiceContent.StatusLabels[Status];

    /// <summary>「令和8年11月20日 確認」, or that it has not been confirmed.</summary>
    public string AssuredText => AssuredDate is DateOnly d ? $"{JapaneseDate.Format(d)} 確認" : "確認日未登録";

    public bool IsOpenOn(DateOnly day) => Status == ServiceStatus.Active && Schedules.Any(s => s.Rule.OccursOn(day));
}

/// <summary>What the public search asks: words, a category, a 市区町村 or 圏域, open today, accessibility needs, and the page.</summary>
public sealed record DirectoryQuery(string? Text, string? Category, int? RegionId, bool OpenToday, AccessibilityFeatures Needs, int Page = 1, int PageSize = 20);

public sealed record SearchResult(IReadOnlyList<PublicService> Items, int Total, int Page, int Pages);

/// <summary>A 市区町村 or 日常生活圏域 residents can filter by; <see cref="Depth"/> indents areas under their city.</summary>
public sealed record RegionChoice(int Id, string Name, string Path, RegionKind Kind, int Depth);

/// <summary>
/// The published directory, read once and kept in memory: every public page, the map data, the booklet, the HSDS API and
/// the exports read this and nothing else. It holds no unpublished service and no confidential location: the one place
/// where they are left out is <see cref="LoadAsync"/>.
/// </summary>
public sealed class PublishedDirectory
{
    public Guid Token { get; }
    public IReadOnlyList<PublicService> Services { get; }
    public IReadOnlyDictionary<Guid, PublicService> ById { get; }
    public IReadOnlyDictionary<Guid, PublicOrganization> Organizations { get; }
    public IReadOnlyList<Taxonomy> Taxonomies { get; }
    public IReadOnlyList<PublicTerm> Terms { get; }
    public IReadOnlyDictionary<Guid, PublicServiceAtLocation> ServiceAtLocations { get; }
    public IReadOnlyList<RegionChoice> Regions { get; }
    public DateTimeOffset LastModified { get; }

    private PublishedDirectory(Guid token, List<PublicService> services, List<Taxonomy> taxonomies, List<PublicTerm> terms, List<RegionChoice> regions)
    {
        Token = token;
        Services = services;
        ById = services.ToDictionary(s => s.Id);
        Organizations = services.Select(s => s.Organization).DistinctBy(o => o.HsdsId).ToDictionary(o => o.HsdsId);
        Taxonomies = taxonomies;
        Terms = terms;
        ServiceAtLocations = services.SelectMany(s => s.Locations).ToDictionary(l => l.Id);
        Regions = regions;
        LastModified = services.Count == 0 ? DateTimeOffset.UnixEpoch : services.Max(s => s.LastModified);
    }

    public IEnumerable<PublicTerm> CategoryTerms => Terms.Where(t => t.TaxonomyCode == Directory.Taxonomies.Categories).OrderBy(t => t.SortOrder);

    /// <summary>Services residents are shown (not 休止 or 廃止), in category then reading order.</summary>
    public IEnumerable<PublicService> Listed => Services.Where(s => s.Status is ServiceStatus.Active or ServiceStatus.TemporarilyClosed);

    public SearchResult Search(DirectoryQuery query, DateOnly today)
    {
        var words = (query.Text ?? "").Normalize(System.Text.NormalizationForm.FormKC)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(TextNormalizer.SearchKey).Where(w => w.Length > 0).Take(10).ToList();
        var region = query.RegionId is int id ? Regions.FirstOrDefault(r => r.Id == id) : null;
        var matches = new List<PublicService>();
        foreach (var s in Listed)
        {
            if (words.Count > 0 && !words.TrueForAll(w => s.SearchText.Contains(w, StringComparison.Ordinal)))
            {
                continue;
            }

            if (query.Category is { Length: > 0 } c && !s.Terms.Any(t => t.Code == c && t.TaxonomyCode == Directory.Taxonomies.Categories))
            {
                continue;
            }

            if (query.RegionId is not null && (region is null || !Serves(s, region.Path)))
            {
                continue;
            }

            if (query.OpenToday && !s.IsOpenOn(today))
            {
                continue;
            }

            if (query.Needs != AccessibilityFeatures.None && !s.Locations.Any(l => (l.Location.Accessibility & query.Needs) == query.Needs))
            {
                continue;
            }

            matches.Add(s);
        }

        var pages = Math.Max(1, (matches.Count + query.PageSize - 1) / query.PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        return new SearchResult(matches.Skip((page - 1) * query.PageSize).Take(query.PageSize).ToList(), matches.Count, page, pages);
    }

    /// <summary>A service serves a region when one of its areas covers it or lies in it, or one of its places is in it.</summary>
    public static bool Serves(PublicService service, string regionPath) =>
        service.Areas.Any(a => regionPath.StartsWith(a.Path, StringComparison.Ordinal) || a.Path.StartsWith(regionPath, StringComparison.Ordinal))
        || service.Locations.Any(l => l.Location.RegionPath?.StartsWith(regionPath, StringComparison.Ordinal) == true);

    public static async Task<PublishedDirectory> LoadAsync(NimoDbContext db, CancellationToken ct)
    {
        var token = await db.DirectoryStamps.AsNoTracking().Where(s => s.Id == DirectoryStamp.SingletonId).Select(s => s.Token).SingleOrDefaultAsync(ct);
        // Organisations are read by column (id, name, kana): the role of a Public instance may read no more of them.
        var rows = await db.DirectoryServices.AsNoTracking().Where(s => s.IsPublished)
            .Include(s => s.Phones).Include(s => s.Schedules).Include(s => s.Areas).ThenInclude(a => a.Region)
            .Include(s => s.Terms).Include(s => s.Documents).Include(s => s.Languages)
            // The one filter that keeps confidential places out of everything public.
            .Include(s => s.Locations.Where(l => !l.Location.IsConfidential)).ThenInclude(l => l.Location)
            .AsSplitQuery().ToListAsync(ct);
        // A place a service is at that is not a public one: confidential. Asked without reading the confidential row itself,
        // which the Public instance's role cannot see (its row-level rule shows it no confidential place), so both sides agree.
        var hidden = (await db.ServiceAtLocations.AsNoTracking()
            .Where(l => l.Service.IsPublished && !db.DirectoryLocations.Any(x => x.Id == l.LocationId && !x.IsConfidential))
            .Select(l => l.ServiceId).ToListAsync(ct)).ToHashSet();
        var orgIds = rows.Select(r => r.OrganizationId).Distinct().ToList();
        var providers = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.Kana }).ToDictionaryAsync(o => o.Id, ct);
        var listings = await db.DirectoryOrganizations.AsNoTracking().Include(o => o.Identifiers).Where(o => orgIds.Contains(o.OrganizationId)).ToDictionaryAsync(o => o.OrganizationId, ct);
        var taxonomies = await db.Taxonomies.AsNoTracking().OrderBy(t => t.Code).ToListAsync(ct);
        var terms = (await db.TaxonomyTerms.AsNoTracking().Where(t => t.IsActive).ToListAsync(ct))
            .Select(t => new PublicTerm(t.Id, t.TaxonomyId, taxonomies.First(x => x.Id == t.TaxonomyId).Code, t.Code, t.Name, t.Description, t.ParentId, t.SortOrder))
            .OrderBy(t => t.TaxonomyCode).ThenBy(t => t.SortOrder).ToList();
        var termById = terms.ToDictionary(t => t.Id);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, ct);
        var organizations = new Dictionary<int, PublicOrganization>();
        PublicOrganization Organization(int id)
        {
            if (!organizations.TryGetValue(id, out var p))
            {
                var o = providers[id];
                var listing = listings.GetValueOrDefault(o.Id);
                // An organisation with no listing yet gets a name-based id, stable until a listing is saved with it.
                p = new PublicOrganization(o.Id, listing?.HsdsId ?? DeterministicGuid.Create(Directory.Taxonomies.Namespace, "organization/" + o.Id), o.Name,
                    listing?.Description, listing?.Website, listing?.Email,
                    [.. (listing?.Identifiers ?? []).OrderBy(i => i.Kind).Select(i => new PublicIdentifier(i.Id, i.Scheme, i.TypeLabel, i.Value))]);
                organizations[o.Id] = p;
            }

            return p;
        }

        var locations = new Dictionary<Guid, PublicLocation>();
        PublicLocation Location(DirectoryLocation l, PublicOrganization owner)
        {
            if (!locations.TryGetValue(l.Id, out var p))
            {
                var (prefecture, municipality) = l.RegionId is int rid && l.Type != LocationType.Virtual ? AddressParts.Of(regions, rid) : (null, null);
                p = new PublicLocation(l.Id, owner.HsdsId, l.Name, l.Type, l.Description, l.PostalCode, prefecture, municipality, l.StreetAddress, l.Url,
                    l.Transportation, l.Latitude, l.Longitude, l.Accessibility, l.AccessibilityNotes, l.RegionId is int r2 && regions.TryGetValue(r2, out var reg) ? reg.Path : null);
                locations[l.Id] = p;
            }

            return p;
        }

        var services = new List<PublicService>(rows.Count);
        foreach (var s in rows)
        {
            var organization = Organization(s.OrganizationId);
            var provider = providers[s.OrganizationId];
            var serviceTerms = s.Terms.Select(t => termById.GetValueOrDefault(t.TermId)).OfType<PublicTerm>().ToList();
            var sals = s.Locations.Where(l => !l.Location.IsConfidential).Select(l => new PublicServiceAtLocation(l.Id, s.Id, Location(l.Location, organization))).ToList();
            var areas = s.Areas.Select(a => new PublicArea(a.Id, a.RegionId, a.Region.Name, a.Region.Path)).OrderBy(a => a.Path, StringComparer.Ordinal).ToList();
            var search = TextNormalizer.SearchKey(string.Join(" ", new[] { s.Name, s.Kana, s.AlternateName, s.Description, s.Eligibility, provider.Name, provider.Kana }
                .Concat(serviceTerms.Select(t => t.Name)).Concat(areas.Select(a => a.Name))
                .Concat(sals.Select(l => l.Location.Name + " " + l.Location.FullAddress + " " + l.Location.Transportation))
                .Where(x => !string.IsNullOrWhiteSpace(x))));
            services.Add(new PublicService(s.Id, s.Name, s.Kana, s.AlternateName, s.Description, s.Status, s.Eligibility, s.Fees, s.ApplicationProcess,
                s.Url, s.Email, s.MinimumAge, s.MaximumAge, s.Alert, s.AssuredDate, s.LastModified, organization,
                [.. s.Phones.OrderBy(p => p.SortOrder).Select(p => new PublicPhone(p.Id, p.Number, p.Description))],
                [.. s.Schedules.OrderBy(x => x.SortOrder).Select(x => new PublicSchedule(x.Id, x.Recurrence, x.OpensAt, x.ClosesAt, x.Notes))],
                areas, serviceTerms, sals, hidden.Contains(s.Id),
                [.. s.Documents.OrderBy(d => d.SortOrder).Select(d => d.Document)], [.. ServiceContent.InFormOrder(s.Languages.Select(l => l.Code))], search));
        }

        services.Sort((a, b) =>
        {
            var byCategory = Order(a).CompareTo(Order(b));
            return byCategory != 0 ? byCategory : string.CompareOrdinal(TextNormalizer.SearchKey(a.Kana.Length > 0 ? a.Kana : a.Name), TextNormalizer.SearchKey(b.Kana.Length > 0 ? b.Kana : b.Name));
        });
        var used = services.SelectMany(s => s.Areas.Select(a => a.RegionId).Concat(s.Locations.Select(l => regions.Values.FirstOrDefault(r => r.Path == l.Location.RegionPath)?.Id ?? 0)))
            .Where(id => id != 0).ToHashSet();
        var choices = new List<RegionChoice>();
        foreach (var region in regions.Values.Where(r => r.Kind is RegionKind.Municipality or RegionKind.DailyLifeArea).OrderBy(r => r.Path, StringComparer.Ordinal))
        {
            // A city is offered when a service covers it or one of its areas; an area when a service names it.
            var offered = region.Kind == RegionKind.Municipality
                ? used.Any(u => regions.TryGetValue(u, out var r) && (r.Path.StartsWith(region.Path, StringComparison.Ordinal) || (region.Path.StartsWith(r.Path, StringComparison.Ordinal) && r.Kind == RegionKind.Municipality)))
                : used.Contains(region.Id);
            if (offered)
            {
                choices.Add(new RegionChoice(region.Id, region.Name, region.Path, region.Kind, region.Kind == RegionKind.DailyLifeArea ? 1 : 0));
            }
        }

        return new PublishedDirectory(token, services, taxonomies, terms, choices);

        static int Order(PublicService s) => s.Categories.Select(c => c.SortOrder).DefaultIfEmpty(99).Min();
    }
}

/// <summary>
/// The published directory kept in memory per instance. A change published here drops it at once (<see cref="Invalidate"/>);
/// a change published on another instance is seen through <see cref="DirectoryStamp"/>, whose token is read at most once per
/// <c>Nimo:Directory:StampCheckSeconds</c> (1 s): one indexed single-row read, so a burst of requests costs one query.
/// </summary>
public sealed class DirectoryCache(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration) : IDisposable
{
    private readonly SemaphoreSlim _load = new(1, 1);
    private readonly TimeSpan _checkEvery = TimeSpan.FromSeconds(configuration.GetValue("Nimo:Directory:StampCheckSeconds", 1.0));
    private volatile Entry? _entry;
    private long _generation;

    private sealed record Entry(PublishedDirectory Directory, DateTimeOffset CheckedAt);

    public async ValueTask<PublishedDirectory> GetAsync(CancellationToken ct)
    {
        var entry = _entry;
        if (entry is not null && clock.GetUtcNow() - entry.CheckedAt < _checkEvery)
        {
            return entry.Directory;
        }

        await _load.WaitAsync(ct);
        try
        {
            entry = _entry;
            var now = clock.GetUtcNow();
            if (entry is not null && now - entry.CheckedAt < _checkEvery)
            {
                return entry.Directory;
            }

            var generation = Interlocked.Read(ref _generation);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
            if (entry is not null)
            {
                var token = await db.DirectoryStamps.AsNoTracking().Where(s => s.Id == DirectoryStamp.SingletonId).Select(s => s.Token).SingleOrDefaultAsync(ct);
                if (token == entry.Directory.Token)
                {
                    _entry = entry with { CheckedAt = now };
                    return entry.Directory;
                }
            }

            var directory = await PublishedDirectory.LoadAsync(db, ct);
            // A change published while this was loading may be missing from it: keep it for this request only.
            _entry = Interlocked.Read(ref _generation) == generation ? new Entry(directory, now) : null;
            return directory;
        }
        finally
        {
            _load.Release();
        }
    }

    public void Dispose() => _load.Dispose();

    /// <summary>Called after a change a resident could see was committed on this instance.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entry = null;
    }
}
