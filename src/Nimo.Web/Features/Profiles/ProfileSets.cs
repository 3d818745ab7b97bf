using Microsoft.EntityFrameworkCore;
using Nimo.Features.Profiles;

namespace Nimo.Platform.Data;

// The Profiles feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<RegionProfile> RegionProfiles => Set<RegionProfile>();
    public DbSet<ProfileFigure> ProfileFigures => Set<ProfileFigure>();
    public DbSet<NationalTarget> NationalTargets => Set<NationalTarget>();
}
