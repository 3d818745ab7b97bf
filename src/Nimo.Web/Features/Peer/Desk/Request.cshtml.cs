using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Peer.Desk;

/// <summary>
/// One request: its form (new or changed), the candidates (registered for the 年度, covering the place, trained for the
/// activity, not booked at that time; 要更新 listed apart), the offers and their answers (in Nimo, or by phone recorded
/// here), cancellation and no-show, closing, and the report with each supporter's time and pay.
/// </summary>
public sealed class RequestModel(NimoDbContext db, AuditLog audit, TimeProvider clock) : PageModel
{
    public sealed class RequestInput
    {
        public int ProgrammeId { get; set; }
        [Display(Name = "活動の種類")] public ActivityType Activity { get; set; }
        [Display(Name = "依頼元の種別")] public RequesterKind RequesterKind { get; set; }
        [Display(Name = "依頼者(機関・部署)")] public string? Requester { get; set; }
        [Display(Name = "活動場所の地域")] public int RegionId { get; set; }
        [Display(Name = "場所")] public string? Place { get; set; }
        [Display(Name = "日付")] public DateOnly? Date { get; set; }
        [Display(Name = "開始時刻")] public TimeOnly? From { get; set; }
        [Display(Name = "終了時刻")] public TimeOnly? To { get; set; }
        [Display(Name = "目的・内容")] public string? Purpose { get; set; }
        [Display(Name = "必要な人数")] public int SupportersNeeded { get; set; } = 1;
        [Display(Name = "入院の形態(入院者訪問)")] public int? AdmissionCategoryId { get; set; }
        public Guid Version { get; set; }
    }

    public sealed class ReportInput
    {
        [Display(Name = "実施内容")] public string? Summary { get; set; }
        [Display(Name = "参加者数")] public int? Participants { get; set; }
        [Display(Name = "訪問の結果")] public VisitOutcome? Outcome { get; set; }
        public List<int> TopicIds { get; set; } = [];
        public List<DispatchTimeInput> Times { get; set; } = [];
    }

    public sealed class DispatchTimeInput
    {
        public int DispatchId { get; set; }
        public int? Minutes { get; set; }
        public int? TravelYen { get; set; }
    }

    public sealed record Candidate(PeerSupporter Supporter, string? Why, bool NeedsRenewal, string? Booked);

    [BindProperty] public RequestInput Input { get; set; } = new();
    [BindProperty] public ReportInput Report { get; set; } = new();

