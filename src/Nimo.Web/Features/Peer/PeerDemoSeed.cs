using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Plans;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Demo;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Peer;

/// <summary>
/// The demo registries, with fictional supporters (never real people): 倉敷市's 「ピアサポート活動支援事業」 (its registered
/// team, a year of 病院交流会 in 令和6年度 bound live to the R6 indicator 「病院交流会の開催回数」, and the account
/// <c>kurashiki-peer</c>, one of its peers, with an offer waiting), 埼玉県's 「地域移行・地域定着ピアサポート委託事業」 (a
/// prefecture-level registry run by a 委託先 NPO, dispatching to 朝霞 and 熊谷 圏域, and one 入院者訪問支援員), and 目黒区's one
/// ピアサポート交流会. Also the categories every installation starts with. Loaded once.
/// </summary>
public sealed class PeerDemoSeed(UserManager<NimoUser> users, IEnumerable<ILiveCountSource> sources) : IDemoSeed
{
    public const string PeerAccount = "kurashiki-peer";

    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        await PeerCategoryDefaults.EnsureAsync(db, ct);
        if (await db.PeerProgrammes.AnyAsync(ct))
        {
            return;
        }

        var now = demo.Clock.GetUtcNow();
        var today = JapanTime.Today(demo.Clock);
        var orgs = await OrganizationsDemoSeed.ByKeyAsync(db, ct);
        var regions = await db.Regions.ToListAsync(ct);
        Region Code(string code) => regions.Single(r => r.Code == code);
        var current = FiscalYear.Of(today);

        // 倉敷市: the registered team, a year of 病院交流会 in R6, and this year's work.
        var kurashiki = Code("332020");
        var team = Organization.Create("倉敷ピアサポート登録チーム(架空)", "くらしきぴあさぽーとちーむ", OrganizationKind.PeerGroup, kurashiki);
        db.Organizations.Add(team);
        var kProgramme = PeerProgramme.Create(orgs["kurashiki-hc"], "倉敷市ピアサポート活動支援事業", null, false,
            "登録ピアサポートチームを対象に登録派遣における活動の報告、研修会の企画実施(倉敷市 R6 取組より)。");
        db.PeerProgrammes.Add(kProgramme);
        await db.SaveChangesAsync(ct);
        var kSupporters = new List<PeerSupporter>();
        foreach (var (name, kana) in new[] { ("晴野 みのり", "はれの みのり"), ("川辺 つばさ", "かわべ つばさ"), ("森下 あおい", "もりした あおい"), ("坂上 ひかる", "さかうえ ひかる"), ("水島 ゆうき", "みずしま ゆうき") })
        {
            var s = PeerSupporter.Create(kProgramme, new SupporterDetails(SupporterKind.Peer, name, kana, team, "086-000-0000", null, "平日の日中は電話可(架空)", null,
                ActivityTypes.HospitalExchange | ActivityTypes.Talk | ActivityTypes.Accompaniment, null, null), now);
            s.SetAreas([kurashiki], kurashiki.Path);
            s.SetAvailability([(DayOfWeek.Tuesday, new TimeOnly(9, 0), new TimeOnly(17, 0)), (DayOfWeek.Thursday, new TimeOnly(9, 0), new TimeOnly(17, 0))]);
            s.AddTraining(TrainingLevel.Basic, new DateOnly(2023, 11, 10), "岡山県(障害者ピアサポート研修)", today);
            for (var fy = 2024; fy <= current.StartYear; fy++)
            {
                s.Register(new FiscalYear(fy), new FiscalYear(fy).Start, null, null, today);
            }

            db.PeerSupporters.Add(s);
            kSupporters.Add(s);
        }

        for (var fy = 2024; fy <= current.StartYear; fy++)
        {
            db.PeerRates.Add(PeerRate.Create(kProgramme.Id, fy, 1_500, RoundingRule.Down, TravelBasis.Flat, 500, "報償費(ピアサポーター謝金)", "旅費(費用弁償)"));
        }

