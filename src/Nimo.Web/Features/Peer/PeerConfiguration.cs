using Nimo.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Peer;

internal sealed class PeerProgrammeConfiguration : IEntityTypeConfiguration<PeerProgramme>
{
    public void Configure(EntityTypeBuilder<PeerProgramme> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(TextLength.Title);
        builder.Property(p => p.Notes).HasMaxLength(TextLength.Paragraph);
        builder.HasOne(p => p.OwnerOrganization).WithMany().HasForeignKey(p => p.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.OperatorOrganization).WithMany().HasForeignKey(p => p.OperatorOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(p => p.TrainingRules, r =>
        {
            r.ToTable("PeerTrainingRules");
            r.WithOwner().HasForeignKey(x => x.ProgrammeId);
            r.HasKey(x => new { x.ProgrammeId, x.Activity });
            r.Property(x => x.Activity).HasConversion<string>().HasMaxLength(30);
            r.Property(x => x.Level).HasConversion<string>().HasMaxLength(30);
        });
        builder.Navigation(p => p.TrainingRules).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(p => p.OwnerOrganizationId);
        builder.HasIndex(p => p.OperatorOrganizationId);
    }
}

internal sealed class PeerSupporterConfiguration : IEntityTypeConfiguration<PeerSupporter>
{
    public void Configure(EntityTypeBuilder<PeerSupporter> builder)
    {
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Name).HasMaxLength(TextLength.PersonName);
        builder.Property(s => s.Kana).HasMaxLength(TextLength.PersonName);
        builder.Property(s => s.Phone).HasMaxLength(50);
        builder.Property(s => s.Email).HasMaxLength(200);
        builder.Property(s => s.ContactNote).HasMaxLength(TextLength.Title);
        builder.Property(s => s.PayeeCode).HasMaxLength(50);
        builder.Property(s => s.AvailabilityNote).HasMaxLength(TextLength.Title);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.FeedTokenHash).HasMaxLength(64);
        builder.HasOne(s => s.Programme).WithMany().HasForeignKey(s => s.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.TeamOrganization).WithMany().HasForeignKey(s => s.TeamOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Platform.Identity.NimoUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => s.UserId).IsUnique();
        builder.HasIndex(s => s.FeedTokenHash).IsUnique();
        builder.HasIndex(s => new { s.ProgrammeId, s.Kana });
        builder.Ignore(s => s.IsActive);
        builder.Ignore(s => s.KindLabel);
        builder.OwnsMany(s => s.Areas, a =>
        {
            a.ToTable("PeerSupporterAreas");
            a.WithOwner().HasForeignKey(x => x.SupporterId);
            a.HasKey(x => new { x.SupporterId, x.RegionId });
            a.HasOne(x => x.Region).WithMany().HasForeignKey(x => x.RegionId).OnDelete(DeleteBehavior.Restrict);
            a.HasIndex(x => x.RegionId);
        });
        builder.OwnsMany(s => s.Availability, a =>
        {
            a.ToTable("PeerAvailability");
            a.WithOwner().HasForeignKey(x => x.SupporterId);
            a.HasKey(x => x.Id);
            a.Ignore(x => x.Label);
        });
        builder.OwnsMany(s => s.Trainings, t =>
        {
            t.ToTable("PeerTrainings");
            t.WithOwner().HasForeignKey(x => x.SupporterId);
            t.HasKey(x => x.Id);
            t.Property(x => x.Level).HasConversion<string>().HasMaxLength(30);
            t.Property(x => x.Organizer).HasMaxLength(TextLength.Title);
        });
        builder.OwnsMany(s => s.Registrations, r =>
        {
            r.ToTable("PeerRegistrations");
            r.WithOwner().HasForeignKey(x => x.SupporterId);
            r.HasKey(x => x.Id);
            r.HasIndex(x => new { x.SupporterId, x.FiscalYear }).IsUnique();
            r.Property(x => x.Note).HasMaxLength(TextLength.Title);
            r.Ignore(x => x.ValidTo);
        });
        builder.Navigation(s => s.Areas).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(s => s.Availability).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(s => s.Trainings).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(s => s.Registrations).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SupporterExperienceConfiguration : IEntityTypeConfiguration<SupporterExperience>
{
    public void Configure(EntityTypeBuilder<SupporterExperience> builder)
    {
        // A table of its own, so that no query of supporters (lists, exports, counts) can load it by accident.
        builder.HasKey(e => e.SupporterId);
        builder.HasOne<PeerSupporter>().WithOne().HasForeignKey<SupporterExperience>(e => e.SupporterId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Text).HasMaxLength(TextLength.Section);
        builder.Property(e => e.Purpose).HasMaxLength(TextLength.Title);
        builder.Property(e => e.RecordedBy).HasMaxLength(256);
    }
}

internal sealed class PeerCategoryConfiguration : IEntityTypeConfiguration<PeerCategory>
{
    public void Configure(EntityTypeBuilder<PeerCategory> builder)
    {
        builder.Property(c => c.Set).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Name).HasMaxLength(TextLength.Title);
        builder.HasIndex(c => new { c.Set, c.Name }).IsUnique();
    }
}

