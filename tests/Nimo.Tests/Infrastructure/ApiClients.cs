using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;

namespace Nimo.Tests.Infrastructure;

public static class ApiClients
{
    /// <summary>A client of the app that calls /api/v1 with a fresh bearer token of <paramref name="user"/>.</summary>
    public static async Task<HttpClient> ApiClientAsync(this AppFactory app, TestUser user)
    {
        var token = await app.WithDbAsync(async (db, _) =>
        {
            var u = await db.Users.SingleAsync(x => x.Id == user.Id);
            var (row, clear) = Nimo.Platform.Api.ApiTokens.Issue(u, "test", app.Clock.GetUtcNow(), null);
            db.ApiTokens.Add(row);
            await db.SaveChangesAsync();
            return clear;
        });
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }
}
