using Microsoft.EntityFrameworkCore;
using Nimo.Features.Cases;

namespace Nimo.Platform.Data;

// The Cases feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<SupportCase> SupportCases => Set<SupportCase>();
    public DbSet<DischargePlan> DischargePlans => Set<DischargePlan>();
    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();
    public DbSet<CaseConference> CaseConferences => Set<CaseConference>();
    public DbSet<Grant> Grants => Set<Grant>();
}
