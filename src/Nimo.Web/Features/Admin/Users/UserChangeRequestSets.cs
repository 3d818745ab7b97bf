using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nimo.Features.Admin.Users;

namespace Nimo.Platform.Data;

// The Admin feature's table of changes waiting for a second administrator, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<UserChangeRequest> UserChangeRequests => Set<UserChangeRequest>();
}

internal sealed class UserChangeRequestConfiguration : IEntityTypeConfiguration<UserChangeRequest>
{
    public void Configure(EntityTypeBuilder<UserChangeRequest> builder)
    {
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.TargetUserId).HasMaxLength(450);
        builder.Property(r => r.UserName).HasMaxLength(256);
        builder.Property(r => r.DisplayName).HasMaxLength(100);
        builder.Property(r => r.Role).HasMaxLength(32);
        builder.Property(r => r.RequestedById).HasMaxLength(450);
        builder.Property(r => r.RequestedByName).HasMaxLength(256);
        builder.Property(r => r.DecidedById).HasMaxLength(450);
        builder.Property(r => r.DecidedByName).HasMaxLength(256);
        builder.HasIndex(r => r.State);
        builder.Ignore(r => r.KindLabel);
    }
}
