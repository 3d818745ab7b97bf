using Nimo.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Organizations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.Kana).HasMaxLength(300);
        builder.Property(o => o.SearchKey).HasMaxLength(500);
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(o => o.Address).HasMaxLength(TextLength.Address);
        builder.Property(o => o.Phone).HasMaxLength(30);
        builder.Property(o => o.Notes).HasMaxLength(TextLength.Note);
        builder.HasOne(o => o.Region).WithMany().HasForeignKey(o => o.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.RegionId, o.Name });
        builder.Ignore(o => o.KindLabel);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.Property(d => d.Name).HasMaxLength(100);
        builder.Property(d => d.Role).HasConversion<string>().HasMaxLength(10);
        builder.Property(d => d.Duties).HasMaxLength(4000);
        builder.HasOne(d => d.Region).WithMany().HasForeignKey(d => d.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.RegionId, d.Role, d.SortOrder });
        builder.Ignore(d => d.DutyList);
        builder.Ignore(d => d.RoleLabel);
    }
}
