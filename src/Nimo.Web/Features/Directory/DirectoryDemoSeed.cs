using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;
using Nimo.Features.Regions;
using Nimo.Platform.Modules;

namespace Nimo.Features.Directory;

/// <summary>
/// The demo directory, from the seed documents only: 文京's 相談窓口 and groups (004, with 「月に1回」 AA), 川口's
/// 若年者相談窓口 (003), and 倉敷's 相談支援事業所 counted in its §1 (002: 基幹 1, 一般 12, 特定 36). The seeds publish no phone
/// numbers, so none is invented: the pages say 「要確認」. 倉敷's 48 offices other than the 基幹 are not named in the seed: they are
/// fictional and say so. 確認日 is the date of the seed document, so entries older than a year show the curator's flag.
/// </summary>
public sealed class DirectoryDemoSeed : IDemoSeed
{
    private static readonly DateOnly Bunkyo = new(2021, 10, 1);
    private static readonly DateOnly Kawaguchi = new(2023, 4, 1);
    private static readonly DateOnly Kurashiki = new(2024, 11, 1);

    public async Task LoadAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        if (await db.DirectoryServices.AnyAsync(ct))
        {
            return;
        }

        var now = demo.Clock.GetUtcNow();
        var terms = await db.TaxonomyTerms.ToListAsync(ct);
        var regions = await db.Regions.ToListAsync(ct);
        var organizations = await db.Organizations.Include(o => o.Region).ToListAsync(ct);
        Region RegionOf(string code) => regions.Single(r => r.Code == code);
        Organization Org(string name) => organizations.Single(o => o.Name == name);
        Guid Category(string code) => Taxonomies.TermId(Taxonomies.Categories, code);
        Guid Kind(string code) => Taxonomies.TermId(Taxonomies.ServiceKinds, code);

        // 文京区's 日常生活圏域 (4 地区), for the gap check by area. [M] from the ward's 地域包括ケア planning, not from the seed.
        var bunkyo = RegionOf("131059");
        var areas = new Dictionary<string, Region>();
        foreach (var (name, kana) in new[] { ("富坂地区", "とみさかちく"), ("大塚地区", "おおつかちく"), ("本富士地区", "もとふじちく"), ("駒込地区", "こまごめちく") })
        {
            var area = regions.FirstOrDefault(r => r.ParentId == bunkyo.Id && r.Name == name) ?? Region.Create(null, name, kana, RegionKind.DailyLifeArea, MunicipalityFlags.None, bunkyo);
            if (area.Id == 0)
            {
                db.Regions.Add(area);
                regions.Add(area);
            }

            areas[name] = area;
        }

        var locations = new List<DirectoryLocation>();
        DirectoryLocation Place(Organization org, string name, Region region, string? street, string? transportation = null)
        {
            var location = DirectoryLocation.Create(org, now);
            location.Update(name, LocationType.Physical, null, region, null, street, null, transportation, AccessibilityFeatures.None, null, false, now);
            db.DirectoryLocations.Add(location);
            locations.Add(location);
            return location;
        }

        DirectoryService Add(Organization org, string name, string kana, string? description, Guid[] termIds, Region[] serviceAreas, DirectoryLocation[] places, DateOnly assured,
            string? schedule = null, string? scheduleNote = null, string? eligibility = null, bool publish = true)
        {
            var service = DirectoryService.Create(org, now);
            var schedules = new List<ScheduleContent>();
            if (schedule is not null)
            {
                if (!Recurrence.TryParseJapanese(schedule, out var rule, out var opens, out var closes, out var error))
                {
                    throw new InvalidOperationException(error);
                }

                schedules.Add(new ScheduleContent(rule.ToRule(), opens, closes, scheduleNote));
            }

            var content = new ServiceContent(name, kana, null, description, ServiceStatus.Active, eligibility, null, null, null, null, null, null, null,
                [], ["ja"], [], schedules, termIds, [.. serviceAreas.Select(a => a.Id)], [.. places.Select(p => p.Id)]);
            service.Apply(content, terms, regions, locations, now);
            if (publish)
            {
                service.Publish(now);
            }

            service.SetAssuredDate(assured);
            db.DirectoryServices.Add(service);
            db.ServiceRevisions.Add(ServiceRevision.Record(service, RevisionKind.Imported, [new FieldChange("出典", null, "デモデータ(シード文書)")], "demo", now));
            return service;
        }

        // Regions must have ids before services refer to them by id.
        await db.SaveChangesAsync(ct);

