using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Surveys;

/// <summary>
/// Who may do what with a survey (README "Surveys"):
/// <list type="bullet">
/// <item>the secretariat runs it: staff of the owning organisation in an editing role, or the forum's 事務局; they read every
/// answer as ordinary staff work (no read audit), and every change to an answer is audited;</item>
/// <item>an organisation asked to answer sees the survey and only its own answer (its staff in Nimo, or the code holder);</item>
/// <item>members of the forum see what the secretariat shared (snapshots), never the answers;</item>
/// <item>都道府県担当 whose area covers the survey's region see the roll-up by 市町村・圏域・県, not the organisations' rows.</item>
/// </list>
/// </summary>
public static class SurveyAccess
{
    private static bool IsSecretariatRole(string role) => role is Roles.MunicipalStaff or Roles.PrefectureStaff or Roles.ForumSecretariat;

    public static IQueryable<Survey> VisibleTo(this IQueryable<Survey> surveys, UserScope scope)
    {
        if (scope.IsAdmin)
        {
            return surveys;
        }

        var org = scope.OrganizationId;
        var userId = scope.UserId;
        var root = scope.RegionPath;
        var prefecture = scope.Role == Roles.PrefectureStaff && root.Length > 0;
        return org <= 0 ? surveys.Where(_ => false) : surveys.Where(s => s.OwnerOrganizationId == org
            || (s.Forum != null && s.Forum.Members.Any(m => m.UserId == userId || m.OrganizationId == org))
            || (s.SentAt != null && s.Recipients.Any(r => r.OrganizationId == org))
            || (prefecture && s.Region.Path.StartsWith(root)));
    }

    /// <summary>Runs the survey. The survey's forum must be loaded with its members.</summary>
    public static bool CanManage(this UserScope scope, Survey survey) =>
        scope.IsAdmin
        || (IsSecretariatRole(scope.Role) && scope.OrganizationId > 0 && scope.OrganizationId == survey.OwnerOrganizationId)
        || (survey.Forum is { } f && scope.IsSecretariat(f));

    /// <summary>Reads the roll-up: those who run it, and 都道府県担当 over its region.</summary>
    public static bool CanReadRollUp(this UserScope scope, Survey survey) =>
        scope.CanManage(survey) || (scope.Role == Roles.PrefectureStaff && scope.Covers(survey.Region.Path));

    /// <summary>Reads the shared material: those who run it, the forum's members, and whoever sees the forum.</summary>
    public static bool CanReadShared(this UserScope scope, Survey survey) =>
        scope.CanManage(survey) || (survey.Forum is { } f && (scope.CanReadRestricted(f) || scope.CanRead(f.Region.Path)));

    /// <summary>Answers for its organisation: any staff of the organisation asked (not read-only accounts).</summary>
    public static bool AnswersFor(this UserScope scope, SurveyRecipient recipient) =>
        scope.OrganizationId > 0 && scope.OrganizationId == recipient.OrganizationId && scope.Role is not (Roles.ReadOnly or Roles.Admin);

    /// <summary>The survey with everything a page draws (categories, sections, questions, choices, forum and members, owner, region), untracked unless asked.</summary>
    public static IQueryable<Survey> Whole(this IQueryable<Survey> surveys) =>
        surveys.Include(s => s.Categories).Include(s => s.Sections).ThenInclude(x => x.Questions).ThenInclude(q => q.Choices)
            .Include(s => s.Forum).ThenInclude(f => f!.Members).Include(s => s.Forum).ThenInclude(f => f!.Region)
            .Include(s => s.OwnerOrganization).Include(s => s.Region).AsSplitQuery();

    /// <summary>The survey a secretariat page works on; or 404 when it is not visible, 403 when the user does not run it.</summary>
    public static async Task<(Survey? Survey, IActionResult? Refusal)> SurveyToManageAsync(this PageModel page, NimoDbContext db, int id, bool tracked, CancellationToken ct)
    {
        var scope = page.HttpContext.Scope();
        var query = db.Surveys.VisibleTo(scope).Whole();
        var survey = await (tracked ? query : query.AsNoTracking()).SingleOrDefaultAsync(s => s.Id == id, ct);
        return survey is null ? (null, page.NotFound()) : scope.CanManage(survey) ? (survey, null) : (null, page.Forbid());
    }
}
