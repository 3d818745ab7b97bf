using Microsoft.AspNetCore.Identity;
using Nimo.Features.Organizations;

namespace Nimo.Platform.Identity;

public sealed class NimoUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public int OrganizationId { get; set; }
    public Organization Organization { get; set; } = null!;
    public bool IsDisabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The last TOTP time-step accepted for this user. ASP.NET Core's authenticator accepts the same code
    /// again within its window; ASVS 6.5.1 wants a code to work once, so a step at or below this is refused.
    /// </summary>
    public long LastTotpTimeStep { get; set; }
}

/// <summary>The seven roles. Names are stable identifiers; <see cref="Labels"/> holds what people read.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string PrefectureStaff = "PrefectureStaff";
    public const string MunicipalStaff = "MunicipalStaff";
    public const string ForumSecretariat = "ForumSecretariat";
    public const string PartnerStaff = "PartnerStaff";
    public const string PeerSupporter = "PeerSupporter";
    public const string ReadOnly = "ReadOnly";

    public static readonly IReadOnlyList<string> All =
        [Admin, PrefectureStaff, MunicipalStaff, ForumSecretariat, PartnerStaff, PeerSupporter, ReadOnly];

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Admin] = "システム管理者",
        [PrefectureStaff] = "都道府県担当",
        [MunicipalStaff] = "保健所・市区町村担当",
        [ForumSecretariat] = "協議の場事務局",
        [PartnerStaff] = "関係機関職員",
        [PeerSupporter] = "ピアサポーター",
        [ReadOnly] = "閲覧のみ",
    };

    /// <summary>
    /// What each role may do: the one table the two-factor rule, <see cref="Scoping.UserScope.HandlesPersonalData"/>, master
    /// data editing and the page policies (<see cref="Capabilities"/>) are derived from. A role not listed may do nothing.
    /// A PeerSupporter sees only its own work and nothing personal of clients (docs/decisions/0015).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Capability> Grants = new Dictionary<string, Capability>
    {
        [Admin] = Capability.Administer | Capability.EditMasterData,
        [PrefectureStaff] = Capability.PersonalData | Capability.EditMasterData,
        [MunicipalStaff] = Capability.PersonalData | Capability.EditMasterData,
        [ForumSecretariat] = Capability.None,
        [PartnerStaff] = Capability.PersonalData,
        [PeerSupporter] = Capability.None,
        [ReadOnly] = Capability.None,
    };

    public static bool Has(string role, Capability capability) => Grants.TryGetValue(role, out var granted) && granted.HasFlag(capability) && capability != Capability.None;

    /// <summary>Roles that can reach 要配慮個人情報, or administer those who can, must sign in with two factors.</summary>
    public static bool RequiresTwoFactor(string role) => Has(role, Capability.PersonalData) || Has(role, Capability.Administer);

    /// <summary>Roles that may edit master data (regions, organisations, departments) inside their scope.</summary>
    public static bool CanEditMasterData(string role) => Has(role, Capability.EditMasterData);

    public static string Label(string role) => Labels.TryGetValue(role, out var label) ? label : role;
}

/// <summary>What a role may do (<see cref="Roles.Grants"/>).</summary>
[Flags]
public enum Capability
{
    None = 0,

    /// <summary>Runs the system: users, roles, the audit log. Sees no client (ADR 0005).</summary>
    Administer = 1,

    /// <summary>Reaches 要配慮個人情報: clients, cases and liaison sheets of its organisation or covered by a consent.</summary>
    PersonalData = 2,

    /// <summary>Edits regions, organisations, departments, 基礎情報 and plans inside its scope.</summary>
    EditMasterData = 4,
}

/// <summary>The page policies, one per capability that guards a folder; registered by the platform from <see cref="Roles.Grants"/>.</summary>
public static class Capabilities
{
    /// <summary>Folders of personal data (<c>/Clients</c>, <c>/Cases</c>, <c>/Liaison</c>), registered by their modules with <c>PersonalDataFolder</c> (Platform/Privacy).</summary>
    public const string PersonalDataPolicy = "PersonalData";
}
