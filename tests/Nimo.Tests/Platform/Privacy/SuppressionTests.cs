using Nimo.Platform.Privacy;

namespace Nimo.Tests.Platform.Privacy;

/// <summary>
/// The protection pattern on trees of the tests' own, checked by an attacker who subtracts: from what a page shows (and,
/// for an organisation, from its own records) no count of other organisations' records under 10 can be worked out.
/// </summary>
public sealed class SuppressionTests
{
    private const int Below = 10;

    [Fact]
    public void A_parent_with_exactly_one_small_child_hides_a_second_cell_or_the_parent()
    {
        // 東京都 (1) → 目黒区 (2, org 20: 12) and 文京区 (3, org 30: 3); 世田谷区 (4, org 40: 25).
        var tree = RegionTree.Of("/t/", [new(1, null, 0), new(2, 1, 1), new(3, 1, 1), new(4, 1, 1)], new Dictionary<int, int> { [20] = 2, [30] = 3, [40] = 4 });
        var pattern = Suppression.Protect(tree, new Dictionary<int, int> { [20] = 12, [30] = 3, [40] = 25 }, Below);
        Assert.True(pattern[3].Hidden);
        Assert.Equal(40, pattern[1].Count);
        // 40 − 25 − 12 would give 3 back; hiding 12 alone would not do either, since 目黒区 knows its own 12.
        Assert.True(pattern[1].Hidden || (pattern[2].Hidden && pattern[4].Hidden), Describe(pattern, 4));

        // Only two children: the sibling cannot protect it from its own owner, so the total goes.
        var two = RegionTree.Of("/t/", [new(1, null, 0), new(2, 1, 1), new(3, 1, 1)], new Dictionary<int, int> { [20] = 2, [30] = 3 });
        var p2 = Suppression.Protect(two, new Dictionary<int, int> { [20] = 12, [30] = 3 }, Below);
        Assert.True(p2[1].Hidden && p2[3].Hidden, Describe(p2, 3));
        Assert.Equal(20, p2[2].SoleOwnerId);
    }

    [Fact]
    public void A_count_an_organisation_could_subtract_its_own_share_from_is_hidden()
    {
        // One ward, two organisations at it: 12 and 3. The 12's owner would read the other's 3 off a shown 15.
        var tree = RegionTree.Of("/t/", [new(1, null, 0), new(2, 1, 1)], new Dictionary<int, int> { [20] = 2, [21] = 2 });
        var pattern = Suppression.Protect(tree, new Dictionary<int, int> { [20] = 12, [21] = 3 }, Below);
        Assert.True(pattern[2].Hidden);
        Assert.Null(pattern[2].SoleOwnerId);
        Assert.Equal("秘匿", Suppression.Hidden(15, Below));
        Assert.Equal("10件未満", Suppression.Hidden(3, Below, "件"));
    }

    [Fact]
    public void No_small_count_of_others_can_be_worked_out_by_subtraction_on_random_prefectures()
    {
        var random = new Random(20261120);
        int[] sizes = [0, 0, 1, 2, 3, 5, 8, 9, 10, 12, 20, 40];
        for (var run = 0; run < 1000; run++)
        {
            // A prefecture, 1–3 areas, 1–4 municipalities under each with up to two 日常生活圏域, and organisations at any of them.
            var regions = new List<RegionTree.Node> { new(1, null, 0) };
            var orgRegions = new Dictionary<int, int>();
            var counts = new Dictionary<int, int>();
            var next = 2;
            for (var a = random.Next(1, 4); a > 0; a--)
            {
                var area = next++;
                regions.Add(new(area, 1, 1));
                for (var m = random.Next(1, 5); m > 0; m--)
                {
                    var municipality = next++;
                    regions.Add(new(municipality, area, 2));
                    for (var d = random.Next(0, 3); d > 0; d--)
                    {
                        regions.Add(new(next++, municipality, 3));
                    }
                }
            }

            for (var o = random.Next(2, 9); o > 0; o--)
            {
                var org = 1000 + o;
                orgRegions[org] = regions[random.Next(regions.Count)].Id;
                counts[org] = sizes[random.Next(sizes.Length)];
            }

            var tree = RegionTree.Of("/t/", regions, orgRegions);
            var pattern = Suppression.Protect(tree, counts, Below);
            foreach (var knower in orgRegions.Keys.Select(o => (int?)o).Prepend(null))
            {
                var leak = Attack(tree, counts, pattern, knower);
                Assert.True(leak is null, $"run {run}, {(knower is int k ? $"org {k}" : "outsider")}: {leak}\n{Describe(pattern, next - 1)}\n"
                    + string.Join(", ", counts.Select(c => $"org {c.Key}@{orgRegions[c.Key]}={c.Value}")));
            }
        }
    }

