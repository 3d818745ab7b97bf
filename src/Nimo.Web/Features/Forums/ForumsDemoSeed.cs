using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Demo;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Forums;

public sealed class ForumsDemoSeed : IDemoSeed
{
    /// <summary>Which demo organisation runs the forums of each seed region, so the demo accounts can manage them.</summary>
    private static readonly Dictionary<string, string> SecretariatByRegion = new(StringComparer.Ordinal)
    {
        ["110001"] = "saitama-pref", ["112038"] = "kawaguchi-hc", ["131105"] = "meguro-city", ["332020"] = "kurashiki-hc", ["131059"] = "bunkyo-city",
    };

    /// <summary>
    /// The seeds' forums, members, FY schedules and regional issues (demo-forums.json, extracted from the seed documents).
    /// 埼玉's 「保健所ごとの協議の場」 becomes one forum per 保健所圏域, run by that 保健所. Loaded once.
    /// </summary>
    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var (db, clock) = (demo.Db, demo.Clock);
        if (await db.Forums.AnyAsync(ct))
        {
            return;
        }

        var seed = Read();
        var orgs = await OrganizationsDemoSeed.ByKeyAsync(db, ct);
        var regions = await db.Regions.ToListAsync(ct);
        var allOrgs = await db.Organizations.Include(o => o.Region).ToListAsync(ct);
        var forums = new Dictionary<string, Forum>(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var f in seed.Forums)
        {
            var region = regions.Single(r => r.Code == f.Region);
            var parent = f.Parent is null ? null : forums[f.Parent];
            var secretariat = SecretariatByRegion.TryGetValue(f.Region, out var orgKey) ? orgs[orgKey] : null;
            if (f.Key == "saitama-hc-forums")
            {
                // One forum per 保健所圏域, each run by its 保健所.
                foreach (var area in regions.Where(r => r.Kind == RegionKind.HealthArea && r.ParentId == region.Id).OrderBy(r => r.Kana))
                {
                    var healthCenter = allOrgs.FirstOrDefault(o => o.RegionId == area.Id && o.Kind == OrganizationKind.HealthCenter);
                    var areaForum = Forum.Create(area, $"{area.Name}の協議の場", ForumKind.Main, parent);
                    areaForum.Update(areaForum.Name, ForumKind.Main, parent, f.Purpose, healthCenter, f.Frequency, ForumStatus.Established, f.Activities, f.Notes);
                    AddMembers(areaForum, f, allOrgs, region);
                    db.Forums.Add(areaForum);
                }

                continue;
            }

            var forum = Forum.Create(region, f.Name, f.Kind, parent);
            forum.Update(f.Name, f.Kind, parent, f.Purpose, secretariat, f.Frequency, f.Status, f.Activities, f.Notes);
            AddMembers(forum, f, allOrgs, region);
            db.Forums.Add(forum);
            forums[f.Key] = forum;
            foreach (var m in f.Meetings)
            {
                // A schedule row gives only the month: the meeting is put on the 1st and says so.
                var monthOnly = m.Date.Length == 7;
                var day = DateOnly.ParseExact(monthOnly ? m.Date + "-01" : m.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                var (start, end) = ParseTimes(m.Time);
                var startsAt = new DateTimeOffset(day.ToDateTime(start), JapanTime.Offset);
                var meeting = Meeting.Create(forum, m.Title, startsAt, end is TimeOnly e ? new DateTimeOffset(day.ToDateTime(e), JapanTime.Offset) : null,
                    m.Format ?? MeetingFormat.InPerson, monthOnly ? "(日程は月のみ判明)" : null);
                meeting.Schedule(meeting.Title, meeting.StartsAt, meeting.EndsAt, meeting.Format, meeting.Place, m.Status);
                meeting.Record(m.Agenda.Count == 0 ? null : string.Join("\n", m.Agenda), null, false, null);
                db.Meetings.Add(meeting);
            }
        }

        foreach (var i in seed.Issues)
        {
            db.RegionalIssues.Add(RegionalIssue.Raise(forums[i.Forum], null, null, i.Title, i.Description, i.Category, null, "demo", now));
        }

        await db.SaveChangesAsync(ct);
    }

    private static void AddMembers(Forum forum, DemoForum seed, List<Organization> orgs, Region region)
    {
        foreach (var m in seed.Members)
        {
            // A body the demo data knows (in the same prefecture) is linked; otherwise its name is kept as written.
            var prefecturePath = Profiles.ProfileQueries.PrefecturePath(region.Path);
            var org = m.Organization is null ? null : orgs.FirstOrDefault(o => o.Name == m.Organization && o.Region.Path.StartsWith(prefecturePath, StringComparison.Ordinal));
            forum.AddMember(org, org is null ? m.Organization ?? m.Person : m.Person, m.Role, m.Sector, null, null, null);
        }
    }

    private static (TimeOnly Start, TimeOnly? End) ParseTimes(string? text)
    {
        if (text is null)
        {
            return (new TimeOnly(10, 0), null);
        }

        var parts = text.Split('-', '～', '〜');
        var start = TimeOnly.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        return (start, parts.Length > 1 ? TimeOnly.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : null);
    }

    public static DemoForumSeed Read() => DemoData.ReadJson<DemoForumSeed>("demo-forums.json");
}

public sealed record DemoForumSeed(List<DemoForum> Forums, List<DemoIssue> Issues);
public sealed record DemoForum(string Key, string Region, string Layer, string? Parent, ForumKind Kind, string Name, string? Purpose, string? Secretariat,
    string? Frequency, ForumStatus Status, string? Activities, string? Notes, List<DemoMember> Members, List<DemoMeeting> Meetings);
public sealed record DemoMember(string? Organization, string? Person, MemberRole Role, Sector Sector);
public sealed record DemoMeeting(string Date, string? Time, string Title, MeetingFormat? Format, List<string> Agenda, MeetingStatus Status);
public sealed record DemoIssue(string Forum, string Title, string? Description, IssueCategory Category);
