using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nimo.Features.Directory;

namespace Nimo.Platform.Data
{
    public abstract partial class NimoDbContext
    {
        public DbSet<Taxonomy> Taxonomies => Set<Taxonomy>();
        public DbSet<TaxonomyTerm> TaxonomyTerms => Set<TaxonomyTerm>();
        public DbSet<DirectoryService> DirectoryServices => Set<DirectoryService>();
        public DbSet<DirectoryLocation> DirectoryLocations => Set<DirectoryLocation>();
        public DbSet<ServiceAtLocation> ServiceAtLocations => Set<ServiceAtLocation>();
        public DbSet<DirectoryOrganization> DirectoryOrganizations => Set<DirectoryOrganization>();
        public DbSet<ServiceProposal> ServiceProposals => Set<ServiceProposal>();
        public DbSet<ServiceRevision> ServiceRevisions => Set<ServiceRevision>();
        public DbSet<DirectoryStamp> DirectoryStamps => Set<DirectoryStamp>();
        public DbSet<GeocodePoint> GeocodePoints => Set<GeocodePoint>();
    }
}

namespace Nimo.Features.Directory
{
    internal sealed class TaxonomyConfiguration : IEntityTypeConfiguration<Taxonomy>
    {
        public void Configure(EntityTypeBuilder<Taxonomy> builder)
        {
            builder.Property(t => t.Code).HasMaxLength(40);
            builder.Property(t => t.Name).HasMaxLength(100);
            builder.Property(t => t.Description).HasMaxLength(500);
            builder.Property(t => t.Uri).HasMaxLength(500);
            builder.Property(t => t.VocabularyVersion).HasMaxLength(40);
            builder.HasIndex(t => t.Code).IsUnique();
            builder.HasData(Taxonomies.Seed().Taxonomies);
        }
    }

    internal sealed class TaxonomyTermConfiguration : IEntityTypeConfiguration<TaxonomyTerm>
    {
        public void Configure(EntityTypeBuilder<TaxonomyTerm> builder)
        {
            builder.Property(t => t.Code).HasMaxLength(40);
            builder.Property(t => t.Name).HasMaxLength(100);
            builder.Property(t => t.Description).HasMaxLength(500);
            builder.HasOne(t => t.Taxonomy).WithMany().HasForeignKey(t => t.TaxonomyId).OnDelete(DeleteBehavior.Restrict);
            builder.HasIndex(t => new { t.TaxonomyId, t.Code }).IsUnique();
            builder.HasData(Taxonomies.Seed().Terms);
        }
    }

    internal sealed class DirectoryServiceConfiguration : IEntityTypeConfiguration<DirectoryService>
    {
        public void Configure(EntityTypeBuilder<DirectoryService> builder)
        {
            builder.Property(s => s.Id).ValueGeneratedNever();
            builder.Property(s => s.Name).HasMaxLength(200);
            builder.Property(s => s.Kana).HasMaxLength(300);
            builder.Property(s => s.AlternateName).HasMaxLength(200);
            builder.Property(s => s.Description).HasMaxLength(2000);
            builder.Property(s => s.Eligibility).HasMaxLength(2000);
            builder.Property(s => s.Fees).HasMaxLength(2000);
            builder.Property(s => s.ApplicationProcess).HasMaxLength(2000);
            builder.Property(s => s.Alert).HasMaxLength(2000);
            builder.Property(s => s.Url).HasMaxLength(500);
            builder.Property(s => s.Email).HasMaxLength(200);
            builder.Property(s => s.SearchKey).HasMaxLength(4000);
            builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            builder.HasOne(s => s.Organization).WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            builder.HasMany(s => s.Phones).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(s => s.Schedules).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(s => s.Areas).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(s => s.Terms).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(s => s.Locations).WithOne(l => l.Service).HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(s => s.Documents).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasMany(s => s.Languages).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(s => new { s.OrganizationId, s.Name });
            builder.HasIndex(s => new { s.IsPublished, s.AssuredDate });
        }
    }

