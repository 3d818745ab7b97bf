using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>
/// A location, edited by the area's curator: address from the region tree plus the street, coordinates from the imported
/// 位置参照情報 (「住所から位置を求める」) or typed by hand, accessibility, and whether it is confidential.
/// </summary>
public sealed class LocationModel(NimoDbContext db, AuditLog audit, TimeProvider clock, DirectoryCache cache) : PageModel
{
    [BindProperty]
    public LocationInput Input { get; set; } = new();

    public bool IsNew => Input.Id is null;
    public bool ReadOnly { get; private set; }
    public string? GeocodeMessage { get; private set; }
    public List<Organization> OrganizationChoices { get; private set; } = [];
    public List<Region> RegionChoices { get; private set; } = [];
    public List<string> Services { get; private set; } = [];
    public string? OrganizationName { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, int? organizationId, CancellationToken ct)
    {
        if (this.MalformedId(id))
        {
            return NotFound();
        }

        var scope = HttpContext.Scope();
        if (id is Guid existing)
        {
            var location = await db.DirectoryLocations.AsNoTracking().Include(l => l.Organization).ThenInclude(o => o.Region).VisibleTo(scope).SingleOrDefaultAsync(l => l.Id == existing, ct);
            if (location is null)
            {
                return NotFound();
            }

            ReadOnly = !scope.CanCurate(location.Organization);
            OrganizationName = location.Organization.Name;
            Input = LocationInput.From(location);
            Services = await db.ServiceAtLocations.Where(s => s.LocationId == existing).Select(s => s.Service.Name).OrderBy(n => n).ToListAsync(ct);
        }
        else
        {
            if (!scope.CanCurateAnything())
            {
                return Forbid();
            }

            Input = new LocationInput { OrganizationId = organizationId ?? 0 };
        }

        await LoadChoicesAsync(scope, ct);
        return Page();
    }

    public Task<IActionResult> OnPostAsync(Guid? id, CancellationToken ct) => this.MalformedId(id) ? Task.FromResult<IActionResult>(NotFound()) : SaveAsync(geocode: false, ct);

    /// <summary>Saves and looks the address up in the imported 位置参照情報, replacing the point unless it was placed by hand and kept.</summary>
    public Task<IActionResult> OnPostGeocodeAsync(Guid? id, CancellationToken ct) => this.MalformedId(id) ? Task.FromResult<IActionResult>(NotFound()) : SaveAsync(geocode: true, ct);

    private async Task<IActionResult> SaveAsync(bool geocode, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        await LoadChoicesAsync(scope, ct);
        if (Input.Id is Guid shown)
        {
            OrganizationName = await db.DirectoryLocations.VisibleTo(scope).Where(l => l.Id == shown).Select(l => l.Organization.Name).SingleOrDefaultAsync(ct);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var organization = await db.Organizations.Include(o => o.Region).VisibleTo(scope).SingleOrDefaultAsync(o => o.Id == Input.OrganizationId, ct);
        if (organization is null)
        {
            ModelState.AddModelError("Input.OrganizationId", "機関を選んでください。");
            return Page();
        }

        if (!scope.CanCurate(organization))
        {
            return Forbid();
        }

        var now = clock.GetUtcNow();
        DirectoryLocation location;
        if (Input.Id is Guid id)
        {
            var found = await db.DirectoryLocations.Include(l => l.Organization).ThenInclude(o => o.Region).VisibleTo(scope).SingleOrDefaultAsync(l => l.Id == id, ct);
            if (found is null)
            {
                return NotFound();
            }

            if (!scope.CanCurate(found.Organization) || found.OrganizationId != organization.Id)
            {
                return Forbid();
            }

            location = found;
            db.Entry(location).Property(l => l.Version).OriginalValue = Input.Version;
        }
        else
        {
            location = DirectoryLocation.Create(organization, now);
            db.DirectoryLocations.Add(location);
        }

        var region = Input.RegionId is int rid ? RegionChoices.FirstOrDefault(r => r.Id == rid) : null;
        try
        {
            location.Update(Input.Name, Input.Type, Input.Description, region, Input.PostalCode, Input.StreetAddress, Input.Url, Input.Transportation,
                Input.Accessibility.Aggregate(AccessibilityFeatures.None, (a, b) => a | b), Input.AccessibilityNotes, Input.IsConfidential, now);
            if (geocode)
            {
                var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, ct);
                var (prefecture, municipality) = region is null ? (null, null) : AddressParts.Of(regions, region.Id);
                var found = await Geocoder.LocateAsync(db, prefecture, municipality, Input.StreetAddress, ct);
                if (found is null)
                {
                    GeocodeMessage = "位置参照情報に、この住所に当たる町丁目が見つかりませんでした。住所を確かめるか、緯度・経度を入力してください(管理者が位置参照情報を取り込んでいない場合もあります)。";
                }
                else
                {
                    location.PlaceAt(found.Latitude, found.Longitude, CoordinateSource.Geocoded, now);
                    GeocodeMessage = $"「{found.MatchedName}」({(found.Level == GeocodeLevel.Block ? "街区" : "町丁目の代表点")})の位置を入れました。";
                }
            }
            else
            {
                var source = location.Latitude == Input.Latitude && location.Longitude == Input.Longitude ? location.CoordinateSource : CoordinateSource.Manual;
                location.PlaceAt(Input.Latitude, Input.Longitude, source, now);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        // A published service at this place shows it: residents and other instances must see the change.
        if (!IsNew || Input.IsConfidential)
        {
            DirectoryStamp.Touch(db);
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "DirectoryLocation", location.Id, detail: geocode ? "geocoded" : null);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "この場所は、あなたが編集している間に他の利用者が更新しました。画面を開き直してから、もう一度入力してください。");
            return Page();
        }

        cache.Invalidate();
        if (geocode)
        {
            TempData["Message"] = GeocodeMessage;
        }
        else
        {
            TempData["Message"] = $"場所「{location.Name}」を保存しました。";
        }

        return Redirect($"/Directory/Location/{location.Id}");
    }

