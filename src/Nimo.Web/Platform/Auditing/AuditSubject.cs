using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Platform.Auditing;

/// <summary>
/// A client an audit entry is about: one the response showed (a page, a list, a search, an export) or one whose records
/// the change touched. The key starts with the client, so 「閲覧記録」 (who read or changed this client's records) is an
/// index range, not a scan of entries' text.
/// </summary>
public sealed class AuditSubject
{
    public int ClientId { get; set; }
    public long AuditEntryId { get; set; }
}

/// <summary>
/// What the user searched for (ふりがな, 生年月日): personal data itself, so it is kept beside the entry rather than in its
/// detail, which administrators read; only the owning organisation's reviewer sees it, on 「閲覧記録」.
/// </summary>
public sealed class AuditQuery
{
    public long AuditEntryId { get; set; }
    public string Text { get; set; } = "";
}

internal sealed class AuditSubjectConfiguration : IEntityTypeConfiguration<AuditSubject>
{
    public void Configure(EntityTypeBuilder<AuditSubject> builder)
    {
        builder.HasKey(s => new { s.ClientId, s.AuditEntryId });
        builder.HasIndex(s => s.AuditEntryId);
        builder.HasOne<AuditEntry>().WithMany(e => e.Subjects).HasForeignKey(s => s.AuditEntryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditQueryConfiguration : IEntityTypeConfiguration<AuditQuery>
{
    public void Configure(EntityTypeBuilder<AuditQuery> builder)
    {
        builder.HasKey(q => q.AuditEntryId);
        builder.Property(q => q.Text).HasMaxLength(1000);
        builder.HasOne<AuditEntry>().WithOne(e => e.Query).HasForeignKey<AuditQuery>(q => q.AuditEntryId).OnDelete(DeleteBehavior.Cascade);
    }
}
