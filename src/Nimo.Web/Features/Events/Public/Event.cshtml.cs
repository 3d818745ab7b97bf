using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events.Public;

/// <summary>
/// One published event for residents, with its registration form. The form asks for the name and a contact, and for the
/// affiliation, category and needs only when the organiser asked; it states what the data are for before anything is sent.
/// A registration answers with the confirmation number, shown this once.
/// </summary>
public sealed class EventModel(NimoDbContext db, RegistrationDesk desk, PublicCatalog catalog, TimeProvider clock) : PageModel
{
    public Event Event { get; private set; } = null!;
    public string Organizer { get; private set; } = "";
    public IReadOnlyList<string> CoHosts { get; private set; } = [];
    public string RegionName { get; private set; } = "";
    public int Confirmed { get; private set; }
    public int Waiting { get; private set; }
    public string? Refusal { get; private set; }
    public bool QuestionnaireOpen { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public Registered? Result { get; private set; }

    [BindProperty]
    public RegistrationForm Form { get; set; } = new();

    public sealed record Registered(string Number, RegistrationStatus Status, int? WaitingNumber);

    public sealed class RegistrationForm
    {
        [Display(Name = "氏名")]
        [Required(ErrorMessage = "氏名を入力してください。")]
        [StringLength(100, ErrorMessage = "氏名は100文字以内で入力してください。")]
        public string? Name { get; set; }

        [Display(Name = "連絡先(電話番号またはメールアドレス)")]
        [Required(ErrorMessage = "連絡先(電話番号またはメールアドレス)を入力してください。")]
        [StringLength(200, ErrorMessage = "連絡先は200文字以内で入力してください。")]
        public string? Contact { get; set; }

        [Display(Name = "所属(任意)")]
        [StringLength(200, ErrorMessage = "所属は200文字以内で入力してください。")]
        public string? Affiliation { get; set; }

        [Display(Name = "区分")]
        public Audience? Category { get; set; }

        [Display(Name = "配慮が必要なこと(任意。例: 手話通訳、車椅子席、筆談)")]
        [StringLength(500, ErrorMessage = "配慮が必要なことは500文字以内で入力してください。")]
        public string? Accommodation { get; set; }

        [Display(Name = "上の「個人情報の取扱い」に同意して申し込みます")]
        public bool Agree { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var stamp = (await catalog.CurrentAsync(db, ct)).Stamp;
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        return PublicCache.NotModified(HttpContext, stamp, JapanTime.Today(clock)) ? StatusCode(StatusCodes.Status304NotModified) : Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!Form.Agree)
        {
            ModelState.AddModelError("Form.Agree", "個人情報の取扱いへの同意にチェックを入れてください。");
        }

        if (Event.AskCategory && Form.Category is null)
        {
            ModelState.AddModelError("Form.Category", "区分を選んでください。");
        }

        if (!ModelState.IsValid || Refusal is not null)
        {
            return Page();
        }

        try
        {
            var details = new RegistrationDetails(Form.Name, Form.Contact, Form.Affiliation, Form.Category, Form.Accommodation);
            var result = await desk.RegisterAsync(id, details, RegistrationSource.Online, null, ct);
            if (result is not { } registered)
            {
                return NotFound();
            }

            int? number = null;
            if (registered.Registration.Status == RegistrationStatus.Waitlisted)
            {
                number = await Waitlist.PositionAsync(db, registered.Registration, ct);
            }

            Result = new Registered(registered.Number!, registered.Registration.Status, number);
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    /// <summary>Column by column: the public database role reads only published events and the names of their organisers and regions.</summary>
    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var e = await db.Events.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.IsPublished && !x.IsSensitive, ct);
        if (e is null)
        {
            return false;
        }

        Event = e;
        Now = clock.GetUtcNow();
        Organizer = await db.Organizations.Where(o => o.Id == e.OrganizerId).Select(o => o.Name).SingleAsync(ct);
        CoHosts = [.. (await db.EventCoHosts.Where(c => c.EventId == id).Select(c => c.Organization.Name).ToListAsync(ct)).Order(StringComparer.Ordinal)];
        RegionName = await db.Regions.Where(r => r.Id == e.RegionId).Select(r => r.Name).SingleAsync(ct);
        var counts = await db.EventRegistrations.Where(r => r.EventId == id && r.Status != RegistrationStatus.Cancelled)
            .GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        Confirmed = counts.Where(c => c.Status == RegistrationStatus.Confirmed).Sum(c => c.Count);
        Waiting = counts.Where(c => c.Status == RegistrationStatus.Waitlisted).Sum(c => c.Count);
        Refusal = e.RegistrationRefusal(Now, byStaff: false)
            ?? (e.Capacity is int cap && Confirmed >= cap && !e.Waitlist ? "定員に達したため、申込みを締め切りました。" : null);
        QuestionnaireOpen = Questionnaires.OpenOnline(e, Now) && await db.QuestionnaireItems.AnyAsync(i => i.EventId == id, ct);
        return true;
    }

    public PublicEventRow Row => new(Event.Id, Event.Title, Event.Kind, Event.Audiences, Event.StartsAt, Event.EndsAt, Event.Format, Event.Venue, Organizer,
        Event.RegionId, RegionName, "", Event.Status, Event.Capacity, Event.Waitlist, Confirmed, Waiting, Event.RegistrationClosesAt);
}
