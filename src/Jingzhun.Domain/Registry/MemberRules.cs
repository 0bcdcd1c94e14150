using Jingzhun.Domain.Common;

namespace Jingzhun.Domain.Registry;

/// <summary>
/// What a member's sex and age allow (sex and birth date follow from the resident ID; the age is in whole
/// years at the reference date, today when the record is saved or imported). Only lower bounds: a record
/// that was right when entered stays right as its people grow older. The bounds are lenient by a year or
/// two against the usual school ages (primary school at 6, junior high at 12, senior high at 15, college at 18)
/// to allow early starters; the table is in docs/registry-exchange.md.
/// </summary>
public static class MemberRules
{
    /// <summary>Working age: 普通/技能/弱或半/丧失劳动力 from 16; under 16 a member is 无劳动力.</summary>
    public const int WorkingAge = 16;

    /// <summary>The youngest age at which a member can be in each schooling status.</summary>
    public static int MinimumAge(SchoolingStatus s) => s switch
    {
        SchoolingStatus.Preschool => 3,
        SchoolingStatus.Compulsory => 5,
        SchoolingStatus.SeniorHigh => 12,
        SchoolingStatus.Vocational => 12,
        SchoolingStatus.Higher => 14,
        SchoolingStatus.DroppedOut => 6,
        _ => 0,
    };

    /// <summary>The youngest age at which a member can have each education level (小学 includes attending it).</summary>
    public static int MinimumAge(Education e) => e switch
    {
        Education.Primary => 5,
        Education.JuniorHigh => 11,
        Education.SeniorHigh => 14,
        Education.Vocational => 14,
        Education.College => 17,
        _ => 0,
    };

    /// <summary>The youngest age for each labour capacity: every capacity but 无劳动力 from <see cref="WorkingAge"/>.</summary>
    public static int MinimumAge(LabourCapacity l) => l == LabourCapacity.None ? 0 : WorkingAge;

    /// <summary>The sex a relation names (之子 a man, 之女 a woman); null for relations open to either (户主, 配偶, 之父母…).</summary>
    public static Sex? SexOf(Relation r) => r switch
    {
        Relation.Son or Relation.SonInLaw or Relation.Grandson => Sex.Male,
        Relation.Daughter or Relation.DaughterInLaw or Relation.Granddaughter => Sex.Female,
        _ => null,
    };

    /// <summary>The relation, schooling, education and labour rules for a member of the given sex and birth date.</summary>
    public static IEnumerable<FieldError> Check(Member m, Sex sex, DateOnly birthDate, DateOnly today)
    {
        if (Enum.IsDefined(m.Relation) && SexOf(m.Relation) is { } needed && needed != sex)
            yield return new(nameof(m.Relation),
                $"与户主关系“{m.Relation.Chinese()}”应为{needed.Chinese()}性，但身份证号显示为{sex.Chinese()}性",
                $"Relation '{m.Relation.English()}' is for a {needed.English().ToLowerInvariant()} member, but the resident ID is of a {sex.English().ToLowerInvariant()}");
        var age = AgeOn(birthDate, today);
        if (Enum.IsDefined(m.Schooling) && age < MinimumAge(m.Schooling))
            yield return new(nameof(m.Schooling),
                $"{age}岁的成员不能是“{m.Schooling.Chinese()}”（{MinimumAge(m.Schooling)}岁起）",
                $"A member aged {age} cannot be '{m.Schooling.English()}' (from age {MinimumAge(m.Schooling)})");
        if (Enum.IsDefined(m.Education) && age < MinimumAge(m.Education))
            yield return new(nameof(m.Education),
                $"{age}岁的成员文化程度不能是“{m.Education.Chinese()}”（{MinimumAge(m.Education)}岁起；学龄前请填“{Education.Preschool.Chinese()}”）",
                $"A member aged {age} cannot have education '{m.Education.English()}' (from age {MinimumAge(m.Education)}; a young child is '{Education.Preschool.English()}')");
        if (Enum.IsDefined(m.Labour) && age < MinimumAge(m.Labour))
            yield return new(nameof(m.Labour),
                $"未满{WorkingAge}岁的成员劳动技能应为“{LabourCapacity.None.Chinese()}”，不能是“{m.Labour.Chinese()}”（本人{age}岁）",
                $"A member under {WorkingAge} has '{LabourCapacity.None.English()}', not '{m.Labour.English()}' (aged {age})");
    }

    public static int AgeOn(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        return date < birthDate.AddYears(age) ? age - 1 : age;
    }
}
