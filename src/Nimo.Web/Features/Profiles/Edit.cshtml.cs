using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Profiles;

/// <summary>
/// Enter or correct one year's figures by hand. Unreadable cells are refused; figures that contradict each other
/// are shown with the reason and saved only when the user says why (the reason is kept with the profile).
/// </summary>
public sealed class EditModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public Region Region { get; private set; } = null!;
    public bool IsNew { get; private set; }
    public IReadOnlyList<Region> AreaChoices { get; private set; } = [];
    /// <summary>Under each figure, the value of the year before, or of the latest earlier year that has one, saying which.</summary>
    public IReadOnlyDictionary<FigureKey, string> PreviousHints { get; private set; } = new Dictionary<FigureKey, string>();
    /// <summary>What the hints under the figures are, in a sentence or two; null when no earlier year has figures.</summary>
    public string? PreviousNote { get; private set; }
    public IReadOnlyList<ConsistencyFinding> Findings { get; private set; } = [];
    public ProfileComputation? Preview { get; private set; }
    public string? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? year, CancellationToken ct)
    {
        var denied = await LoadRegionAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (year is int requested && !FiscalYear.IsSupported(requested))
        {
            return NotFound();
        }

        var profile = year is int y
            ? await db.RegionProfiles.AsNoTracking().Include(p => p.Figures).SingleOrDefaultAsync(p => p.RegionId == id && p.FiscalYear == y, ct)
            : null;
        IsNew = profile is null;
        Input = profile is null
            ? ProfileInput.Empty(year ?? Platform.Japanese.FiscalYear.Of(clock.GetUtcNow()).StartYear)
            : ProfileInput.From(profile);
        await LoadPreviousAsync(Input.FiscalYear, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var denied = await LoadRegionAsync(id, ct);
        if (denied is not null)
        {
            return denied;
        }

        IsNew = Input.ProfileId == 0;
        var parsed = Parse();
        if (!FiscalYear.IsSupported(Input.FiscalYear))
        {
            // The page cannot even be drawn for such a year; start again from this year's.
            Input.FiscalYear = Platform.Japanese.FiscalYear.Of(clock.GetUtcNow()).StartYear;
        }

        await LoadPreviousAsync(Input.FiscalYear, ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var today = JapanTime.Today(clock);
        Preview = ProfileCalculator.Compute(parsed.ToDictionary(p => p.Key, p => (p.Value, p.AsOf)), today);
        Findings = Preview.Findings;
        if (Findings.Count > 0 && string.IsNullOrWhiteSpace(Input.Reason))
        {
            ModelState.AddModelError("Input.Reason", "整合性の確認で問題が見つかりました。直すか、このまま保存する理由を入力してください。");
            return Page();
        }

        RegionProfile profile;
        if (IsNew)
        {
            if (await db.RegionProfiles.AnyAsync(p => p.RegionId == id && p.FiscalYear == Input.FiscalYear, ct))
            {
                ModelState.AddModelError("Input.FiscalYear", $"{new FiscalYear(Input.FiscalYear).ToWareki()}の基礎情報は登録済みです。一覧からその年度を開いて編集してください。");
                return Page();
            }

            profile = RegionProfile.Create(Region, Input.FiscalYear);
            db.Attach(Region);
            db.RegionProfiles.Add(profile);
        }
        else
        {
            var found = await db.RegionProfiles.Include(p => p.Figures)
                .SingleOrDefaultAsync(p => p.Id == Input.ProfileId && p.RegionId == id && p.FiscalYear == Input.FiscalYear, ct);
            if (found is null)
            {
                return NotFound();
            }

            profile = found;
            db.Entry(profile).Property(p => p.Version).OriginalValue = Input.Version;
        }

        var areas = AreaChoices.ToDictionary(a => a.Id);
        try
        {
            foreach (var figure in parsed)
            {
                var area = figure.AreaRegionId is int a && areas.TryGetValue(a, out var r) ? r : null;
                if (area is not null && db.Entry(area).State == EntityState.Detached)
                {
                    db.Attach(area);
                }

                profile.SetFigure(figure.Key, figure.Value, figure.AsOf, figure.Source, area);
            }

            profile.SetActivities(Input.Activities);
            profile.Stamp(Findings, Input.Reason, HttpContext.Scope().UserName, clock.GetUtcNow());
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "RegionProfile", IsNew ? null : profile.Id,
            detail: $"{Region.Name} {new FiscalYear(Input.FiscalYear).ToWareki()}" + (Findings.Count > 0 ? $" 不整合{Findings.Count}件(理由あり)" : ""));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsNew && e is not DbUpdateConcurrencyException)
        {
            // Someone registered the same region and year a moment ago (the unique index says so).
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.FiscalYear", $"{new FiscalYear(Input.FiscalYear).ToWareki()}の基礎情報は、たった今ほかの利用者が登録しました。一覧からその年度を開いて編集してください。");
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.RegionProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.Id == Input.ProfileId, ct);
            Conflict = current is null
                ? "この年度の基礎情報は他の利用者によって削除されました。"
                : $"あなたが編集している間に {current.UpdatedBy} さんがこの年度の基礎情報を更新しました。あなたの入力は下に残っています。別の画面で最新の内容を確かめてから、もう一度「保存」を押すと上書きします。";
            if (current is not null)
            {
                Input.Version = current.Version;
                ModelState.Remove("Input.Version");
            }

            return Page();
        }

        TempData["Message"] = $"{Region.Name}の{new FiscalYear(Input.FiscalYear).ToWareki()}の基礎情報を保存しました。";
        return Redirect($"/Profiles/Region/{id}?year={Input.FiscalYear}");
    }

    private async Task<IActionResult?> LoadRegionAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var region = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (region is null)
        {
            return NotFound();
        }

        if (!scope.CanEditProfile(region))
        {
            return Forbid();
        }

        Region = region;
        // The area a figure describes when it is not the region's own: a wider one holding it (川口's 退院率 is 埼玉県's, a
        // town's may be its 保健所圏域's) or one within it; never a neighbour's, which the user may read but has no say in.
        // The same list checks a post, so a region outside it is refused.
        var containing = UserScope.AncestorsOf(region.Path);
        AreaChoices = await db.Regions.AsNoTracking().StatisticsVisibleTo(scope)
            .Where(r => r.Kind != RegionKind.DailyLifeArea && r.Id != id && (containing.Contains(r.Path) || r.Path.StartsWith(region.Path)))
            .OrderBy(r => r.Path).ToListAsync(ct);
        return null;
    }

    /// <summary>
    /// 「前年度」 is the year before the form's, never just the latest earlier one: an R8 form after a gap shows R5's
    /// values as R5's, and a figure left empty last year shows the older value with its year.
    /// </summary>
    private async Task LoadPreviousAsync(int year, CancellationToken ct)
    {
        var earlier = await db.RegionProfiles.AsNoTracking().Include(p => p.Figures)
            .Where(p => p.RegionId == Region.Id && p.FiscalYear < year).OrderByDescending(p => p.FiscalYear).ToListAsync(ct);
        var last = new FiscalYear(year - 1);
        var hasLastYear = earlier.Count > 0 && earlier[0].FiscalYear == year - 1;
        var hints = new Dictionary<FigureKey, string>();
        foreach (var d in Profiles.Figures.All)
        {
            var found = earlier.Select(p => (p.Year, Figure: p.Figure(d.Key))).FirstOrDefault(x => x.Figure?.Value is not null);
            if (found.Figure is null)
            {
                continue;
            }

            var value = FigureValues.Format(d, found.Figure.Value);
            hints[d.Key] = found.Year.StartYear == year - 1 ? $"前年度 {value}"
                : hasLastYear ? $"前年度は未入力({found.Year.ToShortWareki()} {value})"
                : $"{found.Year.ToShortWareki()} {value}";
        }

        PreviousHints = hints;
        PreviousNote = earlier.Count == 0 ? null
            : hasLastYear ? $"各欄の下に前年度({last.ToShortWareki()})の値を表示しています。前年度が未入力の欄には、それより前の年度の値を年度付きで表示しています。"
            : $"前年度({last.ToWareki()})の基礎情報は登録されていません。各欄の下に、それより前の年度で最も新しい値を年度付きで表示しています。";
    }

    private List<ParsedFigure> Parse()
    {
        var result = new List<ParsedFigure>();
        if (!FiscalYear.IsSupported(Input.FiscalYear))
        {
            ModelState.AddModelError("Input.FiscalYear", "年度が正しくありません。");
        }

        var seen = new HashSet<FigureKey>();
        for (var i = 0; i < Input.Figures.Count; i++)
        {
            var row = Input.Figures[i];
            // Unknown or repeated rows can only come from a hand-made form; the first of each is used.
            if (!Enum.IsDefined(row.Key) || !seen.Add(row.Key))
            {
                continue;
            }

            var definition = Figures.Of(row.Key);
            if (!FigureValues.TryParse(definition, row.Value, out var value, out var error))
            {
                ModelState.AddModelError($"Input.Figures[{i}].Value", $"{definition.FullLabel}: {error}");
            }

            if (!JapaneseDate.TryParse(row.AsOf, out var asOf))
            {
                ModelState.AddModelError($"Input.Figures[{i}].AsOf", $"{definition.FullLabel}の時点「{row.AsOf}」は読めません。「R5年4月」「令和5年4月」「2023年4月」「R4年度」のように入力してください。");
            }

            if (row.AreaRegionId is int area && AreaChoices.All(a => a.Id != area))
            {
                ModelState.AddModelError($"Input.Figures[{i}].AreaRegionId", $"{definition.FullLabel}の対象地域を選び直してください。");
            }

            result.Add(new ParsedFigure(row.Key, value, asOf, row.Source, row.AreaRegionId));
        }

        return result;
    }

    private sealed record ParsedFigure(FigureKey Key, decimal? Value, WarekiValue AsOf, string? Source, int? AreaRegionId);

    public sealed class ProfileInput
    {
        public int ProfileId { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "年度")]
        public int FiscalYear { get; set; }

        [Display(Name = "取組内容")]
        [StringLength(4000)]
        public string? Activities { get; set; }

        [Display(Name = "整合性の問題があるまま保存する理由")]
        [StringLength(1000)]
        public string? Reason { get; set; }

        public List<FigureInput> Figures { get; set; } = [];

        public static ProfileInput Empty(int year) => new()
        {
            FiscalYear = year,
            Figures = [.. Profiles.Figures.All.Select(d => new FigureInput { Key = d.Key })],
        };

        public static ProfileInput From(RegionProfile profile) => new()
        {
            ProfileId = profile.Id,
            Version = profile.Version,
            FiscalYear = profile.FiscalYear,
            Activities = profile.Activities,
            Reason = profile.InconsistencyReason,
            Figures = [.. Profiles.Figures.All.Select(d => profile.Figure(d.Key) is { } f
                ? new FigureInput
                {
                    Key = d.Key,
                    Value = FigureValues.ForFile(d, f.Value),
                    AsOf = f.AsOf.IsKnown ? f.AsOf.ToString() : null,
                    Source = f.Source,
                    AreaRegionId = f.AreaRegionId,
                }
                : new FigureInput { Key = d.Key })],
        };
    }

    public sealed class FigureInput
    {
        public FigureKey Key { get; set; }
        [StringLength(40)]
        public string? Value { get; set; }
        [StringLength(40)]
        public string? AsOf { get; set; }
        [StringLength(200)]
        public string? Source { get; set; }
        public int? AreaRegionId { get; set; }
    }
}