        // ---- 文京区 (004: 「様々な相談窓口」 and 「団体等で実施している活動」) ----
        var city = Org("文京区");
        var civic = Place(city, "文京シビックセンター(文京区役所)", bunkyo, "春日1-16-21");
        Add(city, "精神保健・福祉の一般相談(文京区)", "せいしんほけん・ふくしのいっぱんそうだん ぶんきょうく", "こころの健康や福祉についての一般的な相談を受けます。",
            [Category("consultation")], [bunkyo], [civic], Bunkyo);
        Add(city, "精神保健専門相談(保健所)", "せいしんほけんせんもんそうだん ほけんじょ", "保健所による、こころの健康についての専門的な相談です。",
            [Category("consultation"), Category("medical")], [bunkyo], [], Bunkyo);
        Add(Org("文京区基幹相談支援センター"), "障害のある方の相談(基幹相談支援センター)", "しょうがいのあるかたのそうだん きかんそうだんしえんせんたー",
            "相談業務やサービスのコーディネートを行います。訪問相談にも対応します。", [Category("consultation"), Category("disability-welfare"), Kind("core-counselling")], [bunkyo], [], Bunkyo);
        var tokyo = RegionOf("130001");
        Add(Org("東京都立精神保健福祉センター"), "電話相談・面接相談(複雑困難な相談)", "でんわそうだん・めんせつそうだん せいしんほけんふくしせんたー",
            "精神保健福祉センターによる、複雑・困難な相談への対応です。依存症・思春期の家族会や、本人のデイケアもあります。",
            [Category("consultation"), Category("medical"), Category("mutual-aid")], [tokyo], [], Bunkyo);
        var clinic = Org("こまごめ緑陰診療所");
        Add(clinic, "AA(アルコホーリクス・アノニマス)の集まり", "えーえー あるこほーりくす・あのにます あるこーるいぞんしょう じじょぐるーぷ",
            "依存症の回復について知っていただくため、アルコール依存症の自助グループ(AA)の方に来ていただき、通院患者様やご家族に、依存症という疾患や回復について理解の一助になる機会を設けています。",
            [Category("mutual-aid"), Category("medical")], [bunkyo], [Place(clinic, "こまごめ緑陰診療所", areas["駒込地区"], null)], Bunkyo, "月に1回", "日程は診療所にお問い合わせください",
            "通院している方とそのご家族");
        var family = Org("文京家族会");
        Add(family, "文京MCA家族のひろば", "ぶんきょうえむしーえーかぞくのひろば", "精神障害のある方のご家族のための講演会・勉強会です。",
            [Category("mutual-aid"), Category("awareness")], [bunkyo], [], Bunkyo);
        Add(family, "文京家族会 例会", "ぶんきょうかぞくかい れいかい", "家族会の定例の集まりです。", [Category("mutual-aid")], [bunkyo], [], Bunkyo);
        Add(family, "家族会の会員によるピア相談", "かぞくかいのかいいんによるぴあそうだん", "家族会の会員が、同じ立場の家族として相談に応じます(適宜対応)。",
            [Category("mutual-aid"), Category("consultation")], [bunkyo], [], Bunkyo);
        var energy = Org("地域活動支援センターエナジーハウス");
        Add(energy, "地域活動支援センターエナジーハウス", "ちいきかつどうしえんせんたー えなじーはうす", "バザー、精神保健福祉講座、オープン夕食会などを行っています。地域のボランティアも受け入れています。",
            [Category("disability-welfare"), Category("participation"), Kind("community-activity")], [bunkyo], [], Bunkyo);
        Add(Org("地域活動支援センター あかり"), "地域活動支援センター あかり", "ちいきかつどうしえんせんたー あかり", "地域の講演会やふれあいの集いに参加しています。",
            [Category("disability-welfare"), Category("participation"), Kind("community-activity")], [bunkyo], [], Bunkyo);
        Add(Org("こまじいのうち"), "地域サロン(こまじいのうち)", "ちいきさろん こまじいのうち", "社会福祉協議会が進める地域サロン活動のひとつです。",
            [Category("mutual-aid")], [areas["駒込地区"]], [], Bunkyo);
        Add(city, "ゲートキーパー養成講座", "げーときーぱーようせいこうざ", "自殺対策を支える人材を育てる講座です。", [Category("awareness")], [bunkyo], [], Bunkyo);
        Add(city, "文京区 心の健康ガイド", "ぶんきょうく こころのけんこうがいど", "こころの健康についての区の冊子です。", [Category("awareness")], [bunkyo], [], Bunkyo);
        Add(Org("訪問看護ステーションほのぼのらいふ"), "精神科訪問看護(ほのぼのらいふ)", "せいしんかほうもんかんご ほのぼのらいふ",
            "ご利用者・ご家族に、講演会などの情報を提供しています。訪問時には、あんしん拠点や基幹相談支援センターの連絡先をお伝えしています。", [Category("medical")], [bunkyo], [], Bunkyo);
        Add(Org("日本医科大学付属病院"), "精神科の診療(日本医科大学付属病院)", "せいしんかのしんりょう にほんいかだいがくふぞくびょういん", null, [Category("medical")], [bunkyo], [], Bunkyo);
        Add(Org("銀杏企画"), "銀杏企画の家族教室", "いちょうきかくのかぞくきょうしつ", "家族教室を開いています。地域の花壇整備や防災訓練にも参加しています。",
            [Category("mutual-aid"), Category("participation")], [bunkyo], [], Bunkyo);

