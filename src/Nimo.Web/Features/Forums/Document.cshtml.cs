using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Forums;

/// <summary>Serves a meeting document as a download, never inline, to those who may read the meeting's minutes.</summary>
public sealed class DocumentModel(NimoDbContext db, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var document = await db.MeetingDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return NotFound();
        }

        var visible = db.Forums.VisibleTo(scope).Select(f => f.Id);
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Forum).ThenInclude(f => f.Members)
            .Where(m => visible.Contains(m.ForumId)).SingleOrDefaultAsync(m => m.Id == document.MeetingId, ct);
        if (meeting is null)
        {
            return NotFound();
        }

        if (!scope.CanReadMinutes(meeting))
        {
            return Forbid();
        }

        await audit.WriteAsync(AuditActions.Download, "MeetingDocument", document.Id, detail: document.FileName, ct: ct);
        return File(document.Content, document.ContentType, document.FileName);
    }
}
