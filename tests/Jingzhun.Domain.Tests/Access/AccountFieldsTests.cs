using Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Tests.Access;

public sealed class AccountFieldsTests
{
    [Theory]
    [InlineData("CountyOfficer", Role.CountyOfficer)]
    [InlineData("countyofficer", Role.CountyOfficer)]
    [InlineData("county", Role.CountyOfficer)]
    [InlineData("县级扶贫干部", Role.CountyOfficer)]
    [InlineData(" County officer ", Role.CountyOfficer)]
    [InlineData("village", Role.VillageClerk)]
    [InlineData("村级信息员", Role.VillageClerk)]
    [InlineData("workteam", Role.WorkTeamMember)]
    [InlineData("cadre", Role.AssistanceCadre)]
    [InlineData("nation", Role.NationalOfficer)]
    [InlineData("admin", Role.SystemAdministrator)]
    [InlineData("系统管理员", Role.SystemAdministrator)]
    [InlineData("auditor", Role.Auditor)]
    [InlineData("assessor", Role.Assessor)]
    public void A_role_is_read_from_its_code_name_alias_or_label(string text, Role expected)
    {
        Assert.True(AccountFields.TryParseRole(text, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData("")]
    [InlineData("king")]
    [InlineData("4")] // numbers are not role names
    public void An_unknown_role_is_not_read(string text)
    {
        Assert.False(AccountFields.TryParseRole(text, out _));
        Assert.Contains("king", AccountFields.UnknownRole("Role", "king").Chinese);
    }

    [Theory]
    [InlineData("")]
    [InlineData("13800000001")]
    [InlineData("0851-86812345")]
    [InlineData("010-2345678")]
    [InlineData("085186812345")]   // a landline without the hyphen
    [InlineData("138 0000 0001")]  // as people read it out
    public void Mobiles_and_landlines_with_area_code_pass(string phone) => Assert.Null(AccountFields.CheckPhone("Phone", phone));

    [Theory]
    [InlineData("1380000000")]     // 10 digits
    [InlineData("23800000001")]    // not starting with 1
    [InlineData("12800000001")]    // no mobile network starts with 12
    [InlineData("0851-123456")]    // too short
    [InlineData("12345")]
    [InlineData("phone")]
    public void Other_phones_are_refused_in_both_languages(string phone)
    {
        var error = AccountFields.CheckPhone("Phone", phone);
        Assert.NotNull(error);
        Assert.Contains("0851-86812345", error.English);
        Assert.Contains("手机", error.Chinese);
    }
}
