using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Modules;

namespace Nimo.Features.Surveys;

/// <summary>
/// The demo surveys. 文京区's アンケート (004, 「事前にいただいたアンケートの共有」) to the 12 member organisations of its
/// 協議会, with the activities the コア会議 slides list for each (the category of each is ours: the slides group them under
/// 研修等・講演会・発行物・活動・イベント等 without saying which organisation's goes where), 日本医科大学付属病院's
/// 「組織としては行っていない」, and the shared snapshot attached to agenda item 3 of both コア会議 (R3.9.30, R3.10.1). The
/// answering dates are ours (the seed says only that the answers came before the meetings). And a small 埼玉県 hospital
/// survey with made-up numbers from fictional hospitals 「(見本)」 in two 保健所圏域, to show the roll-up.
/// </summary>
public sealed class SurveysDemoSeed : IDemoSeed
{
    public const string BunkyoTitle = "精神障害にも対応した地域包括ケアシステムの構築に向けた地域の課題の共有のためのアンケート";
    public const string SaitamaTitle = "精神科病院の地域移行状況調査(見本)";

    /// <summary>Each organisation's activities as the slides give them: title and category (0 研修等, 1 講演会, 2 発行物, 3 活動・イベント等).</summary>
    private static readonly (string Organization, (string Title, int Category)[] Activities)[] Bunkyo =
    [
        ("こまごめ緑陰診療所", [("AA(アルコーリクス・アノニマス)の方を招き、通院患者様やご家族に依存症と回復について知っていただく機会", 3)]),
        ("文京家族会", [("文京MCA家族のひろば(講演会、勉強会)", 1), ("例会(文京家族会)", 3), ("こころのふれあいをすすめる会(講演・バスハイク)", 1), ("文京総合福祉センター祭り", 3),
            ("家族会の会員のピア相談支援(適宜対応)", 3), ("つくし会(東京都精神保健福祉家族会連合会)", 3), ("みんなねっと(全国精神保健福祉会連合会)", 3)]),
        ("地域活動支援センターエナジーハウス", [("バザー、精神保健福祉講座", 1), ("オープン夕食会", 3), ("ほおずき市の参加", 3), ("高齢者センターボランティア", 3), ("世の中お助け隊、社協夏ボランティアの受け入れ", 3)]),
        ("日本医科大学付属病院", []),
        ("銀杏企画", [("地域住民団体(街ing本郷)との連携(花壇整備、百貨店祭りなど)", 3), ("地域イベントへの参加(福祉まつり、東大ホームカミングデイ、町内会防災訓練など)", 3),
            ("夢の本箱の設置", 3), ("家族教室の開催(文京MCAの皆様へのお声かけ)", 0), ("本郷消防署 防災コンクールに出場(2年連続優勝)", 3)]),
        ("東京大学相談支援研究開発センター", [("COVID-19流行下でのメンタルヘルス維持のための啓蒙活動(ホームページ上)", 2)]),
        ("地域活動支援センター あかり", [("心のふれあいをすすめる会の精神保健福祉講演会への協力", 1), ("ふれあいの集いへの参加", 3), ("地域支援フォーラム 実行委員会として参加", 1)]),
        ("訪問看護ステーションほのぼのらいふ", [("精神疾患のご利用者様、ご家族様へ講演会等の情報提供", 3), ("訪問時にあんしん拠点や基幹の連絡先をお伝えする", 3)]),
        ("文京区社会福祉協議会", [("地域福祉活動助成事業(自主的に実施する社会福祉の推進事業に経費の一部を助成)", 3),
            ("精神障害者の福祉の向上を目的とする事業(講演会や学習会、制度や施設を紹介する冊子作成など)への一部助成", 2)]),
        ("文京区基幹相談支援センター", [("福祉センター祭りでの幻聴体験コーナーの設置、当事者の方との交流の場(コロナ前)", 3), ("グループホームの町会活動への参加", 3),
            ("民生委員の勉強会で精神障害も含めた障害理解の話", 0)]),
        ("銀杏企画 当事者", [("銀杏企画の家族教室", 0), ("花壇の手入れ", 3), ("共生のための地域支援フォーラム", 1)]),
        ("東京都立精神保健福祉センター", [("ホームページ、リーフレットや広報誌の発行", 2), ("電話相談、面接相談、家族会(依存症、思春期)", 3), ("デイケア(本人)", 3), ("依存症フォーラム(3センター合同)", 1)]),
    ];

    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        if (await db.Surveys.AnyAsync(ct))
        {
            return;
        }

