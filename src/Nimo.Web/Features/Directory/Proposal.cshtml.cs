using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Directory;

/// <summary>One proposal: what would change, field by field; the curator approves (and it is published at once) or sends it back.</summary>
public sealed class ProposalModel(NimoDbContext db, AuditLog audit, TimeProvider clock, DirectoryCache cache) : PageModel
{
    public ServiceProposal Proposal { get; private set; } = null!;
    public Organization Organization { get; private set; } = null!;
    public IReadOnlyList<FieldChange> Changes { get; private set; } = [];
    public bool CanReview { get; private set; }
    public bool CanWithdraw { get; private set; }

    [BindProperty]
    [Display(Name = "コメント(差し戻すときは理由)")]
    [StringLength(1000, ErrorMessage = "コメントは1000文字以内にしてください。")]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadAsync(id, ct) ?? Page();

    public Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct) => DecideAsync(id, approve: true, ct);

    public Task<IActionResult> OnPostRejectAsync(int id, CancellationToken ct) => DecideAsync(id, approve: false, ct);

    public async Task<IActionResult> OnPostWithdrawAsync(int id, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!CanWithdraw)
        {
            return Forbid();
        }

        try
        {
            Proposal.Withdraw(HttpContext.Scope().UserName, clock.GetUtcNow());
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        audit.Add("Withdraw", "ServiceProposal", Proposal.Id);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = "提案を取り下げました。";
        return Redirect($"/Directory/Proposal/{id}");
    }

    private async Task<IActionResult> DecideAsync(int id, bool approve, CancellationToken ct)
    {
        var refusal = await LoadAsync(id, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!CanReview)
        {
            return Forbid();
        }

        var scope = HttpContext.Scope();
        var now = clock.GetUtcNow();
        var content = Proposal.Content;
        try
        {
            if (approve)
            {
                var service = Proposal.ServiceId is Guid sid
                    ? await db.DirectoryServices.Include(s => s.Organization).Include(s => s.Phones).Include(s => s.Schedules).Include(s => s.Areas).Include(s => s.Terms)
                        .Include(s => s.Locations).Include(s => s.Documents).Include(s => s.Languages).AsSplitQuery().SingleAsync(s => s.Id == sid, ct)
                    : DirectoryService.Create(Organization, now);
                var isNew = Proposal.ServiceId is null;
                if (isNew)
                {
                    db.DirectoryServices.Add(service);
                    Proposal.AttachTo(service);
                }

                var terms = await db.TaxonomyTerms.Where(t => content.TermIds.Contains(t.Id)).ToListAsync(ct);
                var areas = await db.Regions.Where(r => content.AreaRegionIds.Contains(r.Id)).ToListAsync(ct);
                var locations = await db.DirectoryLocations.Where(l => content.LocationIds.Contains(l.Id) || l.OrganizationId == service.OrganizationId).ToListAsync(ct);
                var changes = service.Apply(content, terms, areas, locations, now);
                Proposal.Approve(scope.UserName, Note, now);
                service.Assure(Nimo.Platform.Japanese.JapanTime.Today(clock), now);
                if (!service.IsPublished)
                {
                    service.Publish(now);
                }

                db.ServiceRevisions.Add(ServiceRevision.Record(service, RevisionKind.ProposalApproved, changes, $"{scope.UserName}(提案: {Proposal.ProposedBy})", now, Proposal.Id));
                DirectoryStamp.Touch(db);
                audit.Add("ApproveProposal", "ServiceProposal", Proposal.Id, detail: $"service {service.Id}: {string.Join(",", changes.Select(c => c.Field))}");
            }
            else
            {
                Proposal.Reject(scope.UserName, Note, now);
                audit.Add("RejectProposal", "ServiceProposal", Proposal.Id);
            }
        }
        catch (DomainRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData["Message"] = "この提案かサービスは、同時に他の利用者が処理しました。最新の状態を確かめてください。";
            return Redirect($"/Directory/Proposal/{id}");
        }

        cache.Invalidate();
        TempData["Message"] = approve ? "提案を承認し、公開しました。" : "提案を差し戻しました。";
        return Redirect($"/Directory/Proposal/{id}");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var proposal = await db.ServiceProposals.VisibleTo(db, scope).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (proposal is null)
        {
            return NotFound();
        }

        Proposal = proposal;
        Organization = await db.Organizations.Include(o => o.Region).SingleAsync(o => o.Id == proposal.OrganizationId, ct);
        CanReview = proposal.Status == ProposalStatus.Pending && scope.CanCurate(Organization);
        CanWithdraw = proposal.Status == ProposalStatus.Pending && scope.OrganizationId == proposal.OrganizationId && !CanReview;
        var content = proposal.Content;
        var current = proposal.ServiceId is Guid sid
            ? await db.DirectoryServices.AsNoTracking().Include(s => s.Phones).Include(s => s.Schedules).Include(s => s.Areas).Include(s => s.Terms)
                .Include(s => s.Locations).Include(s => s.Documents).Include(s => s.Languages).AsSplitQuery().SingleOrDefaultAsync(s => s.Id == sid, ct)
            : null;
        var before = current?.Content();
        var termIds = content.TermIds.Concat(before?.TermIds ?? []).ToList();
        var regionIds = content.AreaRegionIds.Concat(before?.AreaRegionIds ?? []).ToList();
        var locationIds = content.LocationIds.Concat(before?.LocationIds ?? []).ToList();
        Changes = ServiceContent.Diff(proposal.Status == ProposalStatus.Approved ? null : before, content,
            await db.TaxonomyTerms.AsNoTracking().Where(t => termIds.Contains(t.Id)).ToListAsync(ct),
            await db.Regions.AsNoTracking().Where(r => regionIds.Contains(r.Id)).ToListAsync(ct),
            await db.DirectoryLocations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToListAsync(ct));
        return null;
    }
}