    internal sealed class ServiceChildrenConfiguration :
        IEntityTypeConfiguration<ServicePhone>, IEntityTypeConfiguration<ServiceSchedule>, IEntityTypeConfiguration<ServiceArea>,
        IEntityTypeConfiguration<ServiceTerm>, IEntityTypeConfiguration<ServiceAtLocation>, IEntityTypeConfiguration<RequiredDocument>,
        IEntityTypeConfiguration<ServiceLanguage>
    {
        public void Configure(EntityTypeBuilder<ServicePhone> builder)
        {
            builder.Property(p => p.Id).ValueGeneratedNever();
            builder.Property(p => p.Number).HasMaxLength(30);
            builder.Property(p => p.Description).HasMaxLength(100);
        }

        public void Configure(EntityTypeBuilder<ServiceSchedule> builder)
        {
            builder.Property(p => p.Id).ValueGeneratedNever();
            builder.Property(p => p.Rule).HasMaxLength(200);
            builder.Property(p => p.Notes).HasMaxLength(200);
            builder.Ignore(p => p.Recurrence);
            builder.Ignore(p => p.Japanese);
        }

        public void Configure(EntityTypeBuilder<ServiceArea> builder)
        {
            builder.Property(p => p.Id).ValueGeneratedNever();
            builder.HasOne(p => p.Region).WithMany().HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Restrict);
            builder.HasIndex(p => new { p.ServiceId, p.RegionId }).IsUnique();
        }

        public void Configure(EntityTypeBuilder<ServiceTerm> builder)
        {
            builder.HasKey(t => new { t.ServiceId, t.TermId });
            builder.HasOne(t => t.Term).WithMany().HasForeignKey(t => t.TermId).OnDelete(DeleteBehavior.Restrict);
            builder.HasIndex(t => t.TermId);
        }

        public void Configure(EntityTypeBuilder<ServiceAtLocation> builder)
        {
            builder.Property(p => p.Id).ValueGeneratedNever();
            builder.HasOne(p => p.Location).WithMany().HasForeignKey(p => p.LocationId).OnDelete(DeleteBehavior.Restrict);
            builder.HasIndex(p => new { p.ServiceId, p.LocationId }).IsUnique();
            builder.HasIndex(p => p.LocationId);
        }

        public void Configure(EntityTypeBuilder<RequiredDocument> builder)
        {
            builder.Property(p => p.Id).ValueGeneratedNever();
            builder.Property(p => p.Document).HasMaxLength(200);
        }

