using Microsoft.EntityFrameworkCore;
using Nimo.Features.Forums;

namespace Nimo.Platform.Data;

// The Forums feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<Forum> Forums => Set<Forum>();
    public DbSet<ForumMember> ForumMembers => Set<ForumMember>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingDocument> MeetingDocuments => Set<MeetingDocument>();
    public DbSet<Hearing> Hearings => Set<Hearing>();
    public DbSet<RegionalIssue> RegionalIssues => Set<RegionalIssue>();
    public DbSet<IssueEscalation> IssueEscalations => Set<IssueEscalation>();
    public DbSet<JoinRequest> JoinRequests => Set<JoinRequest>();
}