    /// <summary>
    /// What <paramref name="knower"/> (null: someone with no records) can work out: every shown cell, its own share of every
    /// cell, and by subtraction in each region = sub-regions + organisations at the region. Returns a cell whose other
    /// organisations' share comes out between 1 and 9, or null.
    /// </summary>
    private static string? Attack(RegionTree tree, Dictionary<int, int> counts, CountPattern pattern, int? knower)
    {
        // Unknowns: each region's count and each region's own organisations (the remainder), less the knower's share.
        var own = tree.Regions.ToDictionary(r => r.Id, r => counts.Where(c => tree.OrganizationRegions[c.Key] == r.Id && c.Key != knower).Sum(c => c.Value));
        var subtree = new Dictionary<int, int>();
        foreach (var r in tree.Regions.OrderByDescending(r => r.Depth))
        {
            subtree[r.Id] = own[r.Id] + tree.Regions.Where(c => c.ParentId == r.Id).Sum(c => subtree[c.Id]);
        }

        var known = new Dictionary<string, int>();
        foreach (var r in tree.Regions)
        {
            if (!pattern[r.Id].IsExactFor(Reader(knower)) || subtree[r.Id] == 0 && pattern[r.Id].Count == 0)
            {
                continue;
            }

            known["R" + r.Id] = subtree[r.Id];
        }

        foreach (var r in tree.Regions.Where(r => own[r.Id] == 0))
        {
            known["O" + r.Id] = 0;
        }

        bool progress;
        do
        {
            progress = false;
            foreach (var r in tree.Regions)
            {
                var parts = tree.Regions.Where(c => c.ParentId == r.Id).Select(c => "R" + c.Id).Append("O" + r.Id).ToList();
                var unknown = parts.Where(p => !known.ContainsKey(p)).ToList();
                var total = "R" + r.Id;
                if (known.TryGetValue(total, out var t) && unknown.Count == 1)
                {
                    known[unknown[0]] = t - parts.Where(known.ContainsKey).Sum(p => known[p]);
                    progress = true;
                }
                else if (!known.ContainsKey(total) && unknown.Count == 0)
                {
                    known[total] = parts.Sum(p => known[p]);
                    progress = true;
                }
            }
        }
        while (progress);

        return known.Where(k => k.Value is > 0 and < Below).Select(k => $"{k.Key} = {k.Value}").FirstOrDefault();
    }

    private static Nimo.Platform.Scoping.UserScope Reader(int? organization) => organization is int o
        ? new("u", "u", Nimo.Platform.Identity.Roles.MunicipalStaff, o, "", 0, "", "/t/", [], true)
        : new("u", "u", Nimo.Platform.Identity.Roles.ReadOnly, 999, "", 0, "", "/t/", [], false);

    private static string Describe(CountPattern pattern, int last) =>
        string.Join(", ", Enumerable.Range(1, last).Select(i => $"R{i}={pattern[i].Count}{(pattern[i].Hidden ? "(隠)" : "")}"));
}
