using Nimo.Features.Cases;
using Nimo.Platform.Auditing;
using Nimo.Platform.Data;
using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Features.Clients;

/// <summary>Settings of the personal-data features.</summary>
/// <summary>
/// Who sees a client: staff (of a role that handles personal data) of the organisation that registered the client,
/// and staff of an organisation that a consent active on the day covers. Nobody else, administrators included
/// (ADR 0005): administrators run the system, not the casework. Every list of clients, cases and sheets starts here.
/// </summary>
public static class ClientAccess
{
    /// <summary>The capability table's rule (<see cref="Roles.Grants"/>), as a method group for navigation entries and policies.</summary>
    public static bool HandlesPersonalData(UserScope scope) => scope.HandlesPersonalData();

    public static IQueryable<Client> VisibleTo(this IQueryable<Client> clients, NimoDbContext db, UserScope scope, DateOnly today)
    {
        if (!scope.HandlesPersonalData())
        {
            return clients.Where(_ => false);
        }

        var org = scope.OrganizationId;
        var shared = SharedWith(db, org, today).Select(k => k.ClientId);
        return clients.Where(c => c.MergedIntoId == null && (c.OwnerOrganizationId == org || shared.Contains(c.Id)));
    }

    /// <summary>
    /// The same rule as <see cref="VisibleTo(IQueryable{Client}, NimoDbContext, UserScope, DateOnly)"/>, written for searches:
    /// the ids the user may see, as the organisation's own clients (from their index) united with the consented ones. A
    /// search then filters only those rows, so its cost follows the organisation's caseload and not the installation's
    /// (a name search scanned every client: 389 ms at 100,000 clients in bench/run.sh).
    /// </summary>
    public static IQueryable<Client> VisibleForSearch(this IQueryable<Client> clients, NimoDbContext db, UserScope scope, DateOnly today)
    {
        if (!scope.HandlesPersonalData())
        {
            return clients.Where(_ => false);
        }

        var org = scope.OrganizationId;
        var ids = db.Clients.Where(c => c.OwnerOrganizationId == org).Select(c => c.Id).Union(SharedWith(db, org, today).Select(k => k.ClientId));
        return clients.Where(c => ids.Contains(c.Id) && c.MergedIntoId == null);
    }

    /// <summary>Cases: the owner's staff, or an organisation a consent for that programme (or 支援全般) covers today.</summary>
    public static IQueryable<SupportCase> VisibleTo(this IQueryable<SupportCase> cases, NimoDbContext db, UserScope scope, DateOnly today)
    {
        if (!scope.HandlesPersonalData())
        {
            return cases.Where(_ => false);
        }

        var org = scope.OrganizationId;
        var shared = SharedWith(db, org, today);
        var general = shared.Where(k => k.Purpose == ConsentPurpose.General).Select(k => k.ClientId);
        var outreach = shared.Where(k => k.Purpose == ConsentPurpose.Outreach).Select(k => k.ClientId);
        var discharge = shared.Where(k => k.Purpose == ConsentPurpose.DischargeSupport).Select(k => k.ClientId);
        var consultation = shared.Where(k => k.Purpose == ConsentPurpose.Consultation).Select(k => k.ClientId);
        var transition = shared.Where(k => k.Purpose == ConsentPurpose.CommunityTransition).Select(k => k.ClientId);
        return cases.Where(c => c.Client.MergedIntoId == null && (c.OwnerOrganizationId == org
            || general.Contains(c.ClientId)
            || (c.Programme == Programme.Outreach && outreach.Contains(c.ClientId))
            || (c.Programme == Programme.DischargeSupport && discharge.Contains(c.ClientId))
            || (c.Programme == Programme.Consultation && consultation.Contains(c.ClientId))
            || ((c.Programme == Programme.CommunityTransition || c.Programme == Programme.CommunityRetention) && transition.Contains(c.ClientId))));
    }

    /// <summary>
    /// The case rule written for lists: the ids of the organisation's own cases (from their index) united with the cases
    /// each consented purpose shares (from the client-id index). As one OR, the database read every case of the
    /// installation to count a caseworker's list (12 ms at 10,000 clients, growing with the nation).
    /// </summary>
    public static IQueryable<SupportCase> VisibleForList(this IQueryable<SupportCase> cases, NimoDbContext db, UserScope scope, DateOnly today)
    {
        if (!scope.HandlesPersonalData())
        {
            return cases.Where(_ => false);
        }

        var org = scope.OrganizationId;
        var shared = SharedWith(db, org, today);
        var general = shared.Where(k => k.Purpose == ConsentPurpose.General).Select(k => k.ClientId);
        var outreach = shared.Where(k => k.Purpose == ConsentPurpose.Outreach).Select(k => k.ClientId);
        var discharge = shared.Where(k => k.Purpose == ConsentPurpose.DischargeSupport).Select(k => k.ClientId);
        var consultation = shared.Where(k => k.Purpose == ConsentPurpose.Consultation).Select(k => k.ClientId);
        var transition = shared.Where(k => k.Purpose == ConsentPurpose.CommunityTransition).Select(k => k.ClientId);
        var ids = db.SupportCases.Where(c => c.OwnerOrganizationId == org).Select(c => c.Id)
            .Union(db.SupportCases.Where(c => general.Contains(c.ClientId)).Select(c => c.Id))
            .Union(db.SupportCases.Where(c => c.Programme == Programme.Outreach && outreach.Contains(c.ClientId)).Select(c => c.Id))
            .Union(db.SupportCases.Where(c => c.Programme == Programme.DischargeSupport && discharge.Contains(c.ClientId)).Select(c => c.Id))
            .Union(db.SupportCases.Where(c => c.Programme == Programme.Consultation && consultation.Contains(c.ClientId)).Select(c => c.Id))
            .Union(db.SupportCases.Where(c => (c.Programme == Programme.CommunityTransition || c.Programme == Programme.CommunityRetention) && transition.Contains(c.ClientId)).Select(c => c.Id));
        // The list's statement at 1,000,000 clients with OfUnmergedClients instead of a join to every case's client:
        // PostgreSQL 57 → 39 ms, SQLite 14 → 11 ms. (United as keys instead of ids, PostgreSQL was faster still, 26 ms, but
        // SQLite slower, 16 ms.)
        return cases.Where(c => ids.Contains(c.Id)).OfUnmergedClients(db);
    }

