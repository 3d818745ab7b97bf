using Nimo.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Clients;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(TextLength.PersonName);
        builder.Property(c => c.Kana).HasMaxLength(TextLength.PersonName);
        builder.Property(c => c.KanaKey).HasMaxLength(TextLength.PersonName);
        builder.Property(c => c.Sex).HasConversion<string>().HasMaxLength(12);
        builder.Property(c => c.Address).HasMaxLength(TextLength.Address);
        builder.Property(c => c.Phone).HasMaxLength(TextLength.Phone);
        builder.Property(c => c.Household).HasMaxLength(TextLength.Note);
        builder.Property(c => c.Supporters).HasMaxLength(TextLength.Note);
        builder.Property(c => c.CreatedBy).HasMaxLength(TextLength.UserName);
        builder.HasOne(c => c.OwnerOrganization).WithMany().HasForeignKey(c => c.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Region).WithMany().HasForeignKey(c => c.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Consents).WithOne(k => k.Client).HasForeignKey(k => k.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Consents).UsePropertyAccessMode(PropertyAccessMode.Field);
        // Search and duplicate detection: kana within an owner, and kana + birth date.
        builder.HasIndex(c => new { c.OwnerOrganizationId, c.KanaKey });
        builder.HasIndex(c => new { c.KanaKey, c.BirthDate });
        // The few merged records (ClientAccess.OfUnmergedClients): a list asks "not among these" in one small read, where "is this
        // client unmerged" looked each of a 保健所's 4,400 cases' clients up in the whole table.
        builder.HasIndex(c => c.Id).HasFilter("\"MergedIntoId\" IS NOT NULL").HasDatabaseName("IX_Clients_Merged");
        builder.Ignore(c => c.IsMerged);
    }
}

internal sealed class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> builder)
    {
        builder.Property(k => k.Purpose).HasConversion<string>().HasMaxLength(24);
        builder.Property(k => k.GivenBy).HasConversion<string>().HasMaxLength(12);
        builder.Property(k => k.Form).HasConversion<string>().HasMaxLength(12);
        builder.Property(k => k.Scope).HasMaxLength(TextLength.Paragraph);
        builder.Property(k => k.WithdrawalNote).HasMaxLength(TextLength.Paragraph);
        builder.Property(k => k.RecordedBy).HasMaxLength(TextLength.UserName);
        builder.HasMany(k => k.Organizations).WithOne().HasForeignKey(o => o.ConsentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(k => k.Organizations).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(k => k.PurposeLabel);
    }
}

internal sealed class ConsentOrganizationConfiguration : IEntityTypeConfiguration<ConsentOrganization>
{
    public void Configure(EntityTypeBuilder<ConsentOrganization> builder)
    {
        builder.HasOne<Organizations.Organization>().WithMany().HasForeignKey(o => o.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.OrganizationId, o.ConsentId });
    }
}
