using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Nimo.Platform.Data;
using Nimo.Platform.Scoping;

namespace Nimo.Platform.Privacy;

/// <summary>Nimo:Privacy. De-identified counts below <see cref="SuppressBelow"/> are shown as 「N未満」 (small cells can identify a person).</summary>
public sealed class PrivacyOptions
{
    public int SuppressBelow { get; set; } = 10;
}

/// <summary>
/// The one rule for counts of personal records (cases, 退院後支援計画, 連携票) that leave the organisation owning them
/// (ADR 0005). A count under the threshold could point at a person, so it shows as 「10未満」; and since a region's count
/// is the sum of its sub-regions', a small one could be worked out by subtraction (東京都 15 − 目黒区 12 = 文京区 3), so
/// cells are hidden in pairs or with their total, over the whole prefecture, the same for every page and every reader.
/// Only the staff of the one organisation that owns every record in a count see it exactly whatever the pattern.
/// </summary>
public static class Suppression
{
    /// <summary>
    /// A count that stands alone (no parent total or sibling on the page to subtract from, such as the people of one
    /// sensitive event): 「10未満」 when small, else exact.
    /// </summary>
    public static string Show(int count, int below) => count == 0 ? "0" : count < below ? Under(below) : count.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>What a hidden count shows: 「10未満」 (「10件未満」 with a unit) when small, 「秘匿」 when hidden to protect another.</summary>
    public static string Hidden(int count, int below, string unit = "") => count < below ? Under(below, unit) : "秘匿";

    private static string Under(int below, string unit = "") => below.ToString(CultureInfo.InvariantCulture) + unit + "未満";

    /// <summary>
    /// A count that must not be shown on its own: under the threshold, or one where the largest contributing organisation,
    /// which knows its own share, could subtract it and learn that the others hold fewer than the threshold.
    /// </summary>
    internal static bool Sensitive(IReadOnlyDictionary<int, int> byOrganization, int below)
    {
        var total = byOrganization.Values.Sum();
        if (total == 0)
        {
            return false;
        }

        var others = total - byOrganization.Values.Max();
        return total < below || (others > 0 && others < below);
    }