    private async Task LoadChoicesAsync(UserScope scope, CancellationToken ct)
    {
        OrganizationChoices = [.. (await db.Organizations.AsNoTracking().Include(o => o.Region).VisibleTo(scope).OrderBy(o => o.Name).ToListAsync(ct)).Where(scope.CanCurate)];
        RegionChoices = await db.Regions.VisibleTo(scope).Where(r => r.Kind == RegionKind.Municipality || r.Kind == RegionKind.DailyLifeArea).OrderBy(r => r.Path).ToListAsync(ct);
    }

    public sealed class LocationInput
    {
        public Guid? Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "機関")]
        public int OrganizationId { get; set; }

        [Display(Name = "場所の名称")]
        [Required(ErrorMessage = "場所の名称を入力してください。")]
        [StringLength(200, ErrorMessage = "場所の名称は200文字以内にしてください。")]
        public string Name { get; set; } = "";

        [Display(Name = "種類")]
        public LocationType Type { get; set; }

        [Display(Name = "説明")]
        [StringLength(2000, ErrorMessage = "説明は2000文字以内にしてください。")]
        public string? Description { get; set; }

        [Display(Name = "市区町村・日常生活圏域")]
        public int? RegionId { get; set; }

        [Display(Name = "郵便番号")]
        [StringLength(10, ErrorMessage = "郵便番号は「112-0003」のように入力してください。")]
        public string? PostalCode { get; set; }

        [Display(Name = "町名・番地・建物")]
        [StringLength(300, ErrorMessage = "住所は300文字以内にしてください。")]
        public string? StreetAddress { get; set; }

        [Display(Name = "URL(オンラインの場合)")]
        [StringLength(500, ErrorMessage = "URLは500文字以内にしてください。")]
        public string? Url { get; set; }

        [Display(Name = "アクセス")]
        [StringLength(500, ErrorMessage = "アクセスは500文字以内にしてください。")]
        public string? Transportation { get; set; }

        [Display(Name = "緯度")]
        public decimal? Latitude { get; set; }

        [Display(Name = "経度")]
        public decimal? Longitude { get; set; }

        public List<AccessibilityFeatures> Accessibility { get; set; } = [];

        [Display(Name = "バリアフリーの補足")]
        [StringLength(500, ErrorMessage = "バリアフリーの補足は500文字以内にしてください。")]
        public string? AccessibilityNotes { get; set; }

        [Display(Name = "非公開の場所(グループホーム、シェルターなど。住所や名称を住民向けに出しません)")]
        public bool IsConfidential { get; set; }

        public static LocationInput From(DirectoryLocation l) => new()
        {
            Id = l.Id, Version = l.Version, OrganizationId = l.OrganizationId, Name = l.Name, Type = l.Type, Description = l.Description, RegionId = l.RegionId,
            PostalCode = l.PostalCode, StreetAddress = l.StreetAddress, Url = l.Url, Transportation = l.Transportation, Latitude = l.Latitude, Longitude = l.Longitude,
            Accessibility = [.. DirectoryLocation.AccessibilityLabels.Keys.Where(k => l.Accessibility.HasFlag(k))], AccessibilityNotes = l.AccessibilityNotes, IsConfidential = l.IsConfidential,
        };
    }
}
