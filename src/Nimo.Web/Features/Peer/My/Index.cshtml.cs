using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Peer.My;

/// <summary>
/// The peer supporter's own page (ADR 0015, 0016): offers waiting for an answer, the schedule of accepted activities with
/// the personal calendar feed, and the activities done with their reports and pay. Only their own records: every query
/// starts from the supporter linked to the signed-in account.
/// </summary>
public sealed class IndexModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public PeerSupporter? Me { get; private set; }
    public List<PeerDispatch> Offers { get; private set; } = [];
    public List<PeerDispatch> Schedule { get; private set; } = [];
    public List<PeerDispatch> Done { get; private set; } = [];
    public string? NewFeedUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Me = await PeerAccess.MineAsync(db, HttpContext.Scope(), ct);
        if (Me is null)
        {
            return Page();
        }

        var now = clock.GetUtcNow();
        var mine = await db.PeerDispatches.AsNoTracking().VisibleTo(HttpContext.Scope()).Include(d => d.Request).ThenInclude(r => r.Region)
            .Include(d => d.Request).ThenInclude(r => r.Topics).ThenInclude(t => t.Category)
            .OrderBy(d => d.StartsAt).AsSplitQuery().ToListAsync(ct);
        Offers = [.. mine.Where(d => d.State == DispatchState.Offered && d.EndsAt > now)];
        Schedule = [.. mine.Where(d => d.State == DispatchState.Accepted && d.Request.Status != RequestStatus.Held)];
        Done = [.. mine.Where(d => d.Request.Status == RequestStatus.Held && d.State == DispatchState.Accepted).OrderByDescending(d => d.StartsAt).Take(50)];
        NewFeedUrl = TempData["FeedUrl"] as string;
        await audit.StoreReadAsync("PeerDispatch", Me.Id, $"自分の打診・予定・報告を表示({mine.Count}件)", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(int dispatchId, bool accept, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var me = await PeerAccess.MineAsync(db, scope, ct);
        var requestId = me is null ? null
            : await db.PeerDispatches.Where(d => d.Id == dispatchId && d.SupporterId == me.Id).Select(d => (int?)d.RequestId).SingleOrDefaultAsync(ct);
        if (requestId is null)
        {
            return NotFound();
        }

        var loaded = await db.PeerRequests.WithAll().SingleAsync(r => r.Id == requestId, ct);
        var dispatch = loaded.Dispatches.Single(d => d.Id == dispatchId);
        var request = dispatch.Request;
        var bookings = await PeerPages.BookingsAsync(db, dispatch.SupporterId, request.StartsAt, request.EndsAt, ct);
        return await this.CommitAsync(db,
            () => request.Answer(dispatch, accept, AnswerChannel.Nimo, request.Programme.RequiredTraining(request.Activity), bookings, clock.GetUtcNow(), scope.UserName),
            () => audit.Add(AuditActions.Answer, "PeerRequest", request.Id, detail: $"本人がNimoで回答: {(accept ? "承諾" : "辞退")}"),
            () => accept ? $"{request.ActivityLabel}({request.When})を承諾しました。予定に入りました。" : $"{request.ActivityLabel}({request.When})を辞退しました。",
            "/Peer/My", ct);
    }

    /// <summary>A new personal calendar URL (the old one stops working); shown once, since only its hash is kept.</summary>
    public async Task<IActionResult> OnPostFeedAsync(bool revoke, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        var me = await PeerAccess.MineAsync(db, scope, ct);
        if (me is null)
        {
            return NotFound();
        }

        string? token = null;
        var result = await this.CommitAsync(db, () =>
            {
                if (revoke)
                {
                    me.RevokeFeed();
                }
                else
                {
                    token = me.IssueFeedToken(clock.GetUtcNow());
                }
            },
            () => audit.Add(AuditActions.Update, "PeerFeed", me.Id, detail: revoke ? "個人カレンダーのURLを無効にした" : "個人カレンダーのURLを発行"),
            () => revoke ? "個人カレンダーのURLを無効にしました。カレンダーアプリからは読めなくなります。" : "個人カレンダーのURLを発行しました。前のURLは使えなくなりました。",
            "/Peer/My", ct);
        if (token is not null)
        {
            TempData["FeedUrl"] = $"{Request.Scheme}://{Request.Host}/peer/feed/{token}.ics";
        }

        return result;
    }
}
