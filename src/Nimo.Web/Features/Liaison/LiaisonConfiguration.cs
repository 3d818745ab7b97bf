using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Liaison;

internal sealed class LiaisonSheetConfiguration : IEntityTypeConfiguration<LiaisonSheet>
{
    public void Configure(EntityTypeBuilder<LiaisonSheet> builder)
    {
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Reason).HasMaxLength(1000);
        builder.Property(s => s.Situation).HasMaxLength(8000);
        builder.Property(s => s.Request).HasMaxLength(4000);
        builder.Property(s => s.SenderContact).HasMaxLength(200);
        builder.Property(s => s.Answer).HasMaxLength(8000);
        builder.Property(s => s.SentBy).HasMaxLength(256);
        builder.Property(s => s.AcknowledgedBy).HasMaxLength(256);
        builder.Property(s => s.AnsweredBy).HasMaxLength(256);
        builder.HasOne(s => s.Client).WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.FromOrganization).WithMany().HasForeignKey(s => s.FromOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.ToOrganization).WithMany().HasForeignKey(s => s.ToOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Consent).WithMany().HasForeignKey(s => s.ConsentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.ToOrganizationId, s.State });
        builder.HasIndex(s => new { s.FromOrganizationId, s.SentAt });
        builder.Ignore(s => s.StateLabel);
    }
}