    /// <summary>
    /// Which regions' counts are hidden, given each organisation's count. Every region whose count is sensitive is hidden.
    /// Then, in every group of a shown total and its parts (the sub-regions, and the organisations sitting at the region
    /// itself, which are never shown but follow by subtraction), what the hidden parts hold that is not shown elsewhere is
    /// given away as one sum: that sum must not be sensitive, and a part hidden to protect another never stands alone. If
    /// either fails, the next smallest shown part is hidden too, and when none is left, the total. A hidden region whose
    /// sub-regions are all shown would be their sum, so one of them goes with it. Repeated until nothing changes, since a
    /// hidden total is a part one level up. Checked by an attacker who subtracts in SuppressionTests.
    /// </summary>
    public static CountPattern Protect(RegionTree tree, IReadOnlyDictionary<int, int> byOrganization, int below)
    {
        var nodes = new Dictionary<int, Node>();
        for (var i = 0; i < tree.Regions.Count; i++)
        {
            nodes[tree.Regions[i].Id] = new Node(i);
        }

        var direct = new Dictionary<int, Dictionary<int, int>>();
        foreach (var (organization, count) in byOrganization)
        {
            if (count > 0 && tree.OrganizationRegions.TryGetValue(organization, out var regionId) && nodes.ContainsKey(regionId))
            {
                var own = direct.TryGetValue(regionId, out var d) ? d : direct[regionId] = [];
                own[organization] = own.GetValueOrDefault(organization) + count;
            }
        }

        // Deepest first, so that each region has its sub-regions' counts before passing its own up.
        foreach (var region in tree.Regions.OrderByDescending(r => r.Depth))
        {
            var node = nodes[region.Id];
            if (direct.TryGetValue(region.Id, out var own))
            {
                node.Add(own);
            }

            if (region.ParentId is int parent && nodes.TryGetValue(parent, out var up))
            {
                up.Add(node.Contributions);
                up.Parts.Add(node);
            }
        }

        foreach (var region in tree.Regions)
        {
            var node = nodes[region.Id];
            if (node.Parts.Count > 0 && direct.TryGetValue(region.Id, out var own))
            {
                // The organisations at the region itself: never shown, but the total minus the sub-regions gives them away.
                var remainder = new Node(int.MaxValue) { Hidden = true };
                remainder.Add(own);
                node.Parts.Add(remainder);
            }

            node.Hidden = node.MustStayUnknown = Sensitive(node.Contributions, below);
        }

        foreach (var node in nodes.Values.Where(n => n.Hidden))
        {
            Hide(node);
        }

        bool changed;
        do
        {
            changed = false;
            foreach (var total in nodes.Values.Where(n => n.Parts.Count > 0 && !n.Hidden).OrderBy(n => n.Order))
            {
                var hidden = total.Parts.Where(p => p.Hidden).ToList();
                if (Safe(hidden, below))
                {
                    continue;
                }

                foreach (var part in total.Parts.Where(p => !p.Hidden && p.Total > 0).OrderBy(p => p.Total).ThenBy(p => p.Order))
                {
                    Hide(part);
                    hidden.Add(part);
                    if (Safe(hidden, below))
                    {
                        break;
                    }
                }

                if (!Safe(hidden, below))
                {
                    Hide(total);
                }

                changed = true;
            }
        }
        while (changed);

        return new CountPattern(nodes.ToDictionary(n => tree.Regions[n.Value.Order].Id, n => new ProtectedCount(
            n.Value.Total, n.Value.Hidden, n.Value.Contributions.Count(c => c.Value > 0) == 1 ? n.Value.Contributions.Single(c => c.Value > 0).Key : null)));
    }

    /// <summary>
    /// Hides a count so that it stays unknown: a region whose sub-regions were all shown would be their sum, so the smallest
    /// of them is hidden with it (and so on down).
    /// </summary>
    private static void Hide(Node node)
    {
        node.Hidden = node.MustStayUnknown = true;
        if (node.Parts.Count > 0 && node.Unknown().Values.Sum() == 0
            && node.Parts.Where(p => !p.Hidden && p.Total > 0).OrderBy(p => p.Total).ThenBy(p => p.Order).FirstOrDefault() is { } smallest)
        {
            Hide(smallest);
        }
    }

    /// <summary>
    /// Hidden parts a shown total gives away only as the sum of what in them is not shown elsewhere: safe when that sum is
    /// not sensitive (for anyone, the largest contributor included) and no part hidden to protect another is alone.
    /// </summary>
    private static bool Safe(List<Node> hidden, int below)
    {
        var unknown = hidden.Select(h => (Node: h, Counts: h.Unknown())).Where(h => h.Counts.Values.Sum() > 0).ToList();
        if (unknown.Count == 0)
        {
            return true;
        }

        if (unknown.Count == 1 && unknown[0].Node.MustStayUnknown)
        {
            return false;
        }

        var union = new Dictionary<int, int>();
        foreach (var (organization, count) in unknown.SelectMany(h => h.Counts))
        {
            union[organization] = union.GetValueOrDefault(organization) + count;
        }

        return !Sensitive(union, below);
    }

    private sealed class Node(int order)
    {
        public int Order { get; } = order;
        public Dictionary<int, int> Contributions { get; } = [];
        public int Total { get; private set; }
        public List<Node> Parts { get; } = [];
        public bool Hidden { get; set; }

        /// <summary>Hidden to protect a count: must not be given away by subtraction either (unlike the never-shown remainder).</summary>
        public bool MustStayUnknown { get; set; }

