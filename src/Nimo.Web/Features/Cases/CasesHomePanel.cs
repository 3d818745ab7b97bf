using Nimo.Features.Clients;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Modules;

namespace Nimo.Features.Cases;

/// <summary>
/// 「期限切れ・期限が近い支援ケース」 on the home page: the organisation's periods and grants ending, handovers waiting
/// (<see cref="IndexModel.RemindersAsync"/>). The list names clients, so showing it is recorded as a look at them.
/// </summary>
public sealed class CasesHomePanel(NimoDbContext db, AuditLog audit, IHttpContextAccessor http) : IHomePanel
{
    public async Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct)
    {
        var reminders = await IndexModel.RemindersAsync(db, home.Scope, home.Today, ct);
        if (http.HttpContext is { } context)
        {
            await context.AuditListAsync(audit, "ClientList", "ホームの期限が近い支援ケース", [.. reminders.Select(r => r.ClientId)], null, ct);
        }

        return reminders.Count == 0 ? null : new HomePanelContent("/Features/Cases/_HomeCases.cshtml", reminders, reminders.Count);
    }
}