    public PeerRequest? Current { get; private set; }
    public PeerProgramme Programme { get; private set; } = null!;
    public List<(Regions.Region Region, int Depth)> Regions { get; private set; } = [];
    public List<PeerCategory> Admissions { get; private set; } = [];
    public List<PeerCategory> Topics { get; private set; } = [];
    public List<Candidate> Candidates { get; private set; } = [];
    public PeerRate? Rate { get; private set; }
    public bool Editing { get; private set; }
    public bool IsNew => Current is null;
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(int? id, int? programmeId, bool edit, CancellationToken ct)
    {
        if (await LoadAsync(id, programmeId, ct) is { } refusal)
        {
            return refusal;
        }

        Editing = edit || IsNew;
        if (Current is { } r)
        {
            var jst = JapanTime.ToJst(r.StartsAt);
            Input = new RequestInput
            {
                ProgrammeId = r.ProgrammeId, Activity = r.Activity, RequesterKind = r.RequesterKind, Requester = r.Requester, RegionId = r.RegionId, Place = r.Place,
                Date = r.Date, From = TimeOnly.FromDateTime(jst.DateTime), To = TimeOnly.FromDateTime(JapanTime.ToJst(r.EndsAt).DateTime), Purpose = r.Purpose,
                SupportersNeeded = r.SupportersNeeded, AdmissionCategoryId = r.AdmissionCategoryId, Version = r.Version,
            };
            Report = new ReportInput
            {
                Summary = r.ReportSummary, Participants = r.Participants, Outcome = r.VisitOutcome, TopicIds = [.. r.Topics.Select(t => t.CategoryId)],
                Times = [.. r.Dispatches.Where(d => d.State == DispatchState.Accepted).Select(d => new DispatchTimeInput
                    { DispatchId = d.Id, Minutes = d.Minutes ?? (int)(r.EndsAt - r.StartsAt).TotalMinutes, TravelYen = d.TravelYen })],
            };
            await LoadCandidatesAsync(ct);
            await audit.StoreReadAsync("PeerRequest", r.Id, $"派遣依頼を表示(支援者{r.Dispatches.Count}人の打診・確定を含む)", ct);
        }
        else
        {
            Input.ProgrammeId = Programme.Id;
            Input.RegionId = Programme.OwnerOrganization.RegionId;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id, CancellationToken ct)
    {
        if (await LoadAsync(id, Input.ProgrammeId, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        Editing = true;
        var region = await db.Regions.SingleOrDefaultAsync(r => r.Id == Input.RegionId, ct);
        var admission = Input.AdmissionCategoryId is int a ? await db.PeerCategories.SingleOrDefaultAsync(c => c.Id == a && c.Set == CategorySet.AdmissionCategory, ct) : null;
        if (region is null)
        {
            ModelState.AddModelError("Input.RegionId", "活動場所の地域を選んでください。");
        }

        if (Input.Date is null || Input.From is null || Input.To is null)
        {
            ModelState.AddModelError("Input.Date", "日付と開始・終了時刻を入力してください。");
        }

        if (!ModelState.IsValid || region is null)
        {
            return Page();
        }

        var details = new RequestDetails(Input.Activity, Input.RequesterKind, Input.Requester, Input.Place, PeerPages.At(Input.Date!.Value, Input.From!.Value),
            PeerPages.At(Input.Date.Value, Input.To!.Value), Input.Purpose, Input.SupportersNeeded);
        var rootPath = Programme.OwnerOrganization.Region.Path;
        var now = clock.GetUtcNow();
        var by = HttpContext.Scope().UserName;
        PeerRequest? created = null;
        if (!this.TryApply(() =>
            {
                if (Current is null)
                {
                    created = PeerRequest.Create(Programme, details, region, admission, rootPath, now, by);
                    db.PeerRequests.Add(created);
                }
                else
                {
                    db.Entry(Current).Property(r => r.Version).OriginalValue = Input.Version;
                    Current.Update(details, region, admission, rootPath);
                }
            }))
        {
            return Page();
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            TempData[PageWrites.ErrorKey] = PageWrites.ConcurrentChange;
            return Redirect($"/Peer/Request/{id}");
        }

        var saved = created ?? Current!;
        await audit.WriteAsync(created is null ? AuditActions.Update : AuditActions.Create, "PeerRequest", saved.Id,
            detail: $"{saved.ActivityLabel} {saved.When} {saved.Place}", ct: ct);
        TempData[PageWrites.MessageKey] = created is null ? "依頼を変更しました。" : "依頼を登録しました。候補者から打診する人を選んでください。";
        return Redirect($"/Peer/Request/{saved.Id}");
    }

    public async Task<IActionResult> OnPostOfferAsync(int id, int supporterId, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var supporter = await SupporterAsync(supporterId, ct);
        if (supporter is null)
        {
            return NotFound();
        }

        var bookings = await PeerPages.BookingsAsync(db, supporter.Id, Current!.StartsAt, Current.EndsAt, ct);
        var scope = HttpContext.Scope();
        return await this.CommitAsync(db, () => Current.Offer(supporter, Programme.RequiredTraining(Current.Activity), bookings, clock.GetUtcNow(), scope.UserName),
            () => audit.Add(AuditActions.Update, "PeerRequest", id, detail: $"{supporter.Name}さんに打診"),
            () => $"{supporter.Name}さんに打診しました。回答(Nimoまたは電話)を待っています。", Back(id), ct);
    }

    public async Task<IActionResult> OnPostAnswerAsync(int id, int dispatchId, bool accept, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var dispatch = Current!.Dispatches.FirstOrDefault(d => d.Id == dispatchId);
        if (dispatch is null)
        {
            return NotFound();
        }

        var bookings = await PeerPages.BookingsAsync(db, dispatch.SupporterId, Current.StartsAt, Current.EndsAt, ct);
        var name = dispatch.Supporter.Name;
        return await this.CommitAsync(db,
            () => Current.Answer(dispatch, accept, AnswerChannel.Phone, Programme.RequiredTraining(Current.Activity), bookings, clock.GetUtcNow(), HttpContext.Scope().UserName),
            () => audit.Add(AuditActions.Answer, "PeerRequest", id, detail: $"{name}さんの回答(電話): {(accept ? "承諾" : "辞退")}"),
            () => accept ? $"{name}さんの承諾(電話)を記録しました。依頼は「{Current.StatusLabel}」です。" : Current.Status == RequestStatus.Open ? $"{name}さんの辞退(電話)を記録しました。依頼は「調整中」に戻りました。" : $"{name}さんの辞退(電話)を記録しました。依頼は「{Current.StatusLabel}」です。",
            Back(id), ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int id, int dispatchId, CancellationToken ct) =>
        await DispatchActAsync(id, dispatchId, (r, d, now, by) => r.Withdraw(d, now, by), "打診を取り下げ",
            (name, status) => $"{name}さんへの打診を取り下げました。依頼は「{status}」です。", ct);

    public async Task<IActionResult> OnPostCancelDispatchAsync(int id, int dispatchId, CancelledBy cancelledBy, string? reason, CancellationToken ct) =>
        await DispatchActAsync(id, dispatchId, (r, d, now, by) => r.CancelDispatch(d, cancelledBy, reason, now, by), $"確定を取消({PeerLabels.Cancellers[cancelledBy]})",
            (name, status) => $"{name}さんの確定を取り消しました({PeerLabels.Cancellers[cancelledBy]})。依頼は「{status}」です。", ct);

    public async Task<IActionResult> OnPostNoShowAsync(int id, int dispatchId, CancellationToken ct) =>
        await DispatchActAsync(id, dispatchId, (r, d, now, by) => r.MarkNoShow(d, now, by), "不参加を記録",
            (name, status) => $"{name}さんの不参加を記録しました。依頼は「{status}」です。", ct);

    public async Task<IActionResult> OnPostCloseAsync(int id, bool notMet, string? reason, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var now = clock.GetUtcNow();
        var by = HttpContext.Scope().UserName;
        return await this.CommitAsync(db, () =>
            {
                if (notMet)
                {
                    Current!.CloseNotMet(reason, now, by);
                }
                else
                {
                    Current!.Cancel(reason, now, by);
                }
            },
            () => audit.Add(AuditActions.Update, "PeerRequest", id, detail: notMet ? "対応できずとして閉じた" : "依頼を中止"),
            () => notMet ? "依頼を「対応できず」として閉じました。" : "依頼を中止しました。", Back(id), ct);
    }

    public async Task<IActionResult> OnPostReportAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var r = Current!;
        var rate = await db.PeerRates.AsNoTracking().SingleOrDefaultAsync(x => x.ProgrammeId == r.ProgrammeId && x.FiscalYear == r.Year.StartYear, ct);
        var topics = await db.PeerCategories.Where(c => Report.TopicIds.Contains(c.Id)).ToListAsync(ct);
        var details = new ReportDetails(Report.Summary, Report.Participants, Report.Outcome, [.. Report.Times.Select(t => new DispatchTime(t.DispatchId, t.Minutes, t.TravelYen))]);
        return await this.CommitAsync(db, () => r.Report(details, topics, rate, clock.GetUtcNow(), HttpContext.Scope().UserName),
            () => audit.Add(AuditActions.Update, "PeerRequest", id, detail: $"実施報告を記録(支援者{r.Accepted}人)"),
            () => "実施報告を記録しました。謝金・交通費は月次明細に載ります。", Back(id), ct);
    }

    private async Task<IActionResult> DispatchActAsync(int id, int dispatchId, Action<PeerRequest, PeerDispatch, DateTimeOffset, string> act, string what,
        Func<string, string, string> done, CancellationToken ct)
    {
        if (await LoadAsync(id, null, ct, tracked: true) is { } refusal)
        {
            return refusal;
        }

        var dispatch = Current!.Dispatches.FirstOrDefault(d => d.Id == dispatchId);
        if (dispatch is null)
        {
            return NotFound();
        }

        return await this.CommitAsync(db, () => act(Current, dispatch, clock.GetUtcNow(), HttpContext.Scope().UserName),
            () => audit.Add(AuditActions.Update, "PeerRequest", id, detail: $"{dispatch.Supporter.Name}さん: {what}"),
            () => done(dispatch.Supporter.Name, Current.StatusLabel), Back(id), ct);
    }

    private static string Back(int id) => $"/Peer/Request/{id}";

    private async Task<PeerSupporter?> SupporterAsync(int supporterId, CancellationToken ct) =>
        await db.PeerSupporters.Include(s => s.Areas).ThenInclude(a => a.Region).SingleOrDefaultAsync(s => s.Id == supporterId && s.ProgrammeId == Programme.Id, ct);

    private async Task<IActionResult?> LoadAsync(int? id, int? programmeId, CancellationToken ct, bool tracked = false)
    {
        var scope = HttpContext.Scope();
        if (id is int i)
        {
            var q = db.PeerRequests.VisibleTo(scope).WithAll();
            Current = await (tracked ? q : q.AsNoTracking()).SingleOrDefaultAsync(r => r.Id == i, ct);
            if (Current is null)
            {
                return NotFound();
            }

            Programme = Current.Programme;
        }
        else
        {
            var programmes = await PeerPages.ProgrammesAsync(db, scope, ct);
            var p = PeerPages.Pick(programmes, programmeId);
            if (p is null)
            {
                return NotFound();
            }

            Programme = tracked ? await db.PeerProgrammes.Include(x => x.OwnerOrganization).ThenInclude(o => o.Region).SingleAsync(x => x.Id == p.Id, ct) : p;
        }

        Regions = await PeerPages.RegionsAsync(db, Programme, ct);
        var categories = await db.PeerCategories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        Admissions = [.. categories.Where(c => c.Set == CategorySet.AdmissionCategory && (c.IsActive || c.Id == Current?.AdmissionCategoryId))];
        Topics = [.. categories.Where(c => c.Set == CategorySet.VisitTopic && (c.IsActive || Current?.Topics.Any(t => t.CategoryId == c.Id) == true))];
        if (Current is not null)
        {
            Rate = await db.PeerRates.AsNoTracking().SingleOrDefaultAsync(x => x.ProgrammeId == Current.ProgrammeId && x.FiscalYear == Current.Year.StartYear, ct);
        }

        return null;
    }

    private async Task LoadCandidatesAsync(CancellationToken ct)
    {
        var r = Current!;
        var supporters = await db.PeerSupporters.AsNoTracking().Where(s => s.ProgrammeId == r.ProgrammeId && s.EndedOn == null)
            .Include(s => s.Areas).ThenInclude(a => a.Region).OrderBy(s => s.Kana).AsSplitQuery().ToListAsync(ct);
        var ids = supporters.Select(s => s.Id).ToList();
        var booked = await db.PeerDispatches.AsNoTracking()
            .Where(d => ids.Contains(d.SupporterId) && d.RequestId != r.Id && d.State == DispatchState.Accepted && d.StartsAt < r.EndsAt && r.StartsAt < d.EndsAt)
            .Select(d => new { d.SupporterId, d.StartsAt, d.EndsAt, d.Request.Activity }).ToListAsync(ct);
        var already = r.Dispatches.Where(d => d.State is DispatchState.Offered or DispatchState.Accepted).Select(d => d.SupporterId).ToHashSet();
        var required = r.Programme.RequiredTraining(r.Activity);
        foreach (var s in supporters.Where(s => !already.Contains(s.Id) && s.Does(r.Activity)))
        {
            var clash = booked.FirstOrDefault(b => b.SupporterId == s.Id);
            var clashText = clash is null ? null : $"{JapanTime.ToJst(clash.StartsAt):HH\\:mm}〜{JapanTime.ToJst(clash.EndsAt):HH\\:mm} {PeerLabels.Activities[clash.Activity]}";
            Candidates.Add(new Candidate(s, r.WhyNot(s, required), s.NeedsRenewalFor(r.Year), clashText));
        }
    }
}
