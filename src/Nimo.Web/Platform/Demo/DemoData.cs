using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Plans;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform.Csv;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;
using Nimo.Platform.Scoping;

namespace Nimo.Platform.Demo;

/// <summary>
/// Demo mode: the five seed regions (with 埼玉県's areas and municipalities), their named organisations and
/// departments, and the demo accounts listed in the README. Idempotent: runs on every start, adds what is missing.
/// </summary>
public static class DemoData
{
    /// <summary>Documented in the README. Only ever created in demo mode.</summary>
    public const string DemoPassword = "demo-nimo-2026-sakura";

    public static readonly IReadOnlyList<(string UserName, string DisplayName, string Role, string OrganizationKey)> Accounts =
    [
        ("admin", "システム管理者(デモ)", Roles.Admin, "nimo-admin"),
        // The second administrator that approves what the first asks for (four eyes: 承認待ちの変更).
        ("admin2", "システム管理者2(デモ・承認用)", Roles.Admin, "nimo-admin"),
        ("saitama", "埼玉県 障害者福祉推進課(デモ)", Roles.PrefectureStaff, "saitama-pref"),
        ("kawaguchi", "川口市保健所(デモ)", Roles.MunicipalStaff, "kawaguchi-hc"),
        ("meguro", "目黒区 保健予防課(デモ)", Roles.MunicipalStaff, "meguro-city"),
        ("kurashiki", "倉敷市保健所(デモ)", Roles.MunicipalStaff, "kurashiki-hc"),
        ("bunkyo", "文京区(デモ)", Roles.MunicipalStaff, "bunkyo-city"),
        ("kawaguchi-partner", "川口市 相談支援事業所職員(デモ)", Roles.PartnerStaff, "kawaguchi-partner"),
        // A 県保健所: runs its 保健所圏域's forum (secretariat) and works in its area, under the prefecture.
        ("asaka", "埼玉県朝霞保健所(デモ)", Roles.MunicipalStaff, "saitama-asaka-hc"),
    ];

    public static async Task LoadAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var seed = Read();
        var orgs = await LoadRegionsAndOrganizationsAsync(db, seed, ct);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<NimoUser>>();
        foreach (var (userName, displayName, role, orgKey) in Accounts)
        {
            if (await users.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var user = new NimoUser { UserName = userName, DisplayName = displayName, OrganizationId = orgs[orgKey].Id, CreatedAt = clock.GetUtcNow() };
            Check(await users.CreateAsync(user, DemoPassword));
            Check(await users.AddToRoleAsync(user, role));
            if (role is Roles.MunicipalStaff or Roles.PrefectureStaff)
            {
                // Each demo office's account also reviews its clients' 「閲覧記録」 (designated by the administrator in a real installation).
                Check(await users.AddClaimAsync(user, new System.Security.Claims.Claim(Features.Clients.AccessReviewers.ClaimType,
                    Features.Clients.AccessReviewers.ClaimValue(user.OrganizationId))));
            }
        }

        await LoadProfilesAsync(db, clock, ct);
        await LoadForumsAsync(db, orgs, clock, ct);
        await LoadHistoryAsync(db, ct);
        // The clients before the plans: the plans' live indicators count them, and an evaluated year freezes the count.
        await LoadSupportAsync(db, orgs, clock, ct);
        await LoadPlansAsync(db, scope.ServiceProvider.GetServices<ILiveCountSource>(), clock, ct);

        // Then each feature module's own seeds, in the order Program.cs adds the modules.
        var demo = new DemoContext(scope.ServiceProvider, db, clock);
        foreach (var featureSeed in scope.ServiceProvider.GetServices<IDemoSeed>())
        {
            await featureSeed.LoadAsync(demo, ct);
        }
    }

