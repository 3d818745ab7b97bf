using System.Security.Cryptography;
using System.Text;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Features.Events;

public enum RegistrationStatus { Confirmed, Waitlisted, Cancelled }

/// <summary>How the registration came: the public form, staff taking a call or a fax, or at the door on the day.</summary>
public enum RegistrationSource { Online, Staff, WalkIn }

/// <summary>What a registrant gives: only what the event asks for (<see cref="Event.AskAffiliation"/> and the rest).</summary>
public sealed record RegistrationDetails(string? Name, string? Contact, string? Affiliation, Audience? Category, string? Accommodation);

/// <summary>
/// The seats of one event. Every change to its registrations touches this row in the same transaction, and the row's
/// version is checked on save: two people taking the last seat at once cannot both get it (the second save fails and is
/// tried again against the new state, <see cref="RegistrationDesk"/>). Kept apart from <see cref="Event"/> so that
/// residents registering never collide with the organiser editing the event.
/// </summary>
public sealed class EventBook : IVersioned
{
    private EventBook()
    {
    }

    public int EventId { get; private set; }
    /// <summary>Set when the book is made with a new event, so the event's id reaches it on the same save.</summary>
    public Event? Event { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }
    public Guid Version { get; set; }

    public static EventBook For(Event e) => new() { Event = e, EventId = e.Id };

    internal void Touch(DateTimeOffset now) => ChangedAt = now;

    /// <summary>
    /// A new registration, confirmed while seats remain, else on the waitlist (when the event keeps one). Duplicates (the
    /// same name and contact, not cancelled) are refused. <paramref name="active"/> are the event's registrations that are
    /// not cancelled, as they stand in this transaction.
    /// </summary>
    public EventRegistration Register(Event e, IReadOnlyCollection<EventRegistration> active, RegistrationDetails details, RegistrationSource source,
        string? confirmationHash, DateTimeOffset now)
    {
        if (e.RegistrationRefusal(now, source != RegistrationSource.Online) is string refusal)
        {
            throw new DomainRuleException(refusal);
        }

        var registration = EventRegistration.Create(e, details, source, confirmationHash, now);
        if (registration.DuplicateKey is not null && active.Any(r => r.DuplicateKey == registration.DuplicateKey))
        {
            throw new DomainRuleException(source == RegistrationSource.Online
                ? "このお名前と連絡先での申込みは、すでに受け付けています。申込番号がわからない場合は、問い合わせ先までご連絡ください。"
                : "同じ氏名・連絡先の申込みがすでにあります。");
        }

        var confirmed = active.Count(r => r.Status == RegistrationStatus.Confirmed);
        if (e.Capacity is int capacity && confirmed >= capacity)
        {
            if (!e.Waitlist)
            {
                throw new DomainRuleException("定員に達したため、申込みを締め切りました。");
            }

            registration.Status = RegistrationStatus.Waitlisted;
        }

        Touch(now);
        return registration;
    }

    /// <summary>A person who came without registering: counted as attending at once, whatever the capacity (they are in the room).</summary>
    public EventRegistration AddWalkIn(Event e, RegistrationDetails details, DateTimeOffset now)
    {
        if (e.Status == EventStatus.Cancelled)
        {
            throw new DomainRuleException("中止した催しには当日参加を記録できません。");
        }

        var registration = EventRegistration.Create(e, details, RegistrationSource.WalkIn, null, now);
        registration.CheckedInAt = now;
        Touch(now);
        return registration;
    }

    /// <summary>
    /// Cancels a registration and, when that frees a seat, moves the first on the waitlist up. Returns who was promoted.
    /// <paramref name="active"/> are the event's registrations that are not cancelled, the cancelled one included.
    /// </summary>
    public IReadOnlyList<EventRegistration> Cancel(Event e, EventRegistration registration, IReadOnlyCollection<EventRegistration> active, bool byStaff, DateTimeOffset now)
    {
        if (registration.Status == RegistrationStatus.Cancelled)
        {
            throw new DomainRuleException("この申込みはすでに取り消されています。");
        }

        if (!byStaff && (e.Status != EventStatus.Planned || now >= e.StartsAt))
        {
            throw new DomainRuleException("開始時刻を過ぎたため、この画面からは取り消せません。問い合わせ先までご連絡ください。");
        }

        if (registration.CheckedInAt is not null)
        {
            throw new DomainRuleException("受付済みの申込みは取り消せません。先に受付を取り消してください。");
        }

        registration.Status = RegistrationStatus.Cancelled;
        registration.CancelledAt = now;
        registration.CancelledByStaff = byStaff;
        Touch(now);
        return Promote(e, active.Where(r => r != registration).ToList(), now);
    }

