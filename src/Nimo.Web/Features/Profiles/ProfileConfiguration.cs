using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Profiles;

internal sealed class RegionProfileConfiguration : IEntityTypeConfiguration<RegionProfile>
{
    public void Configure(EntityTypeBuilder<RegionProfile> builder)
    {
        builder.HasOne(p => p.Region).WithMany().HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.RegionId, p.FiscalYear }).IsUnique();
        builder.Property(p => p.Activities).HasMaxLength(4000);
        builder.Property(p => p.InconsistencyReason).HasMaxLength(1000);
        builder.Property(p => p.UpdatedBy).HasMaxLength(256);
        builder.HasMany(p => p.Figures).WithOne().HasForeignKey(f => f.ProfileId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Figures).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.Year);
    }
}

internal sealed class ProfileFigureConfiguration : IEntityTypeConfiguration<ProfileFigure>
{
    public void Configure(EntityTypeBuilder<ProfileFigure> builder)
    {
        builder.Property(f => f.Key).HasConversion<string>().HasMaxLength(40);
        builder.Property(f => f.AsOfPrecision).HasConversion<string>().HasMaxLength(12);
        builder.Property(f => f.Value).HasPrecision(18, 4);
        builder.Property(f => f.Source).HasMaxLength(200);
        builder.HasOne(f => f.AreaRegion).WithMany().HasForeignKey(f => f.AreaRegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(f => new { f.ProfileId, f.Key }).IsUnique();
        builder.Ignore(f => f.AsOf);
        builder.Ignore(f => f.Definition);
    }
}

internal sealed class NationalTargetConfiguration : IEntityTypeConfiguration<NationalTarget>
{
    public void Configure(EntityTypeBuilder<NationalTarget> builder)
    {
        builder.Property(t => t.Plan).HasMaxLength(100);
        builder.Property(t => t.Figure).HasConversion<string>().HasMaxLength(40);
        builder.Property(t => t.Comparison).HasConversion<string>().HasMaxLength(10);
        builder.Property(t => t.Scope).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.Value).HasPrecision(18, 4);
        builder.Property(t => t.UpperValue).HasPrecision(18, 4);
        builder.Property(t => t.Source).HasMaxLength(200);
        builder.Property(t => t.Note).HasMaxLength(500);
        builder.HasIndex(t => new { t.Plan, t.Figure }).IsUnique();
    }
}