    /// <summary>「取組の経緯」 of 目黒区 and 倉敷市 as their sheets list them (demo-history.csv). Loaded once.</summary>
    public static async Task LoadHistoryAsync(NimoDbContext db, CancellationToken ct)
    {
        if (await db.HistoryEntries.AnyAsync(ct))
        {
            return;
        }

        await using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("Nimo.Platform.Demo.demo-history.csv")
            ?? throw new InvalidOperationException("demo-history.csv is not embedded.");
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, ct);
        var csv = CsvFile.Read(memory.ToArray(), CsvEncoding.Utf8, ["団体コード", "時期", "内容"]);
        var regions = await db.Regions.Where(r => r.Code != null).ToDictionaryAsync(r => r.Code!, ct);
        foreach (var row in csv.Rows)
        {
            if (!HistoryEntry.TryParseWhen(row.Get("時期"), out var when, out var ongoing))
            {
                throw new InvalidOperationException($"demo-history.csv line {row.Line}: {row.Get("時期")}");
            }

            db.HistoryEntries.Add(HistoryEntry.Create(regions[row.Get("団体コード")], when, ongoing, row.Get("内容")));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The seed regions' plans as their sheets publish them (demo-plans.json): 目黒 R6, 埼玉 R5, 倉敷 R6 and 川口 R5 in
    /// full, and the year before each with the indicators the sheet's §4 reports, evaluated. Indicators whose records
    /// Nimo holds count them live (目黒's outreach and 退院後支援, 川口's 連携票, 倉敷's forum meetings); an evaluated
    /// year freezes its count, which for 目黒 R5 is the seed's own figure made by the demo clients. Loaded once.
    /// </summary>
    public static async Task LoadPlansAsync(NimoDbContext db, IEnumerable<ILiveCountSource> sources, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Plans.AnyAsync(ct))
        {
            return;
        }

        await using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("Nimo.Platform.Demo.demo-plans.json")
            ?? throw new InvalidOperationException("demo-plans.json is not embedded.");
        var seed = await JsonSerializer.DeserializeAsync<DemoPlanSeed>(stream, JsonOptions, ct) ?? throw new InvalidOperationException("demo-plans.json is empty.");
        await using var forumStream = typeof(DemoData).Assembly.GetManifestResourceStream("Nimo.Platform.Demo.demo-forums.json")
            ?? throw new InvalidOperationException("demo-forums.json is not embedded.");
        var forumSeed = await JsonSerializer.DeserializeAsync<DemoForumSeed>(forumStream, JsonOptions, ct) ?? throw new InvalidOperationException("demo-forums.json is empty.");
        var regions = await db.Regions.Where(r => r.Code != null).ToDictionaryAsync(r => r.Code!, ct);
        var forums = await db.Forums.AsNoTracking().Select(f => new { f.Id, f.RegionId, f.Name }).ToListAsync(ct);
        foreach (var p in seed.Plans)
        {
            var region = regions[p.Region];
            var plan = Plan.Create(region, p.FiscalYear);
            var linkage = p.Linkage;
            plan.SetTexts(new PlanTexts(p.Title, p.Lead, null, p.Overview, p.Strengths, p.System, p.OtherMatters, p.UsageEndYear, p.LongTermGoal, p.ShortTermGoal,
                p.SmallSteps,
                [linkage?.Health?[0], linkage?.Medical?[0], linkage?.Welfare?[0], linkage?.Other?[0]],
                [linkage?.Health?[1], linkage?.Medical?[1], linkage?.Welfare?[1], linkage?.Other?[1]]));
            var challenges = p.Challenges.Select(c => plan.AddChallenge(c.Title, c.Policy, [c.Roles.Government, c.Roles.Medical, c.Roles.Welfare, c.Roles.Others], null)).ToList();
            foreach (var i in p.Indicators)
            {
                int? forumId = null;
                if (i.Live is { Forum: { } forumKey })
                {
                    var name = forumSeed.Forums.Single(f => f.Key == forumKey).Name;
                    forumId = forums.Single(f => f.RegionId == region.Id && f.Name == name).Id;
                }

                var indicator = plan.AddIndicator(new IndicatorInput(i.Name, i.Unit, i.Basis, i.Direction, i.Baseline, i.Target, i.Actual, i.Population,
                    i.ExpectedEffect, i.AchievedEffect,
                    i.Live is { Source: var key } ? sources.Find(key) ?? throw new InvalidOperationException($"demo-plans.json names the live-count source '{key}', which no module registers.") : null,
                    forumId, null));
                indicator.Challenge = i.Challenge is int index ? challenges[index] : null;
            }

            foreach (var s in p.Schedule)
            {
                plan.AddScheduleItem(s.Kind, s.FiscalYear, s.When, s.Title, s.Detail, null);
            }

            var yearEnd = new DateTimeOffset(new Japanese.FiscalYear(p.FiscalYear).End.ToDateTime(new TimeOnly(17, 0)), Japanese.JapanTime.Offset);
            plan.Stamp("デモデータ", p.Evaluated ? yearEnd : clock.GetUtcNow());
            db.Plans.Add(plan);
            if (p.Evaluated)
            {
                // The indicators need their ids before the live counts can be keyed by them.
                await db.SaveChangesAsync(ct);
                var counts = await LiveCounts.ForPlanAsync(db, sources, plan, UserScope.Anonymous, JapanTime.Today(clock), new Features.Clients.PrivacyOptions().SuppressBelow, ct);
                plan.Evaluate(counts.Numbers(), "デモデータ(報告様式より)", yearEnd);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    private static readonly string[] FamilyNames = ["見本", "試験", "架空", "仮名", "例示", "模擬"];
    private static readonly string[] FamilyKana = ["みほん", "しけん", "かくう", "かめい", "れいじ", "もぎ"];
    private static readonly string[] GivenNames = ["一郎", "花子", "太郎", "春子", "次郎", "夏子", "三郎", "秋子", "四郎", "冬子"];
    private static readonly string[] GivenKana = ["いちろう", "はなこ", "たろう", "はるこ", "じろう", "なつこ", "さぶろう", "あきこ", "しろう", "ふゆこ"];

    /// <summary>
    /// Fictional clients only (「見本 一郎」, 「試験 花子」: names no one has), enough to make the seeds' counts: 目黒 R5
    /// 16 措置入院者 identified of whom 12 supported with a consented plan (4 相談支援のみ) and 12 outreach clients; 川口
    /// R4 9 liaison sheets to a 相談支援事業所; 倉敷 6 地域移行支援 clients with grants. Loaded once.
    /// </summary>
    public static async Task LoadSupportAsync(NimoDbContext db, Dictionary<string, Organization> orgs, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Clients.AnyAsync(ct))
        {
            return;
        }

        var today = JapanTime.Today(clock);
        var now = clock.GetUtcNow();
        var regions = await db.Regions.Where(r => r.Code != null).ToDictionaryAsync(r => r.Code!, ct);
        var rules = new Features.Cases.DischargeSupportRules();
        var n = 0;
        Features.Clients.Client NewClient(Organization owner, string regionCode)
        {
            var i = n++;
            var birth = new DateOnly(1950 + (i * 7 % 50), 1 + (i % 12), 1 + (i * 3 % 28));
            var client = Features.Clients.Client.Register(owner, regions[regionCode], $"{FamilyNames[i % FamilyNames.Length]} {GivenNames[i / FamilyNames.Length % GivenNames.Length]}",
                $"{FamilyKana[i % FamilyKana.Length]} {GivenKana[i / FamilyKana.Length % GivenKana.Length]}", birth,
                i % 2 == 0 ? Features.Clients.Sex.Male : Features.Clients.Sex.Female, today, "デモデータ", now);
            db.Clients.Add(client);
            return client;
        }

        // 目黒区: 退院後支援 (R5) and アウトリーチ (R5).
        var meguro = orgs["meguro-city"];
        var hospitalNames = new[] { "架空台病院", "見本の森病院", "試験坂クリニック" };
        for (var i = 0; i < 16; i++)
        {
            var client = NewClient(meguro, "131105");
            await db.SaveChangesAsync(ct);
            var opened = new DateOnly(2023, 4, 5 + i).AddMonths(i % 9);
            var supportCase = Features.Cases.SupportCase.Open(client, Features.Cases.Programme.DischargeSupport, opened, i % 2 == 0 ? "保健師A(デモ)" : "精神保健福祉士B(デモ)",
                "地区担当", $"{hospitalNames[i % 3]}(架空)から措置入院者の退院予定の連絡", today);
            db.SupportCases.Add(supportCase);
            if (i < 12)
            {
                var consent = client.RecordConsent(Features.Clients.ConsentPurpose.DischargeSupport, "退院後支援計画と支援記録", [], opened.AddDays(3),
                    Features.Clients.ConsentGiver.Person, Features.Clients.ConsentForm.Written, null, today, "デモデータ");
                await db.SaveChangesAsync(ct);
                var plan = supportCase.MakeDischargePlan(consent, today);
                plan.Update(Features.Cases.AdmissionType.Involuntary, hospitalNames[i % 3] + "(架空)", opened.AddDays(-20), opened.AddDays(30), "自宅に戻って通院を続けたい",
                    "家族は通院の継続を望んでいる", "自宅(目黒区内)", "服薬の継続と日中の居場所", "眠れない日が3日続いたら主治医に電話する", "保健予防課 地区担当",
                    i % 4 == 0 ? "東京都(措置を行った自治体)" : null, [new("通院", null, hospitalNames[i % 3] + "(架空)", null), new("訪問看護", null, "見本訪問看護ステーション(架空)", null)]);
                supportCase.StartSupport(opened.AddDays(30), rules, today);
                if (i < 8)
                {
                    supportCase.End(i % 3 == 0 ? Features.Cases.EndReason.NoLongerNeeded : Features.Cases.EndReason.PeriodEnded, opened.AddDays(30).AddMonths(6).AddDays(-1), null);
                }
            }
            else
            {
                supportCase.ConsultationOnly("説明を尽くしたが同意が得られず、通常の相談支援で対応");
            }
        }

        for (var i = 0; i < 12; i++)
        {
            var client = NewClient(meguro, "131105");
            var opened = new DateOnly(2023, 4, 10).AddMonths(i % 11);
            var outreach = Features.Cases.SupportCase.Open(client, Features.Cases.Programme.Outreach, opened, "保健師A(デモ)", "アウトリーチ支援チーム", "未治療の疑い(家族からの相談)", today);
            outreach.SendToReview();
            outreach.DecideEligibility(true, opened.AddDays(14), "所内会議で対象と決定");
            db.SupportCases.Add(outreach);
        }

        // 川口市: 地域連携票 (R4) to the 相談支援事業所.
        var kawaguchi = orgs["kawaguchi-hc"];
        var partner = orgs["kawaguchi-partner"];
        for (var i = 0; i < 9; i++)
        {
            var client = NewClient(kawaguchi, "112038");
            var consentedOn = new DateOnly(2022, 5, 1).AddMonths(i);
            var consent = client.RecordConsent(Features.Clients.ConsentPurpose.Liaison, "地域連携票に記載する本人の状況と依頼事項", [partner], consentedOn,
                Features.Clients.ConsentGiver.Person, Features.Clients.ConsentForm.Written, null, today, "デモデータ");
            await db.SaveChangesAsync(ct);
            var sentAt = new DateTimeOffset(consentedOn.AddDays(2).ToDateTime(new TimeOnly(10, 0)), JapanTime.Offset);
            var sheet = Features.Liaison.LiaisonSheet.Send(client, kawaguchi, partner, consent, "退院後の地域生活の支援の依頼", "市内の精神科病院を退院予定。日中の過ごし方に不安がある。",
                "計画相談の調整をお願いしたい", "川口市保健所 疾病対策課(デモ)", consentedOn.AddDays(2), sentAt, "デモデータ");
            if (i < 7)
            {
                sheet.Reply(partner.Id, "相談支援専門員が担当します。退院前に面談します。", sentAt.AddDays(3), "デモデータ");
            }

            db.LiaisonSheets.Add(sheet);
        }

        // 倉敷市: 地域移行支援 (R5) with grants.
        var kurashiki = orgs["kurashiki-hc"];
        for (var i = 0; i < 6; i++)
        {
            var client = NewClient(kurashiki, "332020");
            await db.SaveChangesAsync(ct);
            var decided = new DateOnly(2023, 4, 1 + (i * 5)).AddMonths(i);
            var transition = Features.Cases.SupportCase.Open(client, Features.Cases.Programme.CommunityTransition, decided, "精神保健係(デモ)", null, "長期入院者の地域移行(病院交流会から)", today);
            db.SupportCases.Add(transition);
            await db.SaveChangesAsync(ct);
            transition.AddGrant(Features.Cases.GrantKind.Transition, decided, null, false);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Which demo organisation runs the forums of each seed region, so the demo accounts can manage them.</summary>
    private static readonly Dictionary<string, string> SecretariatByRegion = new(StringComparer.Ordinal)
    {
        ["110001"] = "saitama-pref", ["112038"] = "kawaguchi-hc", ["131105"] = "meguro-city", ["332020"] = "kurashiki-hc", ["131059"] = "bunkyo-city",
    };

    /// <summary>
    /// The seeds' forums, members, FY schedules and regional issues (demo-forums.json, extracted from the seed documents).
    /// 埼玉's 「保健所ごとの協議の場」 becomes one forum per 保健所圏域, run by that 保健所. Loaded once.
    /// </summary>
    public static async Task LoadForumsAsync(NimoDbContext db, Dictionary<string, Organization> orgs, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Forums.AnyAsync(ct))
        {
            return;
        }

        await using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("Nimo.Platform.Demo.demo-forums.json")
            ?? throw new InvalidOperationException("demo-forums.json is not embedded.");
        var seed = await JsonSerializer.DeserializeAsync<DemoForumSeed>(stream, JsonOptions, ct) ?? throw new InvalidOperationException("demo-forums.json is empty.");
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
            var prefecturePath = Features.Profiles.ProfileQueries.PrefecturePath(region.Path);
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

    /// <summary>
    /// The seeds' published 基礎情報 (川口市 R5, 倉敷市 R6 with its empty inpatient table, 埼玉県's forum coverage),
    /// loaded through the same importer users use; a second start changes nothing.
    /// </summary>
    public static async Task LoadProfilesAsync(NimoDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("Nimo.Platform.Demo.demo-profiles.csv")
            ?? throw new InvalidOperationException("demo-profiles.csv is not embedded.");
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, ct);
        var csv = CsvFile.Read(memory.ToArray(), CsvEncoding.Utf8, ProfileFile.Required);
        var system = new UserScope("", "demo", Roles.Admin, 0, "", 0, "", "", [], true);
        var result = await new ProfileImport(db, system, clock).RunAsync(csv.Rows, null, ct);
        if (csv.Errors.Count > 0 || !result.Succeeded)
        {
            throw new InvalidOperationException("Demo profiles do not import: " + string.Join(" / ", csv.Errors.Concat(result.Errors)));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Regions, organisations and departments of the seeds; returns organisations by seed key.</summary>
    public static async Task<Dictionary<string, Organization>> LoadRegionsAndOrganizationsAsync(NimoDbContext db, DemoSeed seed, CancellationToken ct)
    {
        var regions = new Dictionary<string, Region>(StringComparer.Ordinal);
        var existing = await db.Regions.ToListAsync(ct);
        foreach (var r in seed.Regions)
        {
            var found = existing.FirstOrDefault(e => r.Code is not null ? e.Code == r.Code : e.Name == r.Name && e.Kind == r.Kind);
            if (found is null)
            {
                found = Region.Create(r.Code, r.Name, r.Kana, r.Kind, ParseFlags(r.Flags), r.Parent is null ? null : regions[r.Parent]);
                db.Regions.Add(found);
            }

            regions[r.Key] = found;
        }

        await db.SaveChangesAsync(ct);

        var organizations = new Dictionary<string, Organization>(StringComparer.Ordinal);
        var existingOrgs = await db.Organizations.ToListAsync(ct);
        foreach (var o in seed.Organizations)
        {
            var region = regions[o.Region];
            var found = existingOrgs.FirstOrDefault(e => e.Name == o.Name && e.RegionId == region.Id);
            if (found is null)
            {
                found = Organization.Create(o.Name, o.Kana ?? "", o.Kind, region);
                db.Organizations.Add(found);
            }

            organizations[o.Key] = found;
        }

        if (!await db.Departments.AnyAsync(ct))
        {
            var order = 0;
            foreach (var d in seed.Departments)
            {
                db.Departments.Add(Department.Create(regions[d.Region], d.Name, d.Role, d.Duties, order++));
            }
        }

        await db.SaveChangesAsync(ct);
        return organizations;
    }

    public static DemoSeed Read()
    {
        using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("Nimo.Platform.Demo.demo-regions.json")
            ?? throw new InvalidOperationException("demo-regions.json is not embedded.");
        return JsonSerializer.Deserialize<DemoSeed>(stream, JsonOptions) ?? throw new InvalidOperationException("demo-regions.json is empty.");
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static MunicipalityFlags ParseFlags(IEnumerable<string> flags) =>
        flags.Aggregate(MunicipalityFlags.None, (acc, f) => acc | Enum.Parse<MunicipalityFlags>(f));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed record DemoForumSeed(List<DemoForum> Forums, List<DemoIssue> Issues);
public sealed record DemoForum(string Key, string Region, string Layer, string? Parent, ForumKind Kind, string Name, string? Purpose, string? Secretariat,
    string? Frequency, ForumStatus Status, string? Activities, string? Notes, List<DemoMember> Members, List<DemoMeeting> Meetings);
public sealed record DemoMember(string? Organization, string? Person, MemberRole Role, Sector Sector);
public sealed record DemoMeeting(string Date, string? Time, string Title, MeetingFormat? Format, List<string> Agenda, MeetingStatus Status);
public sealed record DemoIssue(string Forum, string Title, string? Description, IssueCategory Category);
public sealed record DemoSeed(List<DemoRegion> Regions, List<DemoOrganization> Organizations, List<DemoDepartment> Departments);
public sealed record DemoRegion(string Key, string? Code, string Name, string Kana, RegionKind Kind, string? Parent, List<string> Flags);
public sealed record DemoOrganization(string Key, string Name, string? Kana, OrganizationKind Kind, string Region, string? Source);
public sealed record DemoDepartment(string Region, string Name, DepartmentRole Role, List<string> Duties);
public sealed record DemoPlanSeed(List<DemoPlan> Plans);
public sealed record DemoPlan(string Region, int FiscalYear, string? Title, string? Lead, string? Overview, string? Strengths, string? System, string? OtherMatters,
    int? UsageEndYear, string? LongTermGoal, string? ShortTermGoal, string? SmallSteps, DemoLinkage? Linkage, bool Evaluated, List<DemoChallenge> Challenges,
    List<DemoIndicator> Indicators, List<DemoScheduleRow> Schedule);
public sealed record DemoLinkage(List<string?>? Health, List<string?>? Medical, List<string?>? Welfare, List<string?>? Other);
public sealed record DemoChallenge(string Title, string? Policy, DemoRoles Roles);
public sealed record DemoRoles(string? Government, string? Medical, string? Welfare, string? Others);
public sealed record DemoIndicator(int? Challenge, string Name, string? Unit, PeriodBasis Basis, Direction Direction, string? Baseline, string? Target, string? Actual,
    decimal? Population, string? ExpectedEffect, string? AchievedEffect, DemoLive? Live);
/// <summary>A live indicator of the demo plans: the key of its source (ILiveCountSource.Key) and, for a forum count, the forum.</summary>
public sealed record DemoLive(string Source, string? Forum);
public sealed record DemoScheduleRow(ScheduleKind Kind, int? FiscalYear, string? When, string Title, string? Detail);
