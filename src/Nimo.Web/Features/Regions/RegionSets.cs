using Microsoft.EntityFrameworkCore;
using Nimo.Features.Regions;

namespace Nimo.Platform.Data;

// The Regions feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<Region> Regions => Set<Region>();
}
