using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Plans;
using Nimo.Features.Profiles;
using Nimo.Features.Regions;
using Nimo.Platform;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;

namespace Nimo.Bench;

/// <summary>What the runner needs to know about a generated database: who logs in, and which records to ask for.</summary>
public sealed record BenchWorld(string UserName, string Password, string AuthenticatorKey, int ClientId, string KanaPrefix, int CaseId,
    int MunicipalityId, int PrefectureId, int Clients, int Cases, int Notes, int Meetings, double LoadSeconds, double BulkSeconds);

/// <summary>
/// A synthetic national dataset, deterministic from the seed: 47 prefectures (the first with 63 municipalities, like
/// 埼玉), 1,741 municipalities in 保健所圏域, about 20,000 organisations, then N fictional clients spread over the
/// 保健所, each with a consent, two cases and case notes. Written through the app's own model in batches.
/// </summary>
public static class Generator
{
    public const string Password = "load-only-nimo-2026-sakura";
    private static readonly string[] Family = ["見本", "試験", "架空", "仮名", "例示", "模擬", "試作", "標本"];
    private static readonly string[] FamilyKana = ["みほん", "しけん", "かくう", "かめい", "れいじ", "もぎ", "しさく", "ひょうほん"];
    private static readonly string[] Given = ["一郎", "花子", "太郎", "春子", "次郎", "夏子", "三郎", "秋子", "四郎", "冬子"];
    private static readonly string[] GivenKana = ["いちろう", "はなこ", "たろう", "はるこ", "じろう", "なつこ", "さぶろう", "あきこ", "しろう", "ふゆこ"];