        /// <summary>
        /// What of this hidden count cannot be read elsewhere: all of it for a region without sub-regions (or the remainder),
        /// else what is in its hidden parts, since its shown parts are known.
        /// </summary>
        public Dictionary<int, int> Unknown()
        {
            if (Parts.Count == 0)
            {
                return Contributions;
            }

            var unknown = new Dictionary<int, int>();
            foreach (var (organization, count) in Parts.Where(p => p.Hidden).SelectMany(p => p.Unknown()))
            {
                unknown[organization] = unknown.GetValueOrDefault(organization) + count;
            }

            return unknown;
        }

        public void Add(IReadOnlyDictionary<int, int> counts)
        {
            foreach (var (organization, count) in counts)
            {
                Contributions[organization] = Contributions.GetValueOrDefault(organization) + count;
                Total += count;
            }
        }
    }
}

/// <summary>
/// One region's count of personal records, whether it is hidden outside the organisation that owns it, and that
/// organisation (<see cref="SoleOwnerId"/>) when one owns every counted record.
/// </summary>
public sealed record ProtectedCount(int Count, bool Hidden, int? SoleOwnerId)
{
    /// <summary>Exact for everyone when not hidden; when hidden, exact only for the staff (handling personal data) of the one owner.</summary>
    public bool IsExactFor(UserScope reader) => !Hidden || IsOwnedBy(reader);

    public bool IsOwnedBy(UserScope reader) => SoleOwnerId is int owner && reader.HandlesPersonalData() && reader.OrganizationId == owner;

    public string TextFor(UserScope reader, int below, string unit = "") =>
        IsExactFor(reader) ? Count.ToString("#,0", CultureInfo.InvariantCulture) + unit : Suppression.Hidden(Count, below, unit);
}

/// <summary>The protected counts of one measure for every region of a prefecture.</summary>
public sealed class CountPattern(IReadOnlyDictionary<int, ProtectedCount> cells)
{
    public ProtectedCount this[int regionId] => cells.TryGetValue(regionId, out var cell) ? cell : new ProtectedCount(0, false, null);
}

/// <summary>The regions of one prefecture (in path order) and the region of each of its organisations: what counts are protected over.</summary>
public sealed class RegionTree
{
    public sealed record Node(int Id, int? ParentId, int Depth);

    private RegionTree(string prefecturePath, IReadOnlyList<Node> regions, IReadOnlyDictionary<int, int> organizationRegions)
    {
        PrefecturePath = prefecturePath;
        Regions = regions;
        OrganizationRegions = organizationRegions;
    }

    public string PrefecturePath { get; }
    public IReadOnlyList<Node> Regions { get; }
    public IReadOnlyDictionary<int, int> OrganizationRegions { get; }

    public static RegionTree Of(string prefecturePath, IReadOnlyList<Node> regions, IReadOnlyDictionary<int, int> organizationRegions) =>
        new(prefecturePath, regions, organizationRegions);

    /// <summary>The path of the prefecture a region path lies in (「/11/」 for 「/11/1203/」), or "" for the root.</summary>
    public static string PrefectureOf(string path)
    {
        var end = path.Length > 1 ? path.IndexOf('/', 1) : -1;
        return end > 0 ? path[..(end + 1)] : "";
    }

    /// <summary>The prefecture that <paramref name="regionPath"/> lies in, with its organisations.</summary>
    public static async Task<RegionTree> LoadAsync(NimoDbContext db, string regionPath, CancellationToken ct)
    {
        var prefecture = PrefectureOf(regionPath);
        var regions = await db.Regions.AsNoTracking().Where(r => r.Path.StartsWith(prefecture)).OrderBy(r => r.Path)
            .Select(r => new Node(r.Id, r.ParentId, r.Depth)).ToListAsync(ct);
        var organizations = await db.Organizations.AsNoTracking().Where(o => o.Region.Path.StartsWith(prefecture))
            .Select(o => new { o.Id, o.RegionId }).ToDictionaryAsync(o => o.Id, o => o.RegionId, ct);
        return new RegionTree(prefecture, regions, organizations);
    }
}