        public void Configure(EntityTypeBuilder<ServiceLanguage> builder)
        {
            builder.Property(p => p.Id).ValueGeneratedNever();
            builder.Property(p => p.Code).HasMaxLength(10);
        }
    }

    internal sealed class DirectoryLocationConfiguration : IEntityTypeConfiguration<DirectoryLocation>
    {
        public void Configure(EntityTypeBuilder<DirectoryLocation> builder)
        {
            builder.Property(l => l.Id).ValueGeneratedNever();
            builder.Property(l => l.Name).HasMaxLength(200);
            builder.Property(l => l.Type).HasConversion<string>().HasMaxLength(20);
            builder.Property(l => l.CoordinateSource).HasConversion<string>().HasMaxLength(20);
            builder.Property(l => l.Description).HasMaxLength(2000);
            builder.Property(l => l.PostalCode).HasMaxLength(10);
            builder.Property(l => l.StreetAddress).HasMaxLength(300);
            builder.Property(l => l.Url).HasMaxLength(500);
            builder.Property(l => l.Transportation).HasMaxLength(500);
            builder.Property(l => l.AccessibilityNotes).HasMaxLength(500);
            builder.Property(l => l.Latitude).HasPrecision(9, 6);
            builder.Property(l => l.Longitude).HasPrecision(9, 6);
            builder.HasOne(l => l.Organization).WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            builder.HasOne(l => l.Region).WithMany().HasForeignKey(l => l.RegionId).OnDelete(DeleteBehavior.Restrict);
            builder.HasIndex(l => new { l.OrganizationId, l.Name });
            builder.Ignore(l => l.AccessibilityList);
        }
    }

    internal sealed class DirectoryOrganizationConfiguration : IEntityTypeConfiguration<DirectoryOrganization>, IEntityTypeConfiguration<OrganizationIdentifier>
    {
        public void Configure(EntityTypeBuilder<DirectoryOrganization> builder)
        {
            builder.HasKey(o => o.OrganizationId);
            builder.Property(o => o.OrganizationId).ValueGeneratedNever();
            builder.HasOne(o => o.Organization).WithOne().HasForeignKey<DirectoryOrganization>(o => o.OrganizationId).OnDelete(DeleteBehavior.Cascade);
            builder.Property(o => o.Description).HasMaxLength(2000);
            builder.Property(o => o.Website).HasMaxLength(500);
            builder.Property(o => o.Email).HasMaxLength(200);
            builder.HasIndex(o => o.HsdsId).IsUnique();
            builder.HasMany(o => o.Identifiers).WithOne().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        }

        public void Configure(EntityTypeBuilder<OrganizationIdentifier> builder)
        {
            builder.Property(i => i.Id).ValueGeneratedNever();
            builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
            builder.Property(i => i.Value).HasMaxLength(20);
            builder.HasIndex(i => new { i.Kind, i.Value });
            builder.Ignore(i => i.Scheme);
            builder.Ignore(i => i.TypeLabel);
        }
    }

    internal sealed class CurationConfiguration : IEntityTypeConfiguration<ServiceProposal>, IEntityTypeConfiguration<ServiceRevision>, IEntityTypeConfiguration<DirectoryStamp>
    {
        public void Configure(EntityTypeBuilder<ServiceProposal> builder)
        {
            builder.Property(p => p.ContentJson).HasMaxLength(64_000);
            builder.Property(p => p.Reason).HasMaxLength(1000);
            builder.Property(p => p.ReviewNote).HasMaxLength(1000);
            builder.Property(p => p.ProposedBy).HasMaxLength(256);
            builder.Property(p => p.ReviewedBy).HasMaxLength(256);
            builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            builder.HasOne(p => p.Service).WithMany().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasOne<Nimo.Features.Organizations.Organization>().WithMany().HasForeignKey(p => p.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            builder.HasIndex(p => new { p.Status, p.OrganizationId });
            builder.Ignore(p => p.Content);
            builder.Ignore(p => p.StatusLabel);
        }

        public void Configure(EntityTypeBuilder<ServiceRevision> builder)
        {
            builder.Property(r => r.By).HasMaxLength(256);
            builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            builder.Property(r => r.ChangesJson).HasMaxLength(64_000);
            builder.HasOne<DirectoryService>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Cascade);
            builder.HasIndex(r => new { r.ServiceId, r.At });
            builder.Ignore(r => r.Changes);
            builder.Ignore(r => r.KindLabel);
        }

        public void Configure(EntityTypeBuilder<DirectoryStamp> builder)
        {
            builder.Property(s => s.Id).ValueGeneratedNever();
            builder.HasData(new DirectoryStamp { Id = DirectoryStamp.SingletonId, Token = DirectoryStamp.Initial });
        }
    }

    internal sealed class GeocodePointConfiguration : IEntityTypeConfiguration<GeocodePoint>
    {
        public void Configure(EntityTypeBuilder<GeocodePoint> builder)
        {
            builder.Property(p => p.Level).HasConversion<int>();
            builder.Property(p => p.PrefectureName).HasMaxLength(10);
            builder.Property(p => p.CityName).HasMaxLength(40);
            builder.Property(p => p.TownName).HasMaxLength(120);
            builder.Property(p => p.BlockNumber).HasMaxLength(20);
            builder.Property(p => p.CityKey).HasMaxLength(60);
            builder.Property(p => p.TownKey).HasMaxLength(120);
            builder.Property(p => p.Latitude).HasPrecision(9, 6);
            builder.Property(p => p.Longitude).HasPrecision(9, 6);
            builder.HasIndex(p => new { p.CityKey, p.Level });
        }
    }
}
