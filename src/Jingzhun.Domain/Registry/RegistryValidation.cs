using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Registry;

/// <summary>
/// The field rules of the registry, used by the forms, the API and the importer alike, so that a
/// household that one of them accepts the others accept too.
/// </summary>
public static class RegistryValidation
{
    /// <summary>
    /// The household's own rules, then the limits its description gives each field (text length and characters, a
    /// choice among its values, a number within its range) for every field its own rules did not already refuse.
    /// </summary>
    public static IEnumerable<FieldError> Household(Household h)
    {
        var errors = HouseholdRules(h).ToList();
        return errors.Concat(Limits(HouseholdRecord.Fields, h, errors));
    }

    private static IEnumerable<FieldError> HouseholdRules(Household h)
    {
        var number = HouseholdRecord.Number;
        if (string.IsNullOrWhiteSpace(h.Number))
            yield return new(number.Code, $"{number.Chinese}不能为空", "Household number is required");
        else if (h.Number.Length > number.MaxLength || !h.Number.All(char.IsAsciiLetterOrDigit))
            yield return new(number.Code, $"{number.Chinese}只能含字母和数字，最多{number.MaxLength}位", $"Household number must be letters and digits, at most {number.MaxLength}");
        if (!RegionCode.TryParse(h.VillageCode, out var code, out var error))
            yield return new(nameof(h.VillageCode), $"村代码无效：{error}", $"Village code is not valid: {error}");
        else if (code.Level != RegionLevel.Village)
            yield return new(nameof(h.VillageCode), $"{h.VillageCode}不是村级代码", $"{h.VillageCode} is not a village code");
        if (!PhoneNumbers.IsValid(h.Phone))
            yield return new(nameof(h.Phone), $"{PhoneNumbers.RuleChinese}（现为“{h.Phone}”）", $"{PhoneNumbers.RuleEnglish} (not '{h.Phone}')");
        if (h.BankAccount.Length > 0 && (h.BankAccount.Length is < 12 or > 30 || !h.BankAccount.All(char.IsAsciiDigit)))
            yield return new(nameof(h.BankAccount), $"{HouseholdRecord.BankAccount.Chinese}应为12至30位数字", "Bank account must be 12 to 30 digits");
        if (h.Status is not (HouseholdStatus.NotPoor or HouseholdStatus.Removed) && h.PrimaryCause == PovertyCause.None)
            yield return new(nameof(h.PrimaryCause), $"请填写{HouseholdRecord.PrimaryCause.Chinese}", "The primary poverty cause is required");
        if (h.PrimaryCause != PovertyCause.None && !IsSingleCause(h.PrimaryCause))
            yield return new(nameof(h.PrimaryCause), $"{HouseholdRecord.PrimaryCause.Chinese}只能有一个", "There is exactly one primary cause");
        if ((h.OtherCauses & ~AllCauses) != 0)
            yield return new(nameof(h.OtherCauses), $"{HouseholdRecord.OtherCauses.Chinese}含未知代码", "Other causes contain an unknown code");
        if (h.IdentifiedYear is < 2014 or > 2100 && h.IdentifiedYear != 0)
            yield return new(nameof(h.IdentifiedYear), $"{HouseholdRecord.IdentifiedYear.Chinese}应在2014年以后", "Identification year must be 2014 or later");
        if (h.StatusYear != 0 && h.IdentifiedYear != 0 && h.StatusYear < h.IdentifiedYear)
            yield return new(nameof(h.StatusYear), $"{HouseholdRecord.StatusYear.Chinese}不能早于{HouseholdRecord.IdentifiedYear.Chinese}", "Status year cannot be before the identification year");
        if (h.IrrigatedLandMu > h.CultivatedLandMu)
            yield return new(nameof(h.IrrigatedLandMu), $"{HouseholdRecord.IrrigatedLandMu.Chinese}不能大于{HouseholdRecord.CultivatedLandMu.Chinese}", "Irrigated land cannot exceed cultivated land");
    }

