using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Japanese;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

public static class ClientsApi
{
    public sealed record ClientSummary(int Id, string Name, string Kana, DateOnly BirthDate);

    public sealed record CaseItem(int Id, string Programme, string State, DateOnly OpenedOn, DateOnly? ClosedOn, DateOnly? SupportEndsOn);

    public sealed record ClientItem(int Id, string Name, string Kana, DateOnly BirthDate, string Sex, string? Municipality, string OwnerOrganization, IReadOnlyList<CaseItem> Cases);

    /// <summary>Personal data through the API: the same visibility as the pages, and every answer is audited.</summary>
    public static void MapClientsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/clients", async (string? q, HttpContext http, NimoDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
            {
                var scope = http.Scope();
                if (!scope.HandlesPersonalData())
                {
                    return Results.Forbid();
                }

                var key = TextNormalizer.SearchKey(q);
                if (key.Length < 2)
                {
                    return Results.BadRequest(new { error = "q(ふりがな・氏名の一部、2文字以上)を指定してください。" });
                }

                var found = await db.Clients.AsNoTracking().VisibleForSearch(db, scope, JapanTime.Today(clock)).Where(c => c.SearchKey.Contains(key))
                    .OrderBy(c => c.KanaKey).Take(100).Select(c => new ClientSummary(c.Id, c.Name, c.Kana, c.BirthDate)).ToListAsync(ct);
                await audit.StoreReadAsync("ClientSearch", null, $"API 対象者の検索: {found.Count}人", found.Select(c => c.Id), ClientAccess.SearchText(q, null), ct);
                return Results.Ok(found);
            })
            .WithName("SearchClients").WithSummary("対象者をふりがな・氏名の一部で検索(閲覧できる対象者のみ。監査ログに記録)");

        api.MapGet("/clients/{id:int}", async (int id, HttpContext http, NimoDbContext db, AuditLog audit, TimeProvider clock, CancellationToken ct) =>
            {
                var scope = http.Scope();
                var today = JapanTime.Today(clock);
                var client = await db.Clients.AsNoTracking().Include(c => c.Region).Include(c => c.OwnerOrganization).VisibleTo(db, scope, today)
                    .SingleOrDefaultAsync(c => c.Id == id, ct);
                if (client is null)
                {
                    return Results.NotFound();
                }

                var cases = await db.SupportCases.AsNoTracking().Include(c => c.DischargePlan).VisibleTo(db, scope, today).Where(c => c.ClientId == id).ToListAsync(ct);
                await http.AuditReadAsync(audit, id, "API", ct);
                return Results.Ok(new ClientItem(client.Id, client.Name, client.Kana, client.BirthDate, client.Sex.ToString(), client.Region?.Name, client.OwnerOrganization.Name,
                    [.. cases.Select(c => new CaseItem(c.Id, c.Programme.ToString(), c.State.ToString(), c.OpenedOn, c.ClosedOn, c.DischargePlan?.PeriodEndsOn))]));
            })
            .WithName("GetClient").WithSummary("対象者と閲覧できる支援ケース(監査ログに記録)");
    }
}