    public static async Task<BenchWorld> GenerateAsync(string provider, string connectionString, int clients, int notesPerCase, int seed)
    {
        var watch = Stopwatch.StartNew();
        await using var app = Build(provider, connectionString);
        await PlatformSetup.PrepareDatabaseAsync(app.Services);
        var random = new Random(seed);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var today = new DateOnly(2026, 11, 1);

        // Regions and organisations.
        List<Organization> healthCenters;
        int prefectureId, municipalityId;
        Organization benchOrg;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
            if (await db.Clients.AnyAsync())
            {
                throw new InvalidOperationException("The database already holds clients; give a new file.");
            }

            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var orgCount = 0;
            for (var p = 1; p <= 47; p++)
            {
                var prefCode = Code($"{p:00}000");
                var prefecture = Region.Create(prefCode, $"第{p}県(架空)", "だいけん", RegionKind.Prefecture, MunicipalityFlags.None, null);
                db.Regions.Add(prefecture);
                db.Organizations.Add(Organization.Create($"第{p}県 障害福祉課", "", OrganizationKind.LocalGovernment, prefecture));
                // 1,741 in all: 63 in the first (like 埼玉), 36 or 37 in the others.
                var count = p == 1 ? 63 : 36 + (p - 2 < 22 ? 1 : 0);
                Region? area = null;
                for (var m = 0; m < count; m++)
                {
                    if (m % 5 == 0)
                    {
                        area = Region.Create(null, $"第{p}県 第{m / 5 + 1}保健所圏域", "けんいき", RegionKind.HealthArea, MunicipalityFlags.None, prefecture);
                        db.Regions.Add(area);
                        db.Organizations.Add(Organization.Create($"第{p}県 第{m / 5 + 1}保健所", "ほけんじょ", OrganizationKind.HealthCenter, area));
                        orgCount++;
                    }

                    var municipality = Region.Create(Code($"{p:00}{m + 201:000}"), $"第{p}県 第{m + 1}市(架空)", "し", RegionKind.Municipality, MunicipalityFlags.None, area);
                    db.Regions.Add(municipality);
                    db.Organizations.Add(Organization.Create($"第{p}県 第{m + 1}市 福祉課", "ふくしか", OrganizationKind.LocalGovernment, municipality));
                    for (var k = 0; k < 10; k++)
                    {
                        db.Organizations.Add(Organization.Create($"第{p}県 第{m + 1}市 事業所{k + 1}", "じぎょうしょ",
                            k % 3 == 0 ? OrganizationKind.CounsellingSupport : k % 3 == 1 ? OrganizationKind.Clinic : OrganizationKind.WelfareService, municipality));
                    }

                    orgCount += 11;
                }

                db.ChangeTracker.DetectChanges();
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }

            healthCenters = await db.Organizations.Where(o => o.Kind == OrganizationKind.HealthCenter).OrderBy(o => o.Id).ToListAsync();
            benchOrg = healthCenters[0];
            var firstPref = await db.Regions.SingleAsync(r => r.Code == Code("01000"));
            prefectureId = firstPref.Id;
            municipalityId = await db.Regions.Where(r => r.Kind == RegionKind.Municipality && r.Path.StartsWith(firstPref.Path)).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            Console.WriteLine($"    regions 47 + {await db.Regions.CountAsync(r => r.Kind == RegionKind.HealthArea)} areas + 1,741 municipalities, {orgCount + 47:N0} organisations");

            // Profiles for the roll-up, a plan per municipality of the first prefecture for the report bundle, a forum calendar.
            var regions = await db.Regions.Where(r => r.Path.StartsWith(firstPref.Path) && r.Kind == RegionKind.Municipality).ToListAsync();
            foreach (var region in regions)
            {
                var profile = RegionProfile.Create(region, 2025);
                profile.SetFigure(FigureKey.Population, random.Next(5_000, 600_000), new WarekiValue(WarekiPrecision.YearMonth, 2025, 4, 0), "合成データ", null);
                profile.SetFigure(FigureKey.PsychiatricBeds, random.Next(0, 900), new WarekiValue(WarekiPrecision.YearMonth, 2025, 4, 0), "合成データ", null);
                profile.SetFigure(FigureKey.InpatientsTotal, 300, new WarekiValue(WarekiPrecision.YearMonth, 2025, 6, 0), "630調査(合成)", null);
                profile.SetFigure(FigureKey.InpatientsUnder3Months, 90, new WarekiValue(WarekiPrecision.YearMonth, 2025, 6, 0), "630調査(合成)", null);
                profile.SetFigure(FigureKey.Inpatients3To12Months, 60, new WarekiValue(WarekiPrecision.YearMonth, 2025, 6, 0), "630調査(合成)", null);
                profile.SetFigure(FigureKey.InpatientsOver1Year, 150, new WarekiValue(WarekiPrecision.YearMonth, 2025, 6, 0), "630調査(合成)", null);
                db.RegionProfiles.Add(profile);
                var plan = Plan.Create(region, 2025);
                plan.AddChallenge("地域移行の推進", "病院と地域の連携を強める", ["協議の場の運営", "退院支援委員会の活用", "地域移行支援の実施", "普及啓発"], null);
                plan.AddIndicator(new IndicatorInput("協議の場の開催回数", "回", PeriodBasis.PerYear, Direction.MoreIsBetter, "2回", "4回", "3回", null, null, null, null, null, null));
                plan.AddScheduleItem(ScheduleKind.ThisYear, null, "6月", "第1回協議の場", "課題の共有", null);
                db.Plans.Add(plan);
            }

            var benchRegion = await db.Regions.SingleAsync(r => r.Id == benchOrg.RegionId);
            var forum = Forum.Create(benchRegion, "第1保健所圏域 協議の場", ForumKind.Main, null);
            forum.Update(forum.Name, ForumKind.Main, null, null, benchOrg, "月1回", ForumStatus.Established, null, null);
            forum.AddMember(benchOrg, null, MemberRole.Secretariat, Sector.Health, null, null, null);
            db.Forums.Add(forum);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            for (var i = 0; i < 60; i++)
            {
                var meeting = Meeting.Create(forum, $"定例会 第{i + 1}回", new DateTimeOffset(2025, 4, 10, 14, 0, 0, JapanTime.Offset).AddDays(i * 14), null, MeetingFormat.InPerson, null);
                db.Meetings.Add(meeting);
            }

            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }

