using Jingzhun.Domain.Access;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Tests.Access;

public sealed class AccountPolicyTests
{
    private const string County = "990121000000";
    private const string Township = "990121001000";
    private const string OtherTownship = "990121002000";
    private const string Village = "990121001001";
    private const string Nation = "000000000000";

    private static AccessScope Scope(Role role, string region, int id = 1) =>
        AccessScope.For(new Account { Id = id, UserName = $"u{id}", DisplayName = "x", Role = role, RegionCode = region });

    private static readonly AccessScope CountyOfficer = Scope(Role.CountyOfficer, County);
    private static readonly AccessScope TownshipOfficer = Scope(Role.TownshipOfficer, Township);
    private static readonly AccessScope Admin = Scope(Role.SystemAdministrator, Nation);
    private static readonly AccessScope NationalOfficer = Scope(Role.NationalOfficer, Nation);
    private static readonly AccessScope ProvinceOfficer = Scope(Role.ProvinceOfficer, "990000000000");

    [Fact]
    public void A_county_officer_creates_a_township_officer_in_its_county()
    {
        Assert.Empty(AccountPolicy.Check(CountyOfficer, AccountAction.Create, Role.TownshipOfficer, Township));
    }

    [Fact]
    public void A_township_officer_manages_its_township_and_villages_but_not_the_county()
    {
        Assert.Empty(AccountPolicy.Check(TownshipOfficer, AccountAction.Create, Role.VillageClerk, Village));
        Assert.Empty(AccountPolicy.Check(TownshipOfficer, AccountAction.Create, Role.TownshipOfficer, Township));
        Assert.Contains(AccountPolicy.Check(TownshipOfficer, AccountAction.Create, Role.CountyOfficer, County), e => e.Field == "RegionCode");
        Assert.Contains(AccountPolicy.Check(TownshipOfficer, AccountAction.Create, Role.Auditor, County), e => e.Field == "RegionCode");
        Assert.NotEmpty(AccountPolicy.Check(TownshipOfficer, AccountAction.Disable, Role.VillageClerk, "990121002001", 7));
    }

    [Fact]
    public void An_account_outside_the_region_is_not_in_region()
    {
        Assert.True(AccountPolicy.InRegion(TownshipOfficer, Village));
        Assert.False(AccountPolicy.InRegion(TownshipOfficer, OtherTownship));
        Assert.False(AccountPolicy.InRegion(TownshipOfficer, County));
    }

    [Theory]
    [InlineData(Role.VillageClerk)]
    [InlineData(Role.WorkTeamMember)]
    [InlineData(Role.AssistanceCadre)]
    [InlineData(Role.Assessor)]
    [InlineData(Role.Auditor)]
    public void Roles_without_account_rights_manage_no_account(Role role)
    {
        var actor = Scope(role, role is Role.Assessor or Role.Auditor ? County : Village);
        var errors = AccountPolicy.Check(actor, AccountAction.Create, Role.VillageClerk, Village);
        Assert.Single(errors);
        Assert.Empty(AccountPolicy.CreatableRoles(actor));
    }

    [Fact]
    public void Only_administrators_manage_administrator_accounts()
    {
        Assert.Empty(AccountPolicy.Check(Admin, AccountAction.Create, Role.SystemAdministrator, Nation));
        Assert.Contains(AccountPolicy.Check(NationalOfficer, AccountAction.Create, Role.SystemAdministrator, Nation), e => e.Field == "Role");
        Assert.Contains(AccountPolicy.Check(CountyOfficer, AccountAction.Disable, Role.SystemAdministrator, County, 9), e => e.Field == "Role");
        Assert.DoesNotContain(Role.SystemAdministrator, AccountPolicy.CreatableRoles(NationalOfficer));
        Assert.Contains(Role.SystemAdministrator, AccountPolicy.CreatableRoles(Admin));
    }

    [Fact]
    public void National_roles_only_by_national_officers_and_administrators()
    {
        Assert.Empty(AccountPolicy.Check(NationalOfficer, AccountAction.Create, Role.NationalOfficer, Nation));
        Assert.Empty(AccountPolicy.Check(Admin, AccountAction.Create, Role.NationalOfficer, Nation));
        Assert.NotEmpty(AccountPolicy.Check(ProvinceOfficer, AccountAction.Create, Role.NationalOfficer, Nation));
        Assert.DoesNotContain(Role.NationalOfficer, AccountPolicy.CreatableRoles(ProvinceOfficer));
    }

    [Fact]
    public void Nobody_disables_themselves_but_others_of_the_same_level_can_be()
    {
        Assert.Contains(AccountPolicy.Check(TownshipOfficer, AccountAction.Disable, Role.TownshipOfficer, Township, 1), e => e.English.Contains("own account"));
        Assert.Contains(AccountPolicy.Check(Admin, AccountAction.Disable, Role.SystemAdministrator, Nation, 1), e => e.English.Contains("own account"));
        Assert.Empty(AccountPolicy.Check(TownshipOfficer, AccountAction.Disable, Role.TownshipOfficer, Township, 2));
        Assert.Empty(AccountPolicy.Check(TownshipOfficer, AccountAction.Enable, Role.TownshipOfficer, Township, 1));
    }

    [Theory]
    [InlineData(Role.TownshipOfficer, Village, false)]
    [InlineData(Role.TownshipOfficer, Township, true)]
    [InlineData(Role.CountyOfficer, County, true)]
    [InlineData(Role.CountyOfficer, Township, false)]
    [InlineData(Role.VillageClerk, Township, false)]
    [InlineData(Role.WorkTeamMember, Village, true)]
    [InlineData(Role.AssistanceCadre, County, false)]
    [InlineData(Role.Assessor, County, true)]
    [InlineData(Role.Auditor, Village, true)]
    [InlineData(Role.Auditor, Township, true)]
    public void A_role_works_at_its_level(Role role, string region, bool fits)
    {
        Assert.Equal(fits, !AccountPolicy.CheckRoleRegion(role, RegionCode.Parse(region)).Any());
        Assert.Equal(fits, AccountPolicy.Allows(CountyOfficer, AccountAction.Create, role, region));
    }

    [Fact]
    public void Errors_come_in_both_languages()
    {
        var error = Assert.Single(AccountPolicy.Check(CountyOfficer, AccountAction.Create, Role.VillageClerk, Township));
        Assert.Contains("村", error.Chinese);
        Assert.Contains("village", error.English);
        Assert.NotEmpty(AccountPolicy.Check(CountyOfficer, AccountAction.Create, Role.VillageClerk, "12x"));
    }

    [Fact]
    public void A_township_officer_may_create_only_township_and_village_level_roles()
    {
        var roles = AccountPolicy.CreatableRoles(TownshipOfficer);
        Assert.Contains(Role.TownshipOfficer, roles);
        Assert.Contains(Role.VillageClerk, roles);
        Assert.Contains(Role.Auditor, roles);
        Assert.DoesNotContain(Role.CountyOfficer, roles);
        Assert.Equal([RegionLevel.Township, RegionLevel.Village], AccountPolicy.LevelsFor(TownshipOfficer, Role.Auditor));
    }

    [Fact]
    public void System_work_is_told_apart_from_a_signed_in_administrator()
    {
        Assert.True(AccountPolicy.IsSystemWork(AccessScope.System("county")));
        Assert.False(AccountPolicy.IsSystemWork(Admin));
        Assert.False(AccountPolicy.IsSystemWork(AccessScope.None));
    }
}
