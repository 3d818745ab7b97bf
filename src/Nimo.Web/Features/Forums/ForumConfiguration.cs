using Nimo.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Nimo.Features.Forums;

internal sealed class ForumConfiguration : IEntityTypeConfiguration<Forum>
{
    public void Configure(EntityTypeBuilder<Forum> builder)
    {
        builder.Property(f => f.Name).HasMaxLength(TextLength.Title);
        builder.Property(f => f.Purpose).HasMaxLength(TextLength.Note);
        builder.Property(f => f.FrequencyText).HasMaxLength(TextLength.Phrase);
        builder.Property(f => f.MeetingsPerYear).HasPrecision(9, 2);
        builder.Property(f => f.Activities).HasMaxLength(TextLength.Section);
        builder.Property(f => f.Notes).HasMaxLength(TextLength.Section);
        builder.Property(f => f.Layer).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(f => f.Region).WithMany().HasForeignKey(f => f.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Parent).WithMany().HasForeignKey(f => f.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.SecretariatOrganization).WithMany().HasForeignKey(f => f.SecretariatOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(f => f.Members).WithOne().HasForeignKey(m => m.ForumId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(f => f.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(f => new { f.RegionId, f.Name });
        builder.Ignore(f => f.KindLabel);
        builder.Ignore(f => f.LayerLabel);
    }
}

internal sealed class ForumMemberConfiguration : IEntityTypeConfiguration<ForumMember>
{
    public void Configure(EntityTypeBuilder<ForumMember> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(TextLength.Title);
        builder.Property(m => m.UserId).HasMaxLength(450);
        builder.Property(m => m.Role).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Sector).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(m => m.Organization).WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.UserId);
        builder.Ignore(m => m.DisplayName);
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> builder)
    {
        builder.Property(m => m.Title).HasMaxLength(TextLength.Title);
        builder.Property(m => m.Place).HasMaxLength(TextLength.Title);
        builder.Property(m => m.Agenda).HasMaxLength(TextLength.Section);
        builder.Property(m => m.Minutes).HasMaxLength(TextLength.Minutes);
        builder.Property(m => m.Decisions).HasMaxLength(TextLength.Section);
        builder.Property(m => m.Format).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(m => m.Forum).WithMany().HasForeignKey(m => m.ForumId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Attendance).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(m => m.Actions).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Attendance).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(m => m.Actions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasIndex(m => new { m.ForumId, m.StartsAt });
        builder.Ignore(m => m.AgendaItems);
        builder.Ignore(m => m.DecisionItems);
    }
}

internal sealed class MeetingAttendanceConfiguration : IEntityTypeConfiguration<MeetingAttendance>
{
    public void Configure(EntityTypeBuilder<MeetingAttendance> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(TextLength.Title);
        builder.Property(a => a.Affiliation).HasMaxLength(MeetingGuest.MaxLength);
        builder.Property(a => a.Sector).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(a => a.IsGuest);
        builder.Ignore(a => a.From);
        builder.Ignore(a => a.DisplayName);
    }
}

internal sealed class ActionItemConfiguration : IEntityTypeConfiguration<ActionItem>
{
    public void Configure(EntityTypeBuilder<ActionItem> builder)
    {
        builder.Property(a => a.Text).HasMaxLength(500);
        builder.Property(a => a.Owner).HasMaxLength(TextLength.Title);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(10);
    }
}

internal sealed class MeetingDocumentConfiguration : IEntityTypeConfiguration<MeetingDocument>
{
    public void Configure(EntityTypeBuilder<MeetingDocument> builder)
    {
        builder.Property(d => d.FileName).HasMaxLength(TextLength.Title);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.UploadedBy).HasMaxLength(256);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => d.MeetingId);
    }
}

internal sealed class HearingConfiguration : IEntityTypeConfiguration<Hearing>
{
    public void Configure(EntityTypeBuilder<Hearing> builder)
    {
        builder.Property(h => h.Who).HasMaxLength(TextLength.Title);
        builder.Property(h => h.Points).HasMaxLength(TextLength.Section);
        builder.HasOne<Forum>().WithMany().HasForeignKey(h => h.ForumId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(h => h.Meeting).WithMany().HasForeignKey(h => h.MeetingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(h => h.Organization).WithMany().HasForeignKey(h => h.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegionalIssueConfiguration : IEntityTypeConfiguration<RegionalIssue>
{
    public void Configure(EntityTypeBuilder<RegionalIssue> builder)
    {
        builder.Property(i => i.Title).HasMaxLength(TextLength.Title);
        builder.Property(i => i.Description).HasMaxLength(TextLength.Section);
        builder.Property(i => i.Owner).HasMaxLength(TextLength.Title);
        builder.Property(i => i.RaisedBy).HasMaxLength(256);
        builder.Property(i => i.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(i => i.Forum).WithMany().HasForeignKey(i => i.ForumId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(i => i.Meeting).WithMany().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(i => i.Hearing).WithMany().HasForeignKey(i => i.HearingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(i => i.Escalations).WithOne().HasForeignKey(e => e.IssueId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Escalations).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(i => i.CategoryLabel);
        builder.Ignore(i => i.StatusLabel);
        builder.Ignore(i => i.CurrentForumId);
    }
}

internal sealed class IssueEscalationConfiguration : IEntityTypeConfiguration<IssueEscalation>
{
    public void Configure(EntityTypeBuilder<IssueEscalation> builder)
    {
        builder.Property(e => e.Note).HasMaxLength(TextLength.Note);
        builder.Property(e => e.Answer).HasMaxLength(TextLength.Section);
        builder.Property(e => e.EscalatedBy).HasMaxLength(256);
        builder.Property(e => e.AnsweredBy).HasMaxLength(256);
        builder.HasOne(e => e.FromForum).WithMany().HasForeignKey(e => e.FromForumId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.ToForum).WithMany().HasForeignKey(e => e.ToForumId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.ToForumId);
    }
}

internal sealed class JoinRequestConfiguration : IEntityTypeConfiguration<JoinRequest>
{
    public void Configure(EntityTypeBuilder<JoinRequest> builder)
    {
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Note).HasMaxLength(TextLength.Paragraph);
        builder.Property(r => r.Reply).HasMaxLength(TextLength.Paragraph);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.DecidedBy).HasMaxLength(256);
        builder.HasOne(r => r.Forum).WithMany().HasForeignKey(r => r.ForumId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(r => r.Parent).WithMany().HasForeignKey(r => r.ParentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.ParentId, r.State });
        builder.HasIndex(r => new { r.ForumId, r.State });
        builder.Ignore(r => r.StateLabel);
    }
}
