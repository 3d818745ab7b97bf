using System.ComponentModel.DataAnnotations;
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

namespace Nimo.Features.Events;

/// <summary>Registers an event or changes it: what, for whom, where, when, how many, the public form's questions, and its links.</summary>
public sealed class EditModel(NimoDbContext db, AuditLog audit, TimeProvider clock, RegistrationDesk desk) : PageModel
{
    [BindProperty]
    public EventForm Input { get; set; } = new();

    public bool IsNew => Input.Id == 0;
    public IReadOnlyList<Organization> Organizers { get; private set; } = [];
    public IReadOnlyList<Organization> CoHostChoices { get; private set; } = [];
    public IReadOnlyList<(Region Region, int Depth)> Regions { get; private set; } = [];
    public IReadOnlyList<(int Id, string Label)> ScheduleRows { get; private set; } = [];
    public IReadOnlyList<Forum> Forums { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id, int? scheduleItemId, CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        if (id is int eventId)
        {
            var (e, refusal) = await this.EventForAsync(db, eventId, manage: true, ct);
            if (e is null)
            {
                return refusal!;
            }

            Input = EventForm.From(e);
        }
        else
        {
            var today = JapanTime.Today(clock);
            Input = new EventForm
            {
                OrganizerId = scope.OrganizationId, RegionId = scope.RegionId, Audiences = [Audience.Residents], Date = today.AddDays(30),
                Start = new TimeOnly(14, 0), End = new TimeOnly(16, 0), Waitlist = true, PurposeOfUse = Event.DefaultPurpose,
                RetentionDays = Event.DefaultRetentionDays, ScheduleItemId = scheduleItemId,
            };
            if (scheduleItemId is int rowId
                && await db.ScheduleItems.AsNoTracking().Where(r => r.Id == rowId).Select(r => new { r.Title, r.MonthKey, r.Plan.RegionId, r.Plan.FiscalYear }).SingleOrDefaultAsync(ct) is { } row)
            {
                // From the plan's row: its region, its month (the 15th, to be changed), its wording as the title.
                Input.RegionId = row.RegionId;
                Input.Title = row.Title.Split('\n')[0].Trim();
                Input.Date = row.MonthKey is int key ? new DateOnly(key / 100, key % 100, 15) : new FiscalYear(row.FiscalYear).Start.AddMonths(6);
                Input.Kind = EventKind.Training;
            }
        }

        await LoadChoicesAsync(ct);
        if (Organizers.Count == 0)
        {
            return Forbid();
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        await LoadChoicesAsync(ct);
        Event? e = null;
        if (!IsNew)
        {
            var (found, refusal) = await this.EventForAsync(db, Input.Id, manage: true, ct);
            if (found is null)
            {
                return refusal!;
            }

            e = await db.Events.Include(x => x.CoHosts).SingleAsync(x => x.Id == Input.Id, ct);
            db.Entry(e).Property(x => x.Version).OriginalValue = Input.Version;
            // The organiser of an existing event stays: moving it to another body is a new event.
            Input.OrganizerId = e.OrganizerId;
        }

        var organizer = Organizers.FirstOrDefault(o => o.Id == Input.OrganizerId)
            ?? (e is null ? null : await db.Organizations.AsNoTracking().Include(o => o.Region).SingleAsync(o => o.Id == e.OrganizerId, ct));
        if (organizer is null)
        {
            ModelState.AddModelError("Input.OrganizerId", "主催は一覧から選んでください。");
        }

        var region = Regions.FirstOrDefault(r => r.Region.Id == Input.RegionId).Region;
        if (region is null && e is not null && e.RegionId == Input.RegionId)
        {
            region = await db.Regions.AsNoTracking().SingleAsync(r => r.Id == e.RegionId, ct);
        }

        if (region is null)
        {
            ModelState.AddModelError("Input.RegionId", "地域は一覧から選んでください。");
        }

        if (Input.Date is DateOnly d && !FiscalYear.IsSupported(d.Year))
        {
            ModelState.AddModelError("Input.Date", "開催日が正しくありません。");
        }

        if (Input.EndDate is DateOnly ed && !FiscalYear.IsSupported(ed.Year))
        {
            ModelState.AddModelError("Input.EndDate", "終了日が正しくありません。");
        }

        if (Input.ClosesOn is DateOnly cd && !FiscalYear.IsSupported(cd.Year))
        {
            ModelState.AddModelError("Input.ClosesOn", "申込締切日が正しくありません。");
        }

        // The organiser chosen also as 共催 is simply not a co-host of its own event (a new event's organiser is picked in the
        // same form, so the list cannot leave it out beforehand): ignored on both sides of the check, as SetCoHosts does.
        var coHosts = CoHostChoices.Where(o => o.Id != Input.OrganizerId && Input.CoHostIds.Contains(o.Id)).ToList();
        if (coHosts.Count != Input.CoHostIds.Distinct().Count(i => i != Input.OrganizerId))
        {
            ModelState.AddModelError("Input.CoHostIds", "共催は一覧から選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var sensitive = EventLabels.IsSensitiveKind(Input.Kind) || Input.MarkedSensitive;
        if (!scope.CanManage(organizer!, organizer!.Region.Path, sensitive))
        {
            ModelState.AddModelError(string.Empty, sensitive
                ? "家族教室・当事者活動など参加者を秘匿する催しは、主催機関の職員(個人情報を扱う役割)だけが登録・変更できます。"
                : "この主催の催しを登録・変更する権限がありません。");
            return Page();
        }

        var input = Input.ToInput();
        var scheduleRows = await EventChoices.ScheduleRowsAsync(db, region!, FiscalYear.Of(input.StartsAt).StartYear, ct);
        if (Input.ScheduleItemId is int row && scheduleRows.All(r => r.Id != row))
        {
            ModelState.AddModelError("Input.ScheduleItemId", "計画のスケジュールは、この地域(と上位の地域)の、開催日の年度の計画から選んでください。");
        }

        var forums = await EventChoices.ForumsAsync(db, scope, region!, ct);
        if (Input.ForumId is int forum && forums.All(f => f.Id != forum))
        {
            ModelState.AddModelError("Input.ForumId", "協議の場は、この地域(と上位の地域)のものから選んでください。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var now = clock.GetUtcNow();
        var capacityRaised = false;
        // Tracked copies: the choices above were read untracked, and one region can be both the organiser's and the event's.
        var trackedOrganizer = await db.Organizations.SingleAsync(o => o.Id == organizer.Id, ct);
        var trackedRegion = await db.Regions.SingleAsync(r => r.Id == region!.Id, ct);
        var coHostIds = coHosts.Select(o => o.Id).ToList();
        var trackedCoHosts = await db.Organizations.Where(o => coHostIds.Contains(o.Id)).ToListAsync(ct);
        try
        {
            if (e is null)
            {
                e = Event.Create(input, trackedOrganizer, trackedRegion, now, scope.UserName);
                db.Events.Add(e);
            }
            else
            {
                capacityRaised = e.Capacity is int before && (input.Capacity is null || input.Capacity > before);
                e.Update(input, trackedRegion, now, scope.UserName);
            }

            e.SetCoHosts(trackedCoHosts);
            e.Link(Input.ScheduleItemId, Input.ForumId);
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
            return Page();
        }

        if (IsNew)
        {
            db.EventBooks.Add(EventBook.For(e));
        }

        if (e.IsPublished)
        {
            await EventListingStamp.TouchAsync(db, ct);
        }

        audit.Add(IsNew ? AuditActions.Create : AuditActions.Update, "Event", IsNew ? null : e.Id, detail: e.Title);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "編集している間に他の利用者がこの催しを更新しました。催しの画面から開き直してください。");
            return Page();
        }

        var message = $"「{e.Title}」を保存しました。";
        if (capacityRaised)
        {
            // A larger capacity frees seats: the waitlist moves up as it does after a cancellation.
            var promoted = await desk.ChangeAsync(e.Id, false, b =>
            {
                var list = b.Book.Promote(b.Event, b.Active, b.Now);
                if (list.Count > 0)
                {
                    audit.Add(AuditActions.Update, "EventRegistration", b.Event.Id, detail: $"定員の変更でキャンセル待ち{list.Count}人が繰り上がり");
                }

                return list;
            }, ct);
            if (promoted is { Count: > 0 })
            {
                message += $"定員が増えたため、キャンセル待ちの{promoted.Count}人の参加が確定しました。";
            }
        }

        TempData["Message"] = message;
        return Redirect($"/Events/Details/{e.Id}");
    }

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var scope = HttpContext.Scope();
        Organizers = await EventChoices.OrganizersAsync(db, scope, ct);
        CoHostChoices = await EventChoices.CoHostChoicesAsync(db, scope, ct);
        Regions = await EventChoices.ReadableRegionsAsync(db, scope, ct);
        var region = Regions.FirstOrDefault(r => r.Region.Id == Input.RegionId).Region ?? (Regions.Count > 0 ? Regions[0].Region : null);
        if (region is not null)
        {
            var year = Input.Date is DateOnly d && FiscalYear.IsSupported(d.Year) ? FiscalYear.Of(d).StartYear : FiscalYear.Of(JapanTime.Today(clock)).StartYear;
            ScheduleRows = await EventChoices.ScheduleRowsAsync(db, region, year, ct);
            Forums = await EventChoices.ForumsAsync(db, scope, region, ct);
        }
    }

    public sealed class EventForm
    {
        public int Id { get; set; }
        public Guid Version { get; set; }

        [Display(Name = "種別")]
        public EventKind Kind { get; set; }

        [Display(Name = "名称")]
        [Required(ErrorMessage = "名称を入力してください。")]
        [StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。")]
        public string? Title { get; set; }

        [Display(Name = "内容(公開ページにも表示します)")]
        [StringLength(4000, ErrorMessage = "内容は4,000文字以内で入力してください。")]
        public string? Description { get; set; }

        [Display(Name = "主催")]
        public int OrganizerId { get; set; }

        [Display(Name = "共催(複数選択可)")]
        public List<int> CoHostIds { get; set; } = [];

        [Display(Name = "対象")]
        public List<Audience> Audiences { get; set; } = [];

        [Display(Name = "地域(市町村・圏域)")]
        public int RegionId { get; set; }

        [Display(Name = "形式")]
        public EventFormat Format { get; set; }

        [Display(Name = "会場")]
        [StringLength(200, ErrorMessage = "会場は200文字以内で入力してください。")]
        public string? Venue { get; set; }

        [Display(Name = "会場へのアクセス")]
        [StringLength(1000, ErrorMessage = "会場へのアクセスは1,000文字以内で入力してください。")]
        public string? Access { get; set; }

        [Display(Name = "オンライン参加の方法(URLは書かず、申込者に個別に伝えてください)")]
        [StringLength(1000, ErrorMessage = "オンライン参加の方法は1,000文字以内で入力してください。")]
        public string? OnlineNote { get; set; }

        [Display(Name = "開催日")]
        [Required(ErrorMessage = "開催日を入力してください。")]
        public DateOnly? Date { get; set; }

        [Display(Name = "開始時刻")]
        [Required(ErrorMessage = "開始時刻を入力してください。")]
        public TimeOnly? Start { get; set; }

        [Display(Name = "終了日(開催日と同じなら空欄)")]
        public DateOnly? EndDate { get; set; }

        [Display(Name = "終了時刻")]
        [Required(ErrorMessage = "終了時刻を入力してください。")]
        public TimeOnly? End { get; set; }

        [Display(Name = "定員(設けない場合は空欄)")]
        [Range(1, 100_000, ErrorMessage = "定員は1〜100,000人で入力してください。")]
        public int? Capacity { get; set; }

        [Display(Name = "定員を超えた申込みをキャンセル待ちとして受け付ける")]
        public bool Waitlist { get; set; }

        [Display(Name = "申込締切日(空欄なら開始時刻まで)")]
        public DateOnly? ClosesOn { get; set; }

        [Display(Name = "締切時刻")]
        public TimeOnly? ClosesAt { get; set; }

        [Display(Name = "参加者を秘匿する(公開しない・名簿は主催機関だけ)")]
        public bool MarkedSensitive { get; set; }

        [Display(Name = "所属を尋ねる")]
        public bool AskAffiliation { get; set; }

        [Display(Name = "区分(対象のどれに当たるか)を尋ねる")]
        public bool AskCategory { get; set; }

        [Display(Name = "配慮が必要なこと(手話通訳・車椅子席など)を尋ねる")]
        public bool AskAccommodation { get; set; }

        [Display(Name = "個人情報の利用目的(申込フォームに表示します)")]
        [StringLength(1000, ErrorMessage = "利用目的は1,000文字以内で入力してください。")]
        public string? PurposeOfUse { get; set; }

        [Display(Name = "問い合わせ先(公開ページに表示します)")]
        [StringLength(500, ErrorMessage = "問い合わせ先は500文字以内で入力してください。")]
        public string? Contact { get; set; }

        [Display(Name = "申込者の氏名・連絡先の保存期間(開催後の日数)")]
        [Range(Event.MinRetentionDays, Event.MaxRetentionDays, ErrorMessage = "保存期間は30〜1,825日で入力してください。")]
        public int RetentionDays { get; set; } = Event.DefaultRetentionDays;

        [Display(Name = "サポーターの名称(サポーター養成講座のとき。例: くらしき心ほっとサポーター)")]
        [StringLength(100, ErrorMessage = "サポーターの名称は100文字以内で入力してください。")]
        public string? SupporterProgramme { get; set; }

        [Display(Name = "アンケートを公開ページでも受け付ける(公開中の催しのみ)")]
        public bool QuestionnaireOnline { get; set; }

        [Display(Name = "計画のスケジュール(開催済みにすると実施済みになります)")]
        public int? ScheduleItemId { get; set; }

        [Display(Name = "協議の場")]
        public int? ForumId { get; set; }

        public static EventForm From(Event e)
        {
            var start = JapanTime.ToJst(e.StartsAt);
            var end = JapanTime.ToJst(e.EndsAt);
            var closes = e.RegistrationClosesAt is DateTimeOffset c ? JapanTime.ToJst(c) : (DateTimeOffset?)null;
            return new EventForm
            {
                Id = e.Id, Version = e.Version, Kind = e.Kind, Title = e.Title, Description = e.Description, OrganizerId = e.OrganizerId,
                CoHostIds = [.. e.CoHosts.Select(c => c.OrganizationId)], Audiences = [.. EventLabels.Audiences.Where(a => (e.Audiences & a) == a)],
                RegionId = e.RegionId, Format = e.Format, Venue = e.Venue, Access = e.Access, OnlineNote = e.OnlineNote,
                Date = DateOnly.FromDateTime(start.DateTime), Start = TimeOnly.FromDateTime(start.DateTime),
                EndDate = end.Date == start.Date ? null : DateOnly.FromDateTime(end.DateTime), End = TimeOnly.FromDateTime(end.DateTime),
                Capacity = e.Capacity, Waitlist = e.Waitlist, ClosesOn = closes is null ? null : DateOnly.FromDateTime(closes.Value.DateTime),
                ClosesAt = closes is null ? null : TimeOnly.FromDateTime(closes.Value.DateTime), MarkedSensitive = e.MarkedSensitive,
                AskAffiliation = e.AskAffiliation, AskCategory = e.AskCategory, AskAccommodation = e.AskAccommodation, PurposeOfUse = e.PurposeOfUse,
                Contact = e.Contact, RetentionDays = e.RetentionDays, SupporterProgramme = e.SupporterProgramme, QuestionnaireOnline = e.QuestionnaireOnline,
                ScheduleItemId = e.ScheduleItemId, ForumId = e.ForumId,
            };
        }

        public EventInput ToInput()
        {
            static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), JapanTime.Offset);
            var audiences = Audiences.Where(a => EventLabels.Audiences.Contains(a)).Aggregate(Audience.None, (all, a) => all | a);
            DateTimeOffset? closes = ClosesOn is DateOnly cd ? At(cd, ClosesAt ?? new TimeOnly(23, 59)) : null;
            return new EventInput(Kind, Title, Description, audiences, Format, Venue, Access, OnlineNote, At(Date!.Value, Start!.Value),
                At(EndDate ?? Date!.Value, End!.Value), Capacity, Waitlist, closes, MarkedSensitive, AskAffiliation, AskCategory, AskAccommodation,
                PurposeOfUse, Contact, RetentionDays, SupporterProgramme, QuestionnaireOnline);
        }
    }
}
