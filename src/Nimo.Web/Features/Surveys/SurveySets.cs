using Microsoft.EntityFrameworkCore;
using Nimo.Features.Surveys;

namespace Nimo.Platform.Data;

// The Surveys module's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<SurveyCategory> SurveyCategories => Set<SurveyCategory>();
    public DbSet<SurveySection> SurveySections => Set<SurveySection>();
    public DbSet<SurveyQuestion> SurveyQuestions => Set<SurveyQuestion>();
    public DbSet<SurveyChoice> SurveyChoices => Set<SurveyChoice>();
    public DbSet<SurveyRecipient> SurveyRecipients => Set<SurveyRecipient>();
    public DbSet<SurveyAnswer> SurveyAnswers => Set<SurveyAnswer>();
    public DbSet<SurveyActivity> SurveyActivities => Set<SurveyActivity>();
    public DbSet<SurveySnapshot> SurveySnapshots => Set<SurveySnapshot>();
    public DbSet<SnapshotLine> SnapshotLines => Set<SnapshotLine>();
    public DbSet<SnapshotAttachment> SnapshotAttachments => Set<SnapshotAttachment>();
    public DbSet<SurveyIssueLink> SurveyIssueLinks => Set<SurveyIssueLink>();
    public DbSet<SurveyEventLink> SurveyEventLinks => Set<SurveyEventLink>();
    public DbSet<SurveyServiceLink> SurveyServiceLinks => Set<SurveyServiceLink>();
}
