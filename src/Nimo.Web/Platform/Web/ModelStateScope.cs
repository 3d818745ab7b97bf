using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Nimo.Platform.Web;

public static class ModelStateScope
{
    /// <summary>
    /// On a page with several forms, drops what binding said about the other forms' models and keeps this one's: its
    /// binding errors (a version that is not a Guid, a checkbox sent "1e3") must refuse the post, not be cleared away
    /// and replaced by defaults.
    /// </summary>
    public static void KeepOnly(this ModelStateDictionary modelState, string prefix)
    {
        foreach (var key in modelState.Keys.Where(k => k != prefix && !k.StartsWith(prefix + ".", StringComparison.Ordinal)
                     && !k.StartsWith(prefix + "[", StringComparison.Ordinal)).ToList())
        {
            modelState.Remove(key);
        }
    }
}
