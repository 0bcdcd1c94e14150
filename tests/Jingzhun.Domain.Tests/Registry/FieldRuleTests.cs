using CsCheck;
using Jingzhun.Domain.Common;
using Jingzhun.Domain.Registry;

namespace Jingzhun.Domain.Tests.Registry;

/// <summary>The field rules users expect: phone numbers, relation against sex, schooling/education/labour against age, members counted.</summary>
public sealed class FieldRuleTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    // ---- phone numbers ----

    private static readonly Gen<string> MobileDigits =
        Gen.Select(Gen.Int[3, 9], Gen.Long[0, 999_999_999]).Select((second, rest) => $"1{second}{rest:000000000}");

    /// <summary>A mobile number as people type it: spaces or hyphens anywhere between digits, sometimes +86 in front.</summary>
    private static readonly Gen<(string Typed, string Digits)> TypedMobile =
        Gen.Select(MobileDigits, Gen.Int[0, 3].Array[11], Gen.Bool).Select((digits, seps, plus) =>
        {
            var typed = string.Concat(digits.Select((c, i) => (i > 0 ? seps[i] switch { 1 => " ", 2 => "-", _ => "" } : "") + c));
            return ((plus ? "+86 " : "") + typed, digits);
        });

    private static readonly Gen<string> Landline =
        Gen.Select(Gen.Int[0, 5].Select(i => new[] { "010", "020", "021", "0371", "0851", "0991" }[i]), Gen.Bool, Gen.Int[2, 9], Gen.Int[0, 9_999_999], Gen.Int[6, 7], Gen.Int[0, 2], Gen.Int[1, 9999])
            .Select((area, dash, first, rest, restLength, ext, extension) =>
                area + (dash ? "-" : "") + first + rest.ToString(new string('0', restLength))[..restLength]
                + (ext switch { 1 => $"-{extension}", 2 => $"转{extension}", _ => "" }));

    [Fact]
    public void Every_mobile_number_as_typed_is_kept_as_its_11_digits_and_accepted() =>
        TypedMobile.Sample(m =>
        {
            var stored = PhoneNumbers.Normalize(m.Typed);
            return stored == m.Digits && PhoneNumbers.IsValid(stored) && PhoneNumbers.Normalize(stored) == stored
                && Errors(new Household { Number = "1", VillageCode = "990121001001", Phone = m.Typed }, nameof(Household.Phone)).Count == 0;
        });

    [Fact]
    public void Every_landline_with_its_area_code_is_accepted_as_typed() =>
        Landline.Sample(l => PhoneNumbers.IsValid(l) && PhoneNumbers.Normalize(l) == l && !PhoneNumbers.IsMobile(l));

    [Fact]
    public void Normalising_is_idempotent_and_the_rule_accepts_exactly_what_normalises_to_a_mobile_or_a_landline() =>
        Gen.String[Gen.Char["0123456789 -+()转１３８"], 0, 20].Sample(s =>
        {
            var once = PhoneNumbers.Normalize(s);
            return PhoneNumbers.Normalize(once) == once
                && (!PhoneNumbers.IsValid(once) || once.Length == 0 || PhoneNumbers.IsMobile(once) || once.StartsWith('0'));
        });

    [Fact]
    public void Digit_strings_are_mobiles_only_with_11_digits_starting_1_then_3_to_9() =>
        Gen.Select(Gen.Int[1, 14], Gen.Long[0, long.MaxValue]).Sample((length, n) =>
        {
            var digits = n.ToString("0000000000000000000")[..length];
            var expected = length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9';
            return PhoneNumbers.IsMobile(digits) == expected;
        });

    [Theory]
    [InlineData("", "")]
    [InlineData(" 138 0013 8000 ", "13800138000")]
    [InlineData("138-0013-8000", "13800138000")]
    [InlineData("+86 13800138000", "13800138000")]
    [InlineData("１３８００１３８０００", "13800138000")]
    [InlineData("0371-65123456", "0371-65123456")]
    [InlineData("0371 6512 3456", "037165123456")]
    [InlineData("(0371)65123456", "0371-65123456")]
    [InlineData("（010）8888 8888", "010-88888888")]
    [InlineData("010-88888888-123", "010-88888888-123")]
    [InlineData("0851-8123456转6", "0851-8123456转6")]
    public void Accepted_phone_numbers_are_stored_in_their_normal_form(string typed, string stored)
    {
        var household = new Household { Number = "1", VillageCode = "990121001001", Phone = typed };
        Assert.Equal(stored, household.Phone);
        Assert.Empty(Errors(household, nameof(Household.Phone)));
    }

    [Theory]
    [InlineData("12800138000")] // second digit 2
    [InlineData("1380013800")] // 10 digits
    [InlineData("138001380001")] // 12 digits
    [InlineData("12345678")] // a landline without its area code
    [InlineData("0371-0234567")] // local number starting with 0
    [InlineData("371-12345678")] // area code without 0
    [InlineData("0371-12345678")] // local number starting with 1
    [InlineData("0371-623456")] // 6 digits
    [InlineData("0371-623456789")] // 9 digits
    [InlineData("电话13800138000")]
    [InlineData("138****8000")]
    public void Other_phone_numbers_are_refused_saying_what_is_expected(string typed)
    {
        var error = Assert.Single(Errors(new Household { Number = "1", VillageCode = "990121001001", Phone = typed }, nameof(Household.Phone)));
        Assert.Contains("11位手机号", error.Chinese);
        Assert.Contains("area code", error.English);
    }

    // ---- relation against sex ----

    public static TheoryData<Relation, Sex> RelationsAndSexes()
    {
        var data = new TheoryData<Relation, Sex>();
        foreach (var r in Enum.GetValues<Relation>()) foreach (var s in Enum.GetValues<Sex>()) data.Add(r, s);
        return data;
    }

    [Theory]
    [MemberData(nameof(RelationsAndSexes))]
    public void A_gendered_relation_needs_a_member_of_its_sex_and_the_others_take_either(Relation relation, Sex sex)
    {
        var male = relation is Relation.Son or Relation.SonInLaw or Relation.Grandson;
        var female = relation is Relation.Daughter or Relation.DaughterInLaw or Relation.Granddaughter;
        var member = Adult(sex, relation);

        var errors = Errors(member, nameof(Member.Relation));

        if ((male && sex == Sex.Female) || (female && sex == Sex.Male))
        {
            var error = Assert.Single(errors);
            Assert.Contains(relation.Chinese(), error.Chinese);
            Assert.Contains(relation.English(), error.English);
        }
        else Assert.Empty(errors);
    }

    // ---- schooling, education and labour against age ----

    /// <summary>The documented table (docs/registry-exchange.md), written out here independently of the code.</summary>
    private static readonly Dictionary<Enum, int> Documented = new()
    {
        [SchoolingStatus.NotStudent] = 0, [SchoolingStatus.Preschool] = 3, [SchoolingStatus.Compulsory] = 5, [SchoolingStatus.SeniorHigh] = 12,
        [SchoolingStatus.Vocational] = 12, [SchoolingStatus.Higher] = 14, [SchoolingStatus.DroppedOut] = 6,
        [Education.Preschool] = 0, [Education.Illiterate] = 0, [Education.Primary] = 5, [Education.JuniorHigh] = 11, [Education.SeniorHigh] = 14,
        [Education.Vocational] = 14, [Education.College] = 17,
        [LabourCapacity.None] = 0, [LabourCapacity.Ordinary] = 16, [LabourCapacity.Skilled] = 16, [LabourCapacity.WeakOrPartial] = 16, [LabourCapacity.Lost] = 16,
    };

    [Fact]
    public void Every_value_of_schooling_education_and_labour_is_in_the_documented_table()
    {
        foreach (var v in Enum.GetValues<SchoolingStatus>()) Assert.Equal(Documented[v], MemberRules.MinimumAge(v));
        foreach (var v in Enum.GetValues<Education>()) Assert.Equal(Documented[v], MemberRules.MinimumAge(v));
        foreach (var v in Enum.GetValues<LabourCapacity>()) Assert.Equal(Documented[v], MemberRules.MinimumAge(v));
    }

    [Fact]
    public void Ages_schooling_education_and_labour_are_refused_exactly_below_their_documented_ages() =>
        Gen.Select(Gen.Int[0, 100], Gen.Int[0, 364], Gen.Enum<SchoolingStatus>(), Gen.Enum<Education>(), Gen.Enum<LabourCapacity>())
            .Sample((age, days, schooling, education, labour) =>
            {
                // Born between `age` years and `age + 1` years (less a day) before the reference date: aged exactly `age`.
                var birth = Today.AddYears(-age - 1).AddDays(1 + days);
                if (birth > Today) return true;
                var member = new Member
                {
                    Name = "张三", ResidentId = ResidentId.Create("990121", birth, 11).Value, Relation = Relation.Other,
                    Schooling = schooling, Education = education, Labour = labour,
                };
                var errors = RegistryValidation.Member(member, Today).ToList();
                return MemberRules.AgeOn(birth, Today) == age
                    && errors.Any(e => e.Field == nameof(Member.Schooling)) == (age < Documented[schooling])
                    && errors.Any(e => e.Field == nameof(Member.Education)) == (age < Documented[education])
                    && errors.Any(e => e.Field == nameof(Member.Labour)) == (age < Documented[labour])
                    && errors.All(e => e.Field is nameof(Member.Schooling) or nameof(Member.Education) or nameof(Member.Labour));
            });

    [Fact]
    public void The_age_counts_from_the_birthday_at_the_reference_date()
    {
        var birth = new DateOnly(2010, 6, 15);
        var member = new Member { Name = "李四", ResidentId = ResidentId.Create("990121", birth, 12).Value, Labour = LabourCapacity.Ordinary, Education = Education.JuniorHigh };
        Assert.Contains(RegistryValidation.Member(member, new DateOnly(2026, 6, 14)), e => e.Field == nameof(Member.Labour));
        Assert.DoesNotContain(RegistryValidation.Member(member, new DateOnly(2026, 6, 15)), e => e.Field == nameof(Member.Labour));
    }

    [Fact]
    public void Messages_name_the_age_and_the_bound_in_both_languages()
    {
        var member = new Member
        {
            Name = "王五", ResidentId = ResidentId.Create("990121", Today.AddYears(-2), 13).Value,
            Schooling = SchoolingStatus.Compulsory, Education = Education.Primary, Labour = LabourCapacity.Ordinary,
        };
        var errors = RegistryValidation.Member(member, Today).ToDictionary(e => e.Field);
        Assert.Contains("2岁", errors[nameof(Member.Schooling)].Chinese);
        Assert.Contains("from age 5", errors[nameof(Member.Schooling)].English);
        Assert.Contains("学龄前儿童", errors[nameof(Member.Education)].Chinese);
        Assert.Contains("无劳动力", errors[nameof(Member.Labour)].Chinese);
        Assert.Contains("under 16", errors[nameof(Member.Labour)].English);
    }

    // ---- members counted ----

    [Fact]
    public void Members_counted_that_differ_from_the_present_members_need_confirming_or_the_saved_number() =>
        Gen.Select(Gen.Int[1, 50], Gen.Int[0, 12], Gen.Int[0, 51], Gen.Bool).Sample((counted, present, savedOrNone, confirmed) =>
        {
            int? saved = savedOrNone == 0 ? null : savedOrNone;
            var income = new HouseholdIncome { Year = 2025, MembersCounted = counted };
            var refused = RegistryValidation.MembersCounted(income, present, saved, confirmed).Any();
            var imported = RegistryValidation.ImportedMembersCounted(counted, present, saved);
            return refused == (!confirmed && counted != present && counted != saved)
                && (imported is null) == (present == 0 || counted == present || counted == saved)
                && (imported is null || (imported.Chinese.Contains($"{counted}人") && imported.Chinese.Contains($"{present}人")));
        });

    // ---- the demo data obeys the rules ----

    [Fact]
    public void Generated_demo_members_obey_every_member_rule()
    {
        var households = new Jingzhun.Domain.Demo.DemoGenerator(new Jingzhun.Domain.Demo.DemoOptions(Households: 2000)).Households().ToList();
        var errors = households.SelectMany(h => h.Members).SelectMany(m => RegistryValidation.Member(m, Today).Select(e => $"{m.Relation} {m.ResidentId}: {e}")).ToList();
        Assert.Empty(errors);
        Assert.Empty(households.SelectMany(h => RegistryValidation.Household(h)));
    }

    private static Member Adult(Sex sex, Relation relation) => new()
    {
        Name = "赵六", ResidentId = ResidentId.Create("990121", new DateOnly(1980, 3, 4), sex == Sex.Male ? 21 : 22).Value, Relation = relation,
    };

    private static List<FieldError> Errors(Household h, string field) => RegistryValidation.Household(h).Where(e => e.Field == field).ToList();

    private static List<FieldError> Errors(Member m, string field) => RegistryValidation.Member(m, Today).Where(e => e.Field == field).ToList();
}