    /// <summary>The description's limits of each field that is not derived and that <paramref name="refused"/> does not already name.</summary>
    private static IEnumerable<FieldError> Limits<TRecord>(IEnumerable<RecordField<TRecord>> fields, TRecord record, List<FieldError> refused) =>
        fields.Where(f => f.Origin != FieldOrigin.Derived && refused.All(e => e.Field != f.Code))
            .Select(f => f.CheckLimits(record)).OfType<FieldError>();

    /// <summary>
    /// The rules of one member. <paramref name="today"/> is the reference date of the age rules
    /// (<see cref="MemberRules"/>) and of the resident ID's birth date; callers pass the date of the save
    /// or import (null: the machine's date).
    /// </summary>
    public static IEnumerable<FieldError> Member(Member m, DateOnly? today = null)
    {
        var errors = MemberFieldRules(m, today ?? DateOnly.FromDateTime(DateTime.Today)).ToList();
        return errors.Concat(Limits(MemberRecord.Fields, m, errors));
    }

    private static IEnumerable<FieldError> MemberFieldRules(Member m, DateOnly reference)
    {
        var name = MemberRecord.Name;
        if (string.IsNullOrWhiteSpace(m.Name))
            yield return new(name.Code, $"{name.Chinese}不能为空", "Name is required");
        else if (m.Name.Length > name.MaxLength)
            yield return new(name.Code, $"{name.Chinese}最多{name.MaxLength}个字", $"Name has at most {name.MaxLength} characters");
        var ruled = new List<FieldError>();
        if (!Registry.ResidentId.TryParse(m.ResidentId, out var id, out var error, reference))
        {
            var english = error.Split(" / ").Last();
            yield return new(nameof(m.ResidentId), error.Split(" / ")[0], english);
        }
        else
        {
            if (m.BirthDate != default && m.BirthDate != id.BirthDate)
                yield return new(nameof(m.BirthDate), $"{MemberRecord.BirthDate.Chinese}与{MemberRecord.ResidentId.Chinese}不一致", "Birth date does not match the resident ID");
            if (m.Sex != default && m.Sex != id.Sex)
                yield return new(nameof(m.Sex), $"{MemberRecord.Sex.Chinese}与{MemberRecord.ResidentId.Chinese}不一致", "Sex does not match the resident ID");
            ruled.AddRange(MemberRules.Check(m, id.Sex, id.BirthDate, reference));
        }
        if (!Ethnicities.IsKnown(m.Ethnicity))
            yield return new(nameof(m.Ethnicity), $"未知{MemberRecord.Ethnicity.Chinese}：{m.Ethnicity}", $"Unknown ethnicity: {m.Ethnicity}");
        if (m.Health == HealthStatus.Disabled && m.DisabilityGrade == DisabilityGrade.None)
            yield return new(nameof(m.DisabilityGrade), $"残疾人须填写{MemberRecord.DisabilityGrade.Chinese}", "A disabled member needs a disability grade");
        if (m.Health != HealthStatus.Disabled && m.DisabilityGrade != DisabilityGrade.None)
            yield return new(nameof(m.DisabilityGrade), $"非残疾人不应填写{MemberRecord.DisabilityGrade.Chinese}", "Only a disabled member has a disability grade");
        foreach (var e in ruled) yield return e;
    }

    /// <summary>A household is registered with its people: at least its head (the form always sends one; the API and imports must too).</summary>
    public static IEnumerable<FieldError> NewHouseholdMembers(int members)
    {
        if (members == 0)
            yield return new("Members", "新增建档立卡户须至少登记一名成员（户主）", "A new household needs at least one member, its head");
    }

    /// <summary>Rules across the members of one household: one head, no resident ID twice.</summary>
    public static IEnumerable<FieldError> Members(IReadOnlyCollection<Member> members)
    {
        var present = members.Where(m => m.State == MemberState.Present).ToList();
        var heads = present.Count(m => m.Relation == Relation.Head);
        if (present.Count > 0 && heads != 1)
            yield return new(nameof(Relation), $"一户应有且只有一名户主，实有{heads}名", $"A household has exactly one head, not {heads}");
        foreach (var duplicate in present.GroupBy(m => m.ResidentId.ToUpperInvariant()).Where(g => g.Count() > 1))
            yield return new(nameof(Registry.Member.ResidentId), $"身份证号{duplicate.Key}在本户重复", $"Resident ID {duplicate.Key} appears twice in the household");
    }

