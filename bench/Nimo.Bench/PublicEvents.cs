using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;
using Nimo.Features.Organizations;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;

namespace Nimo.Bench;

/// <summary>
/// Published events for the residents' list: 2,000 coming events of 保健所 across the nation, dated from the day of the run
/// (a world generated months ago would otherwise show an empty list). Added once per run when fewer are coming; the app,
/// already started (it migrated the tables), sees them at its next request through the list's stamp.
/// </summary>
internal static class PublicEvents
{
    public const int Count = 2_000;

    public static async Task EnsureAsync(string provider, string connection)
    {
        await using var app = Generator.Build(provider, connection);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var now = DateTimeOffset.UtcNow;
        var horizon = now.AddDays(7);
        if (await db.Events.CountAsync(e => e.IsPublished && e.StartsAt > horizon) >= Count * 3 / 4)
        {
            return;
        }

        var centres = await db.Organizations.Include(o => o.Region).Where(o => o.Kind == OrganizationKind.HealthCenter).OrderBy(o => o.Id).Take(500).ToListAsync();
        var today = JapanTime.Today(TimeProvider.System);
        EventKind[] kinds = [EventKind.Lecture, EventKind.SupporterCourse, EventKind.Training, EventKind.Exchange, EventKind.OutreachLecture];
        for (var i = 0; i < Count; i++)
        {
            var org = centres[i % centres.Count];
            var starts = new DateTimeOffset(today.AddDays(8 + (i % 170)).ToDateTime(new TimeOnly(10 + (i % 6), 0)), JapanTime.Offset);
            var kind = kinds[i % kinds.Length];
            var e = Event.Create(new EventInput(kind, $"{org.Region.Name} こころの健康{EventLabels.Kinds[kind]} 第{i / centres.Count + 1}回", "合成データの催し。",
                Audience.Residents | (i % 3 == 0 ? Audience.Families : Audience.None), EventFormat.InPerson, $"{org.Name} 講堂", null, null, starts, starts.AddHours(2),
                40 + (i % 5) * 20, true, null, false, false, false, false, null, $"{org.Name} 精神保健担当", 180, null, false), org, org.Region, now, "bench");
            e.Publish(now, "bench");
            db.Events.Add(e);
            db.EventBooks.Add(EventBook.For(e));
            if (i % 500 == 499)
            {
                await db.SaveChangesAsync();
            }
        }

        await EventListingStamp.TouchAsync(db, default);
        await db.SaveChangesAsync();
    }
}
