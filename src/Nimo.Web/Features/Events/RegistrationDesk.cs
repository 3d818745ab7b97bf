using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Features.Events;

/// <summary>The event, its seat book and its live registrations, tracked, as one change sees them.</summary>
public sealed record Booking(Event Event, EventBook Book, List<EventRegistration> Active, NimoDbContext Db, DateTimeOffset Now);

/// <summary>
/// Every change to an event's registrations goes through here: load the book and the live registrations, apply the change,
/// move the public list's stamp when residents can see the event, save; when another change to the same event committed in
/// between (the book's version moved), start again from the new state. Public and staff pages share it, so the waitlist
/// rules are the same whoever types the registration.
/// </summary>
public sealed class RegistrationDesk(NimoDbContext db, TimeProvider clock)
{
    private const int Attempts = 6;

    /// <param name="eventId">The event.</param>
    /// <param name="publishedOnly">True on the public pages: an event that is not published does not exist there.</param>
    /// <param name="change">Stages the change (and its audit entry) on the booking; runs again on a retry, on fresh state.</param>
    /// <param name="ct">Cancels the work.</param>
    /// <returns>What <paramref name="change"/> returned on the attempt that committed; null when there is no such event.</returns>
    public async Task<T?> ChangeAsync<T>(int eventId, bool publishedOnly, Func<Booking, T> change, CancellationToken ct) where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var e = await db.Events.AsNoTracking().SingleOrDefaultAsync(x => x.Id == eventId && (!publishedOnly || (x.IsPublished && !x.IsSensitive)), ct);
            if (e is null)
            {
                return null;
            }

            var book = await db.EventBooks.SingleAsync(b => b.EventId == eventId, ct);
            var active = await db.EventRegistrations.Where(r => r.EventId == eventId && r.Status != RegistrationStatus.Cancelled)
                .OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).ToListAsync(ct);
            var result = change(new Booking(e, book, active, db, clock.GetUtcNow()));
            if (!db.ChangeTracker.HasChanges())
            {
                // Nothing was changed (a registration that is not this event's): the list residents see has not moved either.
                return result;
            }

            if (e.IsPublished)
            {
                await EventListingStamp.TouchAsync(db, ct);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                // Someone else changed this event's registrations first: decide again on what is there now.
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new DomainRuleException("申込みが混み合っているため、処理できませんでした。少し時間をおいて、もう一度お試しください。");
            }
            catch (DbUpdateException x) when (IsUniqueViolation(x) && attempt < Attempts)
            {
                // Two identical posts raced past the duplicate check; the next attempt sees the winner and refuses with the message.
            }
        }
    }

    /// <summary>Takes a registration; for the public form, returns the confirmation number (shown once, only its hash kept).</summary>
    public async Task<(EventRegistration Registration, string? Number)?> RegisterAsync(int eventId, RegistrationDetails details, RegistrationSource source,
        Action<Booking, EventRegistration>? stage, CancellationToken ct)
    {
        var online = source == RegistrationSource.Online;
        var result = await ChangeAsync(eventId, online, booking =>
        {
            var number = online ? ConfirmationNumber.New() : null;
            var registration = booking.Book.Register(booking.Event, booking.Active, details, source,
                number is null ? null : ConfirmationNumber.Hash(ConfirmationNumber.Normalize(number)!), booking.Now);
            booking.Db.EventRegistrations.Add(registration);
            stage?.Invoke(booking, registration);
            return new Tuple<EventRegistration, string?>(registration, number);
        }, ct);
        return result is null ? null : (result.Item1, result.Item2);
    }

    private static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode == 19,
        Npgsql.PostgresException p => p.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
