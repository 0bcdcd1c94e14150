using Jingzhun.Domain.Registry;
using Access = Jingzhun.Domain.Access;

namespace Jingzhun.Domain.Tests.Registry;

public sealed class ResidentIdTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("11010519491231002X", 1949, 12, 31, Sex.Female)] // the worked example of GB 11643
    [InlineData("110101199003074477", 1990, 3, 7, Sex.Male)]
    [InlineData("11010519491231002x", 1949, 12, 31, Sex.Female)] // lower-case x is accepted and normalised
    public void Valid_ids_parse_with_birth_date_and_sex(string text, int year, int month, int day, Sex sex)
    {
        Assert.True(ResidentId.TryParse(text, out var id, out var error, Today), error);
        Assert.Equal(new DateOnly(year, month, day), id.BirthDate);
        Assert.Equal(sex, id.Sex);
        Assert.Equal(text.ToUpperInvariant(), id.Value);
    }

    [Theory]
    [InlineData("110105194912310021", "校验位")]      // check digit should be X
    [InlineData("110101199003074478", "校验位")]      // check digit should be 7
    [InlineData("11010519491231002", "18位")]         // 17 characters
    [InlineData("1101051949123100211", "18位")]       // 19 characters
    [InlineData("11010519491231A02X", "数字")]        // letter in the body
    [InlineData("110105194902300025", "出生日期")]    // 30 February
    [InlineData("110105203001010012", "出生日期")]    // born in the future
    [InlineData("440524188001010014", "出生日期")]    // checksum right, but born in 1880
    [InlineData("000000199003074477", "地址码")]      // no such address
    [InlineData("", "18位")]
    public void Invalid_ids_say_which_part_is_wrong(string text, string part)
    {
        Assert.False(ResidentId.TryParse(text, out _, out var error, Today));
        Assert.Contains(part, error);
    }

    [Fact]
    public void Check_digit_error_names_the_expected_character()
    {
        ResidentId.TryParse("110105194912310021", out _, out var error, Today);
        Assert.Contains("应为X", error);
        Assert.Contains("should be X", error);
    }

    [Fact]
    public void Create_builds_a_valid_id_whose_parts_round_trip()
    {
        var id = ResidentId.Create("990121", new DateOnly(2008, 2, 29), 37);
        Assert.True(ResidentId.TryParse(id.Value, out var parsed, out _));
        Assert.Equal(new DateOnly(2008, 2, 29), parsed.BirthDate);
        Assert.Equal(Sex.Male, parsed.Sex);
        Assert.Equal("990121", parsed.AddressCode);
    }

    [Fact]
    public void Masked_id_hides_the_birth_date()
    {
        var id = ResidentId.Parse("110101199003074477");
        Assert.Equal("1101**********4477", id.Masked);
        Assert.DoesNotContain("19900307", id.Masked);
    }

    [Fact]
    public void Age_counts_whole_years_to_the_birthday()
    {
        var id = ResidentId.Parse("110101199003074477");
        Assert.Equal(35, id.AgeOn(new DateOnly(2026, 3, 6)));
        Assert.Equal(36, id.AgeOn(new DateOnly(2026, 3, 7)));
    }
}

public sealed class MaskingTests
{
    [Theory]
    [InlineData("110101199003074477", "1101**********4477")]
    [InlineData("13812345678", "138****5678")]
    [InlineData("6217991234567890123", "***************0123")]
    public void Personal_fields_keep_only_their_ends(string value, string masked)
    {
        var field = value.Length switch { 18 => "ResidentId", 11 => "Phone", _ => "BankAccount" };
        Assert.Equal(masked, Domain.Registry.Masking.Field(field, value));
    }

    [Fact]
    public void Other_fields_pass_unmasked() => Assert.Equal("3组", Domain.Registry.Masking.Field("VillagerGroup", "3组"));

    [Fact]
    public void Health_detail_is_not_told() =>
        Assert.Equal("有健康状况记录", Domain.Registry.Masking.Health(HealthStatus.SeriousIllness, english: false));
}
