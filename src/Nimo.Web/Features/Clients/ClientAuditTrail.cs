using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nimo.Features.Cases;
using Nimo.Features.Liaison;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;

namespace Nimo.Features.Clients;

/// <summary>
/// Names the client of every audited change to personal records, as the entry is saved: by the record the entry names
/// (a case, a sheet, a consent, a plan) or, when it names none (a note or a consent just created), by the personal records
/// changed in the same unit of work. Reads name their clients themselves. Without it, 「閲覧記録」 would have to search the
/// entries' text for 「ケース#12」.
/// </summary>
public sealed class ClientAuditTrail : SaveChangesInterceptor
{
    public static readonly ClientAuditTrail Instance = new();

    // NimoDbContext sends every save through SaveChangesAsync, so only the asynchronous hook is needed.

    /// <summary>Record types that hold a client's personal data.</summary>
    private static readonly HashSet<string> PersonalRecords = new(StringComparer.Ordinal)
    {
        "Client", "Consent", "SupportCase", "DischargePlan", "CaseNote", "CaseConference", "Grant", "LiaisonSheet",
    };

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is NimoDbContext db)
        {
            await NameClientsAsync(db, cancellationToken);
        }

        return result;
    }

    private static async Task NameClientsAsync(NimoDbContext db, CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added && e.Entity.Subjects.Count == 0 && e.Entity.RecordType is string t && PersonalRecords.Contains(t))
            .Select(e => e.Entity).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        HashSet<int>? touched = null;
        foreach (var entry in entries)
        {
            var named = int.TryParse(entry.RecordId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? await ClientOfAsync(db, entry.RecordType!, id, ct) : null;
            var clients = named is int one ? [one] : touched ??= await TouchedAsync(db, ct);
            AuditLog.About(entry, clients);
        }

        db.ChangeTracker.DetectChanges();
    }

    /// <summary>The client a record belongs to, from the change tracker when it is there, else from the database.</summary>
    private static async Task<int?> ClientOfAsync(NimoDbContext db, string recordType, int id, CancellationToken ct) => recordType switch
    {
        "Client" => id,
        "SupportCase" => Local<SupportCase>(db, c => c.Id == id)?.ClientId ?? await db.SupportCases.Where(c => c.Id == id).Select(c => (int?)c.ClientId).SingleOrDefaultAsync(ct),
        "LiaisonSheet" => Local<LiaisonSheet>(db, s => s.Id == id)?.ClientId ?? await db.LiaisonSheets.Where(s => s.Id == id).Select(s => (int?)s.ClientId).SingleOrDefaultAsync(ct),
        "Consent" => Local<Consent>(db, k => k.Id == id)?.ClientId ?? await db.Consents.Where(k => k.Id == id).Select(k => (int?)k.ClientId).SingleOrDefaultAsync(ct),
        "DischargePlan" => await CaseClientAsync(db, Local<DischargePlan>(db, p => p.Id == id)?.CaseId
            ?? await db.DischargePlans.Where(p => p.Id == id).Select(p => (int?)p.CaseId).SingleOrDefaultAsync(ct), ct),
        "CaseNote" => await CaseClientAsync(db, await db.CaseNotes.Where(n => n.Id == id).Select(n => (int?)n.CaseId).SingleOrDefaultAsync(ct), ct),
        "CaseConference" => await CaseClientAsync(db, await db.CaseConferences.Where(c => c.Id == id).Select(c => (int?)c.CaseId).SingleOrDefaultAsync(ct), ct),
        "Grant" => await CaseClientAsync(db, await db.Grants.Where(g => g.Id == id).Select(g => (int?)g.CaseId).SingleOrDefaultAsync(ct), ct),
        _ => null,
    };

    private static async Task<int?> CaseClientAsync(NimoDbContext db, int? caseId, CancellationToken ct) => caseId is int c
        ? Local<SupportCase>(db, s => s.Id == c)?.ClientId ?? await db.SupportCases.Where(s => s.Id == c).Select(s => (int?)s.ClientId).SingleOrDefaultAsync(ct)
        : null;

    private static T? Local<T>(NimoDbContext db, Func<T, bool> match) where T : class =>
        db.ChangeTracker.Entries<T>().Select(e => e.Entity).FirstOrDefault(match);

    /// <summary>The clients whose records this unit of work adds, changes or deletes (ids already given; a new client has none yet).</summary>
    private static async Task<HashSet<int>> TouchedAsync(NimoDbContext db, CancellationToken ct)
    {
        var clients = new HashSet<int>();
        var cases = new HashSet<int>();
        foreach (var e in db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            switch (e.Entity)
            {
                case Client c:
                    clients.Add(c.Id);
                    break;
                case Consent k:
                    clients.Add(k.ClientId);
                    break;
                case SupportCase s:
                    clients.Add(s.ClientId);
                    break;
                case LiaisonSheet l:
                    clients.Add(l.ClientId);
                    break;
                case DischargePlan p:
                    cases.Add(p.CaseId);
                    break;
                case CaseNote n:
                    cases.Add(n.CaseId);
                    break;
                case CaseConference cc:
                    cases.Add(cc.CaseId);
                    break;
                case Grant g:
                    cases.Add(g.CaseId);
                    break;
            }
        }

        foreach (var caseId in cases)
        {
            if (await CaseClientAsync(db, caseId, ct) is int client)
            {
                clients.Add(client);
            }
        }

        clients.Remove(0);
        return clients;
    }
}
