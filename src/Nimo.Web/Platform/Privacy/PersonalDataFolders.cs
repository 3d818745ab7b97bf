using Microsoft.AspNetCore.Authorization;
using Nimo.Platform.Identity;
using Nimo.Platform.Modules;

namespace Nimo.Platform.Privacy;

/// <summary>
/// A page that shows only de-identified figures (counts protected by <see cref="Suppression"/>) although it sits in a
/// personal-data folder: open to every signed-in user, like <c>/Cases/Stats</c>. The exception is declared on the page.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class DeIdentifiedAttribute : Attribute;

public static class PersonalDataFolders
{
    /// <summary>
    /// Protects a folder of personal data with the <see cref="Capabilities.PersonalDataPolicy"/> policy (the roles the capability
    /// table lets reach 要配慮個人情報), every page of it from the day it exists, except pages marked <see cref="DeIdentifiedAttribute"/>.
    /// Each page still authorises the record (ClientAccess); the access tests take their personal routes from this policy.
    /// </summary>
    public static FeatureBuilder PersonalDataFolder(this FeatureBuilder feature, string folder) =>
        feature.Pages(c => c.AddFolderApplicationModelConvention(folder, model =>
        {
            if (!model.ModelType?.IsDefined(typeof(DeIdentifiedAttribute), inherit: false) ?? true)
            {
                model.EndpointMetadata.Add(new AuthorizeAttribute(Capabilities.PersonalDataPolicy));
            }
        }));
}
