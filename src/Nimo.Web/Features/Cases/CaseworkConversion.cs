using System.Text;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Nimo.Features.Cases;

/// <summary>
/// The data side of the CaseworkRows migration, run by the CaseworkRowsData migration of each provider right after it (keep
/// that call when regenerating the migrations; SQLite rebuilds the tables in CaseworkRows, so the data goes in a step of its own).
/// Attendees and plan services were already rows, but typed as 「氏名|所属|種別」 and 「内容|機関|連絡先」 lines: an officer
/// written as one natural line was stored as その他, and no row pointed at a registered organisation. Nothing is dropped:
/// each row is kept, linked to the organisation whose name it carries when exactly one has it, and classified as police,
/// 本人 or 家族 where its words say so (a conference left with an officer and no recorded exception is then flagged on the
/// case page). Notes entered without a time (stored at 00:00) get no time, and clients get their search key.
/// </summary>
public static class CaseworkConversion
{
    private const string Sqlite = "Microsoft.EntityFrameworkCore.Sqlite";

    public static void Up(MigrationBuilder b)
    {
        var sqlite = b.ActiveProvider == Sqlite;

        // Organisations: link by exact name when the name is unambiguous.
        foreach (var (table, column) in new[] { ("ConferenceAttendee", "Affiliation"), ("PlanService", "Provider") })
        {
            b.Sql($"""
                UPDATE "{table}" SET "OrganizationId" = (SELECT MIN(o."Id") FROM "Organizations" o WHERE o."Name" = "{table}"."{column}")
                WHERE "OrganizationId" IS NULL AND "{column}" IS NOT NULL
                  AND (SELECT COUNT(*) FROM "Organizations" o WHERE o."Name" = "{table}"."{column}") = 1;
                """);
        }

        // Police however it was written (the rule of CaseConference.IsPolice); 警察病院 is a hospital.
        string Police(string column) => "(" + string.Join(" OR ", new[] { "警察", "警視庁", "県警", "府警", "道警", "交番", "駐在所", "巡査", "警部" }
            .Select(w => $"REPLACE(\"{column}\", '警察病院', '') LIKE '%{w}%'")) + ")";
        b.Sql($"""
            UPDATE "ConferenceAttendee" SET "Kind" = 'Police'
            WHERE "Kind" <> 'Police' AND ("OrganizationId" IN (SELECT "Id" FROM "Organizations" WHERE "Kind" = 'Police')
              OR {Police("Name")} OR ("OrganizationId" IS NULL AND "Affiliation" IS NOT NULL AND {Police("Affiliation")}));
            """);
        b.Sql("""
            UPDATE "ConferenceAttendee" SET "Kind" = 'Person'
            WHERE "Kind" = 'Other' AND ("Affiliation" = '本人' OR "Name" = '本人' OR "Name" LIKE '%(本人)' OR "Name" LIKE '%（本人）' OR "Name" LIKE '% 本人');
            """);
        b.Sql("""
            UPDATE "ConferenceAttendee" SET "Kind" = 'Family'
            WHERE "Kind" = 'Other' AND ("Affiliation" IN ('家族', '母', '父', '妻', '夫', '兄', '姉', '弟', '妹', '長男', '長女', '次男', '次女', '配偶者', '子')
              OR "Name" LIKE '%(家族)' OR "Name" LIKE '%（家族）');
            """);

        // Notes: every note had a time; those at exactly 00:00 in Japan time were entered without one.
        b.Sql("UPDATE \"CaseNotes\" SET \"HasTime\" = TRUE;");
        b.Sql(sqlite
            ? "UPDATE \"CaseNotes\" SET \"HasTime\" = FALSE WHERE (\"OccurredAt\" + 324000000000) % 864000000000 = 0;" // UTC ticks; +9 h is JST
            : "UPDATE \"CaseNotes\" SET \"HasTime\" = FALSE WHERE ((\"OccurredAt\" AT TIME ZONE 'UTC') + INTERVAL '9 hours')::time = TIME '00:00:00';");

        // Clients: the kana key and the name folded as TextNormalizer.SearchKey does (PostgreSQL has NFKC; SQLite folds
        // spaces, 中黒 and katakana, which is what names hold; new and edited records get the exact key from the app).
        b.Sql(sqlite
            ? $"UPDATE \"Clients\" SET \"SearchKey\" = \"KanaKey\" || ' ' || lower({KatakanaToHiragana(StripSpaces("\"Name\""))});"
            : $"UPDATE \"Clients\" SET \"SearchKey\" = \"KanaKey\" || ' ' || lower(translate({StripSpaces("normalize(\"Name\", NFKC)")}, '{Katakana()}', '{Hiragana()}'));");
    }

    private static string StripSpaces(string expression) =>
        new[] { " ", "\u3000", "・", "･", "\t" }.Aggregate(expression, (e, s) => $"replace({e}, '{s}', '')");

    private static string KatakanaToHiragana(string expression)
    {
        var e = new StringBuilder(expression);
        foreach (var k in Katakana())
        {
            e.Insert(0, "replace(").Append(", '").Append(k).Append("', '").Append((char)(k - 0x60)).Append("')");
        }

        return e.ToString();
    }

    private static string Katakana() => new([.. Enumerable.Range(0x30A1, 0x30F6 - 0x30A1 + 1).Select(c => (char)c)]);

    private static string Hiragana() => new([.. Enumerable.Range(0x3041, 0x3096 - 0x3041 + 1).Select(c => (char)c)]);
}
