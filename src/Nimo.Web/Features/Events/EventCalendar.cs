using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Nimo.Features.Events;

/// <summary>Published events as RFC 5545, written by Ical.Net: title, time, place and the page's address; nothing about who comes.</summary>
public static class EventCalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static byte[] ToIcs(string name, IEnumerable<(int Id, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Venue, EventStatus Status, string? Description)> events,
        string? baseUrl, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = "-//Nimo//研修・講演会//JA" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", "Asia/Tokyo");
        foreach (var e in events)
        {
            // Only the configured address (Nimo:PublicBaseUrl), never the request's Host header: the file may sit in a shared cache.
            var url = baseUrl is null ? null : $"{baseUrl.TrimEnd('/')}/public/events/{e.Id}";
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"nimo-event-{e.Id}",
                Summary = e.Title,
                Start = new CalDateTime(e.StartsAt.UtcDateTime),
                End = new CalDateTime(e.EndsAt.UtcDateTime),
                Location = e.Venue,
                Description = (e.Description ?? "") + (url is null ? "" : (e.Description is null ? "" : "\n\n") + "詳細・申込み: " + url),
                Url = url is null ? null : new Uri(url),
                Status = e.Status == EventStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
                DtStamp = new CalDateTime(now.UtcDateTime),
            });
        }

        return System.Text.Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar) ?? "");
    }
}