    /// <summary>Fills free seats from the waitlist in the order people registered (after a cancellation or a larger capacity).</summary>
    public IReadOnlyList<EventRegistration> Promote(Event e, IReadOnlyCollection<EventRegistration> active, DateTimeOffset now)
    {
        if (e.Status != EventStatus.Planned)
        {
            return [];
        }

        var free = e.Capacity is int capacity ? capacity - active.Count(r => r.Status == RegistrationStatus.Confirmed) : int.MaxValue;
        var promoted = active.Where(r => r.Status == RegistrationStatus.Waitlisted).OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id)
            .Take(Math.Max(0, free)).ToList();
        foreach (var r in promoted)
        {
            r.Status = RegistrationStatus.Confirmed;
            r.PromotedAt = now;
        }

        if (promoted.Count > 0)
        {
            Touch(now);
        }

        return promoted;
    }

    /// <summary>Why no one can be checked in at this event now, or null when they can (the roster offers 受付 only then).</summary>
    public static string? CheckInRefusal(Event e, DateTimeOffset now) =>
        e.Status == EventStatus.Cancelled ? "中止した催しでは受付できません。"
        : now < e.StartsAt.AddHours(-12) ? "受付は開催当日から記録できます。"
        : null;

    /// <summary>受付 on the day. Someone on the waitlist who is let in is confirmed by being let in.</summary>
    public void CheckIn(Event e, EventRegistration registration, DateTimeOffset now)
    {
        if (registration.Status == RegistrationStatus.Cancelled)
        {
            throw new DomainRuleException("取り消された申込みは受付できません。当日参加として記録してください。");
        }

        if (CheckInRefusal(e, now) is { } refusal)
        {
            throw new DomainRuleException(refusal);
        }

        registration.Status = RegistrationStatus.Confirmed;
        registration.CheckedInAt ??= now;
        Touch(now);
    }

    public void UndoCheckIn(EventRegistration registration, DateTimeOffset now)
    {
        registration.CheckedInAt = null;
        registration.Completed = false;
        Touch(now);
    }

    /// <summary>修了: a supporter course attendee who finished it becomes a certified supporter.</summary>
    public void SetCompleted(Event e, EventRegistration registration, bool completed, DateTimeOffset now)
    {
        if (e.Kind != EventKind.SupporterCourse)
        {
            throw new DomainRuleException("修了はサポーター養成講座にだけ記録できます。");
        }

        if (completed && registration.CheckedInAt is null)
        {
            throw new DomainRuleException("受付(出席)を記録してから修了にしてください。");
        }

        registration.Completed = completed;
        Touch(now);
    }
}

/// <summary>One person's registration for an event (or a walk-in recorded on the day). Names are optional for walk-ins.</summary>
public sealed class EventRegistration
{
    private EventRegistration()
    {
    }

