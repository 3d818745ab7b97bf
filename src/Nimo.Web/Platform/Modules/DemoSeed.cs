using Nimo.Platform.Data;

namespace Nimo.Platform.Modules;

/// <summary>What a demo seed works with. Seeds find each other's records by their natural keys (団体コード, names), not by object references.</summary>
public sealed record DemoContext(IServiceProvider Services, NimoDbContext Db, TimeProvider Clock);

/// <summary>
/// A feature's demo data, loaded in demo mode after the seeds of the modules added before it
/// (<see cref="FeatureBuilder.DemoSeed{TSeed}"/>). A seed must do nothing when its data is already there, since demo
/// mode loads on every start, and should go through the feature's real importer where it has one.
/// </summary>
public interface IDemoSeed
{
    Task LoadAsync(DemoContext demo, CancellationToken ct);
}
