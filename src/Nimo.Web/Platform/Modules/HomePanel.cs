using Nimo.Platform.Scoping;

namespace Nimo.Platform.Modules;

/// <summary>Who is looking at the home page, and when.</summary>
public sealed record HomeContext(UserScope Scope, DateOnly Today, DateTimeOffset Now);

/// <summary>What a panel shows: a partial view of the feature's own (<c>/Features/Cases/_HomeReminders.cshtml</c>), its model, and how many things need the user.</summary>
public sealed record HomePanelContent(string View, object Model, int Count);

/// <summary>
/// A block of the home page's 「いま対応が必要なこと」, registered by the feature that owns the work
/// (<see cref="FeatureBuilder.HomePanel{TPanel}"/>). Panels are shown in the order their modules are added.
/// </summary>
public interface IHomePanel
{
    /// <summary>The panel's content for this user, or null when there is nothing for them.</summary>
    Task<HomePanelContent?> LoadAsync(HomeContext home, CancellationToken ct);
}