        await db.SaveChangesAsync(ct);
        var kRates = await db.PeerRates.Where(r => r.ProgrammeId == kProgramme.Id).ToDictionaryAsync(r => r.FiscalYear, ct);
        var hospitals = new[] { "倉敷みなみ病院(架空)", "水島こころの病院(架空)", "玉島さくら病院(架空)" };
        var bookings = kSupporters.ToDictionary(s => s, _ => new List<PeerDispatch>());

        // 18 病院交流会 held in R6 (target 24: 75.0%), two supporters each, 2.5 hours.
        for (var i = 0; i < 18; i++)
        {
            var day = new DateOnly(2024, 4, 9).AddDays(i * 20);
            var starts = new DateTimeOffset(day.ToDateTime(new TimeOnly(13, 30)), JapanTime.Offset);
            var r = PeerRequest.Create(kProgramme, new RequestDetails(ActivityType.HospitalExchange, RequesterKind.Hospital, $"{hospitals[i % 3]} 地域連携室", $"{hospitals[i % 3]} デイルーム",
                starts, starts.AddHours(2.5), "長期入院の方との病院交流会(体験談と茶話会)", 2), kurashiki, null, kurashiki.Path, starts.AddDays(-30), "デモデータ");
            db.PeerRequests.Add(r);
            foreach (var s in new[] { kSupporters[i % 5], kSupporters[(i + 2) % 5] })
            {
                var d = r.Offer(s, kProgramme.RequiredTraining(r.Activity), bookings[s], starts.AddDays(-28), "デモデータ");
                r.Answer(d, true, i % 3 == 0 ? AnswerChannel.Phone : AnswerChannel.Nimo, kProgramme.RequiredTraining(r.Activity), bookings[s], starts.AddDays(-27), s.Name);
                bookings[s].Add(d);
            }

            r.Report(new ReportDetails("病院交流会を実施。ピアサポーター2名が体験を話し、参加者と退院後の暮らしについて意見交換した。", 8 + i % 5, null, []), [], kRates[2024], starts.AddHours(3), "デモデータ");
        }

        // This year: one held last month, one waiting for kurashiki-peer's answer, and one not met.
        var lastMonth = new DateTimeOffset(today.AddDays(-20).ToDateTime(new TimeOnly(14, 0)), JapanTime.Offset);
        var held = PeerRequest.Create(kProgramme, new RequestDetails(ActivityType.Talk, RequesterKind.Agency, "倉敷市障がい者基幹相談支援センター", "倉敷市役所 会議室",
            lastMonth, lastMonth.AddHours(2.5), "相談支援専門員の研修での体験発表", 1), kurashiki, null, kurashiki.Path, lastMonth.AddDays(-14), "デモデータ");
        db.PeerRequests.Add(held);
        var first = held.Offer(kSupporters[0], kProgramme.RequiredTraining(ActivityType.Talk), bookings[kSupporters[0]], lastMonth.AddDays(-13), "デモデータ");
        held.Answer(first, true, AnswerChannel.Nimo, kProgramme.RequiredTraining(ActivityType.Talk), bookings[kSupporters[0]], lastMonth.AddDays(-12), kSupporters[0].Name);
        held.Report(new ReportDetails("相談支援専門員向け研修で、入院から地域生活に移った体験を発表した。", 32, null, []), [], kRates[current.StartYear], lastMonth.AddHours(3), "デモデータ");
        var next = new DateTimeOffset(today.AddDays(12).ToDateTime(new TimeOnly(13, 30)), JapanTime.Offset);
        var waiting = PeerRequest.Create(kProgramme, new RequestDetails(ActivityType.HospitalExchange, RequesterKind.Hospital, $"{hospitals[0]} 地域連携室", $"{hospitals[0]} デイルーム",
            next, next.AddHours(2.5), "病院交流会(冬の回)", 2), kurashiki, null, kurashiki.Path, now, "デモデータ");
        db.PeerRequests.Add(waiting);
        waiting.Offer(kSupporters[0], kProgramme.RequiredTraining(ActivityType.HospitalExchange), bookings[kSupporters[0]], now, "デモデータ");
        var notMetAt = new DateTimeOffset(today.AddDays(-40).ToDateTime(new TimeOnly(10, 0)), JapanTime.Offset);
        var notMet = PeerRequest.Create(kProgramme, new RequestDetails(ActivityType.Accompaniment, RequesterKind.Agency, "倉敷市内の相談支援事業所(架空)", "倉敷市内",
            notMetAt, notMetAt.AddHours(3), "退院前の外出(住まいの見学)への同行", 1), kurashiki, null, kurashiki.Path, notMetAt.AddDays(-10), "デモデータ");
        db.PeerRequests.Add(notMet);
        notMet.CloseNotMet("日程の合う登録者がいなかったため。", notMetAt.AddDays(-2), "デモデータ");
        await db.SaveChangesAsync(ct);

