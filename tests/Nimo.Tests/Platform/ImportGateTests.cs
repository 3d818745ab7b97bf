using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nimo.Platform.Identity;
using Nimo.Platform.Web;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Platform;

public sealed class ImportGateTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_second_import_while_one_runs_is_sent_back_with_a_japanese_message_and_nothing_is_imported()
    {
        var world = await app.CreateWorldAsync();
        var user = await app.CreateUserAsync("gate-" + Guid.NewGuid().ToString("N")[..6], Roles.PrefectureStaff, world.Prefecture.Id, twoFactor: true);
        var client = await app.SignInAsync(user);
        var csv = "機関名,よみがな,種別,地域,住所,電話,備考,状態\nゲート相談室,げーとそうだんしつ,相談支援事業所,472018,,,,有効\n"u8.ToArray();

        async Task<HttpResponseMessage> UploadAsync()
        {
            var token = AppFactory.AntiforgeryToken(await client.GetStringAsync("/Organizations/Import"));
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("auto"), "encoding" },
                { new ByteArrayContent(csv), "file", "kikan.csv" },
            };
            return await client.PostAsync("/Organizations/Import", form);
        }

        using (app.Services.GetRequiredService<ImportGate>().TryEnter() ?? throw new InvalidOperationException("the gate is held"))
        {
            // Another person's import is running on this instance.
            var refused = await UploadAsync();
            await Responses.AssertRedirectAsync(refused);
            Assert.Equal("/Organizations/Import", refused.Headers.Location!.OriginalString);
            var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Organizations/Import"));
            Assert.Contains(ImportGate.Busy, page, StringComparison.Ordinal);
            Assert.False(await app.WithDbAsync((db, _) => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Organizations, o => o.Name == "ゲート相談室")));
        }

        var accepted = await UploadAsync();
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("取り込みました", WebUtility.HtmlDecode(await accepted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
