using Microsoft.EntityFrameworkCore;
using Nimo.Features.Plans;

namespace Nimo.Platform.Data;

// The Plans feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<HistoryEntry> HistoryEntries => Set<HistoryEntry>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanChallenge> PlanChallenges => Set<PlanChallenge>();
    public DbSet<PlanIndicator> PlanIndicators => Set<PlanIndicator>();
    public DbSet<ScheduleItem> ScheduleItems => Set<ScheduleItem>();
}
