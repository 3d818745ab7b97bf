using Microsoft.EntityFrameworkCore;

namespace Nimo.Platform.Data;

/// <summary>
/// Several counts in one statement: each set is projected to a number naming its kind, the sets are united
/// (<c>Concat</c>, a UNION ALL) and the result is counted per kind. On SQLite every statement is parsed and planned afresh,
/// which cost the home page more than reading its rows, so its panels ask for their counts this way.
/// </summary>
public static class Tally
{
    /// <summary>How many rows of each kind; a kind with no rows is absent (read it with <c>GetValueOrDefault</c>).</summary>
    public static Task<Dictionary<int, int>> CountByKindAsync(this IQueryable<int> kinds, CancellationToken ct) =>
        kinds.GroupBy(kind => kind).Select(g => new { Kind = g.Key, Count = g.Count() }).ToDictionaryAsync(t => t.Kind, t => t.Count, ct);
}
