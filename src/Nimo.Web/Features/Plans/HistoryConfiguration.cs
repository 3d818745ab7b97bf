using Nimo.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Plans;

internal sealed class HistoryEntryConfiguration : IEntityTypeConfiguration<HistoryEntry>
{
    public void Configure(EntityTypeBuilder<HistoryEntry> builder)
    {
        builder.HasOne(h => h.Region).WithMany().HasForeignKey(h => h.RegionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(h => h.WhenPrecision).HasConversion<string>().HasMaxLength(12);
        builder.Property(h => h.Text).HasMaxLength(TextLength.Note);
        builder.HasIndex(h => new { h.RegionId, h.WhenYear, h.WhenMonth });
        builder.Ignore(h => h.When);
        builder.Ignore(h => h.WhenText);
        builder.Ignore(h => h.SortKey);
    }
}