    /// <summary>
    /// On a form: the members counted for a year may differ from the household's present members only when
    /// the editor confirms it, or when it is the number already saved for that year (confirmed before).
    /// </summary>
    public static IEnumerable<FieldError> MembersCounted(HouseholdIncome i, int present, int? saved, bool confirmed)
    {
        if (confirmed || i.MembersCounted == present || i.MembersCounted == saved || i.MembersCounted is < 1 or > 50) yield break;
        yield return new(nameof(i.MembersCounted),
            $"计算人数为{i.MembersCounted}人，而本户在户成员为{present}人；如确按{i.MembersCounted}人计算，请勾选“确认计算人数”后再保存",
            $"Members counted is {i.MembersCounted} but the household has {present} present members; to count {i.MembersCounted}, confirm the number of members counted and save again");
    }

    /// <summary>
    /// In an import (no confirming there): 人口数 must equal the present members the household has after the
    /// import, unless it is the number already saved for that year. Not checked for a household with no member
    /// at all, in the file or stored.
    /// </summary>
    public static FieldError? ImportedMembersCounted(int counted, int present, int? saved)
    {
        if (present == 0 || counted == present || counted == saved || counted is < 1 or > 50) return null;
        return new(nameof(HouseholdIncome.MembersCounted),
            $"人口数为{counted}人，而导入后本户在户成员为{present}人；导入的人口数须等于在户成员数（或与系统中该年已保存的人数相同），确需按{counted}人计算的，请在收入页面填报并确认",
            $"members counted is {counted} but the household has {present} present members after the import; an import must count the present members (or keep the number saved for that year); to count {counted}, enter it on the income page and confirm it");
    }

    public static IEnumerable<FieldError> Income(HouseholdIncome i)
    {
        if (i.Year is < 2010 or > 2100)
            yield return new(nameof(i.Year), "收入年度应在2010年以后", "Income year must be 2010 or later");
        if (i.MembersCounted is < 1 or > 50)
            yield return new(nameof(i.MembersCounted), "家庭人口数应为1至50", "Members counted must be 1 to 50");
        foreach (var (value, field, zh, en) in new[]
                 {
                     (i.Wages, nameof(i.Wages), "工资性收入", "Wages"),
                     (i.ProductionIncome, nameof(i.ProductionIncome), "生产经营性收入", "Production income"),
                     (i.PropertyIncome, nameof(i.PropertyIncome), "财产性收入", "Property income"),
                     (i.Pension, nameof(i.Pension), "养老金", "Pension"),
                     (i.DibaoAllowance, nameof(i.DibaoAllowance), "低保金", "Dibao allowance"),
                     (i.ExtremeHardshipAllowance, nameof(i.ExtremeHardshipAllowance), "特困供养金", "Extreme-hardship allowance"),
                     (i.EcologicalCompensation, nameof(i.EcologicalCompensation), "生态补偿金", "Ecological compensation"),
                     (i.OtherTransfers, nameof(i.OtherTransfers), "其他转移性收入", "Other transfers"),
                     (i.ProductionCosts, nameof(i.ProductionCosts), "生产经营性支出", "Production costs"),
                 })
        {
            if (value.Yuan is < 0 or > 100_000_000m)
                yield return new(field, $"{zh}应为0至1亿元", $"{en} must be 0 to 100,000,000 yuan");
            // Amounts are stored in fen: a third decimal would be rounded away without a word.
            else if (decimal.Round(value.Yuan, 2) != value.Yuan)
                yield return new(field, $"{zh}最多精确到分（两位小数）", $"{en} is exact to the fen (two decimals at most)");
        }
    }

    private static readonly PovertyCause AllCauses = Enum.GetValues<PovertyCause>().Aggregate(PovertyCause.None, (a, c) => a | c);

    private static bool IsSingleCause(PovertyCause c) => Enum.IsDefined(c) && ((int)c & ((int)c - 1)) == 0;
}
