using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Cases;
using Nimo.Features.Clients;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;
using Xunit.Abstractions;

namespace Nimo.BrowserTests;

/// <summary>
/// 退院後支援 from the hospital's notification to the first note after discharge, as a nurse does it in Chromium: the
/// person registered with every field, consent with the hospital added on the spot, the plan with its services as rows,
/// the 支援関係者会議 with structured attendees (an officer typed as one line is refused), the discharge, a note, and the
/// printed plan (A4 PDF read back with pdftotext). At a desk's width and a phone's, axe-core on every page.
/// </summary>
[Collection(LiveAppCollection.Name)]
public sealed class SupportBrowserTests(LiveApp app, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task A_discharge_support_case_runs_from_notification_to_the_first_note_with_structured_attendees_and_a_printed_plan(int width)
    {
        var world = await app.CreateWorldAsync();
        var tag = Guid.NewGuid().ToString("N")[..4];
        var nurse = await app.CreateUserAsync("nurse-" + tag, Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        await app.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == nurse.Id)).DisplayName = "保健師 見本 歩美";
            await db.SaveChangesAsync();
        });
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var violations = new List<string>();
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(width, 900);
        await app.SignInAsync(page, nurse);
        var main = page.Locator("main");
        var name = "見本 退院" + tag;
        var hospital = "あおば中央病院" + tag + "(架空)";
        async Task Axe() => violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        // Register the person with every field, the 住所地 included.
        await page.GotoAsync("/Clients");
        await Axe();
        await page.GetByRole(AriaRole.Link, new() { Name = "対象者を登録" }).ClickAsync();
        await page.GetByLabel("氏名", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("ふりがな").FillAsync("みほん たいいん");
        await page.GetByLabel("生年月日").FillAsync(width > 800 ? "1980-04-01" : "1981-05-02");
        await page.GetByLabel("性別").SelectOptionAsync(new SelectOptionValue { Label = "男性" });
        await page.GetByLabel("住所地(市区町村)").SelectOptionAsync(new SelectOptionValue { Label = "あおば市" });
        await page.GetByLabel("住所", new() { Exact = true }).FillAsync("あおば市中央1-2-3");
        await page.GetByLabel("連絡先", new() { Exact = true }).FillAsync("090-0000-0000");
        await page.GetByLabel("世帯の状況").FillAsync("単身");
        await page.GetByLabel("家族・支援者(1行に1人: 氏名、続柄、連絡先)").FillAsync("見本 花子、母、090-0000-1111");
        await Axe();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("対象者を登録しました。");
        await Assertions.Expect(main).ToContainTextAsync("あおば市 あおば市中央1-2-3");
        var clientUrl = page.Url;

        // Consent: the 共有先 narrowed by typing, and the hospital (not registered) added from the form itself.
        await page.GetByRole(AriaRole.Link, new() { Name = "同意を記録" }).ClickAsync();
        await page.GetByLabel("目的").SelectOptionAsync(new SelectOptionValue { Label = "支援全般" });
        await page.GetByLabel("同意の範囲(共有する情報)").FillAsync("退院後支援計画、支援記録、地域連携票");
        await page.GetByLabel("一覧を絞り込む(機関名・ふりがな・市区町村・種別)").FillAsync("相談");
        await Assertions.Expect(page.GetByLabel("みどり家族会")).ToBeHiddenAsync();
        await page.GetByLabel("あおば相談支援センター").CheckAsync();
        await page.GetByText("一覧にない機関(入院先の病院など)を登録して共有先に加える").ClickAsync();
        await page.GetByLabel("機関の名前").FillAsync(hospital);
        await page.GetByLabel("所在地(市区町村)").SelectOptionAsync(new SelectOptionValue { Label = "あおば市" });
        await Axe();
        await page.GetByRole(AriaRole.Button, new() { Name = "機関を登録して共有先に加える" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync($"「{hospital}」を機関として登録し、共有先に加えました。");
        await Assertions.Expect(page.GetByLabel(hospital)).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("あおば相談支援センター")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("同意の範囲(共有する情報)")).ToHaveValueAsync("退院後支援計画、支援記録、地域連携票");
        await Axe();
        await LiveApp.ScreenshotAsync(page, $"consent-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "同意を記録" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("同意を記録しました。");
        await Assertions.Expect(main).ToContainTextAsync(hospital);

        // The hospital's notification opens the case; its next step is the plan.
        await page.GetByRole(AriaRole.Link, new() { Name = "支援ケースを開始" }).ClickAsync();
        await page.GetByLabel("事業").SelectOptionAsync(new SelectOptionValue { Label = "措置入院者等退院後支援" });
        await page.GetByLabel("紹介・通知の内容(病院からの通知、紹介元など)").FillAsync($"{hospital}から措置入院者の退院予定の通知");
        await Assertions.Expect(page.GetByLabel("担当者")).ToHaveValueAsync("保健師 見本 歩美");
        await Axe();
        await page.GetByRole(AriaRole.Button, new() { Name = "開始" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h2").First).ToHaveTextAsync("次の手続き");
        await Axe();
        var caseUrl = page.Url;
        await page.GetByLabel("計画の根拠となる同意(退院後支援・支援全般)").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "退院後支援計画を作成" }).ClickAsync();

        // The plan, with 退院後に必要な支援 as rows; a row is added without JavaScript doing anything.
        await page.GetByLabel("入院形態").SelectOptionAsync(new SelectOptionValue { Label = "措置入院" });
        await page.GetByLabel("入院先").FillAsync(hospital);
        await page.GetByLabel("入院日").FillAsync("2026-09-01");
        await page.GetByLabel("退院予定日").FillAsync("2026-11-10");
        await page.GetByLabel("退院後の生活に関する本人の希望").FillAsync("自宅に戻って仕事を探したい");
        await page.GetByLabel("家族その他の支援者の意見").FillAsync("母は通院の継続を望んでいる");
        await page.GetByLabel("退院後の居住先").FillAsync("自宅");
        await page.GetByLabel("本人の支援ニーズ・課題").FillAsync("服薬の継続と日中の居場所");
        var first = page.GetByRole(AriaRole.Group, new() { Name = "支援 1" });
        await first.GetByLabel("支援の内容").FillAsync("通院(外来)");
        await first.GetByLabel("担当する機関(登録済み)").SelectOptionAsync(new SelectOptionValue { Label = $"{hospital}(あおば市)" });
        await first.GetByLabel("連絡先").FillAsync("000-0000-0001");
        await page.GetByRole(AriaRole.Button, new() { Name = "支援の行を追加" }).ClickAsync();
        var second = page.GetByRole(AriaRole.Group, new() { Name = "支援 2" });
        await second.GetByLabel("支援の内容").FillAsync("訪問看護");
        await second.GetByLabel("担当する機関(一覧にない場合)").FillAsync("見本訪問看護ステーション(架空)");
        await second.GetByLabel("連絡先").FillAsync("000-0000-0002");
        await Assertions.Expect(page.GetByLabel("入院先")).ToHaveValueAsync(hospital);
        await page.GetByLabel("病状が悪化した場合の対処方針").FillAsync("眠れない日が3日続いたら保健所に電話する");
        await page.GetByLabel("作成主体の担当者").FillAsync("保健師 見本 歩美");
        await Axe();
        await LiveApp.ScreenshotAsync(page, $"plan-form-{width}");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("退院後支援計画を保存しました。");
        await Assertions.Expect(main).ToContainTextAsync("見本訪問看護ステーション(架空)");

        // 支援関係者会議 before discharge: an officer typed as one line is police, and refused without the exception.
        await page.GetByRole(AriaRole.Link, new() { Name = "支援関係者会議を記録" }).First.ClickAsync();
        await page.GetByLabel("開催日").FillAsync("2026-11-05");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "参加者 1" }).GetByLabel("氏名・職名")).ToHaveValueAsync(name);
        var third = page.GetByRole(AriaRole.Group, new() { Name = "参加者 3" });
        await third.GetByLabel("氏名・職名").FillAsync("目黒警察署 生活安全課 巡査 山田");
        await third.GetByLabel("種別").SelectOptionAsync(new SelectOptionValue { Label = "その他" });
        await page.GetByLabel("協議の内容").FillAsync("退院後は自宅に戻る。通院と訪問看護で支える。");
        await page.GetByRole(AriaRole.Button, new() { Name = "記録", Exact = true }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("警察は、犯罪防止を目的として参加することはできません");
        await Axe();
        await LiveApp.ScreenshotAsync(page, $"conference-refused-{width}");
        await third.GetByRole(AriaRole.Button, new() { Name = "この行を削除" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "参加者の行を追加" }).ClickAsync();
        var psw = page.GetByRole(AriaRole.Group, new() { Name = "参加者 3" });
        await psw.GetByLabel("氏名・職名").FillAsync("精神保健福祉士 見本");
        await psw.GetByLabel("所属(登録済みの機関)").SelectOptionAsync(new SelectOptionValue { Label = $"{hospital}(あおば市)" });
        await psw.GetByLabel("種別").SelectOptionAsync(new SelectOptionValue { Label = "入院先病院" });
        await Assertions.Expect(page.GetByLabel("協議の内容")).ToHaveValueAsync("退院後は自宅に戻る。通院と訪問看護で支える。");
        await Axe();
        await page.GetByRole(AriaRole.Button, new() { Name = "記録", Exact = true }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("会議を記録しました。");
        await Assertions.Expect(main).ToContainTextAsync($"精神保健福祉士 見本({hospital})");

        // Discharge, then the first note: no time given, none shown; the recorder by name.
        await page.GetByLabel("退院日").FillAsync("2026-11-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "退院を記録して支援を開始" }).ClickAsync();
        await Assertions.Expect(main).ToContainTextAsync("退院日を記録しました。支援期間が始まりました。");
        await Assertions.Expect(main).ToContainTextAsync("令和9年5月9日");
        await page.GetByLabel("日付").FillAsync("2026-11-19");
        await page.GetByLabel("主な内容").FillAsync("退院後初回訪問");
        await page.GetByLabel("記録", new() { Exact = true }).FillAsync("服薬できている。日中は自宅で過ごしている。");
        await page.GetByRole(AriaRole.Button, new() { Name = "支援記録を追加" }).ClickAsync();
        var row = page.Locator("#notes ~ div table tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("令和8年11月19日訪問");
        await Assertions.Expect(row).Not.ToContainTextAsync("00:00");
        await Assertions.Expect(row).ToContainTextAsync("保健師 見本 歩美");
        await Axe();
        await LiveApp.ScreenshotAsync(page, $"support-case-{width}");

        // The plan on paper: A4, the guideline's items in order.
        await page.GetByRole(AriaRole.Link, new() { Name = "印刷用の計画(A4)" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("退院後支援計画");
        await Axe();
        await LiveApp.ScreenshotAsync(page, $"plan-document-{width}");
        var pdf = await PdfTextAsync(page);
        output.WriteLine($"plan at {width}px: {pdf.Pages} A4 page(s)");
        Assert.InRange(pdf.Pages, 1, 2);
        var order = new[]
        {
            "退院後支援計画", "計画の作成主体", "1 本人の情報", name, "2 退院後の生活に関する本人の希望", "自宅に戻って仕事を探したい", "3 家族その他の支援者の意見",
            "4 退院後の居住先", "5 本人の支援ニーズ・課題", "6 退院後に必要な医療等の支援", "見本訪問看護ステーション(架空)", "7 病状が悪化した場合の対処方針",
            "8 計画に基づく支援期間", "令和9年5月9日", "9 計画の作成主体と連絡先", "10 本人の同意",
        };
        var at = 0;
        foreach (var item in order)
        {
            var found = pdf.Text.IndexOf(item, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"「{item}」 missing after position {at} of the printed plan:\n{pdf.Text}");
            at = found;
        }

        Assert.DoesNotContain("ログアウト", pdf.Text, StringComparison.Ordinal);
        await page.GotoAsync(caseUrl);
        await page.Locator("details.conference > summary").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "会議の記録を印刷" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("支援関係者会議の記録");
        await Axe();
        var record = await PdfTextAsync(page);
        Assert.Contains("精神保健福祉士 見本", record.Text, StringComparison.Ordinal);
        Assert.Equal(1, record.Pages);

        await page.GotoAsync(clientUrl);
        await Axe();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task The_case_page_leads_with_the_next_step_and_keeps_the_rare_steps_closed_below(int width)
    {
        var world = await app.CreateWorldAsync();
        var nurse = await app.CreateUserAsync("height-" + Guid.NewGuid().ToString("N")[..4], Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        var caseId = await RepresentativeCaseAsync(world.CityHealthCenter.Id);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(width, 900);
        await app.SignInAsync(page, nurse);
        await page.GotoAsync($"/Cases/Details/{caseId}");
        var height = await page.EvaluateAsync<int>("document.documentElement.scrollHeight");
        output.WriteLine($"case page at {width}px: {height}px tall");
        await LiveApp.ScreenshotAsync(page, $"case-page-{width}");
        // Measured on the same case before the change: 3,536 px at 1366 and 4,792 px at 390.
        Assert.True(height < (width > 800 ? 2600 : 4000), $"{height}px at {width}");
        Assert.Equal("次の手続き", await page.Locator("main h2").First.TextContentAsync());
        var end = page.GetByRole(AriaRole.Button, new() { Name = "支援を終了" });
        await Assertions.Expect(end).ToBeHiddenAsync();
        await page.GetByText("支援の終了", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(end).ToBeVisibleAsync();
        var violations = await LiveApp.AccessibilityViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        Assert.Empty(errors);
    }

    /// <summary>An active 退院後支援 case as one looks a month after discharge: plan with services, a conference, five notes.</summary>
    private async Task<int> RepresentativeCaseAsync(int organizationId) => await app.WithDbAsync(async (db, _) =>
    {
        var today = JapanTime.Today(app.Clock);
        var owner = await db.Organizations.SingleAsync(o => o.Id == organizationId);
        var client = Client.Register(owner, null, "見本 測定子", "みほん そくていこ", new DateOnly(1980, 4, 1), Sex.Female, today, "seed", app.Clock.GetUtcNow());
        db.Clients.Add(client);
        await db.SaveChangesAsync();
        var consent = client.RecordConsent(ConsentPurpose.DischargeSupport, "計画", [], today.AddDays(-60), ConsentGiver.Person, ConsentForm.Written, null, today, "seed");
        await db.SaveChangesAsync();
        var c = SupportCase.Open(client, Programme.DischargeSupport, today.AddDays(-60), "保健師", "地区担当", "あおば病院(架空)から措置入院者の退院予定の通知", today);
        db.SupportCases.Add(c);
        await db.SaveChangesAsync();
        var plan = c.MakeDischargePlan(consent, today);
        plan.Update(AdmissionType.Involuntary, "あおば病院(架空)", today.AddDays(-80), today.AddDays(-20), "自宅に戻って仕事を探したい", "母は通院の継続を望んでいる", "自宅", "服薬の継続と日中の居場所",
            "眠れない日が3日続いたら主治医に電話する", "保健師 見本", null,
            [new("通院", null, "あおば病院(架空)", "000-0000-0000"), new("訪問看護", null, "見本訪問看護ステーション(架空)", "000-0000-0001")]);
        var k = c.HoldConference(today.AddDays(-30), "支援関係者会議(退院後支援計画の協議)", "退院後は自宅に戻る。通院と訪問看護で支える。");
        k.SetAttendees([new("見本 測定子", null, null, AttendeeKind.Person), new("見本 花子", null, null, AttendeeKind.Family), new("あおば病院 PSW", null, "あおば病院", AttendeeKind.Hospital)], null, false, false, false);
        c.StartSupport(today.AddDays(-20), new DischargeSupportRules(), today);
        for (var i = 0; i < 5; i++)
        {
            c.AddNote(app.Clock.GetUtcNow().AddDays(-i * 3), NoteKind.Visit, 30, "保健師", "訪問", "服薬できている。日中は自宅で過ごしている。");
        }

        await db.SaveChangesAsync();
        return c.Id;
    });

    /// <summary>The page printed to an A4 PDF by Chromium, read back with poppler's pdftotext and pdfinfo.</summary>
    internal static async Task<(string Text, int Pages)> PdfTextAsync(IPage page)
    {
        var file = Path.Combine(Path.GetTempPath(), "nimo-print-" + Guid.NewGuid().ToString("N") + ".pdf");
        try
        {
            await page.PdfAsync(new() { Path = file, Format = "A4", PrintBackground = true });
            if (Environment.GetEnvironmentVariable("NIMO_SCREENSHOTS") is { Length: > 0 } folder)
            {
                // Kept beside the screenshots for a person to look at.
                File.Copy(file, Path.Combine(folder, new Uri(page.Url).AbsolutePath.Trim('/').Replace('/', '_') + ".pdf"), overwrite: true);
            }

            var text = await RunAsync("pdftotext", $"-layout {file} -");
            var info = await RunAsync("pdfinfo", file);
            var pages = int.Parse(info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            return (System.Text.RegularExpressions.Regex.Replace(text, "[ \t]+", " "), pages);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
