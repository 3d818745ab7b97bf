using Nimo.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Nimo.Features.Forums;

namespace Nimo.Features.Plans;

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> builder)
    {
        builder.HasOne(p => p.Region).WithMany().HasForeignKey(p => p.RegionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.RegionId, p.FiscalYear }).IsUnique();
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(p => p.Title).HasMaxLength(TextLength.Title);
        foreach (var name in new[] { nameof(Plan.Lead), nameof(Plan.Vision), nameof(Plan.Strengths), nameof(Plan.SystemDescription), nameof(Plan.OtherMatters) })
        {
            builder.Property(name).HasMaxLength(TextLength.Section);
        }

        builder.Property(p => p.Overview).HasMaxLength(TextLength.Document);
        foreach (var name in new[]
                 {
                     nameof(Plan.LongTermGoal), nameof(Plan.ShortTermGoal), nameof(Plan.SmallSteps), nameof(Plan.HealthLinkage), nameof(Plan.HealthRemarks),
                     nameof(Plan.MedicalLinkage), nameof(Plan.MedicalRemarks), nameof(Plan.WelfareLinkage), nameof(Plan.WelfareRemarks),
                     nameof(Plan.OtherLinkage), nameof(Plan.OtherRemarks),
                 })
        {
            builder.Property(name).HasMaxLength(TextLength.Note);
        }

        builder.Property(p => p.EvaluatedBy).HasMaxLength(TextLength.UserName);
        builder.Property(p => p.UpdatedBy).HasMaxLength(TextLength.UserName);
        builder.Property(p => p.ReopenReason).HasMaxLength(TextLength.Paragraph);
        builder.HasMany(p => p.Challenges).WithOne(c => c.Plan).HasForeignKey(c => c.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Indicators).WithOne(i => i.Plan).HasForeignKey(i => i.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Schedule).WithOne(s => s.Plan).HasForeignKey(s => s.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Challenges).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(p => p.Indicators).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(p => p.Schedule).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.Year);
        builder.Ignore(p => p.IsEvaluated);
        builder.Ignore(p => p.Linkage);
        builder.Ignore(p => p.LinkageRemarks);
        builder.Ignore(p => p.Texts);
        builder.Ignore(p => p.UsageEndText);
        builder.Ignore(p => p.OrderedChallenges);
        builder.Ignore(p => p.OrderedIndicators);
    }
}

internal sealed class PlanChallengeConfiguration : IEntityTypeConfiguration<PlanChallenge>
{
    public void Configure(EntityTypeBuilder<PlanChallenge> builder)
    {
        builder.Property(c => c.Title).HasMaxLength(TextLength.Paragraph);
        builder.Property(c => c.Policy).HasMaxLength(TextLength.Section);
        builder.Property(c => c.RoleGovernment).HasMaxLength(TextLength.Note);
        builder.Property(c => c.RoleMedical).HasMaxLength(TextLength.Note);
        builder.Property(c => c.RoleWelfare).HasMaxLength(TextLength.Note);
        builder.Property(c => c.RoleOthers).HasMaxLength(TextLength.Note);
        builder.Property(c => c.ReviewNote).HasMaxLength(TextLength.Section);
        builder.HasOne<RegionalIssue>().WithMany().HasForeignKey(c => c.RegionalIssueId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.CarriedFromId);
        builder.Ignore(c => c.Roles);
    }
}

internal sealed class PlanIndicatorConfiguration : IEntityTypeConfiguration<PlanIndicator>
{
    public void Configure(EntityTypeBuilder<PlanIndicator> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(TextLength.Line);
        builder.Property(i => i.Unit).HasMaxLength(TextLength.Unit);
        builder.Property(i => i.Baseline).HasMaxLength(TextLength.Line);
        builder.Property(i => i.Target).HasMaxLength(TextLength.Line);
        builder.Property(i => i.Actual).HasMaxLength(TextLength.Line);
        builder.Property(i => i.Population).HasPrecision(18, 2);
        builder.Property(i => i.ExpectedEffect).HasMaxLength(TextLength.Section);
        builder.Property(i => i.AchievedEffect).HasMaxLength(TextLength.Section);
        builder.Property(i => i.Basis).HasConversion<string>().HasMaxLength(12);
        builder.Property(i => i.Direction).HasConversion<string>().HasMaxLength(12);
        // The key of a registered live-count source (ILiveCountSource.Key); null for a typed actual (stored as "None" before keys).
        builder.Property(i => i.Source).HasMaxLength(PlanIndicator.SourceKeyLength);
        builder.HasOne(i => i.Challenge).WithMany().HasForeignKey(i => i.ChallengeId).OnDelete(DeleteBehavior.ClientSetNull);
        builder.HasOne<Forum>().WithMany().HasForeignKey(i => i.SourceForumId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.CarriedFromId);
        builder.Ignore(i => i.IsLive);
    }
}

internal sealed class ScheduleItemConfiguration : IEntityTypeConfiguration<ScheduleItem>
{
    public void Configure(EntityTypeBuilder<ScheduleItem> builder)
    {
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(12);
        builder.Property(s => s.WhenText).HasMaxLength(30);
        builder.Property(s => s.Title).HasMaxLength(TextLength.Note);
        builder.Property(s => s.Detail).HasMaxLength(TextLength.Section);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(s => s.MeetingId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(s => new { s.PlanId, s.Kind, s.MonthKey });
    }
}
