using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>The surveys the user runs, is asked to answer, or may read the shared results or roll-up of.</summary>
public sealed class IndexModel(NimoDbContext db, TimeProvider clock) : PageModel
{
    public sealed record Row(Survey Survey, int Asked, int Answered, bool Manages, int? OwnRecipientId, bool OwnAnswered, int Snapshots);

    public List<Row> Rows { get; private set; } = [];
    public bool CanCreate { get; private set; }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Now = clock.GetUtcNow();
        CanCreate = scope.OrganizationId > 0 && scope.Role is Roles.MunicipalStaff or Roles.PrefectureStaff or Roles.ForumSecretariat;
        var org = scope.OrganizationId;
        var surveys = await db.Surveys.AsNoTracking().VisibleTo(scope)
            .Include(s => s.Forum).ThenInclude(f => f!.Members).Include(s => s.Forum).ThenInclude(f => f!.Region)
            .Include(s => s.OwnerOrganization).Include(s => s.Region)
            .OrderByDescending(s => s.OpensOn).ThenByDescending(s => s.Id).Take(200).AsSplitQuery().ToListAsync(ct);
        var ids = surveys.Select(s => s.Id).ToList();
        var counts = await db.SurveyRecipients.AsNoTracking().Where(r => ids.Contains(r.SurveyId))
            .GroupBy(r => r.SurveyId).Select(g => new { g.Key, Asked = g.Count(), Answered = g.Count(r => r.AnsweredAt != null) })
            .ToDictionaryAsync(g => g.Key, ct);
        var own = await db.SurveyRecipients.AsNoTracking().Where(r => ids.Contains(r.SurveyId) && r.OrganizationId == org)
            .Select(r => new { r.SurveyId, r.Id, r.AnsweredAt }).ToDictionaryAsync(r => r.SurveyId, ct);
        var snapshots = await db.SurveySnapshots.AsNoTracking().Where(s => ids.Contains(s.SurveyId)).GroupBy(s => s.SurveyId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        Rows = [.. surveys.Select(s =>
        {
            var c = counts.GetValueOrDefault(s.Id);
            var mine = own.GetValueOrDefault(s.Id);
            return new Row(s, c?.Asked ?? 0, c?.Answered ?? 0, scope.CanManage(s), s.IsSent ? mine?.Id : null, mine?.AnsweredAt is not null, snapshots.GetValueOrDefault(s.Id));
        })];
    }
}