        // kurashiki-peer is 晴野 みのり.
        if (await users.FindByNameAsync(PeerAccount) is null)
        {
            var user = new NimoUser { UserName = PeerAccount, DisplayName = "晴野 みのり(倉敷・ピアサポーター、デモ)", OrganizationId = team.Id, CreatedAt = now };
            DemoData.Check(await users.CreateAsync(user, DemoData.DemoPassword));
            DemoData.Check(await users.AddToRoleAsync(user, Roles.PeerSupporter));
            kSupporters[0].LinkUser(user.Id);
            await db.SaveChangesAsync(ct);
        }

        // 倉敷 R6's 「病院交流会の開催回数」 counts the registry's 病院交流会 live.
        var source = sources.FirstOrDefault(s => s.Key == "peer.held.hospitalexchange");
        var plan = await db.Plans.Include(p => p.Indicators).Include(p => p.Challenges).SingleOrDefaultAsync(p => p.RegionId == kurashiki.Id && p.FiscalYear == 2024, ct);
        var indicator = plan?.Indicators.FirstOrDefault(i => i.Name == "病院交流会の開催回数" && i.Source == null);
        if (plan is not null && indicator is not null && source is not null && plan.EvaluatedAt is null)
        {
            plan.UpdateIndicator(indicator, new IndicatorInput(indicator.Name, indicator.Unit, indicator.Basis, indicator.Direction, indicator.Baseline, indicator.Target, null,
                indicator.Population, indicator.ExpectedEffect, indicator.AchievedEffect, source, null, indicator.ChallengeId));
            await db.SaveChangesAsync(ct);
        }

