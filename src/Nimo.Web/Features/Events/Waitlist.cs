using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;

namespace Nimo.Features.Events;

public static class Waitlist
{
    /// <summary>「キャンセル待ち N番」: how many of the event's waiting registrations came before this one, plus one.</summary>
    public static async Task<int> PositionAsync(NimoDbContext db, EventRegistration r, CancellationToken ct) =>
        1 + await db.EventRegistrations.CountAsync(x => x.EventId == r.EventId && x.Status == RegistrationStatus.Waitlisted
            && (x.RegisteredAt < r.RegisteredAt || (x.RegisteredAt == r.RegisteredAt && x.Id < r.Id)), ct);
}

public static class Questionnaires
{
    /// <summary>The public questionnaire is open from the event's start until 30 days after its end, when the organiser offers it.</summary>
    public static bool OpenOnline(Event e, DateTimeOffset now) =>
        e.QuestionnaireOnline && e.IsPublished && !e.IsSensitive && e.Status != EventStatus.Cancelled && now >= e.StartsAt && now <= e.EndsAt.AddDays(30);
}