        // The resource directory of the first five prefectures: a published service per 事業所 (2,110), each at a place of its
        // own with a weekly or monthly schedule, so the residents' search has a prefecture's worth of entries to look through.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
            var terms = await db.TaxonomyTerms.ToListAsync();
            var categories = Nimo.Features.Directory.Taxonomies.CategoryTerms.Select(c => c.Code).ToArray();
            var schedules = new[] { "毎週火曜 13:30〜15:00", "平日 9:00〜17:00", "第2土曜 10:00〜12:00", "月1回", "毎月15日" };
            var offices = await db.Organizations.Include(o => o.Region).Where(o => o.Name.Contains("事業所")).OrderBy(o => o.Id).ToListAsync();
            var firstFive = await db.Regions.Where(r => r.Kind == RegionKind.Prefecture).OrderBy(r => r.Id).Take(5).Select(r => r.Path).ToListAsync();
            var directoryCount = 0;
            foreach (var batch in offices.Where(o => firstFive.Any(p => o.Region.Path.StartsWith(p, StringComparison.Ordinal))).Chunk(300))
            {
                var regions = batch.Select(o => o.Region).DistinctBy(r => r.Id).ToList();
                foreach (var office in batch)
                {
                    var location = Nimo.Features.Directory.DirectoryLocation.Create(office, now);
                    location.Update(office.Name, Nimo.Features.Directory.LocationType.Physical, null, office.Region, null, $"本町{random.Next(1, 9)}-{random.Next(1, 30)}-{random.Next(1, 20)}",
                        null, null, (Nimo.Features.Directory.AccessibilityFeatures)random.Next(0, 16), null, random.Next(20) == 0, now);
                    location.PlaceAt(35m + (decimal)random.NextDouble(), 135m + (decimal)random.NextDouble(), Nimo.Features.Directory.CoordinateSource.Manual, now);
                    db.DirectoryLocations.Add(location);
                    var category = categories[random.Next(categories.Length)];
                    if (!Nimo.Features.Directory.Recurrence.TryParseJapanese(schedules[random.Next(schedules.Length)], out var rule, out var opens, out var closes, out var error))
                    {
                        throw new InvalidOperationException(error);
                    }

                    var content = new Nimo.Features.Directory.ServiceContent($"{office.Name}の相談", "じぎょうしょのそうだん", null, "合成データの相談窓口です。", Nimo.Features.Directory.ServiceStatus.Active,
                        "どなたでも", "無料", null, null, null, null, null, null, [], ["ja"], [], [new Nimo.Features.Directory.ScheduleContent(rule.ToRule(), opens, closes, null)],
                        [Nimo.Features.Directory.Taxonomies.TermId(Nimo.Features.Directory.Taxonomies.Categories, category)], [office.RegionId], [location.Id]);
                    var service = Nimo.Features.Directory.DirectoryService.Create(office, now);
                    service.Apply(content, terms, regions, [location], now);
                    service.Assure(today, now);
                    service.Publish(now);
                    db.DirectoryServices.Add(service);
                    directoryCount++;
                }

                // Saved per batch but still tracked: the offices and their regions were loaded once, before the batches, and a
                // cleared tracker would insert a later batch's office region again (UNIQUE constraint failed: Regions.Id).
                await db.SaveChangesAsync();
            }