        var orgs = await OrganizationsDemoSeed.ByKeyAsync(db, ct);
        await LoadBunkyoAsync(db, orgs["bunkyo-city"], ct);
        await LoadSaitamaAsync(db, orgs["saitama-pref"], ct);
    }

    private static DateTimeOffset Jst(int y, int m, int d, int h = 10) => new(y, m, d, h, 0, 0, JapanTime.Offset);

    private static async Task LoadBunkyoAsync(NimoDbContext db, Organization city, CancellationToken ct)
    {
        var forum = await db.Forums.Include(f => f.Region).Include(f => f.Members).ThenInclude(m => m.Organization!).ThenInclude(o => o.Region)
            .SingleOrDefaultAsync(f => f.Name == "文京区地域精神保健福祉連絡協議会" && f.Region.Code == "131059", ct);
        if (forum is null)
        {
            return;
        }

        var survey = Survey.Create(BunkyoTitle,
            "地域アセスメントを目的として、協議会の構成団体がすでに行っている取組(地域の助け合い・教育(普及啓発))を把握します。集計結果はコア会議で共有し、強化した方が良いと思われる取組、不足している取組、課題やアイデアを話し合う資料とします。",
            city, forum.Region, forum, new DateOnly(2021, 8, 2), new DateOnly(2021, 9, 17), SurveyLabels.BunkyoCategories, Jst(2021, 7, 28), "bunkyo");
        var section = survey.AddSection("団体等で実施している活動");
        var activities = survey.AddQuestion(section, QuestionKind.Activities, "地域の助け合い・教育(普及啓発)に関して、貴団体で実施している活動を教えてください。",
            "研修等・講演会・発行物・活動、イベント等 のどれにあたるかを選んでください。", false, null, [], []);
        var ideas = survey.AddQuestion(survey.AddSection("意見"), QuestionKind.LongText, "強化した方が良いと思われる取組、不足している取組、課題やアイデアがあればお書きください。",
            null, false, null, [], []);
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);

        var categories = survey.Categories.OrderBy(c => c.Order).ToList();
        var members = forum.Members.Where(m => m.Organization is not null).Select(m => m.Organization!).ToList();
        var recipients = new List<SurveyRecipient>();
        survey.Send(Jst(2021, 8, 2), Bunkyo.Length);
        var day = 0;
        foreach (var (name, acts) in Bunkyo)
        {
            var org = members.SingleOrDefault(o => o.Name == name);
            if (org is null)
            {
                // 「銀杏企画 当事者」 sits on the forum by name only; the survey asks organisations, so it gets a record of its own.
                if (!forum.Members.Any(m => m.Organization is null && m.Name == name))
                {
                    continue;
                }

                org = await db.Organizations.Include(o => o.Region).SingleOrDefaultAsync(o => o.Name == name && o.RegionId == forum.RegionId, ct)
                    ?? Organization.Create(name, "いちょうきかく とうじしゃ", OrganizationKind.PeerGroup, forum.Region);
            }

            var r = SurveyRecipient.For(survey, org);
            var sheet = new AnswerSheet([],
                [.. acts.Select(a => new SurveyActivity { QuestionId = activities.Id, Title = a.Title, CategoryId = categories[a.Category].Id })],
                acts.Length == 0, null);
            r.Submit(survey, sheet, AnswerChannel.Paper, "bunkyo", Jst(2021, 8, 20).AddDays(day++ % 20));
            recipients.Add(r);
        }

        db.SurveyRecipients.AddRange(recipients);
        await db.SaveChangesAsync(ct);

        // The shared material: the counts per category and every organisation's list, as the slides show them.
        var results = SurveyResults.Tally(survey, recipients, []);
        var lines = new List<SnapshotLine>();
        var order = 0;
        lines.Add(new SnapshotLine { Order = ++order, Kind = SnapshotLineKind.Count, Label = "回答", Value = $"{results.Answered}/{results.Asked}機関(回答率 100%)" });
        lines.Add(new SnapshotLine { Order = ++order, Kind = SnapshotLineKind.Heading, Label = activities.Text });
        lines.AddRange(results.Categories.Select(c => new SnapshotLine { Order = ++order, Kind = SnapshotLineKind.Count, Label = c.Name, Value = $"{c.Activities}件({c.Organizations}機関)" }));
        lines.Add(new SnapshotLine { Order = ++order, Kind = SnapshotLineKind.Count, Label = SurveyLabels.NotDoingLabel, Value = "1機関" });
        lines.Add(new SnapshotLine { Order = ++order, Kind = SnapshotLineKind.Heading, Label = "団体等で実施している活動" });
        foreach (var r in recipients)
        {
            var text = r.NotDoing ? "地域向けの普及啓発活動は組織としては行っていない"
                : string.Join("\n", r.Activities.Select(a => $"・{a.Title}({categories.Single(c => c.Id == a.CategoryId).Name})"));
            lines.Add(new SnapshotLine { Order = ++order, Kind = SnapshotLineKind.Text, Label = r.Organization.Name, Value = text });
        }

        var snapshot = SurveySnapshot.Create(survey, "事前にいただいたアンケートの共有", lines, Jst(2021, 9, 24), "bunkyo");
        var core = await db.Meetings.Where(m => m.Forum.ParentId == forum.Id && m.Forum.Kind == ForumKind.CoreMembers).ToListAsync(ct);
        foreach (var m in core.OrderBy(m => m.StartsAt))
        {
            snapshot.AttachTo(m.Id, 3, m.AgendaItems.Count());
        }

        db.SurveySnapshots.Add(snapshot);
        await db.SaveChangesAsync(ct);
        _ = ideas;
    }

    private static async Task LoadSaitamaAsync(NimoDbContext db, Organization prefectureOffice, CancellationToken ct)
    {
        var prefecture = await db.Regions.SingleOrDefaultAsync(r => r.Code == "110001", ct);
        if (prefecture is null)
        {
            return;
        }

        var areas = await db.Regions.Where(r => r.ParentId == prefecture.Id && r.Kind == RegionKind.HealthArea).OrderBy(r => r.Path).Take(2).ToListAsync(ct);
        var hospitals = new List<Organization>();
        var letters = "ABCD";
        var n = 0;
        foreach (var area in areas)
        {
            var cities = await db.Regions.Where(r => r.ParentId == area.Id && r.Kind == RegionKind.Municipality).OrderBy(r => r.Path).Take(2).ToListAsync(ct);
            foreach (var city in cities)
            {
                var name = $"(見本){city.Name}{letters[n++]}病院";
                var org = await db.Organizations.SingleOrDefaultAsync(o => o.Name == name, ct) ?? Organization.Create(name, "みほんびょういん", OrganizationKind.PsychiatricHospital, city);
                if (org.Id == 0)
                {
                    db.Organizations.Add(org);
                }

                hospitals.Add(org);
            }
        }

        await db.SaveChangesAsync(ct);
        var survey = Survey.Create(SaitamaTitle,
            "県内の精神科病院の長期入院者と地域移行の状況を把握し、保健所圏域ごとに必要なサービス量を見込むために使います。集計は圏域・県の単位で協議の場に報告し、病院ごとの数値は公表しません。",
            prefectureOffice, prefecture, null, new DateOnly(2024, 6, 3), new DateOnly(2024, 6, 28), [], Jst(2024, 5, 27), "saitama");
        var sec = survey.AddSection("入院と退院の状況(令和6年6月1日時点)");
        var longStay = survey.AddQuestion(sec, QuestionKind.Number, "1年以上の長期入院者数", null, true, "人", [], []);
        var elderly = survey.AddQuestion(sec, QuestionKind.Number, "うち65歳以上", null, true, "人", [], []);
        var discharged = survey.AddQuestion(sec, QuestionKind.Number, "令和5年度に退院した1年以上の長期入院者数", null, true, "人", [], []);
        var transition = survey.AddQuestion(sec, QuestionKind.Number, "地域移行支援の利用者数", null, false, "人", [], []);
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);

        decimal[][] figures = [[182, 121, 23, 4], [96, 70, 11, 2], [240, 168, 31, 6], [58, 39, 9, 1]];
        var recipients = new List<SurveyRecipient>();
        survey.Send(Jst(2024, 6, 3), hospitals.Count);
        for (var i = 0; i < hospitals.Count; i++)
        {
            var r = SurveyRecipient.For(survey, hospitals[i]);
            var f = figures[i % figures.Length];
            // The last hospital has not answered: the roll-up counts it as asked, not answered.
            if (i < hospitals.Count - 1)
            {
                r.Submit(survey, new AnswerSheet(
                    [new SurveyAnswer { QuestionId = longStay.Id, Number = f[0] }, new SurveyAnswer { QuestionId = elderly.Id, Number = f[1] },
                     new SurveyAnswer { QuestionId = discharged.Id, Number = f[2] }, new SurveyAnswer { QuestionId = transition.Id, Number = f[3] }], [], false, null),
                    AnswerChannel.Paper, "saitama", Jst(2024, 6, 10 + i));
            }

            recipients.Add(r);
        }

        db.SurveyRecipients.AddRange(recipients);
        await db.SaveChangesAsync(ct);
    }
}
