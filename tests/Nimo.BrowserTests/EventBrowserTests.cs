using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Nimo.Features.Events;
using Nimo.Platform.Identity;
using Nimo.Platform.Japanese;

namespace Nimo.BrowserTests;

/// <summary>
/// The residents' pages in Chromium as residents meet them: with JavaScript off, by keyboard alone, on a 320 px phone and
/// at 200 % zoom, axe-clean, with no cookie and no request to any other server; and the organiser's pages with axe.
/// </summary>
[Collection(LiveAppCollection.Name)]
public sealed class EventBrowserTests(LiveApp app)
{
    private static string Tag() => Guid.NewGuid().ToString("N")[..5];

    private async Task<int> PublishedEventAsync(string title, int capacity, bool askAll = false)
    {
        var world = await app.CreateWorldAsync();
        return await app.WithDbAsync(async (db, _) =>
        {
            var org = await db.Organizations.SingleAsync(o => o.Id == world.CityHealthCenter.Id);
            var region = await db.Regions.SingleAsync(r => r.Id == org.RegionId);
            var starts = new DateTimeOffset(JapanTime.Today(app.Clock).AddDays(20).ToDateTime(new TimeOnly(14, 0)), JapanTime.Offset);
            var e = Event.Create(new EventInput(EventKind.Lecture, title, "睡眠とこころの健康について、精神科医がお話しします。", Audience.Residents | Audience.Families,
                EventFormat.InPerson, "あおば市民会館 大ホール", "あおば駅から徒歩5分", null, starts, starts.AddHours(2), capacity, true, null, false,
                askAll, askAll, askAll, null, "あおば市保健所 精神保健係 電話 000-000-0000", 180, null, false), org, region, app.Clock.GetUtcNow(), "test");
            e.Publish(app.Clock.GetUtcNow(), "test");
            db.Events.Add(e);
            db.EventBooks.Add(EventBook.For(e));
            await EventListingStamp.TouchAsync(db, default);
            await db.SaveChangesAsync();
            return e.Id;
        });
    }

