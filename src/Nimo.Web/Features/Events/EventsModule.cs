using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;
using Nimo.Platform.Auditing;
using Nimo.Platform.Cli;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Events;

/// <summary>
/// Awareness and training events (issue 16): staff pages under /Events, the residents' pages under /public/events, live
/// counts for plan indicators, a home-page panel for results not yet recorded, the retention job that deletes registrants'
/// names after the event, the demo events, and the <c>public-role</c> verb that prepares the database role of a Public
/// instance.
/// </summary>
public sealed partial class EventsModule : IFeatureModule
{
    public static void Add(FeatureBuilder feature)
    {
        feature.Nav("研修・啓発", "/Events", 60);
        feature.Services.AddScoped<RegistrationDesk>();
        feature.Services.AddSingleton<PublicCatalog>();
        feature.Services.AddOutputCache(o => o.AddPolicy(Public.PublicListOutputPolicy.Name, new Public.PublicListOutputPolicy()));
        feature.PublicFolder("/Events/Public");

        foreach (var kind in Enum.GetValues<EventKind>())
        {
            feature.Services.AddSingleton<ILiveCountSource>(new EventsHeldSource(kind));
        }

        foreach (var audience in new[] { Audience.MunicipalStaff, Audience.MedicalStaff, Audience.WelfareStaff, Audience.ForumMembers })
        {
            feature.Services.AddSingleton<ILiveCountSource>(new TrainingsForAudienceSource(audience));
        }

        feature.Services.AddSingleton<ILiveCountSource>(new AttendeesSource(null));
        foreach (var audience in EventLabels.Audiences)
        {
            feature.Services.AddSingleton<ILiveCountSource>(new AttendeesSource(audience));
        }

        feature.LiveCount<SupportersCertifiedSource>()
            .LiveCount<SupportersCumulativeSource>();
        feature.Services.AddSingleton<ILiveCountSource>(new RegionsWithTrainingSource(RegionKind.HealthArea));
        feature.Services.AddSingleton<ILiveCountSource>(new RegionsWithTrainingSource(RegionKind.Municipality));

        feature.HomePanel<EventsHomePanel>()
            .DemoSeed<EventsDemoSeed>()
            .Job<RegistrationRetention>()
            .Verb("public-role", "public-role --role NAME", PublicRoleAsync);
    }

    /// <summary>
    /// Grants the role a Public instance connects with exactly what its pages need, and row-level rules that keep it to
    /// published events: read the published events (and the names of their organisers and regions), read, take and cancel
    /// registrations of those, add questionnaire answers. Nothing else: not the users, sessions, tokens, keys, audit log or
    /// any personal record of the staff side. Run as the owner after <c>migrate</c>, again after each upgrade; it starts from
    /// a clean slate each time. The role itself is made by the DBA (<c>createuser --pwprompt nimo_public</c>).
    /// </summary>
    private static async Task<int> PublicRoleAsync(IServiceProvider sp, string[] args)
    {
        var i = Array.IndexOf(args, "--role");
        var role = i >= 0 && i + 1 < args.Length ? args[i + 1] : throw new Cli.UsageException("public-role --role NAME");
        var db = sp.GetRequiredService<NimoDbContext>();
        if (db.Provider != DatabaseProvider.Postgres)
        {
            throw new Cli.CliException("public-role は PostgreSQL 用です。SQLite には利用者の区別がないため、公開用インスタンスは同じファイルを共有できません(docs/deploy.md)。");
        }

        if (!RoleName().IsMatch(role))
        {
            throw new Cli.CliException($"ロール名「{role}」は英小文字・数字・_ で書いてください。");
        }

        var found = await db.Database.SqlQuery<bool>($"SELECT (rolsuper OR rolbypassrls) AS \"Value\" FROM pg_roles WHERE rolname = {role}").ToListAsync();
        if (found.Count == 0)
        {
            throw new Cli.CliException($"ロール「{role}」がありません。先に作成してください(例: sudo -u postgres createuser --pwprompt {role})。");
        }

        if (found[0])
        {
            throw new Cli.CliException($"ロール「{role}」はスーパーユーザーか BYPASSRLS のため、行単位の制限が効きません。権限のないロールを作成してください。");
        }

        // Then what other modules' public pages read (the resource directory), registered with PublicRoleGrants.
        foreach (var sql in PublicRoleSql(role).Concat(sp.GetServices<PublicRoleGrant>().SelectMany(g => g.Statements(role))))
        {
            await db.Database.ExecuteSqlRawAsync(sql);
        }

        await sp.GetRequiredService<AuditLog>().WriteAsync(AuditActions.Update, "DatabaseRole", role, detail: "公開用インスタンスのロールに権限を設定");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ロール「{role}」に公開ページ用の権限を設定しました(公開中の催しとその申込み、ほかの公開ページが読む公開中の記録のみ)。"));
        return 0;
    }