            Console.WriteLine($"    directory: {directoryCount:N0} published services");
        }

        // The bench user: staff of the first 保健所, signing in with password and TOTP like everyone else.
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NimoUser>>();
            var user = new NimoUser { UserName = "bench", DisplayName = "負荷試験", OrganizationId = benchOrg.Id, CreatedAt = now };
            Check(await users.CreateAsync(user, Password));
            Check(await users.AddToRoleAsync(user, Roles.MunicipalStaff));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }

        // Clients with their consents, cases and notes, and 100,000 meetings: built by the app's own factories, written in
        // bulk (prepared inserts on SQLite, binary COPY on PostgreSQL). The EF path took 108 s for 100,000 clients.
        var meetings = 0;
        var notes = 0;
        var loadWatch = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
            await using var bulk = await BulkWriter.OpenAsync(db, connectionString);
            meetings = await MeetingsAsync(db, bulk, random);
            var orgs = await db.Organizations.AsNoTracking().Where(o => o.Kind == OrganizationKind.HealthCenter).OrderBy(o => o.Id).ToListAsync();
            int clientId = await bulk.NextIdAsync<Client>(), consentId = await bulk.NextIdAsync<Consent>(), sharedId = await bulk.NextIdAsync<ConsentOrganization>();
            int caseId = await bulk.NextIdAsync<SupportCase>(), noteId = await bulk.NextIdAsync<CaseNote>();
            const int Batch = 20_000;
            var benchClients = 0;
            var shared = 0;
            for (var start = 0; start < clients; start += Batch)
            {
                var clientRows = new List<Client>();
                var consentRows = new List<Consent>();
                var sharedRows = new List<ConsentOrganization>();
                var caseRows = new List<SupportCase>();
                var noteRows = new List<CaseNote>();
                for (var i = start; i < Math.Min(clients, start + Batch); i++)
                {
                    // The bench 保健所 holds 2,000 clients at every size (a large 保健所's caseload), so what grows between sizes
                    // is the nation around it; the rest spread over the other 保健所.
                    var own = i % 5 == 0 && benchClients < 2_000;
                    benchClients += own ? 1 : 0;
                    var org = own ? benchOrg : orgs[1 + (i % (orgs.Count - 1))];
                    var f = random.Next(Family.Length);
                    var g = random.Next(Given.Length);
                    var client = Client.Register(org, null, $"{Family[f]} {Given[g]}{i}", $"{FamilyKana[f]} {GivenKana[g]}", new DateOnly(1940, 1, 1).AddDays(random.Next(0, 25_000)),
                        i % 2 == 0 ? Sex.Male : Sex.Female, today, "bench", now);
                    BulkWriter.SetId(client, nameof(Client.Id), clientId++);
                    // 200 clients of other 保健所 are shared with the bench one under a consent naming it.
                    var share = !own && shared < 200;
                    shared += share ? 1 : 0;
                    var consent = client.RecordConsent(ConsentPurpose.General, "支援全般", share ? [benchOrg] : [], today.AddDays(-30), ConsentGiver.Person, ConsentForm.Written, null, today, "bench");
                    BulkWriter.SetId(consent, nameof(Consent.Id), consentId++);
                    BulkWriter.SetId(consent, nameof(Consent.ClientId), client.Id);
                    foreach (var organisation in consent.Organizations)
                    {
                        BulkWriter.SetId(organisation, nameof(ConsentOrganization.Id), sharedId++);
                        BulkWriter.SetId(organisation, nameof(ConsentOrganization.ConsentId), consent.Id);
                        sharedRows.Add(organisation);
                    }

                    clientRows.Add(client);
                    consentRows.Add(consent);
                    foreach (var programme in new[] { Programme.Consultation, Programme.Outreach })
                    {
                        var supportCase = SupportCase.Open(client, programme, today.AddDays(-random.Next(1, 700)), "担当", null, null, today);
                        if (programme == Programme.Outreach)
                        {
                            supportCase.SendToReview();
                            supportCase.DecideEligibility(true, supportCase.OpenedOn.AddDays(7), null);
                        }

                        BulkWriter.SetId(supportCase, nameof(SupportCase.Id), caseId++);
                        BulkWriter.SetId(supportCase, nameof(SupportCase.ClientId), client.Id);
                        for (var n = 0; n < notesPerCase; n++)
                        {
                            var note = supportCase.AddNote(now.AddDays(-n * 7), NoteKind.Visit, 30, "担当", "訪問", "合成データの支援記録。服薬と生活の状況を確認した。");
                            BulkWriter.SetId(note, nameof(CaseNote.Id), noteId++);
                            BulkWriter.SetId(note, nameof(CaseNote.CaseId), supportCase.Id);
                            noteRows.Add(note);
                        }

                        caseRows.Add(supportCase);
                    }
                }

                await bulk.WriteAsync(clientRows);
                await bulk.WriteAsync(consentRows);
                await bulk.WriteAsync(sharedRows);
                await bulk.WriteAsync(caseRows);
                await bulk.WriteAsync(noteRows);
                notes += noteRows.Count;
                if ((start / Batch) % 10 == 0)
                {
                    Console.WriteLine($"    {Math.Min(clients, start + Batch):N0} / {clients:N0} clients ({watch.Elapsed.TotalSeconds:0} s)");
                }
            }

            await bulk.FinishAsync(typeof(Client), typeof(Consent), typeof(ConsentOrganization), typeof(SupportCase), typeof(CaseNote), typeof(Meeting));
        }

        var bulkSeconds = loadWatch.Elapsed.TotalSeconds;
        BenchWorld world;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
            var client = await db.Clients.Where(c => c.OwnerOrganizationId == benchOrg.Id).OrderBy(c => c.Id).Skip(3).FirstAsync();
            var caseId = await db.SupportCases.Where(c => c.ClientId == client.Id && c.Programme == Programme.Outreach).Select(c => c.Id).FirstAsync();
            world = new BenchWorld("bench", Password, key, client.Id, client.KanaKey[..Math.Min(4, client.KanaKey.Length)], caseId, municipalityId, prefectureId,
                clients, clients * 2, notes, meetings, Math.Round(watch.Elapsed.TotalSeconds, 1), Math.Round(bulkSeconds, 1));
        }

        return world;
    }

    /// <summary>A forum in every municipality holding a monthly meeting from 2021: with the bench forum's, 100,000 meetings.</summary>
    private static async Task<int> MeetingsAsync(NimoDbContext db, BulkWriter bulk, Random random)
    {
        const int Total = 100_000;
        var municipalities = await db.Regions.Where(r => r.Kind == RegionKind.Municipality).OrderBy(r => r.Id).ToListAsync();
        var forums = municipalities.Select(m => Forum.Create(m, $"{m.Name} 協議の場", ForumKind.Main, null)).ToList();
        db.Forums.AddRange(forums);
        await db.SaveChangesAsync();
        var existing = await db.Meetings.CountAsync();
        var perForum = (Total - existing) / forums.Count;
        var extra = (Total - existing) % forums.Count;
        var id = await bulk.NextIdAsync<Meeting>();
        var rows = new List<Meeting>();
        for (var f = 0; f < forums.Count; f++)
        {
            for (var k = 0; k < perForum + (f < extra ? 1 : 0); k++)
            {
                var meeting = Meeting.Create(forums[f], $"第{k + 1}回 協議の場", new DateTimeOffset(2021, 4, 1 + random.Next(0, 27), 14, 0, 0, JapanTime.Offset).AddMonths(k), null, MeetingFormat.InPerson, null);
                BulkWriter.SetId(meeting, nameof(Meeting.Id), id++);
                rows.Add(meeting);
            }
        }

        await bulk.WriteAsync(rows);
        return existing + rows.Count;
    }

    public static WebApplication Build(string provider, string connectionString)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:Nimo"] = connectionString;
        builder.Configuration["Nimo:StateDirectory"] = StateDirectoryFor(connectionString);
        builder.Logging.ClearProviders();
        builder.AddPlatform();
        return builder.Build();
    }

    /// <summary>
    /// The installation state outside the database (the audit key and anchors), one folder per bench database, kept with the
    /// generated databases under bench/out: Production makes no key, so the bench makes one, as an operator would.
    /// </summary>
    public static string StateDirectoryFor(string connectionString)
    {
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(connectionString)))[..16];
        var directory = Path.GetFullPath(Path.Combine(Environment.GetEnvironmentVariable("NIMO_BENCH_STATE") ?? "bench/out/state", name));
        Directory.CreateDirectory(directory);
        var key = Path.Combine(directory, "audit.key");
        if (!File.Exists(key))
        {
            File.WriteAllText(key, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        }

        return directory;
    }

    public static async Task SaveAsync(BenchWorld world, string file) =>
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(world, Indented));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static BenchWorld Load(string file) => JsonSerializer.Deserialize<BenchWorld>(File.ReadAllText(file))!;

    private static string Code(string five) => five + LocalGovernmentCode.CheckDigit(five).ToString(CultureInfo.InvariantCulture);

    internal static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
