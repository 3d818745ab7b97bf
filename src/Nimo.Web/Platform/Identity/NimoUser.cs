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

    /// <summary>Roles that can reach 要配慮個人情報 (or administer those who can) must sign in with two factors.</summary>
    public static bool RequiresTwoFactor(string role) =>
        role is Admin or PrefectureStaff or MunicipalStaff or PartnerStaff;

    /// <summary>Roles that may edit master data (regions, organisations, departments) inside their scope.</summary>
    public static bool CanEditMasterData(string role) => role is Admin or PrefectureStaff or MunicipalStaff;

    public static string Label(string role) => Labels.TryGetValue(role, out var label) ? label : role;
}
