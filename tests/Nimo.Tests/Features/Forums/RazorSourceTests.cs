using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;
using Nimo.Platform.Demo;
using Nimo.Tests.Infrastructure;
using Nimo.Tests.Robustness;
using Xunit.Abstractions;

namespace Nimo.Tests.Features.Forums;

/// <summary>
/// In Razor, text that runs straight into <c>@</c> (「議事録@if」) is read as an e-mail address and the code after it is
/// printed as text. Every template is checked for it, and the pages of the demo installation are read for template
/// code that reached the HTML.
/// </summary>
public sealed partial class RazorSourceTests(DemoAppFactory app, ITestOutputHelper output) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public void No_template_runs_text_straight_into_an_at_sign()
    {
        var root = Path.Combine(RepositoryRoot(), "src");
        var files = System.IO.Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"only {files.Count} templates found under {root}");
        var found = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var n = 0; n < lines.Length; n++)
            {
                foreach (var problem in TextIntoAt(lines[n]))
                {
                    found.Add($"{Path.GetRelativePath(root, file)}:{n + 1}: 「{problem}」");
                }
            }
        }

        Assert.True(found.Count == 0, "Text runs into @ (write @(…) or put a space before it):\n" + string.Join("\n", found));
    }

    /// <summary>The check itself, on lines that are and are not the mistake.</summary>
    [Theory]
    [InlineData("<h2>議事録@if (m.MinutesMembersOnly) {<span>構成員限り</span>}</h2>", true)]
    [InlineData("<td>合計@total</td>", true)]
    [InlineData("<td>No.@n</td>", true)]
    [InlineData("<p>年度@(year)</p>", false)]
    [InlineData("<td>@m.DisplayName@if (m.UserId is not null) {<span>利用者</span>}</td>", false)]
    [InlineData("<p>問い合わせ: info@example.lg.jp</p>", false)]
    [InlineData("<p>@@で始まる</p>", false)]
    [InlineData("<h2>議事録 @if (x) {<span>a</span>}</h2>", false)]
    public void The_check_tells_text_running_into_an_at_sign_from_code_and_addresses(string line, bool mistake) =>
        Assert.Equal(mistake, TextIntoAt(line).Any());

    [Fact]
    public async Task No_page_a_demo_user_reaches_shows_template_code()
    {
        // A members-only meeting with minutes, and a forum in preparation with an account member, so that every branch
        // of the meeting and forum pages is drawn.
        await app.WithDbAsync(async db =>
        {
            var meeting = await db.Meetings.Include(m => m.Forum).ThenInclude(f => f.Region).OrderBy(m => m.Id).FirstAsync(m => m.Forum.Region.Code == "131105");
            meeting.Record("夜間の相談体制", "委員から率直な意見があった。", true, "次回までに案を作る");
            var forum = await db.Forums.Include(f => f.Members).FirstAsync(f => f.Id == meeting.ForumId);
            forum.Update(forum.Name, forum.Kind, null, forum.Purpose, null, forum.FrequencyText, ForumStatus.Preparing, forum.Activities, forum.Notes);
            var meguro = await db.Users.SingleAsync(u => u.UserName == "meguro");
            forum.AddMember(null, "目黒区の担当者", MemberRole.Secretariat, Sector.Government, null, null, meguro.Id);
            await db.SaveChangesAsync();
        });
        var map = new SiteMap(app.Services);
        var pages = 0;
        var found = new List<string>();
        foreach (var user in new[] { "meguro", "saitama", "kawaguchi", "kurashiki", "bunkyo", "kawaguchi-partner", "admin" })
        {
            var client = app.CreateClient();
            var login = await AppFactory.PostLoginAsync(client, user, DemoData.DemoPassword);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, login.StatusCode);
            var before = map.Pages.Count;
            await map.CrawlAsync(user, client, ["/", "/Forums", "/Forums/Issues", "/Forums/Calendar"], perRoute: 3,
                url => url.StartsWith("/Account/Logout", StringComparison.OrdinalIgnoreCase) || url.StartsWith("/Error", StringComparison.OrdinalIgnoreCase));
            foreach (var page in map.Pages.Skip(before))
            {
                var html = await client.GetStringAsync(page.Url);
                pages++;
                foreach (Match m in TemplateCode().Matches(html))
                {
                    found.Add($"{user} {page.Url}: 「{Around(html, m.Index)}」");
                }
            }
        }

        output.WriteLine($"{pages} pages read");
        Assert.True(pages > 100, $"only {pages} pages were reached");
        Assert.True(found.Count == 0, "Template code in the HTML:\n" + string.Join("\n", found.Distinct()));
    }

    /// <summary>
    /// Where text (a Japanese character, or a letter or digit of markup) is followed by @ that is not an explicit
    /// expression: the part of the line that shows it. A letter ending an implicit expression (<c>@m.Name@if</c>) is
    /// code, not text, and is fine; so is an e-mail address, which Razor leaves as it is on purpose.
    /// </summary>
    public static IEnumerable<string> TextIntoAt(string line)
    {
        foreach (Match m in BeforeAt().Matches(line))
        {
            var at = m.Index + m.Length - 1;
            var word = m.Groups["word"].Value;
            var start = m.Index;
            var isJapanese = JapaneseText().IsMatch(word[^1..]);
            if (!isJapanese)
            {
                // An implicit expression (@x.y) ends where the next @ begins: that is code followed by code.
                if (start > 0 && line[start - 1] == '@')
                {
                    continue;
                }

                // An e-mail address: local part, @, a dotted domain.
                if (EmailDomain().IsMatch(line[(at + 1)..]))
                {
                    continue;
                }
            }

            yield return line[Math.Max(0, at - 8)..Math.Min(line.Length, at + 12)];
        }
    }

    private static string Around(string html, int index) =>
        html[Math.Max(0, index - 30)..Math.Min(html.Length, index + 40)].Replace("\n", " ", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nimo.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Nimo.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A run of text (word characters, dots for member access) directly before a single @ that does not open @( or @@.</summary>
    [GeneratedRegex(@"(?<word>[\p{L}\p{N}_.]+)@(?![(@])")]
    private static partial Regex BeforeAt();

    [GeneratedRegex(@"[\p{Lo}\p{Lm}]")]
    private static partial Regex JapaneseText();

    [GeneratedRegex(@"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\b")]
    private static partial Regex EmailDomain();

    /// <summary>Razor that was printed instead of run.</summary>
    [GeneratedRegex(@"@(if|foreach|for|switch|while|using|Model|ViewData|Html|section)\b|@\{|@\(")]
    private static partial Regex TemplateCode();
}