    /// <summary>The statements, in order; public for the tests that prove the role can do no more.</summary>
    public static IEnumerable<string> PublicRoleSql(string role)
    {
        var r = "\"" + role + "\"";
        const string publishedEvent = "EXISTS (SELECT 1 FROM \"Events\" e WHERE e.\"Id\" = \"EventId\")";
        yield return $"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}";
        yield return $"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {r}";
        yield return $"GRANT USAGE ON SCHEMA public TO {r}";
        yield return $"GRANT SELECT ON \"__EFMigrationsHistory\" TO {r}";
        yield return $"GRANT SELECT (\"Id\", \"Name\") ON \"Organizations\" TO {r}";
        yield return $"GRANT SELECT (\"Id\", \"Name\", \"Path\", \"Kind\", \"Code\") ON \"Regions\" TO {r}";
        yield return $"GRANT SELECT ON \"Events\", \"EventCoHosts\", \"QuestionnaireItems\" TO {r}";
        yield return $"GRANT SELECT, INSERT, UPDATE ON \"EventRegistrations\" TO {r}";
        yield return $"GRANT SELECT, UPDATE ON \"EventBooks\", \"EventListingStamps\" TO {r}";
        yield return $"GRANT INSERT ON \"QuestionnaireResponses\", \"QuestionnaireAnswers\" TO {r}";
        // INSERT … RETURNING "Id" needs to read the new id, and nothing more.
        yield return $"GRANT SELECT (\"Id\", \"EventId\") ON \"QuestionnaireResponses\" TO {r}";
        yield return $"GRANT SELECT (\"Id\", \"ResponseId\") ON \"QuestionnaireAnswers\" TO {r}";

        // Row-level rules. The owner (the staff side) is not bound by them; the public role sees published events only, and
        // through them only their rows elsewhere (a policy's subquery on "Events" is itself filtered by the policy there).
        yield return "ALTER TABLE \"Events\" ENABLE ROW LEVEL SECURITY";
        yield return "DROP POLICY IF EXISTS nimo_public ON \"Events\"";
        yield return $"CREATE POLICY nimo_public ON \"Events\" FOR SELECT TO {r} USING (\"IsPublished\" AND NOT \"IsSensitive\")";
        foreach (var table in new[] { "EventCoHosts", "QuestionnaireItems", "EventBooks", "EventRegistrations" })
        {
            yield return $"ALTER TABLE \"{table}\" ENABLE ROW LEVEL SECURITY";
            yield return $"DROP POLICY IF EXISTS nimo_public ON \"{table}\"";
            yield return $"CREATE POLICY nimo_public ON \"{table}\" TO {r} USING ({publishedEvent}) WITH CHECK ({publishedEvent})";
        }

        yield return "ALTER TABLE \"QuestionnaireResponses\" ENABLE ROW LEVEL SECURITY";
        yield return "DROP POLICY IF EXISTS nimo_public ON \"QuestionnaireResponses\"";
        yield return $"CREATE POLICY nimo_public ON \"QuestionnaireResponses\" TO {r} USING (EXISTS (SELECT 1 FROM \"Events\" e WHERE e.\"Id\" = \"EventId\" AND e.\"QuestionnaireOnline\")) WITH CHECK (EXISTS (SELECT 1 FROM \"Events\" e WHERE e.\"Id\" = \"EventId\" AND e.\"QuestionnaireOnline\") AND \"Source\" = 'Online')";
        yield return "ALTER TABLE \"QuestionnaireAnswers\" ENABLE ROW LEVEL SECURITY";
        yield return "DROP POLICY IF EXISTS nimo_public ON \"QuestionnaireAnswers\"";
        yield return $"CREATE POLICY nimo_public ON \"QuestionnaireAnswers\" TO {r} USING (EXISTS (SELECT 1 FROM \"QuestionnaireResponses\" q WHERE q.\"Id\" = \"ResponseId\")) WITH CHECK (EXISTS (SELECT 1 FROM \"QuestionnaireResponses\" q WHERE q.\"Id\" = \"ResponseId\"))";
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex RoleName();
}

/// <summary>
/// Deletes registrants' names and contacts once the event's retention period (開催後の保存期間) has passed, as the public
/// form promises. What was counted stays: category, attendance, completion. Daily, from 02:00 JST, by the leading instance.
/// </summary>
public sealed class RegistrationRetention : IScheduledJob
{
    public string Name => "RegistrationsErased";

    public string? DueKey(DateTimeOffset tick)
    {
        var jst = JapanTime.ToJst(tick);
        return jst.Hour < 2 ? null : DateOnly.FromDateTime(jst.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public async Task<(AuditOutcome Outcome, string Detail)> RunAsync(IServiceProvider services, DateTimeOffset tick, CancellationToken ct)
    {
        var db = services.GetRequiredService<NimoDbContext>();
        var erased = await EraseDueAsync(db, tick, ct);
        return (AuditOutcome.Success, $"保存期間を過ぎた催しの申込者{erased}人の氏名・連絡先を削除");
    }

    public static async Task<int> EraseDueAsync(NimoDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var earliest = now.AddDays(-Event.MinRetentionDays);
        var candidates = await db.Events.AsNoTracking()
            .Where(e => e.EndsAt < earliest && db.EventRegistrations.Any(r => r.EventId == e.Id && r.ErasedAt == null))
            .Select(e => new { e.Id, e.EndsAt, e.RetentionDays }).ToListAsync(ct);
        var due = candidates.Where(e => e.EndsAt.AddDays(e.RetentionDays) <= now).Select(e => e.Id).ToList();
        var count = 0;
        foreach (var chunk in due.Chunk(200))
        {
            var registrations = await db.EventRegistrations.Where(r => chunk.Contains(r.EventId) && r.ErasedAt == null).ToListAsync(ct);
            registrations.ForEach(r => r.Erase(now));
            count += registrations.Count;
            await db.SaveChangesAsync(ct);
        }

        return count;
    }
}
