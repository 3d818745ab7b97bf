using Microsoft.EntityFrameworkCore;
using Nimo.Features.Liaison;

namespace Nimo.Platform.Data;

// The Liaison feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<LiaisonSheet> LiaisonSheets => Set<LiaisonSheet>();
}