        await LoadSaitamaAsync(db, orgs, regions, now, today, current, ct);
        await LoadMeguroAsync(db, orgs, Code("131105"), now, today, current, ct);
    }

    private static async Task LoadSaitamaAsync(NimoDbContext db, Dictionary<string, Organization> orgs, List<Region> regions, DateTimeOffset now, DateOnly today, FiscalYear current,
        CancellationToken ct)
    {
        var saitama = regions.Single(r => r.Code == "110001");
        var asaka = regions.Single(r => r.Name == "朝霞保健所圏域");
        var kumagaya = regions.Single(r => r.Name == "熊谷保健所圏域");
        var npo = Organization.Create("NPO法人 さいたまピアネット(架空)", "さいたまぴあねっと", OrganizationKind.PeerGroup, saitama);
        db.Organizations.Add(npo);
        var programme = PeerProgramme.Create(orgs["saitama-pref"], "地域移行・地域定着ピアサポート委託事業", npo, true,
            "ピアサポーターによる意欲喚起や地域の定着のための支援を県が広域で実施(埼玉県の取組より)。");
        db.PeerProgrammes.Add(programme);
        await db.SaveChangesAsync(ct);
        db.PeerRates.Add(PeerRate.Create(programme.Id, current.StartYear, 1_200, RoundingRule.Nearest, TravelBasis.Actual, 0, "報償費(委託事業)", "旅費(委託事業)"));
        var supporters = new List<PeerSupporter>();
        foreach (var (name, kana, kind) in new[] { ("大宮 そら", "おおみや そら", SupporterKind.Peer), ("秩父 はるか", "ちちぶ はるか", SupporterKind.Peer), ("川越 まこと", "かわごえ まこと", SupporterKind.Visitor), ("所沢 ゆい", "ところざわ ゆい", SupporterKind.Visitor) })
        {
            var visitor = kind == SupporterKind.Visitor;
            var s = PeerSupporter.Create(programme, new SupporterDetails(kind, name, kana, npo, null, null, "NPOの事務局を通じて連絡(架空)", null,
                visitor ? ActivityTypes.HospitalVisit : ActivityTypes.HospitalExchange | ActivityTypes.Accompaniment | ActivityTypes.PeerCounselling, null, null), now);
            s.SetAreas([saitama], saitama.Path);
            s.AddTraining(TrainingLevel.Basic, new DateOnly(2024, 9, 5), "埼玉県", today);
            if (visitor)
            {
                s.AddTraining(TrainingLevel.VisitorInduction, new DateOnly(2024, 11, 20), "埼玉県(入院者訪問支援員養成研修)", today);
            }

            s.Register(current, current.Start, visitor ? current.Start : null, null, today);
            db.PeerSupporters.Add(s);
            supporters.Add(s);
        }

        await db.SaveChangesAsync(ct);
        var rate = await db.PeerRates.SingleAsync(r => r.ProgrammeId == programme.Id && r.FiscalYear == current.StartYear, ct);
        var bookings = supporters.ToDictionary(s => s, _ => new List<PeerDispatch>());
        var place = new[] { (asaka, "朝霞市内の精神科病院(架空) 病棟"), (kumagaya, "熊谷市内の精神科病院(架空) 病棟") };
        for (var i = 0; i < 2; i++)
        {
            var starts = new DateTimeOffset(today.AddDays(-30 + i * 7).ToDateTime(new TimeOnly(14, 0)), JapanTime.Offset);
            var r = PeerRequest.Create(programme, new RequestDetails(ActivityType.HospitalExchange, RequesterKind.Hospital, place[i].Item2.Replace(" 病棟", " 相談室", StringComparison.Ordinal),
                place[i].Item2, starts, starts.AddHours(2), "地域移行に向けた意欲喚起の交流会", 1), place[i].Item1, null, saitama.Path, starts.AddDays(-20), "デモデータ");
            db.PeerRequests.Add(r);
            var d = r.Offer(supporters[0], programme.RequiredTraining(r.Activity), bookings[supporters[0]], starts.AddDays(-19), "デモデータ");
            r.Answer(d, true, AnswerChannel.Phone, programme.RequiredTraining(r.Activity), bookings[supporters[0]], starts.AddDays(-18), "デモデータ");
            bookings[supporters[0]].Add(d);
            r.Report(new ReportDetails("病棟で交流会を実施し、地域での暮らしについて体験を話した。", 6 + i, null, [new DispatchTime(d.Id, 120, 1_240)]), [], rate, starts.AddHours(3), "デモデータ");
        }

        await db.SaveChangesAsync(ct);
        var category = await db.PeerCategories.FirstAsync(c => c.Set == CategorySet.AdmissionCategory && c.MeetsLawConditions, ct);
        var topic = await db.PeerCategories.Where(c => c.Set == CategorySet.VisitTopic).OrderBy(c => c.SortOrder).Take(2).ToListAsync(ct);
        var visitAt = new DateTimeOffset(today.AddDays(-10).ToDateTime(new TimeOnly(10, 0)), JapanTime.Offset);
        var visit = PeerRequest.Create(programme, new RequestDetails(ActivityType.HospitalVisit, RequesterKind.Inpatient, "熊谷市内の精神科病院(架空) 第2病棟 経由", "熊谷市内の精神科病院(架空) 面会室",
            visitAt, visitAt.AddHours(1), "入院者訪問支援(初回)", 2), kumagaya, category, saitama.Path, visitAt.AddDays(-7), "デモデータ");
        db.PeerRequests.Add(visit);
        foreach (var s in supporters.Where(s => s.Kind == SupporterKind.Visitor))
        {
            var d = visit.Offer(s, programme.RequiredTraining(ActivityType.HospitalVisit), bookings[s], visitAt.AddDays(-6), "デモデータ");
            visit.Answer(d, true, AnswerChannel.Phone, programme.RequiredTraining(ActivityType.HospitalVisit), bookings[s], visitAt.AddDays(-5), "デモデータ");
        }

        visit.Report(new ReportDetails(null, null, VisitOutcome.Met, [.. visit.Dispatches.Select(d => new DispatchTime(d.Id, 60, 980))]), topic, rate, visitAt.AddHours(2), "デモデータ");
        await db.SaveChangesAsync(ct);
    }

    private static async Task LoadMeguroAsync(NimoDbContext db, Dictionary<string, Organization> orgs, Region meguro, DateTimeOffset now, DateOnly today, FiscalYear current, CancellationToken ct)
    {
        var programme = PeerProgramme.Create(orgs["meguro-city"], "目黒区ピアサポート交流会", null, false, "ピアサポート交流会実施 0回→1回(目黒区の取組より)。");
        db.PeerProgrammes.Add(programme);
        await db.SaveChangesAsync(ct);
        db.PeerRates.Add(PeerRate.Create(programme.Id, current.StartYear, 1_000, RoundingRule.Down, TravelBasis.Flat, 0, "報償費", "旅費"));
        var s = PeerSupporter.Create(programme, new SupporterDetails(SupporterKind.Peer, "目黒 かえで", "めぐろ かえで", null, null, null, "区の担当者を通じて連絡(架空)", null,
            ActivityTypes.Talk | ActivityTypes.PeerCounselling, null, null), now);
        s.SetAreas([meguro], meguro.Path);
        s.AddTraining(TrainingLevel.Basic, new DateOnly(2025, 2, 1), "東京都(障害者ピアサポート研修)", today);
        s.Register(current, current.Start, null, null, today);
        db.PeerSupporters.Add(s);
        await db.SaveChangesAsync(ct);
        var rate = await db.PeerRates.SingleAsync(r => r.ProgrammeId == programme.Id && r.FiscalYear == current.StartYear, ct);
        var at = new DateTimeOffset(today.AddDays(-15).ToDateTime(new TimeOnly(14, 0)), JapanTime.Offset);
        var r = PeerRequest.Create(programme, new RequestDetails(ActivityType.Talk, RequesterKind.Forum, "目黒区 保健予防課(協議の場)", "目黒区総合庁舎 会議室",
            at, at.AddHours(2), "ピアサポート交流会(年1回)", 1), meguro, null, meguro.Path, at.AddDays(-30), "デモデータ");
        db.PeerRequests.Add(r);
        var d = r.Offer(s, programme.RequiredTraining(ActivityType.Talk), [], at.AddDays(-29), "デモデータ");
        r.Answer(d, true, AnswerChannel.Phone, programme.RequiredTraining(ActivityType.Talk), [], at.AddDays(-28), "デモデータ");
        r.Report(new ReportDetails("区民・関係者向けにピアサポート交流会を開催し、体験発表と意見交換を行った。", 21, null, []), [], rate, at.AddHours(3), "デモデータ");
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>The categories every installation starts with (master data; administrators change them on /Peer/Settings).</summary>
public static class PeerCategoryDefaults
{
    public static async Task EnsureAsync(NimoDbContext db, CancellationToken ct)
    {
        if (await db.PeerCategories.AnyAsync(ct))
        {
            return;
        }

        foreach (var (set, name, meets, order) in PeerCategory.Defaults)
        {
            db.PeerCategories.Add(PeerCategory.Create(set, name, meets, order));
        }

        await db.SaveChangesAsync(ct);
    }
}
