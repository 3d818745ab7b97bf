using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Nimo.Features.Forums;

/// <summary>
/// Meetings as an RFC 5545 calendar, written by Ical.Net so that any calendar client reads it. Times are UTC (the
/// client shows them in its own zone); minutes never go into the feed, only title, place, format and agenda.
/// </summary>
public static class ForumCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string ToIcs(string name, IEnumerable<Meeting> meetings, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = "-//Nimo//協議の場//JA" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", "Asia/Tokyo");
        foreach (var m in meetings)
        {
            var description = $"{m.Forum.Name}({Meeting.FormatLabels[m.Format]})";
            if (m.Agenda is not null)
            {
                description += "\n議題:\n" + string.Join("\n", m.AgendaItems.Select(a => "・" + a));
            }

            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"nimo-meeting-{m.Id}",
                Summary = $"{m.Forum.Name} {m.Title}",
                Start = new CalDateTime(m.StartsAt.UtcDateTime),
                End = new CalDateTime((m.EndsAt ?? m.StartsAt.AddHours(1)).UtcDateTime),
                Location = m.Place,
                Description = description,
                Status = m.Status == MeetingStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
                DtStamp = new CalDateTime(now.UtcDateTime),
            });
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
