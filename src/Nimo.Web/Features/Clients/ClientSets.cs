using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;

namespace Nimo.Platform.Data;

// The Clients feature's tables, declared in its folder (a partial of the one model, like EventSets.cs).
public abstract partial class NimoDbContext
{
    public DbSet<Client> Clients => Set<Client>();
    public DbSet<Consent> Consents => Set<Consent>();
}