        // ---- 川口市 (003) ----
        var kawaguchi = RegionOf("112038");
        var healthCenter = Org("川口市保健所");
        var hcPlace = Place(healthCenter, "川口市保健所", kawaguchi, "前川1-11-1");
        Add(healthCenter, "若年者相談窓口", "じゃくねんしゃそうだんまどぐち",
            "「若年者早期相談・支援事業」として、若い方のこころの不調について早めの相談と支援を行います。本人だけでなく、ご家族や学校などからの相談も受けます。",
            [Category("consultation")], [kawaguchi], [hcPlace], Kawaguchi, eligibility: "市内にお住まいの若い方とそのご家族");
        // Not yet published: the secretariat is still checking how residents should ask for it.
        Add(healthCenter, "精神障害者訪問支援(アウトリーチ)", "せいしんしょうがいしゃほうもんしえん あうとりーち", "保健所の職員が訪問して支援する事業です。",
            [Category("consultation"), Category("medical")], [kawaguchi], [hcPlace], Kawaguchi, publish: false);
        Add(healthCenter, "こころサポーター養成講座", "こころさぽーたーようせいこうざ", "こころの不調に気づき、声をかけられる人を増やす講座です。", [Category("awareness")], [kawaguchi], [], Kawaguchi);
        Add(Org("川口市 障害福祉課"), "障害者総合支援法に基づく相談", "しょうがいしゃそうごうしえんほうにもとづくそうだん", "市役所(本庁舎)で、障害福祉サービスの支給などについての相談を受けます。",
            [Category("consultation"), Category("disability-welfare")], [kawaguchi], [], Kawaguchi);
        var mirai = Add(Org("川口みらい相談支援センター(架空)"), "計画相談支援(川口みらい相談支援センター)", "けいかくそうだんしえん かわぐちみらいそうだんしえんせんたー",
            "架空の事業所です(デモ用)。サービス等利用計画の作成などを行います。", [Category("disability-welfare"), Category("consultation"), Kind("specific-counselling")], [kawaguchi], [], Kawaguchi);
        // A change the office proposed, waiting for 川口市's secretariat (kawaguchi) to review.
        var proposed = mirai.Content() with { Description = "架空の事業所です(デモ用)。サービス等利用計画の作成、地域移行の相談などを行います。土曜日の相談も始めました。" };
        db.ServiceProposals.Add(ServiceProposal.Propose(mirai, mirai.OrganizationId, proposed, "土曜日の相談を始めたため", "kawaguchi-partner", now));

        // ---- 倉敷市 (002 §1: 基幹 1, 一般 12, 特定 36) ----
        var kurashiki = RegionOf("332020");
        Add(Org("倉敷市障がい者基幹相談支援センター"), "障がいのある方の総合相談(基幹相談支援センター)", "しょうがいのあるかたのそうごうそうだん きかんそうだんしえんせんたー", null,
            [Category("consultation"), Category("disability-welfare"), Kind("core-counselling")], [kurashiki], [], Kurashiki);
        for (var i = 1; i <= 36; i++)
        {
            var name = $"倉敷相談支援事業所{i:00}(架空)";
            var org = organizations.FirstOrDefault(o => o.Name == name);
            if (org is null)
            {
                org = Organization.Create(name, $"くらしきそうだんしえんじぎょうしょ{i:00}", OrganizationKind.CounsellingSupport, kurashiki);
                db.Organizations.Add(org);
                organizations.Add(org);
                await db.SaveChangesAsync(ct);
            }

            Guid[] kinds = i <= 12 ? [Kind("specific-counselling"), Kind("general-counselling")] : [Kind("specific-counselling")];
            Add(org, i <= 12 ? "計画相談支援・地域移行支援・地域定着支援" : "計画相談支援", "けいかくそうだんしえん",
                "架空の事業所です(デモ用。倉敷市の§1の事業所数に合わせています)。", [Category("disability-welfare"), Category("consultation"), .. kinds], [kurashiki], [], Kurashiki);
        }

        Add(Org("くらしき心ほっとサポーター"), "くらしき心ほっとサポーター養成講座", "くらしきこころほっとさぽーたーようせいこうざ",
            "精神障がいへの正しい理解を広げる、住民向けの講座です。", [Category("awareness")], [kurashiki], [], Kurashiki);

        DirectoryStamp.Touch(db);
        await db.SaveChangesAsync(ct);
    }
}
