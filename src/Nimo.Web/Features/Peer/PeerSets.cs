using Microsoft.EntityFrameworkCore;
using Nimo.Features.Peer;

namespace Nimo.Platform.Data;

// The Peer module's tables (declared here: C# 14 extension properties cannot be used in LINQ expression trees).
public abstract partial class NimoDbContext
{
    public DbSet<PeerProgramme> PeerProgrammes => Set<PeerProgramme>();
    public DbSet<PeerSupporter> PeerSupporters => Set<PeerSupporter>();
    public DbSet<SupporterExperience> SupporterExperiences => Set<SupporterExperience>();
    public DbSet<PeerCategory> PeerCategories => Set<PeerCategory>();
    public DbSet<PeerRequest> PeerRequests => Set<PeerRequest>();
    public DbSet<PeerDispatch> PeerDispatches => Set<PeerDispatch>();
    public DbSet<PeerRate> PeerRates => Set<PeerRate>();
}