    public int Id { get; private set; }
    public int EventId { get; private set; }
    public RegistrationStatus Status { get; internal set; }
    public RegistrationSource Source { get; private set; }
    public string? Name { get; private set; }
    public string? Contact { get; private set; }
    public string? Affiliation { get; private set; }
    public Audience? Category { get; private set; }
    /// <summary>配慮が必要なこと (手話通訳, 車椅子席 …), when the event asks.</summary>
    public string? Accommodation { get; private set; }
    /// <summary>Name and contact folded (全角/半角, kana, spaces, hyphens): the same person registering twice has the same key.</summary>
    public string? DuplicateKey { get; private set; }
    /// <summary>SHA-256 of the confirmation number; the number itself is shown once and never stored.</summary>
    public string? ConfirmationHash { get; private set; }
    public DateTimeOffset RegisteredAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; internal set; }
    public bool CancelledByStaff { get; internal set; }
    public DateTimeOffset? PromotedAt { get; internal set; }
    public DateTimeOffset? CheckedInAt { get; internal set; }
    public bool Completed { get; internal set; }
    /// <summary>When the name and contact were deleted after the retention period; the counts stay.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    public bool Attended => CheckedInAt is not null;

    internal static EventRegistration Create(Event e, RegistrationDetails d, RegistrationSource source, string? confirmationHash, DateTimeOffset now)
    {
        var online = source == RegistrationSource.Online;
        var name = Event.Text(d.Name, 100, "氏名");
        var contact = Event.Text(d.Contact, 200, "連絡先");
        if (source != RegistrationSource.WalkIn && name is null)
        {
            throw new DomainRuleException("氏名を入力してください。");
        }

        if (online && contact is null)
        {
            throw new DomainRuleException("連絡先(電話番号またはメールアドレス)を入力してください。");
        }

        if (contact is not null && !LooksLikeContact(contact))
        {
            throw new DomainRuleException("連絡先は電話番号(例: 048-000-0000)またはメールアドレスで入力してください。");
        }

        var category = d.Category ?? e.OnlyAudience;
        if (category is Audience c && ((e.Audiences & c) != c || !EventLabels.Audiences.Contains(c)))
        {
            throw new DomainRuleException("区分は、この催しの対象から選んでください。");
        }

        if (online && e.AskCategory && category is null)
        {
            throw new DomainRuleException("区分を選んでください。");
        }

        return new EventRegistration
        {
            EventId = e.Id,
            Status = RegistrationStatus.Confirmed,
            Source = source,
            Name = name,
            Contact = contact,
            // Only what the event asks for is kept, even if a form sends more.
            Affiliation = e.AskAffiliation || !online ? Event.Text(d.Affiliation, 200, "所属") : null,
            Category = category,
            Accommodation = e.AskAccommodation || !online ? Event.Text(d.Accommodation, 500, "配慮が必要なこと") : null,
            DuplicateKey = name is null || contact is null ? null : DuplicateKeyOf(name, contact),
            ConfirmationHash = confirmationHash,
            RegisteredAt = now,
        };
    }

    /// <summary>Staff correct what the registrant gave (a misheard phone number).</summary>
    public void Correct(Event e, RegistrationDetails d)
    {
        if (ErasedAt is not null)
        {
            throw new DomainRuleException("保存期間を過ぎて個人情報を削除した申込みは修正できません。");
        }

        var fresh = Create(e, d, Source == RegistrationSource.Online ? RegistrationSource.Staff : Source, null, RegisteredAt);
        (Name, Contact, Affiliation, Category, Accommodation, DuplicateKey) = (fresh.Name, fresh.Contact, fresh.Affiliation, fresh.Category, fresh.Accommodation, fresh.DuplicateKey);
    }

    /// <summary>Deletes what identifies the person; what was counted (category, attendance, completion) stays.</summary>
    public void Erase(DateTimeOffset now)
    {
        Name = null;
        Contact = null;
        Affiliation = null;
        Accommodation = null;
        DuplicateKey = null;
        ConfirmationHash = null;
        ErasedAt = now;
    }

    public static string DuplicateKeyOf(string name, string contact)
    {
        var c = contact.Normalize(NormalizationForm.FormKC);
        var folded = c.Contains('@', StringComparison.Ordinal)
            ? c.Trim().ToLowerInvariant()
            : new string([.. c.Where(char.IsAsciiDigit)]);
        return TextNormalizer.SearchKey(name) + "|" + folded;
    }

    private static bool LooksLikeContact(string contact)
    {
        var c = contact.Normalize(NormalizationForm.FormKC).Trim();
        if (c.Contains('@', StringComparison.Ordinal))
        {
            var at = c.IndexOf('@', StringComparison.Ordinal);
            return at > 0 && at < c.Length - 3 && c[(at + 1)..].Contains('.', StringComparison.Ordinal) && !c.Any(char.IsWhiteSpace);
        }

        var digits = c.Count(char.IsAsciiDigit);
        return digits is >= 10 and <= 13 && c.All(ch => char.IsAsciiDigit(ch) || ch is '-' or ' ' or '(' or ')' or '+');
    }
}

/// <summary>
/// Confirmation numbers: the registrant's only key to their registration, so they cannot be guessed. 12 characters of
/// Crockford's base 32 (no I, L, O, U) from the system's secure random generator: 60 bits, written 「7K3M-Q9XP-2D4H」. Only
/// their SHA-256 is stored. Typing is forgiving: full-width, lower case, O for 0 and I or L for 1 are all read.
/// </summary>
public static class ConfirmationNumber
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 12;

    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return $"{chars[..4]}-{chars[4..8]}-{chars[8..]}";
    }

    /// <summary>The canonical 12 characters, or null when the text cannot be a confirmation number.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var sb = new StringBuilder(Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormKC).ToUpperInvariant())
        {
            var c = ch switch { 'O' => '0', 'I' or 'L' => '1', _ => ch };
            if (Alphabet.Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
            }
            else if (c is not ('-' or ' ' or 'ー' or '−'))
            {
                return null;
            }
        }

        return sb.Length == Length ? sb.ToString() : null;
    }

    public static string Hash(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized)));
}
