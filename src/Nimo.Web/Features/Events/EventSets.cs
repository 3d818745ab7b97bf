using Microsoft.EntityFrameworkCore;
using Nimo.Features.Events;

namespace Nimo.Platform.Data;

// The Events module's tables, declared here rather than in NimoDbContext.cs (C# 14 extension properties cannot be used in
// LINQ expression trees).
public abstract partial class NimoDbContext
{
    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventCoHost> EventCoHosts => Set<EventCoHost>();
    public DbSet<EventBook> EventBooks => Set<EventBook>();
    public DbSet<EventRegistration> EventRegistrations => Set<EventRegistration>();
    public DbSet<EventHeadcount> EventHeadcounts => Set<EventHeadcount>();
    public DbSet<EventListingStamp> EventListingStamps => Set<EventListingStamp>();
    public DbSet<QuestionnaireItem> QuestionnaireItems => Set<QuestionnaireItem>();
    public DbSet<QuestionnaireResponse> QuestionnaireResponses => Set<QuestionnaireResponse>();
    public DbSet<QuestionnaireAnswer> QuestionnaireAnswers => Set<QuestionnaireAnswer>();
    public DbSet<SupporterBaseline> SupporterBaselines => Set<SupporterBaseline>();
    public DbSet<SupporterTarget> SupporterTargets => Set<SupporterTarget>();
}
