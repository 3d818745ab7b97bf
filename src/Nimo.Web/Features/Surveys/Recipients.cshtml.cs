using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>
/// The organisations asked to answer: found by a forum's membership, by kind or by region, or by name, members or not
/// (倉敷 surveyed non-members); then the survey is sent.
/// </summary>
public sealed class RecipientsModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    public Survey Survey { get; private set; } = null!;
    public List<SurveyRecipient> Current { get; private set; } = [];
    public List<Organization> Candidates { get; private set; } = [];
    public List<Forum> Forums { get; private set; } = [];
    public List<Region> Regions { get; private set; } = [];
    public bool Searched { get; private set; }

    [FromQuery] public int? ForumId { get; set; }
    [FromQuery] public OrganizationKind? Kind { get; set; }
    [FromQuery] public int? RegionId { get; set; }
    [FromQuery] public string? Q { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        Survey = survey!;
        var scope = HttpContext.Scope();
        Current = await db.SurveyRecipients.AsNoTracking().Where(r => r.SurveyId == id).Include(r => r.Organization).ThenInclude(o => o.Region)
            .OrderBy(r => r.Organization.Kana).ToListAsync(ct);
        Forums = await db.Forums.AsNoTracking().VisibleTo(scope).Include(f => f.Region).OrderBy(f => f.Region.Path).ThenBy(f => f.Name).Take(300).ToListAsync(ct);
        var regionPath = survey!.Region.Path;
        var top = UserScope.AncestorsOf(regionPath) is { Count: > 0 } up ? up[0] : regionPath;
        Regions = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(top) && r.Kind != RegionKind.DailyLifeArea).OrderBy(r => r.Path).Take(500).ToListAsync(ct);
        Searched = ForumId is not null || Kind is not null || RegionId is not null || !string.IsNullOrWhiteSpace(Q);
        if (Searched)
        {
            var orgs = db.Organizations.AsNoTracking().Include(o => o.Region).Where(o => o.IsActive);
            if (ForumId is int fid)
            {
                orgs = orgs.Where(o => db.ForumMembers.Any(m => m.ForumId == fid && m.OrganizationId == o.Id));
            }

            if (Kind is OrganizationKind k)
            {
                orgs = orgs.Where(o => o.Kind == k);
            }

            if (RegionId is int rid && await db.Regions.AsNoTracking().Where(r => r.Id == rid).Select(r => r.Path).SingleOrDefaultAsync(ct) is { } path)
            {
                orgs = orgs.Where(o => o.Region.Path.StartsWith(path));
            }

            if (!string.IsNullOrWhiteSpace(Q))
            {
                var key = TextNormalizer.SearchKey(Q);
                orgs = orgs.Where(o => o.SearchKey.Contains(key));
            }

            var taken = Current.Select(r => r.OrganizationId).ToList();
            Candidates = await orgs.Where(o => !taken.Contains(o.Id)).OrderBy(o => o.Kana).ThenBy(o => o.Name).Take(300).ToListAsync(ct);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAddAsync(int id, List<int> organizationIds, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (survey!.IsClosed(clock.GetUtcNow()))
        {
            TempData[PageWrites.ErrorKey] = "締め切った調査には回答を依頼する機関を追加できません。";
            return Redirect($"/Surveys/Recipients/{id}");
        }

        var taken = await db.SurveyRecipients.Where(r => r.SurveyId == id).Select(r => r.OrganizationId).ToListAsync(ct);
        var orgs = await db.Organizations.Where(o => organizationIds.Contains(o.Id) && !taken.Contains(o.Id)).ToListAsync(ct);
        if (orgs.Count == 0)
        {
            TempData[PageWrites.ErrorKey] = "追加する機関を1つ以上選んでください。";
            return Redirect($"/Surveys/Recipients/{id}");
        }

        db.SurveyRecipients.AddRange(orgs.Select(o => SurveyRecipient.For(survey, o)));
        audit.Add(AuditActions.Update, "Survey", id, detail: $"回答を依頼する機関を{orgs.Count}件追加");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = $"{orgs.Count}機関を追加しました。";
        return Redirect($"/Surveys/Recipients/{id}");
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, int recipientId, CancellationToken ct)
    {
        var (_, refusal) = await this.SurveyToManageAsync(db, id, tracked: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var r = await db.SurveyRecipients.Include(x => x.Organization).SingleOrDefaultAsync(x => x.Id == recipientId && x.SurveyId == id, ct);
        if (r is null)
        {
            return NotFound();
        }

        if (r.HasAnswered)
        {
            TempData[PageWrites.ErrorKey] = $"{r.Organization.Name}はすでに回答しているため、依頼先から外せません。";
            return Redirect($"/Surveys/Recipients/{id}");
        }

        db.SurveyRecipients.Remove(r);
        audit.Add(AuditActions.Update, "Survey", id, detail: $"依頼先から{r.Organization.Name}を外した");
        await db.SaveChangesAsync(ct);
        TempData[PageWrites.MessageKey] = $"依頼先から「{r.Organization.Name}」を外しました。";
        return Redirect($"/Surveys/Recipients/{id}");
    }

    public async Task<IActionResult> OnPostSendAsync(int id, CancellationToken ct)
    {
        var (survey, refusal) = await this.SurveyToManageAsync(db, id, tracked: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var count = await db.SurveyRecipients.CountAsync(r => r.SurveyId == id, ct);
        return await this.CommitAsync(db, () => survey!.Send(clock.GetUtcNow(), count), () => audit.Add(AuditActions.Update, "Survey", id, detail: $"{count}機関に送付"),
            () => $"{count}機関に送付しました。Nimoを使っていない機関には、回答コードを記した依頼状を印刷して送ってください。", $"/Surveys/Recipients/{id}", ct,
            thenTo: $"/Surveys/Details/{id}");
    }
}
