using Nimo.Platform.Identity;
using Nimo.Platform.Scoping;

namespace Nimo.Tests.Platform;

/// <summary>
/// The capability table (<see cref="Roles.Grants"/>) is the one place a role's rights are written. The two-factor rule, who
/// handles personal data, who edits master data and the page policies are derived from it; these tests hold them together
/// so that a role given personal data is given two-factor sign-in with it, whoever edits the table.
/// </summary>
public sealed class CapabilityTableTests
{
    public static TheoryData<string> AllRoles => [.. Roles.All];

    [Fact]
    public void Every_role_has_a_row_in_the_capability_table_and_the_table_names_no_other() =>
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), Roles.Grants.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void A_role_that_reaches_personal_data_or_administers_signs_in_with_two_factors(string role)
    {
        var reachesPersons = Roles.Has(role, Capability.PersonalData) || Roles.Has(role, Capability.Administer);
        Assert.Equal(reachesPersons, Roles.RequiresTwoFactor(role));
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public void Who_handles_personal_data_and_who_edits_master_data_come_from_the_table(string role)
    {
        var staff = new UserScope("u", "u", role, 7, "機関", 1, "地域", "/1/", [], twoFactorEnabled: true);
        Assert.Equal(Roles.Has(role, Capability.PersonalData), staff.HandlesPersonalData());
        Assert.Equal(Roles.Has(role, Capability.EditMasterData), staff.CanEditMasterData);
        Assert.Equal(Roles.Has(role, Capability.Administer), staff.IsAdmin);
        // Without an organisation nobody handles personal data, whatever the role: records belong to organisations (ADR 0005).
        Assert.False(new UserScope("u", "u", role, 0, "", 1, "地域", "/1/", [], twoFactorEnabled: true).HandlesPersonalData());
    }

    [Fact]
    public void Administrators_see_no_personal_data_and_peer_supporters_have_no_capability_at_all()
    {
        Assert.False(Roles.Has(Roles.Admin, Capability.PersonalData));
        Assert.Equal(Capability.None, Roles.Grants[Roles.PeerSupporter]);
        Assert.False(Roles.Has(Roles.PeerSupporter, Capability.None));
    }
}
