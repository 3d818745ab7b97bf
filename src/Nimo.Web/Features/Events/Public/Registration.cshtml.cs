using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events.Public;

/// <summary>
/// 申込内容の確認・取消し: the registrant types the confirmation number (posted, so it never sits in an address, a proxy's
/// log or the browser's history) and sees that one registration, or cancels it. Nothing else is looked up by it: the number
/// is compared by its hash, whole, and an unknown number says only that it is unknown.
/// </summary>
public sealed class RegistrationModel(NimoDbContext db, RegistrationDesk desk, TimeProvider clock) : PageModel
{
    public View? Found { get; private set; }
    public string? Number { get; private set; }
    public string? NotFoundMessage { get; private set; }
    public string? Done { get; private set; }

    public sealed record View(EventRegistration Registration, int EventId, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Venue,
        EventFormat Format, string? Contact, int? WaitingNumber, bool CanCancel, string? CannotCancel);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? number, CancellationToken ct)
    {
        await FindAsync(number, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string? number, bool confirm, CancellationToken ct)
    {
        await FindAsync(number, ct);
        if (Found is null)
        {
            return Page();
        }

        if (!confirm)
        {
            ModelState.AddModelError("confirm", "取り消す場合は「この申込みを取り消します」にチェックを入れてください。");
            return Page();
        }

        var id = Found.Registration.Id;
        try
        {
            // Whoever moves up is told by the organiser; nothing about them is shown here.
            await desk.ChangeAsync(Found.EventId, publishedOnly: true, b =>
            {
                var r = b.Active.FirstOrDefault(x => x.Id == id) ?? throw new DomainRuleException("この申込みはすでに取り消されています。");
                return b.Book.Cancel(b.Event, r, b.Active, byStaff: false, b.Now);
            }, ct);
            Done = "申込みを取り消しました。ご連絡ありがとうございました。";
        }
        catch (DomainRuleException x)
        {
            ModelState.AddModelError(string.Empty, x.Message);
        }

        await FindAsync(number, ct);
        return Page();
    }

    private async Task FindAsync(string? number, CancellationToken ct)
    {
        var normalized = ConfirmationNumber.Normalize(number);
        if (normalized is null)
        {
            NotFoundMessage = "申込番号は、英数字12文字(例: 7K3M-Q9XP-2D4H)で入力してください。";
            return;
        }

        var hash = ConfirmationNumber.Hash(normalized);
        var registration = await db.EventRegistrations.AsNoTracking().SingleOrDefaultAsync(r => r.ConfirmationHash == hash, ct);
        var e = registration is null ? null : await db.Events.AsNoTracking().SingleOrDefaultAsync(x => x.Id == registration.EventId && x.IsPublished && !x.IsSensitive, ct);
        if (registration is null || e is null)
        {
            NotFoundMessage = "この申込番号の申込みは見つかりません。番号をお確かめください。催しの終了後、保存期間を過ぎた申込みは削除しています。";
            return;
        }

        var now = clock.GetUtcNow();
        int? waiting = registration.Status == RegistrationStatus.Waitlisted ? await Waitlist.PositionAsync(db, registration, ct) : null;
        var cannot = registration.Status == RegistrationStatus.Cancelled ? "取消し済みです。"
            : e.Status != EventStatus.Planned || now >= e.StartsAt ? "開始時刻を過ぎたため、この画面からは取り消せません。問い合わせ先までご連絡ください。"
            : registration.CheckedInAt is not null ? "受付済みです。" : null;
        Number = normalized[..4] + "-" + normalized[4..8] + "-" + normalized[8..];
        Found = new View(registration, e.Id, e.Title, e.StartsAt, e.EndsAt, e.Venue, e.Format, e.Contact, waiting, cannot is null, cannot);
    }

    /// <summary>「090-****-5678」「t***@example.jp」: enough for the registrant to recognise, little for anyone who saw the number.</summary>
    public static string Mask(string? contact)
    {
        if (string.IsNullOrEmpty(contact))
        {
            return "";
        }

        var at = contact.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            return contact[0] + new string('*', Math.Max(2, at - 1)) + contact[at..];
        }

        var digits = contact.Count(char.IsAsciiDigit);
        var seen = 0;
        return new string([.. contact.Select(c => char.IsAsciiDigit(c) && ++seen > 3 && seen <= digits - 4 ? '*' : c)]);
    }

    public static string StatusText(View v) => v.Registration.Status switch
    {
        RegistrationStatus.Confirmed when v.Registration.PromotedAt is DateTimeOffset at =>
            $"参加確定(キャンセル待ちから繰り上がり、{JapaneseDate.Format(at)}に参加が確定しました)",
        RegistrationStatus.Confirmed => "参加確定",
        RegistrationStatus.Waitlisted => $"キャンセル待ち {v.WaitingNumber}番",
        RegistrationStatus.Cancelled => "取消し済み",
    };
}
