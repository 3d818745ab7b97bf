using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>A service as staff see it: everything, its history and proposals; the curator publishes, unpublishes and confirms it here.</summary>
public sealed class DetailsModel(NimoDbContext db, AuditLog audit, TimeProvider clock, DirectoryCache cache) : PageModel
{
    public DirectoryService Service { get; private set; } = null!;
    public List<ServiceRevision> History { get; private set; } = [];
    public List<ServiceProposal> Proposals { get; private set; } = [];
    public List<TaxonomyTerm> Terms { get; private set; } = [];
    public Dictionary<int, Nimo.Features.Regions.Region> Regions { get; private set; } = [];
    public bool CanCurate { get; private set; }
    public bool CanPropose { get; private set; }
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (service, refusal) = await this.ServiceAsync(db, id, full: true, ct);
        if (service is null)
        {
            return refusal!;
        }

        var scope = HttpContext.Scope();
        Service = service;
        CanCurate = scope.CanCurate(service.Organization);
        CanPropose = scope.CanPropose(service.OrganizationId);
        Today = JapanTime.Today(clock);
        Terms = await db.TaxonomyTerms.AsNoTracking().Where(t => service.Terms.Select(x => x.TermId).Contains(t.Id)).OrderBy(t => t.TaxonomyId).ThenBy(t => t.SortOrder).ToListAsync(ct);
        Regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Id, ct);
        History = await db.ServiceRevisions.AsNoTracking().Where(r => r.ServiceId == id).OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Take(100).ToListAsync(ct);
        Proposals = await db.ServiceProposals.AsNoTracking().VisibleTo(db, scope).Where(p => p.ServiceId == id).OrderByDescending(p => p.ProposedAt).Take(20).ToListAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) => ActAsync(id, RevisionKind.Published, (s, now) => s.Publish(now), "公開しました。住民向けページと HSDS に載りました。", ct);

    public Task<IActionResult> OnPostUnpublishAsync(Guid id, CancellationToken ct) => ActAsync(id, RevisionKind.Unpublished, (s, now) => s.Unpublish(now), "非公開にしました。住民向けページと HSDS から外れました。", ct);

    public Task<IActionResult> OnPostAssureAsync(Guid id, CancellationToken ct) =>
        ActAsync(id, RevisionKind.Assured, (s, now) => s.Assure(JapanTime.Today(clock), now), $"確認日を{JapaneseDate.Format(JapanTime.Today(clock))}にしました。", ct);

    private async Task<IActionResult> ActAsync(Guid id, RevisionKind kind, Action<DirectoryService, DateTimeOffset> act, string message, CancellationToken ct)
    {
        var (service, refusal) = await this.ServiceAsync(db, id, full: false, ct);
        if (service is null)
        {
            return refusal!;
        }

        if (!HttpContext.Scope().CanCurate(service.Organization))
        {
            return Forbid();
        }

        var now = clock.GetUtcNow();
        var before = (service.IsPublished, service.AssuredDate);
        try
        {
            act(service, now);
        }
        catch (DomainRuleException e)
        {
            TempData["Message"] = e.Message;
            return Redirect($"/Directory/Details/{id}");
        }

        var changes = kind == RevisionKind.Assured
            ? new List<FieldChange> { new("確認日", before.AssuredDate is DateOnly d ? JapaneseDate.Format(d) : null, JapaneseDate.Format(service.AssuredDate!.Value)) }
            : [new FieldChange("公開", before.IsPublished ? "公開" : "非公開", service.IsPublished ? "公開" : "非公開")];
        db.ServiceRevisions.Add(ServiceRevision.Record(service, kind, changes, HttpContext.Scope().UserName, now));
        if (service.IsPublished || before.IsPublished)
        {
            DirectoryStamp.Touch(db);
        }

        audit.Add(kind switch { RevisionKind.Published => "Publish", RevisionKind.Unpublished => "Unpublish", _ => "Assure" }, "DirectoryService", service.Id);
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        TempData["Message"] = message;
        return Redirect($"/Directory/Details/{id}");
    }
}
