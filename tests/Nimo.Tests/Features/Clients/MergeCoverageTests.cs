using Microsoft.EntityFrameworkCore;
using Nimo.Features.Clients;
using Nimo.Tests.Infrastructure;

namespace Nimo.Tests.Features.Clients;

/// <summary>
/// Merging a duplicate client moves every record that points at it. The merge lists the tables it moves; the model knows
/// every foreign key to a client. A table added later that references <see cref="Client"/> fails here until the merge
/// handles it, instead of being left pointing at the record merged away.
/// </summary>
public sealed class MergeCoverageTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Every_table_that_references_a_client_is_moved_by_the_duplicate_merge()
    {
        var referencing = await app.WithDbAsync((db, _) => Task.FromResult(db.Model.GetEntityTypes()
            .SelectMany(t => t.GetForeignKeys())
            .Where(fk => fk.PrincipalEntityType.ClrType == typeof(Client))
            .Select(fk => fk.DeclaringEntityType.ClrType)
            .Distinct()
            .ToList()));
        Assert.NotEmpty(referencing);
        var missing = referencing.Except(MergeModel.MovedOnMerge).Select(t => t.FullName).ToList();
        Assert.True(missing.Count == 0, "tables with a foreign key to Client that Clients/Merge does not move (move them in OnPostAsync and list them in MergeModel.MovedOnMerge): "
            + string.Join(", ", missing));
        var stale = MergeModel.MovedOnMerge.Except(referencing).Select(t => t.FullName).ToList();
        Assert.True(stale.Count == 0, "MergeModel.MovedOnMerge lists types with no foreign key to Client: " + string.Join(", ", stale));
    }
}
