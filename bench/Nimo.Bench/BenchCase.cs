using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;
using Nimo.Platform.Data;

namespace Nimo.Bench;

/// <summary>
/// The case the 「case page」 row reads holds the same 60 notes in every run and at every size, so the page shows its newest 50
/// and counts the rest. The write row posts to the client's other case: it used to post to this one, and the case kept the
/// notes of every earlier run (2,698 after two runs of a fresh 10,000; tens of thousands on a million kept for weeks), so the
/// row measured the history of the benchmark's folder, not the size of the nation (PostgreSQL's growth 2.18×).
/// </summary>
internal static class BenchCase
{
    public const int Notes = 60;

    /// <summary>Trims or tops up the read case to <see cref="Notes"/> notes; returns the id of the case the write row posts to.</summary>
    public static async Task<int> EnsureAsync(string provider, string connection, BenchWorld world)
    {
        await using var app = Generator.Build(provider, connection);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NimoDbContext>();
        var ids = await db.CaseNotes.Where(n => n.CaseId == world.CaseId).OrderBy(n => n.Id).Select(n => n.Id).ToListAsync();
        if (ids.Count > Notes)
        {
            await db.CaseNotes.Where(n => n.CaseId == world.CaseId && n.Id > ids[Notes - 1]).ExecuteDeleteAsync();
        }
        else if (ids.Count < Notes)
        {
            // Through the entity, as the app adds them; an hour and a half apart, each with its time.
            var readCase = await db.SupportCases.SingleAsync(c => c.Id == world.CaseId);
            var now = DateTimeOffset.UtcNow;
            for (var i = ids.Count; i < Notes; i++)
            {
                readCase.AddNote(now.AddMinutes(-90 * (i + 1)), NoteKind.Phone, 15, "担当", "電話", "合成データの支援記録。近況を聞き、次の訪問日を決めた。");
            }

            await db.SaveChangesAsync();
        }

        return await db.SupportCases.Where(c => c.ClientId == world.ClientId && c.Id != world.CaseId).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }
}