internal sealed class PeerRequestConfiguration : IEntityTypeConfiguration<PeerRequest>
{
    public void Configure(EntityTypeBuilder<PeerRequest> builder)
    {
        builder.Property(r => r.Activity).HasConversion<string>().HasMaxLength(30);
        builder.Property(r => r.RequesterKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.VisitOutcome).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Requester).HasMaxLength(TextLength.Title);
        builder.Property(r => r.Place).HasMaxLength(TextLength.Title);
        builder.Property(r => r.Purpose).HasMaxLength(TextLength.Paragraph);
        builder.Property(r => r.CloseReason).HasMaxLength(TextLength.Title);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.ReportedBy).HasMaxLength(256);
        builder.Property(r => r.ReportSummary).HasMaxLength(TextLength.Section);
        builder.HasOne(r => r.Programme).WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Region).WithMany().HasForeignKey(r => r.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.AdmissionCategory).WithMany().HasForeignKey(r => r.AdmissionCategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Dispatches).WithOne(d => d.Request).HasForeignKey(d => d.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Dispatches).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.OwnsMany(r => r.Topics, t =>
        {
            t.ToTable("PeerVisitTopics");
            t.WithOwner().HasForeignKey(x => x.RequestId);
            t.HasKey(x => new { x.RequestId, x.CategoryId });
            t.HasOne(x => x.Category).WithMany().HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.Restrict);
            t.HasIndex(x => x.CategoryId);
        });
        builder.Navigation(r => r.Topics).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(r => new { r.ProgrammeId, r.StartsAt });
        builder.HasIndex(r => new { r.RegionId, r.StartsAt });
        builder.HasIndex(r => r.AdmissionCategoryId);
        builder.Ignore(r => r.Year);
        builder.Ignore(r => r.Date);
        builder.Ignore(r => r.Accepted);
        builder.Ignore(r => r.Pending);
        builder.Ignore(r => r.StatusLabel);
        builder.Ignore(r => r.ActivityLabel);
        builder.Ignore(r => r.When);
    }
}

internal sealed class PeerDispatchConfiguration : IEntityTypeConfiguration<PeerDispatch>
{
    public void Configure(EntityTypeBuilder<PeerDispatch> builder)
    {
        builder.Property(d => d.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Channel).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.CancelledBy).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Rounding).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.OfferedBy).HasMaxLength(256);
        builder.Property(d => d.AnsweredBy).HasMaxLength(256);
        builder.Property(d => d.CancelReason).HasMaxLength(TextLength.Title);
        builder.Property(d => d.HonorariumBudget).HasMaxLength(TextLength.Title);
        builder.Property(d => d.TravelBudget).HasMaxLength(TextLength.Title);
        builder.HasOne(d => d.Supporter).WithMany().HasForeignKey(d => d.SupporterId).OnDelete(DeleteBehavior.Restrict);
        // A supporter's bookings by time (overlap check, schedule, statement).
        builder.HasIndex(d => new { d.SupporterId, d.StartsAt });
        builder.Ignore(d => d.StateLabel);
        builder.Ignore(d => d.PayYen);
    }
}

internal sealed class PeerRateConfiguration : IEntityTypeConfiguration<PeerRate>
{
    public void Configure(EntityTypeBuilder<PeerRate> builder)
    {
        builder.Property(r => r.Rounding).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.TravelBasis).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.HonorariumBudget).HasMaxLength(TextLength.Title);
        builder.Property(r => r.TravelBudget).HasMaxLength(TextLength.Title);
        builder.HasOne<PeerProgramme>().WithMany().HasForeignKey(r => r.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ProgrammeId, r.FiscalYear }).IsUnique();
        builder.Ignore(r => r.RuleText);
    }
}
