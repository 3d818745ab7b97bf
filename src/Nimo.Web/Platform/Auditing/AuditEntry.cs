using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nimo.Platform.Auditing;

public enum AuditOutcome
{
    Success,
    Denied,
    Failure,
}

/// <summary>
/// One append-only line of the audit log. Each entry's <see cref="Hash"/> covers its own fields and the
/// previous entry's hash, so editing, deleting or inserting a row breaks the chain at that point; the hash is keyed with
/// a secret outside the database, so that nobody who can only write to it can recompute the chain (AuditChain).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public int? OrganizationId { get; set; }
    public string Action { get; set; } = "";
    public string? RecordType { get; set; }
    public string? RecordId { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? ClientAddress { get; set; }
    /// <summary>Never personal data: a field name, a count, a reason code.</summary>
    public string? Detail { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";

    /// <summary>The clients this entry is about (<see cref="AuditSubject"/>); written with the entry, in the same commit.</summary>
    public List<AuditSubject> Subjects { get; } = [];

    /// <summary>The search behind a read of a list, kept apart from <see cref="Detail"/> (<see cref="AuditQuery"/>).</summary>
    public AuditQuery? Query { get; set; }

    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// The unkeyed hash (SHA-256) of entries written before the chain was keyed. Anyone can compute it, which is why a chain of
    /// these alone proves nothing against someone who can write to the database: see <see cref="ComputeHash(byte[])"/>.
    /// </summary>
    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Canonical()));

    /// <summary>The keyed hash (HMAC-SHA-256) with the chain's key, which lives outside the database (AuditChain).</summary>
    public string ComputeHash(byte[] key) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Canonical()));

    private byte[] Canonical()
    {
        // Length-prefixed fields so that no two different entries serialise to the same text.
        var sb = new StringBuilder();
        void Add(string? value) => sb.Append(value is null ? "-1:" : string.Create(CultureInfo.InvariantCulture, $"{value.Length}:{value}"));
        Add(Sequence.ToString(CultureInfo.InvariantCulture));
        Add(OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Add(UserId);
        Add(UserName);
        Add(OrganizationId?.ToString(CultureInfo.InvariantCulture));
        Add(Action);
        Add(RecordType);
        Add(RecordId);
        Add(Outcome.ToString());
        Add(ClientAddress);
        Add(Detail);
        Add(PreviousHash);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
