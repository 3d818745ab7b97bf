using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Features.Organizations;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;
using Nimo.Platform.Web;

namespace Nimo.Features.Surveys;

/// <summary>
/// Makes an event from one 取組 of an organisation's answer. Events have no draft state (an unpublished event is a real,
/// counted, calendared one), so nothing is saved on the click: this form opens pre-filled from the 取組 (名称, 種別 from
/// its category, 主催 = the answering organisation where the secretariat may organise for it, 内容 naming the survey) and
/// asks only what an event cannot exist without and no survey holds (the day, the times, where). The event is saved
/// unpublished and the secretariat completes it on the Events edit page. A 取組 makes one event: a second click opens it.
/// </summary>
public sealed class ToEventModel(NimoDbContext db, TimeProvider clock, AuditLog audit) : PageModel
{
    [BindProperty]
    public DraftForm Input { get; set; } = new();

    public ActivitySource Source { get; private set; } = null!;
    public IReadOnlyList<Organization> Organizers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int recipientId, int activity, CancellationToken ct)
    {
        if (await LoadAsync(recipientId, activity, ct) is { } answer)
        {
            return answer;
        }

        var a = Source.Activity;
        Input = new DraftForm
        {
            Kind = ActivityMapping.EventKindFor(Source.Category), Title = a.Title, Description = Source.Description,
            OrganizerId = Organizers.Any(o => o.Id == Source.Recipient.OrganizationId) ? Source.Recipient.OrganizationId
                : Organizers.Any(o => o.Id == HttpContext.Scope().OrganizationId) ? HttpContext.Scope().OrganizationId : Organizers[0].Id,
            Audiences = [.. AudiencesFor(a.Audience)], Start = new TimeOnly(14, 0), End = new TimeOnly(16, 0),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int recipientId, int activity, CancellationToken ct)
    {
        if (await LoadAsync(recipientId, activity, ct) is { } answer)
        {
            return answer;
        }

        var scope = HttpContext.Scope();
        var organizer = Organizers.FirstOrDefault(o => o.Id == Input.OrganizerId);
        if (organizer is null)
        {
            ModelState.AddModelError("Input.OrganizerId", "主催は一覧から選んでください。");
        }

        if (Input.Date is DateOnly d && !FiscalYear.IsSupported(d.Year))
        {
            ModelState.AddModelError("Input.Date", "開催日が正しくありません。");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var sensitive = EventLabels.IsSensitiveKind(Input.Kind);
        if (!scope.CanManage(organizer!, organizer!.Region.Path, sensitive))
        {
            ModelState.AddModelError(string.Empty, "家族教室・当事者活動など参加者を秘匿する催しは、主催機関の職員(個人情報を扱う役割)だけが登録できます。種別を変えるか、主催機関に登録を依頼してください。");
            return Page();
        }

        // The event is counted in the organiser's region when the secretariat's area holds it, else in the secretariat's own region.
        var regions = await EventChoices.ReadableRegionsAsync(db, scope, ct);
        var region = regions.Select(r => r.Region).FirstOrDefault(r => r.Id == organizer.RegionId) ?? regions.Select(r => r.Region).FirstOrDefault(r => r.Id == scope.RegionId);
        if (region is null)
        {
            ModelState.AddModelError(string.Empty, "催しを数える地域が見つかりません。研修・啓発イベントの画面から登録してください。");
            return Page();
        }

        static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), JapanTime.Offset);
        var audiences = Input.Audiences.Where(a => EventLabels.Audiences.Contains(a)).Aggregate(Audience.None, (all, a) => all | a);
        var input = new EventInput(Input.Kind, Input.Title, Input.Description, audiences, Input.Format, Input.Venue, null, null,
            At(Input.Date!.Value, Input.Start!.Value), At(Input.Date!.Value, Input.End!.Value), null, false, null, false, false, false, false,
            null, null, Event.DefaultRetentionDays, null, false);
        var now = clock.GetUtcNow();
        Event e;
        try
        {
            e = Event.Create(input, await db.Organizations.SingleAsync(o => o.Id == organizer.Id, ct), await db.Regions.SingleAsync(r => r.Id == region.Id, ct), now, scope.UserName);
            if (Source.Survey.ForumId is int forumId && (await EventChoices.ForumsAsync(db, scope, region, ct)).Any(f => f.Id == forumId))
            {
                e.Link(null, forumId);
            }
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
            return Page();
        }

        // The event and its link are one write: two clicks at once make one event (the link is unique per answer and 取組).
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try
            {
                db.Events.Add(e);
                db.EventBooks.Add(EventBook.For(e));
                await db.SaveChangesAsync(ct);
                db.SurveyEventLinks.Add(new SurveyEventLink
                {
                    EventId = e.Id, RecipientId = Source.Recipient.Id, SurveyId = Source.Survey.Id, ActivityTitle = Source.Activity.Title, CreatedAt = now, CreatedBy = scope.UserName,
                });
                audit.Add(AuditActions.Create, "Event", e.Id, detail: $"地域アセスメントの回答(機関: {Source.Recipient.Organization.Name}、取組: {Source.Activity.Title})から作成");
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            }
            catch (DbUpdateException)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                if (await LoadAsync(recipientId, activity, ct) is { } made)
                {
                    return made;
                }

                ModelState.AddModelError(string.Empty, "保存できませんでした。もう一度「登録」を押してください。");
                return Page();
            }
        }

        TempData[PageWrites.MessageKey] = $"「{e.Title}」を非公開の催しとして登録しました。定員・申込み・公開などを「変更」で整えてください。";
        return Redirect($"/Events/Details/{e.Id}");
    }

    /// <summary>The 対象 a 取組's free-text audience names, in Events' own list; 住民 when it names none.</summary>
    public static IEnumerable<Audience> AudiencesFor(string? text)
    {
        text ??= "";
        var found = new List<Audience>();
        void When(Audience a, params string[] words)
        {
            if (words.Any(w => text.Contains(w, StringComparison.Ordinal)))
            {
                found.Add(a);
            }
        }

        When(Audience.Residents, "住民", "市民", "区民", "一般");
        When(Audience.MedicalStaff, "医療", "病院", "看護");
        When(Audience.WelfareStaff, "福祉", "介護", "支援者", "事業所", "ケアマネ");
        When(Audience.MunicipalStaff, "行政", "市職員", "区職員", "町職員");
        When(Audience.Families, "家族");
        When(Audience.PeopleWithExperience, "当事者", "本人");
        return found.Count == 0 ? [Audience.Residents] : found;
    }

    private async Task<IActionResult?> LoadAsync(int recipientId, int activity, CancellationToken ct)
    {
        var (source, refusal) = await ActivitySource.LoadAsync(this, db, recipientId, activity, ct);
        if (source is null)
        {
            return refusal;
        }

        Source = source;
        if (await db.SurveyEventLinks.Where(l => l.RecipientId == recipientId && l.ActivityTitle == source.Activity.Title).Select(l => (int?)l.EventId).FirstOrDefaultAsync(ct) is int made)
        {
            TempData[PageWrites.MessageKey] = "この取組からはすでに催しを作成しています。";
            return Redirect($"/Events/Details/{made}");
        }

        Organizers = await EventChoices.OrganizersAsync(db, HttpContext.Scope(), ct);
        return Organizers.Count == 0 ? Forbid() : null;
    }

    public sealed class DraftForm
    {
        [Display(Name = "種別")]
        public EventKind Kind { get; set; }

        [Display(Name = "名称")]
        [Required(ErrorMessage = "名称を入力してください。")]
        [StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。")]
        public string? Title { get; set; }

        [Display(Name = "内容(公開すると住民向けページにも表示します)")]
        [StringLength(4000, ErrorMessage = "内容は4,000文字以内で入力してください。")]
        public string? Description { get; set; }

        [Display(Name = "主催")]
        public int OrganizerId { get; set; }

        public List<Audience> Audiences { get; set; } = [];

        [Display(Name = "開催日")]
        [Required(ErrorMessage = "開催日を入力してください。")]
        public DateOnly? Date { get; set; }

        [Display(Name = "開始時刻")]
        [Required(ErrorMessage = "開始時刻を入力してください。")]
        public TimeOnly? Start { get; set; }

        [Display(Name = "終了時刻")]
        [Required(ErrorMessage = "終了時刻を入力してください。")]
        public TimeOnly? End { get; set; }

        [Display(Name = "形式")]
        public EventFormat Format { get; set; }

        [Display(Name = "会場(オンラインのみなら空欄)")]
        [StringLength(200, ErrorMessage = "会場は200文字以内で入力してください。")]
        public string? Venue { get; set; }
    }
}
