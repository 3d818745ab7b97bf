using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Surveys;

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Purpose).HasMaxLength(4000);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.HasOne(s => s.Forum).WithMany().HasForeignKey(s => s.ForumId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.OwnerOrganization).WithMany().HasForeignKey(s => s.OwnerOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Region).WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Categories).WithOne().HasForeignKey(c => c.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Sections).WithOne().HasForeignKey(c => c.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Categories).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(s => s.Sections).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(s => s.Recipients).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(s => new { s.RegionId, s.OpensOn });
        builder.Ignore(s => s.Questions);
        builder.Ignore(s => s.IsSent);
        builder.Ignore(s => s.Year);
    }
}

internal sealed class SurveyCategoryConfiguration : IEntityTypeConfiguration<SurveyCategory>
{
    public void Configure(EntityTypeBuilder<SurveyCategory> builder) => builder.Property(c => c.Name).HasMaxLength(50);
}

internal sealed class SurveySectionConfiguration : IEntityTypeConfiguration<SurveySection>
{
    public void Configure(EntityTypeBuilder<SurveySection> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.HasMany(s => s.Questions).WithOne().HasForeignKey(q => q.SectionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Questions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SurveyQuestionConfiguration : IEntityTypeConfiguration<SurveyQuestion>
{
    public void Configure(EntityTypeBuilder<SurveyQuestion> builder)
    {
        builder.Property(q => q.Text).HasMaxLength(1000);
        builder.Property(q => q.Help).HasMaxLength(1000);
        builder.Property(q => q.Unit).HasMaxLength(20);
        builder.Property(q => q.Kind).HasConversion<string>().HasMaxLength(20);
        builder.HasMany(q => q.Choices).WithOne().HasForeignKey(c => c.QuestionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(q => q.Choices).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(q => q.Columns);
        builder.Ignore(q => q.Rows);
        builder.Ignore(q => q.IsFreeText);
        builder.Ignore(q => q.KindLabel);
    }
}

internal sealed class SurveyChoiceConfiguration : IEntityTypeConfiguration<SurveyChoice>
{
    public void Configure(EntityTypeBuilder<SurveyChoice> builder) => builder.Property(c => c.Label).HasMaxLength(200);
}

internal sealed class SurveyRecipientConfiguration : IEntityTypeConfiguration<SurveyRecipient>
{
    public void Configure(EntityTypeBuilder<SurveyRecipient> builder)
    {
        builder.Property(r => r.CodeHash).HasMaxLength(64);
        builder.Property(r => r.AnsweredBy).HasMaxLength(256);
        builder.Property(r => r.Respondent).HasMaxLength(100);
        builder.Property(r => r.ReopenReason).HasMaxLength(500);
        builder.Property(r => r.Channel).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(r => r.Survey).WithMany(s => s.Recipients).HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Organization).WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(r => r.Answers).WithOne().HasForeignKey(a => a.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Activities).WithOne().HasForeignKey(a => a.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Answers).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(r => r.Activities).UsePropertyAccessMode(PropertyAccessMode.Field);
        // Each organisation answers once.
        builder.HasIndex(r => new { r.SurveyId, r.OrganizationId }).IsUnique();
        builder.HasIndex(r => r.CodeHash).IsUnique();
        builder.Ignore(r => r.HasAnswered);
        builder.Ignore(r => r.ChannelLabel);
    }
}

internal sealed class SurveyAnswerConfiguration : IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<SurveyAnswer> builder)
    {
        builder.Property(a => a.Text).HasMaxLength(4000);
        builder.Property(a => a.Number).HasPrecision(18, 4);
        builder.HasIndex(a => a.QuestionId);
    }
}

internal sealed class SurveyActivityConfiguration : IEntityTypeConfiguration<SurveyActivity>
{
    public void Configure(EntityTypeBuilder<SurveyActivity> builder)
    {
        builder.Property(a => a.Title).HasMaxLength(200);
        builder.Property(a => a.Audience).HasMaxLength(100);
        builder.Property(a => a.Frequency).HasMaxLength(100);
        builder.Property(a => a.Period).HasMaxLength(100);
    }
}

internal sealed class SurveySnapshotConfiguration : IEntityTypeConfiguration<SurveySnapshot>
{
    public void Configure(EntityTypeBuilder<SurveySnapshot> builder)
    {
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.HasOne(s => s.Survey).WithMany().HasForeignKey(s => s.SurveyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Attachments).WithOne().HasForeignKey(l => l.SnapshotId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(s => s.Attachments).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class SnapshotLineConfiguration : IEntityTypeConfiguration<SnapshotLine>
{
    public void Configure(EntityTypeBuilder<SnapshotLine> builder)
    {
        builder.Property(l => l.Label).HasMaxLength(1000);
        builder.Property(l => l.Value).HasMaxLength(4000);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class SnapshotAttachmentConfiguration : IEntityTypeConfiguration<SnapshotAttachment>
{
    public void Configure(EntityTypeBuilder<SnapshotAttachment> builder)
    {
        builder.HasOne<Nimo.Features.Forums.Meeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.MeetingId, a.AgendaItem });
    }
}

internal sealed class SurveyIssueLinkConfiguration : IEntityTypeConfiguration<SurveyIssueLink>
{
    public void Configure(EntityTypeBuilder<SurveyIssueLink> builder)
    {
        builder.HasOne<Nimo.Features.Forums.RegionalIssue>().WithMany().HasForeignKey(l => l.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SurveyRecipient>().WithMany().HasForeignKey(l => l.RecipientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(l => l.IssueId).IsUnique();
    }
}
