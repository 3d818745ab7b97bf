using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Nimo.Platform.Web;

/// <summary>The trail shown under the header; pages add their ancestors, the layout renders it.</summary>
public static class Breadcrumbs
{
    private const string Key = "Nimo.Breadcrumbs";

    public static void Crumb(this ViewDataDictionary viewData, string label, string? url = null)
    {
        if (viewData[Key] is not List<(string, string?)> list)
        {
            viewData[Key] = list = [];
        }

        list.Add((label, url));
    }

    public static IReadOnlyList<(string Label, string? Url)> Crumbs(this ViewDataDictionary viewData) =>
        viewData[Key] as List<(string, string?)> ?? [];
}
