using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nimo.Platform.Auditing;

namespace Nimo.Platform.Identity;

internal sealed class NimoUserConfiguration : IEntityTypeConfiguration<NimoUser>
{
    public void Configure(EntityTypeBuilder<NimoUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.HasOne(u => u.Organization).WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.ClientAddress).HasMaxLength(64);
        builder.Property(s => s.UserAgent).HasMaxLength(300);
        builder.HasIndex(s => s.UserId);
        builder.HasOne<NimoUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignInAttemptsConfiguration : IEntityTypeConfiguration<SignInAttempts>
{
    public void Configure(EntityTypeBuilder<SignInAttempts> builder)
    {
        builder.HasKey(a => a.Key);
        builder.Property(a => a.Key).HasMaxLength(64);
        builder.Property(a => a.Account).HasMaxLength(64);
        builder.HasIndex(a => a.Account);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasIndex(a => a.Sequence).IsUnique();
        builder.HasIndex(a => a.OccurredAt);
        builder.HasIndex(a => new { a.RecordType, a.RecordId });
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.UserName).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.RecordType).HasMaxLength(64);
        builder.Property(a => a.RecordId).HasMaxLength(64);
        builder.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.Property(a => a.Detail).HasMaxLength(1000);
        builder.Property(a => a.PreviousHash).HasMaxLength(64);
        builder.Property(a => a.Hash).HasMaxLength(64);
    }
}
