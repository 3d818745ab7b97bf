using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nimo.Features.Forums;
using Nimo.Features.Plans;

namespace Nimo.Features.Events;

internal sealed class EventConfiguration : IEntityTypeConfiguration<Event>
{
    public void Configure(EntityTypeBuilder<Event> builder)
    {
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Format).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Title).HasMaxLength(200);
        builder.Property(e => e.Description).HasMaxLength(4000);
        builder.Property(e => e.Venue).HasMaxLength(200);
        builder.Property(e => e.Access).HasMaxLength(1000);
        builder.Property(e => e.OnlineNote).HasMaxLength(1000);
        builder.Property(e => e.PurposeOfUse).HasMaxLength(1000);
        builder.Property(e => e.Contact).HasMaxLength(500);
        builder.Property(e => e.SupporterProgramme).HasMaxLength(100);
        builder.Property(e => e.CancelReason).HasMaxLength(500);
        builder.Property(e => e.UpdatedBy).HasMaxLength(256);
        builder.HasOne(e => e.Organizer).WithMany().HasForeignKey(e => e.OrganizerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Region).WithMany().HasForeignKey(e => e.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ScheduleItem>().WithMany().HasForeignKey(e => e.ScheduleItemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Forum>().WithMany().HasForeignKey(e => e.ForumId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(e => e.CoHosts).WithOne(c => c.Event).HasForeignKey(c => c.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(e => e.CoHosts).UsePropertyAccessMode(PropertyAccessMode.Field);
        // The public list (published, by date) and the staff list (by region and date).
        builder.HasIndex(e => new { e.IsPublished, e.StartsAt });
        builder.HasIndex(e => new { e.RegionId, e.StartsAt });
        builder.HasIndex(e => new { e.OrganizerId, e.StartsAt });
        builder.HasIndex(e => e.ScheduleItemId);
        builder.HasIndex(e => e.ForumId);
        builder.Ignore(e => e.IsHeld);
        builder.Ignore(e => e.KindLabel);
        builder.Ignore(e => e.AudienceText);
        builder.Ignore(e => e.Year);
        builder.Ignore(e => e.OnlyAudience);
    }
}

internal sealed class EventCoHostConfiguration : IEntityTypeConfiguration<EventCoHost>
{
    public void Configure(EntityTypeBuilder<EventCoHost> builder)
    {
        builder.HasKey(c => new { c.EventId, c.OrganizationId });
        builder.HasOne(c => c.Organization).WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.OrganizationId);
    }
}

internal sealed class EventBookConfiguration : IEntityTypeConfiguration<EventBook>
{
    public void Configure(EntityTypeBuilder<EventBook> builder)
    {
        builder.HasKey(b => b.EventId);
        builder.HasOne(b => b.Event).WithOne().HasForeignKey<EventBook>(b => b.EventId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EventRegistrationConfiguration : IEntityTypeConfiguration<EventRegistration>
{
    public void Configure(EntityTypeBuilder<EventRegistration> builder)
    {
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.Contact).HasMaxLength(200);
        builder.Property(r => r.Affiliation).HasMaxLength(200);
        builder.Property(r => r.Accommodation).HasMaxLength(500);
        builder.Property(r => r.DuplicateKey).HasMaxLength(320);
        builder.Property(r => r.ConfirmationHash).HasMaxLength(64);
        builder.HasOne<Event>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.EventId, r.Status });
        builder.HasIndex(r => r.ConfirmationHash).IsUnique();
        // The same person cannot hold two live registrations, even if two posts race each other past the page's check.
        builder.HasIndex(r => new { r.EventId, r.DuplicateKey }).IsUnique().HasFilter("\"Status\" <> 'Cancelled' AND \"DuplicateKey\" IS NOT NULL");
        builder.HasIndex(r => r.ErasedAt);
        builder.Ignore(r => r.Attended);
    }
}

internal sealed class EventHeadcountConfiguration : IEntityTypeConfiguration<EventHeadcount>
{
    public void Configure(EntityTypeBuilder<EventHeadcount> builder)
    {
        builder.HasOne<Event>().WithMany().HasForeignKey(h => h.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(h => new { h.EventId, h.Category }).IsUnique();
    }
}

internal sealed class EventListingStampConfiguration : IEntityTypeConfiguration<EventListingStamp>
{
    public void Configure(EntityTypeBuilder<EventListingStamp> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasData(new { Id = EventListingStamp.SingletonId, Value = 0L });
    }
}

internal sealed class QuestionnaireItemConfiguration : IEntityTypeConfiguration<QuestionnaireItem>
{
    public void Configure(EntityTypeBuilder<QuestionnaireItem> builder)
    {
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Text).HasMaxLength(300);
        builder.HasOne<Event>().WithMany().HasForeignKey(i => i.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => new { i.EventId, i.SortOrder });
    }
}

internal sealed class QuestionnaireResponseConfiguration : IEntityTypeConfiguration<QuestionnaireResponse>
{
    public void Configure(EntityTypeBuilder<QuestionnaireResponse> builder)
    {
        builder.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Event>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.ResponseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Answers).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(r => r.EventId);
    }
}

internal sealed class QuestionnaireAnswerConfiguration : IEntityTypeConfiguration<QuestionnaireAnswer>
{
    public void Configure(EntityTypeBuilder<QuestionnaireAnswer> builder)
    {
        builder.Property(a => a.Text).HasMaxLength(2000);
        // An item with answers is never deleted (the page refuses), so its answers never dangle.
        builder.HasOne<QuestionnaireItem>().WithMany().HasForeignKey(a => a.ItemId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.ItemId);
    }
}

internal sealed class SupporterBaselineConfiguration : IEntityTypeConfiguration<SupporterBaseline>
{
    public void Configure(EntityTypeBuilder<SupporterBaseline> builder)
    {
        builder.Property(b => b.Programme).HasMaxLength(100);
        builder.Property(b => b.Source).HasMaxLength(300);
        builder.Property(b => b.ImportedBy).HasMaxLength(256);
        builder.HasOne(b => b.Region).WithMany().HasForeignKey(b => b.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => new { b.RegionId, b.FiscalYear }).IsUnique();
    }
}

internal sealed class SupporterTargetConfiguration : IEntityTypeConfiguration<SupporterTarget>
{
    public void Configure(EntityTypeBuilder<SupporterTarget> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.Source).HasMaxLength(300);
        builder.Ignore(t => t.DueText);
        builder.Ignore(t => t.ValueText);
        var national = SupporterTarget.National;
        builder.HasData(new
        {
            national.Id, national.Name, national.Value, national.DueFiscalYear, national.Source, national.IsVerified, national.Version,
        });
    }
}
