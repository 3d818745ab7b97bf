using Microsoft.EntityFrameworkCore;
using Nimo.Features.Organizations;

namespace Nimo.Platform.Data;

// The Organizations feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Department> Departments => Set<Department>();
}
