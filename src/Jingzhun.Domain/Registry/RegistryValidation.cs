using Jingzhun.Domain.Common;
using Jingzhun.Domain.Regions;

namespace Jingzhun.Domain.Registry;

/// <summary>
/// The field rules of the registry, used by the forms, the API and the importer alike, so that a
/// household that one of them accepts the others accept too.
/// </summary>
public static class RegistryValidation
{
    public static IEnumerable<FieldError> Household(Household h)
    {
        if (string.IsNullOrWhiteSpace(h.Number))
            yield return new(nameof(h.Number), "户编号不能为空", "Household number is required");
        else if (h.Number.Length > 32 || !h.Number.All(char.IsAsciiLetterOrDigit))
            yield return new(nameof(h.Number), "户编号只能含字母和数字，最多32位", "Household number must be letters and digits, at most 32");
        if (!RegionCode.TryParse(h.VillageCode, out var code, out var error))
            yield return new(nameof(h.VillageCode), $"村代码无效：{error}", $"Village code is not valid: {error}");
        else if (code.Level != RegionLevel.Village)
            yield return new(nameof(h.VillageCode), $"{h.VillageCode}不是村级代码", $"{h.VillageCode} is not a village code");
        // Free text as long as its column, without control characters: the same answer on SQLite and PostgreSQL.
        if (TextRules.Check(nameof(h.VillagerGroup), h.VillagerGroup, 50, lines: false) is { } group) yield return group;
        if (TextRules.Check(nameof(h.Address), h.Address, 200, lines: false) is { } address) yield return address;
        if (!PhoneNumbers.IsValid(h.Phone))
            yield return new(nameof(h.Phone), $"{PhoneNumbers.RuleChinese}（现为“{h.Phone}”）", $"{PhoneNumbers.RuleEnglish} (not '{h.Phone}')");
        if (h.BankAccount.Length > 0 && (h.BankAccount.Length is < 12 or > 30 || !h.BankAccount.All(char.IsAsciiDigit)))
            yield return new(nameof(h.BankAccount), "银行账号应为12至30位数字", "Bank account must be 12 to 30 digits");
        foreach (var e in Defined(h.Attribute, nameof(h.Attribute), "贫困户属性", "Household attribute")) yield return e;
        foreach (var e in Defined(h.Status, nameof(h.Status), "户状态", "Status")) yield return e;
        foreach (var e in Defined(h.Standard, nameof(h.Standard), "识别标准", "Identification standard")) yield return e;
        foreach (var e in Defined(h.Monitoring, nameof(h.Monitoring), "监测类型", "Monitoring category")) yield return e;
        foreach (var e in Defined(h.HousingStructure, nameof(h.HousingStructure), "住房结构", "Housing structure")) yield return e;
        foreach (var e in Defined(h.HousingSafety, nameof(h.HousingSafety), "住房安全等级", "Housing safety grade")) yield return e;
        foreach (var e in Defined(h.DrinkingWater, nameof(h.DrinkingWater), "饮水情况", "Drinking water")) yield return e;
        if (h.Status is not (HouseholdStatus.NotPoor or HouseholdStatus.Removed) && h.PrimaryCause == PovertyCause.None)
            yield return new(nameof(h.PrimaryCause), "请填写主要致贫原因", "The primary poverty cause is required");
        if (h.PrimaryCause != PovertyCause.None && !IsSingleCause(h.PrimaryCause))
            yield return new(nameof(h.PrimaryCause), "主要致贫原因只能有一个", "There is exactly one primary cause");
        if ((h.OtherCauses & ~AllCauses) != 0)
            yield return new(nameof(h.OtherCauses), "其他致贫原因含未知代码", "Other causes contain an unknown code");
        if (h.IdentifiedYear is < 2014 or > 2100 && h.IdentifiedYear != 0)
            yield return new(nameof(h.IdentifiedYear), "识别年度应在2014年以后", "Identification year must be 2014 or later");
        if (h.StatusYear != 0 && h.IdentifiedYear != 0 && h.StatusYear < h.IdentifiedYear)
            yield return new(nameof(h.StatusYear), "状态年度不能早于识别年度", "Status year cannot be before the identification year");
        foreach (var (value, field, zh, en) in new[]
                 {
                     (h.HousingAreaM2, nameof(h.HousingAreaM2), "住房面积", "Housing area"),
                     (h.DistanceToRoadKm, nameof(h.DistanceToRoadKm), "距硬化路距离", "Distance to road"),
                     (h.CultivatedLandMu, nameof(h.CultivatedLandMu), "耕地面积", "Cultivated land"),
                     (h.IrrigatedLandMu, nameof(h.IrrigatedLandMu), "有效灌溉面积", "Irrigated land"),
                     (h.ForestLandMu, nameof(h.ForestLandMu), "林地面积", "Forest land"),
                     (h.GrasslandMu, nameof(h.GrasslandMu), "牧草地面积", "Grassland"),
                 })
        {
            if (value < 0 || double.IsNaN(value) || value > 1_000_000)
                yield return new(field, $"{zh}应为0至1000000之间的数", $"{en} must be a number from 0 to 1,000,000");
        }
        if (h.IrrigatedLandMu > h.CultivatedLandMu)
            yield return new(nameof(h.IrrigatedLandMu), "有效灌溉面积不能大于耕地面积", "Irrigated land cannot exceed cultivated land");
    }

