using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Japanese;
using Nimo.Tests.Infrastructure;
using Nimo.Tests.Robustness;
using Nimo.Tests.Support;

namespace Nimo.Tests.Features;

/// <summary>
/// Messages are whole Japanese sentences, never glued from fragments: 「支給決定を記録を記録しました。」 came from
/// <c>$"{what}を記録しました。"</c> with <c>what = "支給決定を記録"</c>. Every string of the app's source is read, and
/// the messages a caseworker meets are read off the pages.
/// </summary>
public sealed partial class MessageWordingTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>A particle twice in a row (をを, にに, がが, はは).</summary>
    [GeneratedRegex("(を|が|に|は)\\1")]
    private static partial Regex Doubled();

    /// <summary>An object with its verb-noun, then another verb: 「計画を作成を記録」「期間を延長を記録」.</summary>
    [GeneratedRegex("を[\u4E00-\u9FFF]{1,6}を(記録|保存|作成|登録|追加|送付|延長)")]
    private static partial Regex ObjectTwice();

    /// <summary>A placeholder that carries the object of the verb (「{what}を記録しました」): the message is assembled from a fragment. A quoted name (「{name}」を保存しました) is data, not a fragment.</summary>
    [GeneratedRegex("(?<!「)〇を[^。」]*しました")]
    private static partial Regex GluedObject();

    public static string Problem(string message) =>
        Doubled().IsMatch(message) ? "a particle twice" : ObjectTwice().IsMatch(message) ? "を…を" : GluedObject().IsMatch(message) ? "built from a fragment" : "";

    [Theory]
    [InlineData("支給決定を記録を記録しました。")]
    [InlineData("退院後支援計画を作成を記録しました。")]
    [InlineData("支援期間を延長を記録しました")]
    [InlineData("会議をを記録しました。")]
    [InlineData("〇を記録しました。")]
    public void The_checks_catch_the_messages_the_walk_found(string message) => Assert.NotEqual("", Problem(message));

    [Theory]
    [InlineData("支給決定を記録しました。")]
    [InlineData("個人情報を出力する理由を入力してください(監査ログに記録されます)。")]
    [InlineData("「〇」を保存しました。")]
    [InlineData("支援期間は〇までです。期間満了での終了はそれ以降に記録してください。")]
    public void The_checks_let_whole_sentences_through(string message) => Assert.Equal("", Problem(message));

    [Fact]
    public void No_message_anywhere_in_the_source_doubles_a_particle_or_is_glued_from_a_fragment()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = System.IO.Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var found = new List<string>();
        var strings = 0;
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var text in Literals(lines[i]).Where(Verdict.HasJapanese))
                {
                    strings++;
                    if (Problem(text) is { Length: > 0 } problem)
                    {
                        found.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: {problem}: {text}");
                    }
                }
            }
        }

        Assert.True(files.Count > 150 && strings > 1000, $"only {files.Count} files and {strings} Japanese strings read: is src/ where it was?");
        Assert.True(found.Count == 0, "messages to write whole:\n" + string.Join("\n", found));
    }

    [Fact]
    public async Task Every_step_of_a_case_answers_with_a_whole_sentence()
    {
        var world = await app.CreateWorldAsync();
        var (nurse, _) = await Casework.NurseAsync(app, world.CityHealthCenter.Id);
        var today = JapanTime.Today(app.Clock);
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (clientId, outreach, transition, consentId, receiverConsent) = await app.WithDbAsync(async (db, _) =>
        {
            var owner = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var receiver = await db.Organizations.SingleAsync(o => o.Id == world.AreaHealthCenter.Id);
            var client = Client.Register(owner, null, "見本 文言子", "みほん もんごんこ", new DateOnly(1977, 7, 7), Sex.Female, today, "seed", app.Clock.GetUtcNow());
            db.Clients.Add(client);
            await db.SaveChangesAsync();
            var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [receiver], today.AddDays(-30), ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
            var o = SupportCase.Open(client, Programme.Outreach, today.AddDays(-20), null, null, "家族から", today);
            var t = SupportCase.Open(client, Programme.CommunityTransition, today.AddDays(-20), null, null, null, today);
            db.SupportCases.AddRange(o, t);
            await db.SaveChangesAsync();
            return (client.Id, o.Id, t.Id, consent.Id, consent.Id);
        });
        var discharge = await app.WithDbAsync(async (db, _) =>
        {
            var client = await db.Clients.SingleAsync(c => c.Id == clientId);
            var c = SupportCase.Open(client, Programme.DischargeSupport, today.AddDays(-20), null, null, "通知", today);
            db.SupportCases.Add(c);
            await db.SaveChangesAsync();
            return c.Id;
        });

        var steps = new (int Case, string Handler, Dictionary<string, string> Fields, string Expected)[]
        {
            (outreach, "Review", [], "所内会議にかけました。"),
            (outreach, "Decide", new() { ["eligible"] = "true", ["meetingDate"] = Day(-5), ["note"] = "対象とする" }, "所内会議で支援の対象と決めました。支援を始めてください。"),
            (discharge, "Plan", new() { ["consentId"] = consentId.ToString(CultureInfo.InvariantCulture) }, "退院後支援計画を作成しました。計画の内容を入力してください。"),
            (discharge, "Discharge", new() { ["dischargedOn"] = Day(-3) }, "退院日を記録しました。支援期間が始まりました。"),
            (discharge, "Extend", new() { ["until"] = today.AddDays(-3).AddMonths(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["reason"] = "会議で延長を確認", ["consentId"] = consentId.ToString(CultureInfo.InvariantCulture) }, "支援期間を延長しました。"),
            (discharge, "Move", new() { ["municipality"] = "北部市", ["receiverId"] = world.AreaHealthCenter.Id.ToString(CultureInfo.InvariantCulture), ["consentId"] = receiverConsent.ToString(CultureInfo.InvariantCulture) }, "転居による引継ぎを記録しました。同意に基づき情報を引き継ぎます。"),
            (transition, "Grant", new() { ["decidedOn"] = Day(-1) }, "支給決定を記録しました。"),
            (transition, "Note", new() { ["date"] = Day(0), ["kind"] = "Visit", ["content"] = "訪問した。" }, "支援記録を追加しました。"),
            (transition, "End", new() { ["reason"] = "GoalReached", ["endedOn"] = Day(0) }, "支援を終了しました。"),
        };
        foreach (var (caseId, handler, fields, expected) in steps)
        {
            var url = $"/Cases/Details/{caseId}";
            var location = await Casework.AssertRedirectAsync(await AppFactory.PostFormAsync(nurse, url, fields, $"{url}?handler={handler}"));
            var page = await Casework.HtmlAsync(nurse, location.Split('#')[0]);
            var notice = Regex.Match(page, "<p class=\"notice\" role=\"status\">(.*?)</p>", RegexOptions.Singleline);
            Assert.True(notice.Success, $"{handler}: no message; {string.Join(" / ", Regex.Matches(page, "class=\"warning\"[^>]*>(.*?)</p>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)))}");
            var message = WebUtility.HtmlDecode(notice.Groups[1].Value);
            Assert.Equal(expected, message);
            Assert.Equal("", Problem(message));
        }
    }

    /// <summary>The string literals of a line of C# or Razor; in an interpolated one each hole becomes 〇.</summary>
    private static IEnumerable<string> Literals(string line)
    {
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] != '"')
            {
                i++;
                continue;
            }

            var interpolated = i > 0 && (line[i - 1] == '$' || (i > 1 && line[i - 1] == '@' && line[i - 2] == '$'));
            var text = new StringBuilder();
            var depth = 0;
            i++;
            while (i < line.Length && (line[i] != '"' || depth > 0))
            {
                var c = line[i];
                if (c == '\\' && depth == 0 && i + 1 < line.Length)
                {
                    text.Append(line[i + 1]);
                    i += 2;
                    continue;
                }

                if (interpolated && c == '{')
                {
                    if (depth == 0 && i + 1 < line.Length && line[i + 1] == '{')
                    {
                        text.Append('{');
                        i += 2;
                        continue;
                    }

                    if (depth == 0)
                    {
                        text.Append('〇');
                    }

                    depth++;
                }
                else if (interpolated && c == '}' && depth > 0)
                {
                    depth--;
                }
                else if (depth == 0)
                {
                    text.Append(c);
                }

                i++;
            }

            i++;
            yield return text.ToString();
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Nimo.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Nimo.slnx not found above " + AppContext.BaseDirectory);
    }
}