    private async Task<(IBrowserContext Context, IPage Page, List<string> Requests)> ResidentAsync(bool javaScript, int width = 1366, int height = 900, float scale = 1)
    {
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseUrl.ToString(), Locale = "ja-JP", TimezoneId = "Asia/Tokyo", JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = width, Height = height }, DeviceScaleFactor = scale,
        });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        return (context, page, requests);
    }

    private void OnlyOwnOrigin(IEnumerable<string> requests)
    {
        var outside = requests.Where(r => !r.StartsWith(app.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)).ToList();
        Assert.True(outside.Count == 0, "requests to other servers: " + string.Join(", ", outside));
    }

    [Fact]
    public async Task A_resident_registers_checks_and_cancels_with_javascript_off_and_the_waitlisted_one_moves_up()
    {
        var title = "眠りとこころの講演会 " + Tag();
        var id = await PublishedEventAsync(title, capacity: 1);
        var (context, page, requests) = await ResidentAsync(javaScript: false);
        await using var _ = context;

        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "研修・講演会のご案内(住民の方へ・ログイン不要)" }).ClickAsync();
        // The staff login page set its antiforgery cookie; from here on, nothing may set one.
        await context.ClearCookiesAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        await page.GetByLabel("氏名").FillAsync("見本 花子");
        await page.GetByLabel("連絡先(電話番号またはメールアドレス)").FillAsync("090-1111-2222");
        await page.GetByLabel("上の「個人情報の取扱い」に同意して申し込みます").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("申込みを受け付けました");
        var first = (await page.Locator(".confirmation-number").TextContentAsync())!.Trim();
        await LiveApp.ScreenshotAsync(page, "public-registered");

        // The second resident finds the event full and waits.
        await page.GotoAsync($"/public/events/{id}");
        await page.GetByLabel("氏名").FillAsync("見本 太郎");
        await page.GetByLabel("連絡先(電話番号またはメールアドレス)").FillAsync("taro@example.jp");
        await page.GetByLabel("上の「個人情報の取扱い」に同意して申し込みます").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "キャンセル待ちで申し込む" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("キャンセル待ち 1番として受け付けました");
        var second = (await page.Locator(".confirmation-number").TextContentAsync())!.Trim();

        // The first cancels on the status page, typing the number by hand.
        await page.GetByRole(AriaRole.Link, new() { Name = "申込内容の確認・取消し" }).ClickAsync();
        await page.GetByLabel("申込番号").FillAsync(first.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("見本 花子");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("参加確定");
        await page.GetByLabel("この申込みを取り消します(取り消すと元に戻せません)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "申込みを取り消す" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("申込みを取り消しました");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("取消し済み");

        // The second's status page says they have moved up.
        await page.GotoAsync("/public/events/registration");
        await page.GetByLabel("申込番号").FillAsync(second);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("参加確定(キャンセル待ちから繰り上がり");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("見本 花子");
        await LiveApp.ScreenshotAsync(page, "public-promoted");

        Assert.Empty(await context.CookiesAsync());
        OnlyOwnOrigin(requests);
    }

    [Fact]
    public async Task The_public_pages_pass_axe_can_be_used_by_keyboard_alone_and_reflow_at_320_px_and_200_percent()
    {
        var title = "キーボード確認 " + Tag();
        var id = await PublishedEventAsync(title, capacity: 30, askAll: true);
        var pages = new[] { "/public/events", "/public/events/calendar", $"/public/events/{id}", "/public/events/registration" };
        var violations = new List<string>();

        foreach (var (width, height, scale, name) in new[] { (1366, 900, 1f, "1366"), (320, 640, 1f, "320"), (683, 450, 2f, "zoom200") })
        {
            var (context, page, requests) = await ResidentAsync(javaScript: true, width, height, scale);
            await using var _ = context;
            foreach (var path in pages)
            {
                await page.GotoAsync(path);
                await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
                violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"{path} at {name}: scrolls sideways by {overflow}px");
                await LiveApp.ScreenshotAsync(page, $"public-{name}{path.Replace('/', '_')}");
            }

            OnlyOwnOrigin(requests);
            Assert.Empty(await context.CookiesAsync());
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));

        // Keyboard only: from the skip link to the registration, without the mouse.
        var (kbContext, kb, kbRequests) = await ResidentAsync(javaScript: true);
        await using var __ = kbContext;
        await kb.GotoAsync($"/public/events/{id}");
        async Task TabToAsync(ILocator target)
        {
            for (var i = 0; i < 60; i++)
            {
                await kb.Keyboard.PressAsync("Tab");
                if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
                {
                    return;
                }
            }

            throw new InvalidOperationException("Tab never reached " + target);
        }

        await kb.Keyboard.PressAsync("Tab");
        await Assertions.Expect(kb.GetByRole(AriaRole.Link, new() { Name = "本文へ移動" })).ToBeFocusedAsync();
        await TabToAsync(kb.GetByLabel("氏名"));
        await kb.Keyboard.TypeAsync("見本 鍵子");
        await TabToAsync(kb.GetByLabel("連絡先(電話番号またはメールアドレス)"));
        await kb.Keyboard.TypeAsync("090-3333-4444");
        await TabToAsync(kb.GetByLabel("所属(任意)"));
        await kb.Keyboard.TypeAsync("あおば家族会");
        // A radio group is one tab stop; the arrow keys choose within it.
        await TabToAsync(kb.GetByLabel("住民", new() { Exact = true }));
        await kb.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(kb.GetByLabel("家族", new() { Exact = true })).ToBeCheckedAsync();
        await TabToAsync(kb.GetByLabel("配慮が必要なこと(任意。例: 手話通訳、車椅子席、筆談)"));
        await kb.Keyboard.TypeAsync("筆談");
        await TabToAsync(kb.GetByLabel("上の「個人情報の取扱い」に同意して申し込みます"));
        await kb.Keyboard.PressAsync("Space");
        await TabToAsync(kb.GetByRole(AriaRole.Button, new() { Name = "申し込む" }));
        await kb.Keyboard.PressAsync("Enter");
        await Assertions.Expect(kb.Locator("main h1")).ToHaveTextAsync("申込みを受け付けました");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(kb));

        // A form sent with mistakes comes back with a summary whose links lead to the fields.
        await kb.GotoAsync($"/public/events/{id}");
        await kb.GetByRole(AriaRole.Button, new() { Name = "申し込む" }).ClickAsync();
        await Assertions.Expect(kb.Locator(".error-summary")).ToContainTextAsync("氏名を入力してください。");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(kb));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        OnlyOwnOrigin(kbRequests);
        var registered = await app.WithDbAsync(async (db, _) => await db.EventRegistrations.SingleAsync(r => r.EventId == id));
        Assert.Equal(("見本 鍵子", "あおば家族会", Audience.Families, "筆談"), (registered.Name, registered.Affiliation, registered.Category, registered.Accommodation));
    }

    [Fact]
    public async Task The_organisers_pages_pass_axe_from_the_list_to_the_printed_reception_list()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("org-" + Tag(), Roles.MunicipalStaff, world.CityHealthCenter.Id, twoFactor: true);
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var (context, page, errors) = await app.NewPageAsync();
        await using var _ = context;
        await app.SignInAsync(page, user);
        var violations = new List<string>();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "機能" }).GetByRole(AriaRole.Link, new() { Name = "研修・啓発" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "催しを登録" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        var title = "こころサポーター養成講座 " + Tag();
        await page.GetByLabel("種別").SelectOptionAsync(new SelectOptionValue { Label = "サポーター養成講座" });
        await page.GetByLabel("名称", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("会場", new() { Exact = true }).FillAsync("あおば市保健所 講堂");
        await page.GetByLabel("定員(設けない場合は空欄)").FillAsync("20");
        await page.GetByLabel("問い合わせ先(公開ページに表示します)").FillAsync("あおば市保健所 精神保健係");
        await page.GetByLabel("サポーターの名称(サポーター養成講座のとき。例: くらしき心ほっとサポーター)").FillAsync("あおばこころサポーター");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "公開ページに載せる" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("公開ページに載せました。");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "staff-event-details");
        var detailsUrl = page.Url;

        await page.GetByRole(AriaRole.Link, new() { Name = "受付名簿・出欠" }).ClickAsync();
        await page.GetByLabel("氏名").FillAsync("見本 電話");
        await page.GetByLabel("連絡先(電話番号またはメールアドレス)").FillAsync("048-000-1111");
        await page.GetByRole(AriaRole.Button, new() { Name = "電話・FAX等の申込みとして追加" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("申込みを受け付けました。");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "staff-roster");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await LiveApp.ScreenshotAsync(page, "staff-roster-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GotoAsync(detailsUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "アンケート(0 件)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "ひな形から作成(受講前・受講後の理解度を含む)" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "紙の回答を入力" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await page.GetByLabel("5 そう思う").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "この用紙を保存して次へ" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("1件目の回答を登録しました。");
        // The sheet just saved is shown beside the empty form, to be checked against the paper.
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "いま保存した用紙(1件目)" })).ToContainTextAsync("5 そう思う");
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "staff-responses-saved");
        await page.GetByRole(AriaRole.Link, new() { Name = "集計を見る" }).ClickAsync();
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));

        foreach (var path in new[] { "/Events/Calendar", "/Events/Stats", "/Events/Supporters", "/Events/SupporterImport" })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
            violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
            await LiveApp.ScreenshotAsync(page, "staff" + path.Replace('/', '_'));
        }

        // Cancelled: the roster keeps its list but offers no form that would be refused, and says why.
        var eventId = int.Parse(new Uri(detailsUrl).AbsolutePath.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        await app.WithDbAsync(async (db, _) =>
        {
            (await db.Events.SingleAsync(e => e.Id == eventId)).Cancel("講師の急病のため", app.Clock.GetUtcNow(), "test");
            await db.SaveChangesAsync();
            return 0;
        });
        await page.GotoAsync($"/Events/Roster/{eventId}");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("この催しは中止になったため、申込みや当日参加は追加できません。");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "当日参加として追加(受付済み)" })).ToHaveCountAsync(0);
        violations.AddRange(await LiveApp.AccessibilityViolationsAsync(page));
        await LiveApp.ScreenshotAsync(page, "staff-roster-cancelled");

        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