    /// <summary>
    /// The rules of one member. <paramref name="today"/> is the reference date of the age rules
    /// (<see cref="MemberRules"/>) and of the resident ID's birth date; callers pass the date of the save
    /// or import (null: the machine's date).
    /// </summary>
    public static IEnumerable<FieldError> Member(Member m, DateOnly? today = null)
    {
        var reference = today ?? DateOnly.FromDateTime(DateTime.Today);
        if (string.IsNullOrWhiteSpace(m.Name))
            yield return new(nameof(m.Name), "姓名不能为空", "Name is required");
        else if (m.Name.Length > 50)
            yield return new(nameof(m.Name), "姓名最多50个字", "Name has at most 50 characters");
        else if (TextRules.Check(nameof(m.Name), m.Name, 50, lines: false) is { } name)
            yield return name;
        var ruled = new List<FieldError>();
        if (!Registry.ResidentId.TryParse(m.ResidentId, out var id, out var error, reference))
        {
            var english = error.Split(" / ").Last();
            yield return new(nameof(m.ResidentId), error.Split(" / ")[0], english);
        }
        else
        {
            if (m.BirthDate != default && m.BirthDate != id.BirthDate)
                yield return new(nameof(m.BirthDate), "出生日期与身份证号不一致", "Birth date does not match the resident ID");
            if (m.Sex != default && m.Sex != id.Sex)
                yield return new(nameof(m.Sex), "性别与身份证号不一致", "Sex does not match the resident ID");
            ruled.AddRange(MemberRules.Check(m, id.Sex, id.BirthDate, reference));
        }
        if (!Ethnicities.IsKnown(m.Ethnicity))
            yield return new(nameof(m.Ethnicity), $"未知民族：{m.Ethnicity}", $"Unknown ethnicity: {m.Ethnicity}");
        foreach (var e in Defined(m.Relation, nameof(m.Relation), "与户主关系", "Relation to head")) yield return e;
        foreach (var e in Defined(m.Education, nameof(m.Education), "文化程度", "Education")) yield return e;
        foreach (var e in Defined(m.Schooling, nameof(m.Schooling), "在校生状况", "Schooling")) yield return e;
        foreach (var e in Defined(m.Health, nameof(m.Health), "健康状况", "Health")) yield return e;
        foreach (var e in Defined(m.DisabilityGrade, nameof(m.DisabilityGrade), "残疾等级", "Disability grade")) yield return e;
        foreach (var e in Defined(m.Labour, nameof(m.Labour), "劳动技能", "Labour capacity")) yield return e;
        foreach (var e in Defined(m.State, nameof(m.State), "成员状态", "Member state")) yield return e;
        if (m.Health == HealthStatus.Disabled && m.DisabilityGrade == DisabilityGrade.None)
            yield return new(nameof(m.DisabilityGrade), "残疾人须填写残疾等级", "A disabled member needs a disability grade");
        if (m.Health != HealthStatus.Disabled && m.DisabilityGrade != DisabilityGrade.None)
            yield return new(nameof(m.DisabilityGrade), "非残疾人不应填写残疾等级", "Only a disabled member has a disability grade");
        if (TextRules.Check(nameof(m.MigrantWorkPlace), m.MigrantWorkPlace, 100, lines: false) is { } place) yield return place;
        if (m.MigrantWorkMonths is < 0 or > 12)
            yield return new(nameof(m.MigrantWorkMonths), "务工时间应为0至12个月", "Months of migrant work must be 0 to 12");
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

    private static IEnumerable<FieldError> Defined<T>(T value, string field, string zh, string en) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
            yield return new(field, $"{zh}取值无效（可选：{Labels.Choices<T>()}）", $"{en} has no such value");
    }
}