    /// <summary>
    /// Cases whose client is not a merged record, asked as "not among the merged few" (their own partial index,
    /// IX_Clients_Merged, read once) rather than as "an unmerged client" joined to every case, which made PostgreSQL look up
    /// each case's client in the whole table (4,400 lookups for a 保健所's list). The same rows: every case has its client.
    /// </summary>
    public static IQueryable<SupportCase> OfUnmergedClients(this IQueryable<SupportCase> cases, NimoDbContext db)
    {
        var merged = db.Clients.Where(c => c.MergedIntoId != null).Select(c => c.Id);
        return cases.Where(c => !merged.Contains(c.ClientId));
    }

    /// <summary>
    /// The same rule for the cases of one client whose consents (with their organisations) are already loaded: the
    /// client page reads them anyway, and the rule in SQL materialised the consented set once per programme (1.7 ms a view).
    /// </summary>
    public static bool CanSee(this UserScope scope, SupportCase supportCase, IEnumerable<Consent> consentsOfClient, DateOnly today) =>
        scope.HandlesPersonalData() && (supportCase.OwnerOrganizationId == scope.OrganizationId
            || consentsOfClient.Any(k => k.ClientId == supportCase.ClientId && k.Covers(scope.OrganizationId, SupportCase.PurposeFor(supportCase.Programme), today)));

    /// <summary>
    /// Consents active today that name the organisation. Written as uncorrelated sets (starting from the organisation's
    /// index) rather than an EXISTS per row: an OR with a correlated EXISTS made the database scan every client and case
    /// (the case list took 1.6 s at 100,000 clients in bench/run.sh).
    /// </summary>
    private static IQueryable<Consent> SharedWith(NimoDbContext db, int org, DateOnly today)
    {
        var named = db.Set<ConsentOrganization>().Where(o => o.OrganizationId == org).Select(o => o.ConsentId);
        return db.Consents.Where(k => named.Contains(k.Id) && k.WithdrawnOn == null && k.ConsentedOn <= today && (k.ExpiresOn == null || k.ExpiresOn >= today));
    }

    /// <summary>Registers, edits, records consent, opens and runs cases: the owner organisation's staff only.</summary>
    public static bool Owns(this UserScope scope, Client client) => scope.HandlesPersonalData() && client.OwnerOrganizationId == scope.OrganizationId;

    public static bool Owns(this UserScope scope, SupportCase supportCase) => scope.HandlesPersonalData() && supportCase.OwnerOrganizationId == scope.OrganizationId;

    private static readonly object ReadKey = new();

    /// <summary>
    /// One audit entry per request that shows a client's data, whatever the page (client, case, sheet): the log says
    /// who looked at whom and when, without counting the same view twice. <paramref name="alsoShown"/>: other clients the
    /// page names (the duplicates offered for merging).
    /// </summary>
    public static Task AuditReadAsync(this HttpContext http, AuditLog audit, int clientId, string what, CancellationToken ct, IEnumerable<int>? alsoShown = null)
    {
        if (http.Items.ContainsKey(ReadKey))
        {
            return Task.CompletedTask;
        }

        http.Items[ReadKey] = true;
        return audit.StoreReadAsync("Client", clientId, what, [clientId, .. alsoShown ?? []], null, ct);
    }

    /// <summary>
    /// The audit entry of a list or search that showed clients: one per response, with the clients it showed and the search
    /// typed (kept apart from what administrators read). A list that showed no one and searched for no one is not a read.
    /// </summary>
    public static Task AuditListAsync(this HttpContext http, AuditLog audit, string recordType, string what, IReadOnlyCollection<int> clientIds, string? query, CancellationToken ct)
    {
        var shown = clientIds.Distinct().ToList();
        if (shown.Count == 0 && string.IsNullOrWhiteSpace(query))
        {
            return Task.CompletedTask;
        }

        return audit.StoreReadAsync(recordType, null, $"{what}: {shown.Count}人", shown, query, ct);
    }

    /// <summary>A search as the reviewer reads it on 「閲覧記録」: 「ふりがな・氏名「やまだ」、生年月日 1980-04-01」.</summary>
    public static string? SearchText(string? name, DateOnly? born)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(name))
        {
            parts.Add($"ふりがな・氏名「{name.Trim()}」");
        }

        if (born is DateOnly b)
        {
            parts.Add($"生年月日 {b.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}");
        }

        return parts.Count == 0 ? null : string.Join("、", parts);
    }
}
